"""Where an extraction attacker's queries come from: records like the population (the pool),
or records made up column by column from public marginals only."""

from __future__ import annotations

import numpy as np

from core.model.space import Coded

SOURCES = ("pool", "made_up")


def pool_rows(n: int, size: int, rng: np.random.Generator) -> np.ndarray:
    """Positions of ``size`` distinct records of a pool of ``n`` (``size`` ≤ ``n``)."""
    return rng.choice(n, size=size, replace=False)


def pool_queries(coded: Coded, size: int, rng: np.random.Generator) -> Coded:
    """``size`` distinct records of the attacker's pool (``size`` ≤ the pool)."""
    pick = pool_rows(len(next(iter(coded.values()))), size, rng)
    return {name: values[pick] for name, values in coded.items()}


def made_up_queries(coded: Coded, size: int, rng: np.random.Generator) -> Coded:
    """Records whose every column is drawn on its own from the pool's marginal: the attacker
    knows each column's distribution (public statistics), never a real combination."""
    n = len(next(iter(coded.values())))
    return {name: values[rng.integers(0, n, size=size)] for name, values in coded.items()}


def draw(source: str, coded: Coded, size: int, rng: np.random.Generator) -> Coded:
    return pool_queries(coded, size, rng) if source == "pool" else made_up_queries(coded, size, rng)
