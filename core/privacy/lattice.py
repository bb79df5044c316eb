"""The generalization lattice: one level per QI; node arrays and up/down sets as array views.

Nodes are numbered in mixed radix order (last QI fastest), which is C order of an array
shaped ``depths``: the refinements of a node are then the box ``[0..l_1] × … × [0..l_Q]`` of
that array, a view reached by slicing without any mask over the whole lattice.
"""

from __future__ import annotations

import numpy as np


class Lattice:
    """All nodes as rows of ``levels`` (mixed radix order, last QI fastest)."""

    def __init__(self, depths: tuple[int, ...]) -> None:
        self.depths = tuple(int(d) for d in depths)
        self.size = int(np.prod(self.depths, dtype=np.int64)) if self.depths else 1
        grids = np.indices(self.depths, dtype=np.int8).reshape(len(self.depths), -1)
        self.levels = np.ascontiguousarray(grids.T)
        self.strides = np.cumprod((1, *self.depths[::-1]))[::-1][1:].astype(np.int64)
        self.strides_list = [int(s) for s in self.strides]

    @property
    def top(self) -> tuple[int, ...]:
        return tuple(d - 1 for d in self.depths)

    @property
    def bottom(self) -> tuple[int, ...]:
        return (0,) * len(self.depths)

    def index(self, node: tuple[int, ...]) -> int:
        return sum(level * stride for level, stride in zip(node, self.strides_list, strict=True))

    def node(self, index: int) -> tuple[int, ...]:
        return tuple(int(v) for v in self.levels[index])

    def down_view(self, values: np.ndarray, node: tuple[int, ...]) -> np.ndarray:
        """The entries of ``values`` (one per node) at ``node`` and all its refinements."""
        box = tuple(slice(0, level + 1) for level in node)
        return values.reshape(self.depths)[box]

    def up_view(self, values: np.ndarray, node: tuple[int, ...]) -> np.ndarray:
        """The entries of ``values`` (one per node) at ``node`` and all its generalizations."""
        box = tuple(slice(level, None) for level in node)
        return values.reshape(self.depths)[box]

    def down(self, node: tuple[int, ...]) -> np.ndarray:
        """Mask of ``node`` and all its refinements (every level ≤)."""
        mask = np.zeros(self.size, dtype=bool)
        self.down_view(mask, node)[...] = True
        return mask

    def up(self, node: tuple[int, ...]) -> np.ndarray:
        """Mask of ``node`` and all its generalizations (every level ≥)."""
        mask = np.zeros(self.size, dtype=bool)
        self.up_view(mask, node)[...] = True
        return mask
