"""ε sweep: the same release at several budgets, for the privacy–utility chart."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence

import pandas as pd

from core.dp.engine import METHODS, release
from core.dp.result import DPResult
from core.errors import ConfigError
from core.jobs import Monitor, null_monitor
from core.schema import Role
from core.settings import ProtectionSettings

DEFAULT_EPSILONS = (0.1, 0.5, 1.0, 2.0, 5.0, 10.0, math.inf)


def epsilon_sweep(
    frame: pd.DataFrame,
    *,
    roles: Mapping[str, Role],
    settings: ProtectionSettings,
    epsilons: Iterable[float] = DEFAULT_EPSILONS,
    monitor: Monitor | None = None,
    seed: int | None = None,
    categories: Mapping[str, Sequence[object]] | None = None,
) -> Iterator[tuple[float, DPResult]]:
    """Yield (ε, DPResult) for each ε; ε = ∞ is the non-private path (no noise at all).

    Each point is a what-if release with its own budget, not charged to the project: the
    sweep helps the data owner choose ε and is not itself released.
    """
    if settings.method not in METHODS:
        raise ConfigError(
            f"An ε sweep needs a DP method, not '{settings.method}'.",
            hint=f"Use one of: {', '.join(METHODS)}.",
        )
    epsilons = [float(e) for e in epsilons]
    if not epsilons or any(not e > 0 for e in epsilons):
        raise ConfigError(f"Sweep budgets must be positive numbers, not {epsilons}.")
    monitor = monitor or null_monitor()
    for i, eps in enumerate(epsilons):
        result = release(
            frame,
            roles=roles,
            settings=dataclasses.replace(settings, epsilon=eps),
            monitor=monitor.sub(i / len(epsilons), (i + 1) / len(epsilons)),
            seed=seed,
            categories=categories,
        )
        yield eps, result
