"""Confidence intervals: Wilson score for rates, percentile bootstrap for anything else."""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import norm


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a binomial rate; (0, 1) when n is 0."""
    if n <= 0:
        return 0.0, 1.0
    z = float(norm.ppf(0.5 + confidence / 2))
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, min(centre - half, p)), min(1.0, max(centre + half, p))


def bootstrap_interval(
    replicates: np.ndarray,
    estimate: float,
    confidence: float = 0.95,
    bounds: tuple[float, float] = (0.0, 1.0),
) -> tuple[float, float]:
    """Percentile interval of bootstrap ``replicates``, widened to contain ``estimate``.

    The percentile interval can miss the estimate for skewed statistics; a reported
    interval always contains its estimate and stays inside ``bounds``.
    """
    alpha = (1 - confidence) / 2
    lo, hi = np.quantile(replicates, [alpha, 1 - alpha]) if len(replicates) else (estimate,) * 2
    lo, hi = min(float(lo), estimate), max(float(hi), estimate)
    return max(bounds[0], lo), min(bounds[1], hi)
