"""Nodes that fail the monotone models by one QI alone: a record whose generalized value is
held by fewer than k records, or shows fewer than ℓ distinct sensitive values, sits in a class
that fails k-anonymity or distinct ℓ-diversity, whatever the other QIs are. With t-closeness
and suppression, the node that keeps one QI and generalizes the others fully bounds what every
refinement must suppress (``Models.refinement_suppression``)."""

from __future__ import annotations

import math

import numpy as np

from core.privacy.encoding import Dimension, Table
from core.privacy.groups import hist_pairs

MAX_CELLS = 1 << 22  # largest two-QI count table built before the search


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


def tag_before_search(status: np.ndarray, depths, models, enc, fails, monitor=None) -> None:
    """Mark as ``fails`` every node one QI or one pair of QIs shows failing (in place): the
    value counts (``failing_levels``), the t bound (``bound_failing_levels``), then the pairs
    (``failing_pairs``), sharing one set of count tables."""
    dims, base = enc.dims, enc.base
    m = models.n_sensitive
    levels = failing_levels(dims, base, models.k, models.limit, models.l or 0, m)
    counts = _Counts(models, dims, base)
    bounded = bound_failing_levels(models, dims, base, counts)
    single = [max(a, b) for a, b in zip(levels, bounded, strict=True)]
    tag_failing(status, depths, single, fails)
    tag_pairs(status, depths, failing_pairs(models, dims, base, single, monitor, counts), fails)


def bound_failing_levels(models, dims, base: Table, counts=None) -> list[int]:
    """Per QI q, the highest level at which the node (q at that level, every other QI at its
    top) proves that every refinement suppresses more than the limit (-1 when none is): every
    node with q at or below it fails. Only for models with ``bounds_refinements``."""
    if not models.bounds_refinements:
        return [-1] * len(dims)
    counts = _Counts(models, dims, base) if counts is None else counts
    out = []
    for q, dim in enumerate(dims):
        if dim.sizes[0] * counts.m > MAX_CELLS:
            out.append(-1)  # (a count table too large to be cheap: no tags, still exact)
            continue
        joint = counts.joint(q)
        highest = -1
        for level in range(dim.depth - 2, -1, -1):  # the bound only grows as q is refined
            if proves_failure(models, counts.roll(joint, 0, q, level)):
                highest = level
                break
        out.append(highest)
    return out


def failing_pairs(
    models, dims, base: Table, single: list[int], monitor=None, counts=None
) -> list[tuple]:
    """Boxes (q1, l1, q2, l2): every node with q1 ≤ l1 and q2 ≤ l2 fails, proven at the node
    keeping q1 and q2 (the other QIs at their top). For each pair of QIs the failing levels
    form a staircase, walked in one pass; levels ``single`` already tags are skipped.
    ``monitor`` (optional) is told of each QI done, and may cancel."""
    top = [d.depth - 1 for d in dims]
    counts = _Counts(models, dims, base) if counts is None else counts
    boxes = []
    for q1 in range(len(dims)):
        if monitor is not None:
            monitor.progress(q1 / len(dims), "Ruling out transformations")
        for q2 in range(q1 + 1, len(dims)):
            if single[q1] + 1 >= top[q1] or single[q2] + 1 >= top[q2]:
                continue  # every non-top level of one of them is tagged already
            if dims[q1].sizes[0] * dims[q2].sizes[0] * counts.m > MAX_CELLS:
                continue  # (a count table too large to be cheap: no tags, still exact)
            joint = counts.joint(q1, q2)
            l2 = top[q2] - 1
            for l1 in range(single[q1] + 1, top[q1]):  # from fine to coarse: l2 falls
                rolled = counts.roll(joint, 0, q1, l1)
                while l2 > single[q2]:
                    if proves_failure(models, counts.roll(rolled, 1, q2, l2)):
                        boxes.append((q1, l1, q2, l2))
                        break
                    l2 -= 1
                if l2 <= single[q2]:
                    break
    return boxes


