"""Nodes that fail k-anonymity by one QI alone: a record whose generalized value is held by
fewer than k records sits in a class smaller than k, whatever the other QIs are."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.privacy.encoding import Dimension


def failing_levels(dims: Sequence[Dimension], k: int, limit: float) -> list[int]:
    """Per QI, the highest level at which the records in values held by fewer than ``k``
    records are more than ``limit`` (-1 when no level is): every node with that QI at or
    below it violates k-anonymity under that suppression limit."""
    out = []
    for dim in dims:
        highest = -1
        for level, counts in enumerate(dim.data_count):
            counts = np.asarray(counts)
            if counts[(counts > 0) & (counts < k)].sum() > limit:
                highest = level
        out.append(highest)
    return out


def tag_failing(status: np.ndarray, depths: tuple[int, ...], levels: list[int], fails) -> None:
    """Mark every node with some QI ``q`` at or below ``levels[q]`` as ``fails`` (in place)."""
    grid = status.reshape(depths)
    for q, highest in enumerate(levels):
        if highest >= 0:
            grid[(slice(None),) * q + (slice(0, highest + 1),)] = fails
