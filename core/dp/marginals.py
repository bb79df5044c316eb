"""Noisy marginals of coded columns, through diffprivlib's histograms.

diffprivlib adds truncated geometric noise (sensitivity 1: adding or removing one record moves
one count by one) to every cell. The ranges are always given, so nothing is read from the data.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from core.dp.backend import BudgetAccountant, histogram, histogramdd


def measure(
    codes: list[np.ndarray],
    sizes: list[int],
    *,
    epsilon: float,
    accountant: BudgetAccountant,
    random_state: Any = None,
) -> np.ndarray:
    """Counts of every combination of the coded columns, shaped ``sizes``, with ε-DP noise.

    Exact when ε is infinite. Several columns go to histogramdd as one (rows × columns) numpy
    array: it fails on DataFrames.
    """
    if math.isinf(epsilon):
        index = np.zeros(len(codes[0]), dtype=np.int64)
        for c, s in zip(codes, sizes, strict=True):
            index = index * s + c
        return np.bincount(index, minlength=math.prod(sizes)).reshape(sizes).astype("float64")
    ranges = [(-0.5, s - 0.5) for s in sizes]
    common = {"epsilon": epsilon, "accountant": accountant, "random_state": random_state}
    if len(codes) == 1:
        counts, _ = histogram(codes[0].astype("float64"), bins=sizes[0], range=ranges[0], **common)
    else:
        sample = np.column_stack(codes).astype("float64")
        counts, _ = histogramdd(sample, bins=tuple(sizes), range=ranges, **common)
    return np.asarray(counts, dtype="float64")


def distribution(counts: np.ndarray, axis: int = -1) -> np.ndarray:
    """Noisy counts → probabilities: negatives clipped; an all-zero row becomes uniform."""
    p = np.clip(counts, 0, None)
    total = p.sum(axis=axis, keepdims=True)
    uniform = np.full_like(p, 1.0 / p.shape[axis])
    return np.where(total > 0, p / np.where(total > 0, total, 1), uniform)
