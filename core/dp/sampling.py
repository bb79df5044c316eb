"""Sampling a table of codes from a Bayesian network of noisy marginals: each root from its
1-way marginal, each other column from its noisy conditional given its parents."""

from __future__ import annotations

import numpy as np

from core.dp.marginals import distribution
from core.dp.network import Candidate, joint_index


def sample_codes(
    network: list[Candidate],
    one_way: list[np.ndarray],
    tables: dict[int, np.ndarray],
    rows: int,
    rng: np.random.Generator,
) -> list[np.ndarray]:
    """Codes per column; ``tables[child]`` has shape (*parent sizes, child size)."""
    codes: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * len(one_way)
    for child, parents in network:
        size = len(one_way[child])
        if not parents:
            codes[child] = rng.choice(size, size=rows, p=distribution(one_way[child]))
            continue
        index = joint_index([codes[p] for p in parents], [len(one_way[p]) for p in parents])
        table = tables[child].reshape(-1, size)
        codes[child] = _draw(index, table, one_way[child], rng)
    return codes


def _draw(
    parent: np.ndarray, table: np.ndarray, fallback: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Each row's child code from P(child | parents); empty parent cells use ``fallback``."""
    conditional = distribution(table, axis=1)
    conditional[np.clip(table, 0, None).sum(axis=1) == 0] = distribution(fallback)
    child = np.empty(len(parent), dtype=np.int64)
    for value in np.unique(parent):  # a loop over parent cells, not rows
        rows = parent == value
        child[rows] = rng.choice(table.shape[1], size=int(rows.sum()), p=conditional[value])
    return child
