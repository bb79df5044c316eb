"""Earth mover's distance between each class's sensitive distribution and the table's.

Equal distance (categorical), ordered distance (numbers, values in ascending order) and
hierarchical distance (when the sensitive column has a hierarchy), after Li et al. (2007).
"""

from __future__ import annotations

import numpy as np

from core.hierarchy import Hierarchy

CHUNK_CELLS = 1 << 21  # classes × values handled at once by the dense distances


class Distance:
    """EMD of every class to the global distribution ``q`` (sensitive codes 0..m-1)."""

    kind = "equal"

    def __init__(self, q: np.ndarray) -> None:
        self.q = np.asarray(q, dtype=float) / float(np.sum(q))

    @property
    def m(self) -> int:
        return int(self.q.shape[0])

    def emd(self, groups, pairs) -> np.ndarray:
        """EMD of every class (sparse: only the values a class holds are visited)."""
        cls, sens, f = pairs
        p = f / groups.sizes[cls]
        q = self.q[sens]
        total = np.bincount(cls, weights=np.abs(p - q) - q, minlength=groups.n_classes)
        return 0.5 * (total + 1.0)

    def emd_rows(self, p: np.ndarray) -> np.ndarray:
        """EMD of each row of ``p`` (distributions over the m sensitive values)."""
        return 0.5 * np.abs(p - self.q).sum(axis=1)

    def _emd_dense(self, groups, pairs) -> np.ndarray:
        out = np.zeros(groups.n_classes)
        for start, block in self._dense_chunks(groups, pairs):
            out[start : start + len(block)] = self.emd_rows(block)
        return out

    def _dense_chunks(self, groups, pairs):
        """Yield (first class, matrix of class distributions) for blocks of classes."""
        cls, sens, f = pairs
        p = f / groups.sizes[cls]
        step = max(CHUNK_CELLS // self.m, 1)
        bounds = np.searchsorted(cls, np.arange(0, groups.n_classes + step, step))
        for i, start in enumerate(range(0, groups.n_classes, step)):
            stop = min(start + step, groups.n_classes)
            a, b = bounds[i], bounds[i + 1]
            block = np.zeros((stop - start, self.m))
            block[cls[a:b] - start, sens[a:b]] = p[a:b]
            yield start, block


class OrderedDistance(Distance):
    """Values ranked 0..m-1: EMD = Σ_i |Σ_{j≤i} (p_j - q_j)| / (m - 1)."""

    kind = "ordered"

    def emd(self, groups, pairs) -> np.ndarray:
        return self._emd_dense(groups, pairs)

    def emd_rows(self, p: np.ndarray) -> np.ndarray:
        if self.m < 2:
            return np.zeros(len(p))
        cum = np.cumsum(p - self.q, axis=1)[:, :-1]
        return np.abs(cum).sum(axis=1) / (self.m - 1)


class HierarchicalDistance(Distance):
    """Ground distance = height of the lowest common ancestor / height of the hierarchy."""

    kind = "hierarchical"

    def __init__(self, q: np.ndarray, hierarchy: Hierarchy, keys: list[str]) -> None:
        super().__init__(q)
        rows = hierarchy.index_of(keys, column=hierarchy.name or None)
        self.height = hierarchy.depth - 1
        self._parents = []  # per level: the parent (next level) of every node of this level
        previous = np.arange(len(keys))
        for level in range(1, hierarchy.depth):
            codes = hierarchy.level_codes(level)[0][rows]
            codes = np.unique(codes, return_inverse=True)[1]
            parent = np.zeros(int(previous.max()) + 1, dtype=np.int64)
            parent[previous] = codes
            self._parents.append((parent, int(codes.max()) + 1))
            previous = codes

    def emd(self, groups, pairs) -> np.ndarray:
        return self._emd_dense(groups, pairs)

    def emd_rows(self, p: np.ndarray) -> np.ndarray:
        extra = p - self.q
        cost = np.zeros(len(p))
        for level, (parent, size) in enumerate(self._parents, start=1):
            pos = _sum_children(np.maximum(extra, 0.0), parent, size)
            neg = _sum_children(np.maximum(-extra, 0.0), parent, size)
            cost += level / self.height * np.minimum(pos, neg).sum(axis=1)
            extra = _sum_children(extra, parent, size)
        return cost


def _sum_children(matrix: np.ndarray, parent: np.ndarray, size: int) -> np.ndarray:
    """Column sums per parent: (rows × children) → (rows × parents), without BLAS."""
    rows = np.arange(matrix.shape[0])[:, None] * size
    flat = (rows + parent[None, :]).ravel()
    return np.bincount(flat, weights=matrix.ravel(), minlength=matrix.shape[0] * size).reshape(
        matrix.shape[0], size
    )


def make_distance(
    counts: np.ndarray, keys: list[str], hierarchy: Hierarchy | None, numeric: bool
) -> Distance:
    """Hierarchical when a hierarchy is given, ordered for numbers, equal otherwise."""
    if hierarchy is not None:
        return HierarchicalDistance(counts, hierarchy, keys)
    if numeric:
        return OrderedDistance(counts)
    return Distance(counts)
