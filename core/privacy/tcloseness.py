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
        """EMD of every class (sparse: only the values a class holds are visited; pairs None:
        from ``groups.hist``)."""
        if pairs is None:
            return self.emd_rows(groups.hist / groups.sizes[:, None])
        cls, sens, f = pairs
        p = f / groups.sizes[cls]
        q = self.q[sens]
        total = np.bincount(cls, weights=np.abs(p - q) - q, minlength=groups.n_classes)
        return 0.5 * (total + 1.0)

    def emd_rows(self, p: np.ndarray) -> np.ndarray:
        """EMD of each row of ``p`` (distributions over the m sensitive values)."""
        return 0.5 * np.abs(p - self.q).sum(axis=1)

    def closest_size(self, groups, pairs: tuple | None, t: float) -> np.ndarray | None:
        """Per class of ``groups`` (its (class, value, records) pairs; None: ``groups.hist``),
        the largest sub-multiset within ``t`` of q, relaxed to real counts (so never too
        small); None for the distances where it is not derived (ordered, hierarchical).

        Equal distance is total variation: keeping c'_i ≤ c_i records of value i, N' in all,
        is within t iff N' - Σ min(c'_i, q_i N') ≤ t N'. That sum is concave in N', the
        minimum of the lines "values in A capped at c_i, the others at q_i N'" over the sets
        A taken in order of c_i / q_i (absent values first); so the largest N' is the
        smallest F_A / (Q_A - t) over those prefixes with Q_A > t (F: records, Q: q mass).
        """
        if self.kind != "equal":
            return None
        sizes = groups.sizes
        n = len(sizes)
        if self.m == 2:  # the two one-value lines (the two-value line is N / (1 - t) ≥ N)
            if pairs is None:
                ones = groups.hist[:, 1]
            else:
                cls, sens, f = pairs
                ones = np.bincount(cls, weights=f * sens, minlength=n)
            best = np.full(n, np.inf)
            for count, q in ((sizes - ones, self.q[0]), (ones, self.q[1])):
                if q > t:
                    np.minimum(best, count / (q - t), out=best)
            return best
        cls, sens, f = pairs if pairs is not None else groups.pairs(self.m)
        if n * self.m <= 4 * len(cls) + 4096:
            return _closest_dense(self.q, cls, sens, f, n, t)
        return _closest_sparse(self.q, cls, sens, f, n, t)

    def _emd_dense(self, groups, pairs) -> np.ndarray:
        out = np.zeros(groups.n_classes)
        for start, block in self._dense_chunks(groups, pairs):
            out[start : start + len(block)] = self.emd_rows(block)
        return out

    def _dense_chunks(self, groups, pairs):
        """Yield (first class, matrix of class distributions) for blocks of classes."""
        if pairs is None:
            yield 0, groups.hist / groups.sizes[:, None]
            return
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


def _closest_dense(q, cls, sens, f, n: int, t: float) -> np.ndarray:
    """``closest_size`` on a classes × values matrix (a row sort per class)."""
    hist = np.zeros((n, len(q)))
    hist[cls, sens] = f
    order = np.argsort(hist / q, axis=1, kind="stable")
    capped_f = np.cumsum(np.take_along_axis(hist, order, axis=1), axis=1)
    slack = np.cumsum(q[order], axis=1) - t
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(slack > 0, capped_f / slack, np.inf).min(axis=1)


def _closest_sparse(q, cls, sens, f, n: int, t: float) -> np.ndarray:
    """``closest_size`` on the pairs (sorted by class, then by c_i / q_i)."""
    qs = q[sens]
    order = np.lexsort((f / qs, cls))
    cls, f, qs = cls[order], f[order], qs[order]
    starts = np.flatnonzero(np.r_[True, cls[1:] != cls[:-1]])
    runs = np.diff(np.r_[starts, len(cls)])
    capped_f, capped_q = np.cumsum(f), np.cumsum(qs)
    capped_f -= np.repeat(capped_f[starts] - f[starts], runs)  # running sums, per class
    capped_q -= np.repeat(capped_q[starts] - qs[starts], runs)
    absent = 1.0 - np.bincount(cls, weights=qs, minlength=n)  # values capped at 0 first
    slack = capped_q + absent[cls] - t
    with np.errstate(divide="ignore", invalid="ignore"):
        line = np.where(slack > 0, capped_f / slack, np.inf)
    best = np.full(n, np.inf)
    best[cls[starts]] = np.minimum.reduceat(line, starts)
    best[absent > t] = 0.0  # the values present cannot come within t at all
    return best


def make_distance(
    counts: np.ndarray, keys: list[str], hierarchy: Hierarchy | None, numeric: bool
) -> Distance:
    """Hierarchical when a hierarchy is given, ordered for numbers, equal otherwise."""
    if hierarchy is not None:
        return HierarchicalDistance(counts, hierarchy, keys)
    if numeric:
        return OrderedDistance(counts)
    return Distance(counts)
