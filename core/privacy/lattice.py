"""The generalization lattice: one level per QI; node arrays and up/down-set masks."""

from __future__ import annotations

import numpy as np

MASK_BYTES = 96 << 20  # precompute per-level masks when they fit in this much memory


class Lattice:
    """All nodes as rows of ``levels`` (mixed radix order, last QI fastest)."""

    def __init__(self, depths: tuple[int, ...]) -> None:
        self.depths = tuple(int(d) for d in depths)
        self.size = int(np.prod(self.depths, dtype=np.int64)) if self.depths else 1
        grids = np.indices(self.depths, dtype=np.int8).reshape(len(self.depths), -1)
        self.levels = np.ascontiguousarray(grids.T)
        self.strides = np.cumprod((1, *self.depths[::-1]))[::-1][1:].astype(np.int64)
        self._strides = [int(s) for s in self.strides]
        self._masks = sum(self.depths) * self.size * 2 <= MASK_BYTES
        if self._masks:
            cols = [self.levels[:, q] for q in range(len(self.depths))]
            self._le = [
                [c <= lv for lv in range(d)] for c, d in zip(cols, self.depths, strict=True)
            ]
            self._ge = [
                [c >= lv for lv in range(d)] for c, d in zip(cols, self.depths, strict=True)
            ]

    @property
    def top(self) -> tuple[int, ...]:
        return tuple(d - 1 for d in self.depths)

    @property
    def bottom(self) -> tuple[int, ...]:
        return (0,) * len(self.depths)

    def index(self, node: tuple[int, ...]) -> int:
        return sum(level * stride for level, stride in zip(node, self._strides, strict=True))

    def node(self, index: int) -> tuple[int, ...]:
        return tuple(int(v) for v in self.levels[index])

    def down(self, node: tuple[int, ...]) -> np.ndarray:
        """Mask of ``node`` and all its refinements (every level ≤)."""
        skip = [level == d - 1 for level, d in zip(node, self.depths, strict=True)]
        return self._set(node, skip, self._le if self._masks else None, np.less_equal)

    def up(self, node: tuple[int, ...]) -> np.ndarray:
        """Mask of ``node`` and all its generalizations (every level ≥)."""
        skip = [level == 0 for level in node]
        return self._set(node, skip, self._ge if self._masks else None, np.greater_equal)

    def _set(self, node, skip, masks, compare) -> np.ndarray:
        out = None
        for q, level in enumerate(node):
            if skip[q]:
                continue
            mask = masks[q][level] if masks is not None else compare(self.levels[:, q], level)
            out = mask.copy() if out is None else np.logical_and(out, mask, out=out)
        return np.ones(self.size, dtype=bool) if out is None else out
