"""Which marginals to measure: a private Bayesian network (PrivBayes in spirit).

Columns join the network one at a time, each with up to ``degree`` parents already in it
(degree 1 gives a spanning tree of 2-way marginals). A candidate (child, parents) scores
how far the child depends on its parents, in records:

    Σ_parents Σ_child | N(parents, child) − N(parents) · q(child) |

with q the child's already-noisy 1-way distribution. Adding or removing one record changes
this by at most 2 (sensitivity 2, whatever the data). The expected L1 noise of measuring that
marginal is subtracted, so wide tables that noise would drown lose. diffprivlib's exponential
mechanism picks each candidate.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from core.dp.backend import Exponential
from core.dp.marginals import distribution

SENSITIVITY = 2.0
MAX_CELLS = 1_000_000
Candidate = tuple[int, tuple[int, ...]]  # (child, parents)


def joint_index(codes: Sequence[np.ndarray], sizes: Sequence[int]) -> np.ndarray:
    """One code per row for the combination of several coded columns (row-major)."""
    index = np.zeros(len(codes[0]), dtype=np.int64)
    for c, s in zip(codes, sizes, strict=True):
        index = index * s + c
    return index


def dependence(
    child: np.ndarray, child_size: int, parent_index: np.ndarray, parent_cells: int, q: np.ndarray
) -> float:
    """L1 distance between N(parents, child) and N(parents)·q(child)."""
    counts = np.bincount(parent_index * child_size + child, minlength=parent_cells * child_size)
    counts = counts.reshape(parent_cells, child_size)
    expected = counts.sum(axis=1, keepdims=True) * distribution(q)
    return float(np.abs(counts - expected).sum())


def expected_noise(cells: int, epsilon: float) -> float:
    """Expected L1 size of diffprivlib's two-sided geometric noise over ``cells`` counts."""
    if math.isinf(epsilon):
        return 0.0
    p = math.exp(-epsilon)
    return cells * 2 * p / (1 - p * p)


def scores(
    codes: list[np.ndarray],
    sizes: list[int],
    noisy: list[np.ndarray],
    degree: int,
    epsilon_marginal: float,
) -> dict[Candidate, float]:
    """Penalized dependence score of every (child, parents) with 1..degree parents."""
    out: dict[Candidate, float] = {}
    for child in range(len(codes)):
        others = [c for c in range(len(codes)) if c != child]
        for k in range(1, degree + 1):
            for parents in itertools.combinations(others, k):
                cells = math.prod(sizes[p] for p in parents)
                if cells * sizes[child] > MAX_CELLS:
                    continue
                index = joint_index([codes[p] for p in parents], [sizes[p] for p in parents])
                score = dependence(codes[child], sizes[child], index, cells, noisy[child])
                penalty = expected_noise(cells * sizes[child], epsilon_marginal)
                out[(child, parents)] = score - penalty
    return out


def choose(utility: list[float], *, epsilon: float, random_state: Any = None) -> int:
    """Index of the chosen candidate: exponential mechanism, or the best one when ε = ∞."""
    if math.isinf(epsilon):
        return int(np.argmax(utility))
    mechanism = Exponential(
        epsilon=epsilon, sensitivity=SENSITIVITY, utility=utility, random_state=random_state
    )
    return int(mechanism.randomise())


def build(
    scored: dict[Candidate, float],
    columns: int,
    step: Callable[[list[float]], int],
) -> list[Candidate]:
    """Column 0 first; then ``step(utilities)`` picks each next (child, 1..degree parents)."""
    network: list[Candidate] = [(0, ())]
    inside = {0}
    while len(inside) < columns:
        candidates = [(c, p) for (c, p) in scored if c not in inside and set(p) <= inside]
        if not candidates:  # every parent set left was too wide: start a new root
            child = min(set(range(columns)) - inside)
            network.append((child, ()))
            inside.add(child)
            continue
        child, parents = candidates[step([scored[c] for c in candidates])]
        network.append((child, parents))
        inside.add(child)
    return network
