"""Nodes that fail the monotone models by one QI alone: a record whose generalized value is
held by fewer than k records, or shows fewer than ℓ distinct sensitive values, sits in a class
that fails k-anonymity or distinct ℓ-diversity, whatever the other QIs are. With t-closeness
and suppression, the node that keeps one QI and generalizes the others fully bounds what every
refinement must suppress (``Models.refinement_suppression``)."""

from __future__ import annotations

import numpy as np

from core.privacy.encoding import Dimension, Table


def failing_levels(dims, base: Table, k: int, limit: float, l: int = 0, m: int = 0) -> list[int]:
    """Per QI, the highest level at which the records in such values (fewer than ``k``
    records, or with ``l`` > 1 fewer than ``l`` of the ``m`` sensitive codes) are more than
    ``limit`` (-1 when no level is): every node with that QI at or below it fails."""
    distinct = l > 1 and m > 0 and base.sensitive is not None
    out = []
    for q, dim in enumerate(dims):
        ground = _ground_counts(base, q, dim, m) if distinct else None
        highest = -1
        for level in range(dim.depth):
            if _records_in_failing_values(dim, level, k, l, m, ground) > limit:
                highest = level
        out.append(highest)
    return out


def bound_failing_levels(evaluator) -> list[int]:
    """Per QI q, the highest level at which the node (q at that level, every other QI at its
    top) proves that every refinement suppresses more than the limit (-1 when none is): every
    node with q at or below it fails. Only for models with ``bounds_refinements``."""
    models, enc = evaluator.models, evaluator.enc
    top = [d.depth - 1 for d in enc.dims]
    if not models.bounds_refinements:
        return [-1] * len(top)
    out = []
    for q in range(len(top)):
        highest = -1
        for level in range(top[q] - 1, -1, -1):  # the bound only grows as q is refined
            groups = evaluator.groups((*top[:q], level, *top[q + 1 :]), source=enc.base)
            pairs = models.pairs(groups)
            held = models.monotone_part(groups, pairs)
            if models.refinement_suppression(groups, pairs, held) > models.limit:
                highest = level
                break
        out.append(highest)
    return out


def tag_failing(status: np.ndarray, depths: tuple[int, ...], levels: list[int], fails) -> None:
    """Mark every node with some QI ``q`` at or below ``levels[q]`` as ``fails`` (in place)."""
    grid = status.reshape(depths)
    for q, highest in enumerate(levels):
        if highest >= 0:
            grid[(slice(None),) * q + (slice(0, highest + 1),)] = fails


def _ground_counts(base: Table, q: int, dim: Dimension, m: int) -> np.ndarray:
    """Records per (level-0 code of QI ``q``, sensitive code), flattened code-major."""
    codes = base.codes[q]
    codes = np.zeros(len(base), dtype=np.int64) if codes is None else codes.astype(np.int64)
    key = codes * m + base.sensitive
    return np.bincount(key, weights=base.counts, minlength=dim.sizes[0] * m)


def _records_in_failing_values(dim: Dimension, level: int, k: int, l: int, m: int, ground):
    if ground is None:
        counts = np.asarray(dim.data_count[level])
        return counts[(counts > 0) & (counts < k)].sum()
    up = dim.up(0, level).astype(np.int64)
    key = (up[:, None] * m + np.arange(m)).ravel()
    joint = np.bincount(key, weights=ground, minlength=dim.sizes[level] * m)
    joint = joint.reshape(dim.sizes[level], m)
    counts = joint.sum(axis=1)
    bad = (counts > 0) & ((counts < k) | ((joint > 0).sum(axis=1) < l))
    return counts[bad].sum()
