"""How a light turns noisy attack figures into a level: a family-wise null for the strongest of
several membership attacks, and levels read from an interval rather than a point.

A membership attack's advantage max(TPR − FPR) is the one-sided two-sample Kolmogorov–Smirnov
statistic; under "no leak" P(D ≥ d) ≤ exp(−2 d² pq/(p+q)). Taking the strongest of K attacks is
K tests at once, so each is held to the level ALPHA / K (Bonferroni): pure noise then lights
above LOW in at most ALPHA of assessments, whatever the table size. ALPHA is 4 % so that the
promise of at most 5 % keeps a margin for the asymptotic tail (benchmarks/lights.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from core.report.document import Level

ALPHA = 0.04  # family-wise false-alarm rate of the membership light


def family_threshold(null_advantage: float, attacks: int, alpha: float = ALPHA) -> float:
    """The advantage pure noise exceeds in at most ``alpha`` of runs for any of ``attacks``.

    ``null_advantage`` is one attack's single-test critical value at 5 % (core.metrics.roc),
    sqrt(ln(1/0.05)/2 · (p+q)/(pq)); rescaling it to the level alpha/attacks needs no p, q.
    """
    scale = math.log(max(attacks, 1) / alpha) / math.log(1 / 0.05)
    return null_advantage * math.sqrt(scale)


def ks_null_advantage(members: int, non_members: int, alpha: float = 0.05) -> float:
    """One attack's single-test critical value, from the sizes of the two groups."""
    return math.sqrt(-math.log(alpha) / 2 * (members + non_members) / (members * non_members))


def level_of(value: float, low: float, high: float, *, inclusive: bool = False) -> Level:
    """LOW below ``low``, HIGH from ``high`` on (``inclusive``: the lines themselves are lower)."""
    if value < low or (inclusive and value <= low):
        return Level.LOW
    if value < high or (inclusive and value <= high):
        return Level.MODERATE
    return Level.HIGH


def level_range(
    value: float,
    interval: Sequence[float] | None,
    low: float,
    high: float,
    *,
    inclusive: bool = False,
) -> tuple[Level, Level]:
    """(lowest, highest) level the interval allows; the point when there is no interval.

    HIGH needs the interval's lower end above the high line; an interval across a line gives
    a range such as (MODERATE, HIGH).
    """
    lo, hi = (value, value) if not _valid(interval) else (interval[0], interval[1])
    lo, hi = min(lo, value), max(hi, value)
    return level_of(lo, low, high, inclusive=inclusive), level_of(
        hi, low, high, inclusive=inclusive
    )


def _valid(interval: Sequence[float] | None) -> bool:
    if not isinstance(interval, list | tuple) or len(interval) != 2:
        return False
    return all(isinstance(v, int | float) and math.isfinite(v) for v in interval)


def decide(
    value: float,
    interval: Sequence[float] | None,
    low: float,
    high: float,
    *,
    inclusive: bool = False,
) -> tuple[Level, tuple[Level, Level] | None]:
    """(level, span): the point's level, but HIGH only when the whole interval is above the
    high line; span = (lowest, highest) the interval allows when it straddles a line."""
    lowest, highest = level_range(value, interval, low, high, inclusive=inclusive)
    level = level_of(value, low, high, inclusive=inclusive)
    if level is Level.HIGH and lowest is not Level.HIGH:
        level = Level.MODERATE
    return level, (lowest, highest) if lowest is not highest else None
