"""One entry point for every protection method: identifiers first, then the chosen method."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from core import methods
from core.jobs import Monitor, null_monitor
from core.results import ResultMixin, not_serialized
from core.schema import Role
from core.settings import ProtectionSettings

if TYPE_CHECKING:
    import pandas as pd

    from core.hierarchy import Hierarchy


class ProtectionResult(Protocol):
    """What every protection method returns: the released table plus a serializable summary."""

    data: pd.DataFrame
    method: str
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class PassThroughResult(ResultMixin):
    """Method 'none': identifiers handled, everything else released as it is."""

    data: pd.DataFrame = not_serialized()
    method: str = methods.NONE
    rows: int = 0
    elapsed_seconds: float = 0.0
    warnings: tuple[str, ...] = field(default_factory=tuple)


def protect(
    frame: pd.DataFrame,
    roles: Mapping[str, Role],
    settings: ProtectionSettings,
    *,
    hierarchies: Mapping[str, Hierarchy] | None = None,
    key: bytes | None = None,
    monitor: Monitor | None = None,
    seed: int | None = None,
) -> ProtectionResult:
    """Protect ``frame`` as ``settings`` say; ``roles`` maps column → Role (missing = insensitive).

    Columns left out (``Role.LEAVE_OUT``) are dropped first. Direct identifiers are removed, or
    pseudonymized with HMAC under ``key``; then the method's runner (``core.methods``)
    generalizes the quasi-identifiers or releases the table through differential privacy. The
    input frame is never modified.
    A DP release takes the categories of text columns from ``hierarchies`` written from domain
    knowledge (``core.dp.domains.from_hierarchies``); its ranges come from ``settings.bounds``
    only. Anything not given is read from the data, with a leak warning.
    ``seed=None`` (the default) draws differential-privacy noise from fresh OS entropy: a
    release made with a known seed could be de-noised. Pass a seed only for rehearsals.
    """
    from core.capacity import check_capacity, check_seeds
    from core.identifiers import drop_left_out, handle_identifiers

    check_capacity(len(frame.columns), settings)
    if seed is not None:
        check_seeds(seed, 1)
    monitor = monitor or null_monitor()
    start = time.perf_counter()
    frame = drop_left_out(frame, roles)
    frame = handle_identifiers(frame, roles, settings.identifiers, key=key)
    qis = [c for c, r in roles.items() if r == Role.QUASI_IDENTIFIER and c in frame.columns]
    sensitive = [c for c, r in roles.items() if r == Role.SENSITIVE and c in frame.columns]
    run = methods.method(settings.method).run()
    return run(
        frame,
        roles=roles,
        settings=settings,
        qis=qis,
        sensitive=sensitive,
        hierarchies=hierarchies or {},
        monitor=monitor,
        seed=seed,
        start=start,
    )


def pass_through(frame: pd.DataFrame, *, start: float, **_: Any) -> PassThroughResult:
    """Runner of the baseline: the table as it is once identifiers are handled."""
    return PassThroughResult(
        data=frame, rows=len(frame), elapsed_seconds=time.perf_counter() - start
    )


def generalize(
    frame: pd.DataFrame,
    *,
    settings: ProtectionSettings,
    qis: list[str],
    sensitive: list[str],
    hierarchies: Mapping[str, Hierarchy],
    monitor: Monitor,
    seed: int | None,
    **_: Any,
) -> ProtectionResult:
    """Runner of the k-anonymity methods: ``core.privacy.anonymize``."""
    from core.privacy import anonymize

    return anonymize(
        frame,
        qis=qis,
        sensitive=sensitive[0] if sensitive else None,
        hierarchies=hierarchies,
        settings=settings,
        monitor=monitor,
        seed=seed,
    )


def dp_release(
    frame: pd.DataFrame,
    *,
    roles: Mapping[str, Role],
    settings: ProtectionSettings,
    hierarchies: Mapping[str, Hierarchy],
    monitor: Monitor,
    seed: int | None,
    **_: Any,
) -> ProtectionResult:
    """Runner of the DP methods: ``core.dp.release`` with the categories of the hierarchies."""
    from core.dp import release
    from core.dp.domains import from_hierarchies

    categories = from_hierarchies(frame, hierarchies)[1]
    return release(
        frame, roles=roles, settings=settings, monitor=monitor, seed=seed, categories=categories
    )