def proves_failure(models, joint: np.ndarray) -> bool:
    """Whether the node whose records per (kept QI codes…, sensitive code) are ``joint``
    suppresses more than the limit, and so does every refinement."""
    cells = _Cells(joint.reshape(-1, joint.shape[-1]))
    pairs = models.pairs(cells) if models.uses_sensitive else None
    held = models.monotone_part(cells, pairs)
    if models.bounds_refinements:
        return models.refinement_suppression(cells, pairs, held) > models.limit
    if models.monotone and models.has_other_part:
        held = held | models.other_part(cells, pairs)
    return float(cells.sizes.sum(where=held)) > models.limit


class _Cells:
    """The classes of a node keeping one or two QIs, read off their count matrix: what the
    models read from ``Groups`` (sizes, the classes × values matrix, pairs)."""

    def __init__(self, hist: np.ndarray) -> None:
        sizes = hist.sum(axis=1)
        present = sizes > 0
        self.hist, self.sizes = hist[present], sizes[present]
        self.n_classes = len(self.sizes)

    def pairs(self, n_sensitive: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return hist_pairs(self.hist)


class _Counts:
    """Records per (level-0 codes of one or two QIs, sensitive code), and their roll-ups."""

    def __init__(self, models, dims, base: Table) -> None:
        self.dims, self.base = dims, base
        several = models.uses_sensitive and models.n_sensitive > 1 and base.sensitive is not None
        sens = base.sensitive if several else None
        self.m = models.n_sensitive if several else 1
        self._inner = {}  # per QI: code × m + sensitive code, over the base rows
        self._sens = np.zeros(len(base), dtype=np.int64) if sens is None else sens.astype(np.int64)
        self._runs = {}  # per (QI, level): level-0 codes ordered by their code at level

    def _codes(self, q: int) -> np.ndarray:
        codes = self._inner.get(q)
        if codes is None:
            own = self.base.codes[q]
            own = 0 if own is None else own.astype(np.int64)
            codes = self._inner[q] = own * self.m + self._sens
        return codes

    def joint(self, *qs: int) -> np.ndarray:
        """Records per (code of each QI of ``qs`` at level 0, sensitive code)."""
        sizes = [self.dims[q].sizes[0] for q in qs]
        key = self._codes(qs[-1])
        if len(qs) == 2:
            outer = self._codes(qs[0]) if self.m == 1 else self.base.codes[qs[0]]
            if outer is not None:  # (None: a one-value QI, every code 0)
                key = outer * (sizes[1] * self.m) + key
        total = math.prod(sizes) * self.m
        flat = np.bincount(key, weights=self.base.weights, minlength=total)
        return flat.reshape([*sizes, self.m])

    def roll(self, joint: np.ndarray, axis: int, q: int, level: int) -> np.ndarray:
        """``joint`` with the codes of QI ``q`` (along ``axis``) summed up to ``level`` (the
        level's codes that no level-0 code reaches are left out: they hold no record)."""
        found = self._runs.get((q, level))
        if found is None:
            up = self.dims[q].up(0, level)
            order = np.argsort(up, kind="stable")
            ranked = up[order]
            starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
            found = self._runs[q, level] = (order, starts)
        order, starts = found
        return np.add.reduceat(np.take(joint, order, axis=axis), starts, axis=axis)


def tag_pairs(status: np.ndarray, depths: tuple[int, ...], boxes: list, fails) -> None:
    """Mark every node inside one of the ``boxes`` (see ``failing_pairs``) as ``fails``."""
    grid = status.reshape(depths)
    for q1, l1, q2, l2 in boxes:
        box = [slice(None)] * len(depths)
        box[q1], box[q2] = slice(0, l1 + 1), slice(0, l2 + 1)
        grid[tuple(box)] = fails


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
