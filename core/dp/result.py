"""What a DP release returns: the table, the budget spent and every mechanism that spent it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.dp.dates import UNIT_NAMES
from core.results import ResultMixin, not_serialized

if TYPE_CHECKING:
    import pandas as pd

    from core.dp.domains import ColumnDomain


@dataclass(frozen=True)
class MechanismRecord(ResultMixin):
    """One mechanism run: on what (column or marginal), which one, its (ε, δ) and its domain."""

    target: str
    step: str  # "column noise" | "1-way marginal" | "k-way marginal" | "network selection"
    mechanism: str
    epsilon: float
    delta: float = 0.0
    sensitivity: float | None = None  # dates: in units of ``resolution``
    bounds: tuple[float, float] | tuple[str, str] | None = None  # dates: ISO dates
    domain_size: int | None = None
    source: str = "user"  # where bounds/categories came from: "user" | "data" | "none"
    resolution: str | None = None  # dates: "month" | "day" | "second"

    @classmethod
    def for_column(
        cls, domain: ColumnDomain, step: str, mechanism: str, epsilon: float, **extra: object
    ) -> MechanismRecord:
        return cls(
            target=domain.name,
            step=step,
            mechanism=mechanism,
            epsilon=epsilon,
            bounds=domain.shown_bounds,
            domain_size=None if domain.numeric else domain.size,
            source=domain.source,
            resolution=UNIT_NAMES.get(domain.unit),
            **extra,
        )


@dataclass(frozen=True)
class DPResult(ResultMixin):
    """A dp-noise or dp-synthetic release. ``data`` is never serialized."""

    data: pd.DataFrame = not_serialized()
    method: str = "dp-noise"
    epsilon: float = 0.0  # the budget asked for
    epsilon_spent: float = 0.0
    delta_spent: float = 0.0
    guarantee: str = ""
    mechanisms: tuple[MechanismRecord, ...] = ()
    bounds_from_data: tuple[str, ...] = ()
    kinds_from_data: tuple[str, ...] = ()  # number columns whose integer/decimal kind was unstated
    # dp-synthetic: each column with the parents it was measured and sampled with
    network: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rows: int = 0
    seed: int | None = None
    elapsed_seconds: float = 0.0
    warnings: tuple[str, ...] = field(default_factory=tuple)


@contextmanager
def privacy_warnings() -> Iterator[list[str]]:
    """Collect diffprivlib's PrivacyLeakWarning / compatibility warnings as result text.

    They must never pass silently; other warnings are re-issued unchanged.
    """
    from core.dp.backend import DiffprivlibCompatibilityWarning, PrivacyLeakWarning

    caught: list[str] = []
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always", PrivacyLeakWarning)
        warnings.simplefilter("always", DiffprivlibCompatibilityWarning)
        # diffprivlib 0.6.6 passes L-BFGS-B's `iprint`, deprecated (not broken) in scipy 1.17
        warnings.filterwarnings("ignore", ".*iprint.*", DeprecationWarning)
        yield caught
    for w in records:
        if issubclass(w.category, PrivacyLeakWarning | DiffprivlibCompatibilityWarning):
            caught.append(f"diffprivlib: {' '.join(str(w.message).split())}")
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


LEAK_PREFIX = "Privacy leak: "


def leak_warning(
    ranges: Sequence[str], categories: Sequence[str] = (), kinds: Sequence[str] = ()
) -> str:
    """The loud warning, in plain words, for ranges (numbers, dates), categories (text) and
    number kinds (whole or decimal) read from the data: what leaked, an example of each kind,
    and what to give instead."""
    what = [f"the {_plural('range', ranges)} of {_join(ranges)}"] if ranges else []
    what += [f"the categories of {_join(categories)}"] if categories else []
    what += [f"whether {_join(kinds)} {_hold(kinds)} whole numbers or decimals"] if kinds else []
    examples = ["the oldest age"] if ranges else []
    examples += ["a rare category"] if categories else []
    examples += ["one record's decimal among whole numbers"] if kinds else []
    give = ["each range"] if ranges else []
    give += ["each text column's categories (its list of possible values)"] if categories else []
    give += ["whether each number column holds whole numbers or decimals"] if kinds else []
    one = len(ranges) + len(categories) + len(kinds) == 1
    return (
        f"{LEAK_PREFIX}{', and '.join(what)} {'was' if one else 'were'} read from the data "
        f"itself, so the release gives {'it' if one else 'them'} away (e.g. "
        f"{', '.join(examples)}) outside the ε guarantee. For a real "
        f"release, give {_join(give)} from what is known without looking at the data."
    )


def _hold(names: Sequence[str]) -> str:
    return "holds" if len(names) == 1 else "hold"


def _plural(word: str, items: Sequence[str]) -> str:
    return word if len(items) == 1 else f"{word}s"


def _join(names: Sequence[str]) -> str:
    names = [str(n) for n in names]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def seed_warning(seed: int) -> str:
    return (
        f"The noise was drawn from seed {seed}: anyone who knows the seed and Veil's version "
        "can recompute and remove it. Keep the seed secret, or run without one, for a real "
        "release."
    )
