"""A DP audit: an empirical lower bound on ε from releases on two neighbouring tables.

For every event E (a boolean function of one release), Clopper-Pearson bounds give, with
confidence 1 - α over all events (Bonferroni), a lower bound on P_a(E) and an upper bound on
P_b(E); log(lower / upper) is then a certain lower bound on the ε of the mechanism. A correct
ε-DP mechanism never yields a bound above ε except with probability α, whatever the events.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

ALPHA = 1e-3


def epsilon_lower_bound(a: np.ndarray, b: np.ndarray, alpha: float = ALPHA) -> float:
    """The largest certain log ratio over the events, both ways; ``a`` and ``b`` are boolean
    (releases × events) matrices of the same events on each table's releases."""
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    assert a.ndim == b.ndim == 2 and a.shape[1] == b.shape[1]
    level = alpha / (2 * a.shape[1])
    forth = _log_ratio(a.sum(0), len(a), b.sum(0), len(b), level)
    back = _log_ratio(b.sum(0), len(b), a.sum(0), len(a), level)
    return max(0.0, float(np.max(forth)), float(np.max(back)))


def _log_ratio(ka: np.ndarray, na: int, kb: np.ndarray, nb: int, level: float) -> np.ndarray:
    low = np.where(ka > 0, stats.beta.ppf(level, ka, na - ka + 1), 0.0)
    high = np.where(kb < nb, stats.beta.ppf(1 - level, kb + 1, nb - kb), 1.0)
    with np.errstate(divide="ignore"):
        return np.log(low) - np.log(high)


def bin_events(values: np.ndarray, lower: float, upper: float, bins: int = 10) -> np.ndarray:
    """Each value's bin among ``bins`` equal bins of [lower, upper], plus 'exactly lower' and
    'exactly upper' (where clamping piles up): one column per event."""
    values = np.asarray(values, dtype=np.float64)
    edges = np.linspace(lower, upper, bins + 1)
    which = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, bins - 1)
    events = [which == i for i in range(bins)]
    events += [values == lower, values == upper]
    return np.column_stack(events)


def low_bit_events(values: np.ndarray, truths: tuple[float, float]) -> np.ndarray:
    """Mironov's events: the value cannot be a double sum ``truth + noise`` for each truth
    (subtracting and adding the truth back changes it)."""
    values = np.asarray(values, dtype=np.float64)
    return np.column_stack([(values - t) + t != values for t in truths])


def value_events(values: np.ndarray, domain: list[object]) -> np.ndarray:
    """One event per possible value, and one for 'missing'."""
    series = pd.Series(values, dtype=object)
    return np.column_stack([(series == v).to_numpy() for v in domain] + [series.isna()])
