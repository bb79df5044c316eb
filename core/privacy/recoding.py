"""Local recoding output: ordering each QI's values and labelling groups of rows.

Numbers and dates are ordered by value and a group is printed as the range of its values;
categories are ordered along their hierarchy (siblings together) and a group is printed as
the lowest hierarchy label covering all its values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.hierarchy.auto import ISO_DATE
from core.hierarchy.keys import MISSING
from core.privacy.encoding import Dimension


class Order:
    """Rank of every hierarchy leaf along one QI, and the kind of values (for labels)."""

    def __init__(self, d: Dimension, column: pd.Series) -> None:
        keys = list(d.hierarchy.values)
        self.kind = _kind(column, keys)
        if self.kind == "category":
            paths = [d.hierarchy.level_codes(level)[0] for level in range(d.depth)]
            order = np.lexsort(paths)  # last key (the top level) sorts first
        else:
            value = _values(keys, self.kind)
            missing = np.isnan(value)
            order = np.lexsort((np.where(missing, 0.0, value), missing))
        self.rank = np.empty(len(keys), dtype=np.int64)
        self.rank[order] = np.arange(len(keys))
        self.by_rank = np.asarray(keys, dtype=object)[order]


def _kind(column: pd.Series, keys: list[str]) -> str:
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(column):
        return "date"
    present = pd.Series([k for k in keys if k != MISSING], dtype="str")
    if len(present) and present.str.match(ISO_DATE).all():
        return "date"
    return "category"


def _values(keys: list[str], kind: str) -> np.ndarray:
    """Numeric sort keys of the hierarchy's values (NaN for missing)."""
    series = pd.Series(keys)
    if kind == "number":
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    stamps = pd.to_datetime(series.where(series != MISSING), errors="coerce", format="ISO8601")
    raw = stamps.to_numpy(dtype="datetime64[ns]")
    return np.where(np.isnat(raw), np.nan, raw.view(np.int64).astype(float))


class PartitionLayout:
    """Rows of the frequency table sorted by partition, for per-partition reductions."""

    def __init__(self, part_of_row: np.ndarray, n_parts: int) -> None:
        self.order = np.argsort(part_of_row, kind="stable")
        self.starts = np.searchsorted(part_of_row[self.order], np.arange(n_parts))

    def min(self, values: np.ndarray) -> np.ndarray:
        return np.minimum.reduceat(values[self.order], self.starts)

    def max(self, values: np.ndarray) -> np.ndarray:
        return np.maximum.reduceat(values[self.order], self.starts)


def labels_and_shares(d: Dimension, order: Order, leaves: np.ndarray, layout: PartitionLayout):
    """Label of every partition on one QI, and its domain share (leaves covered / leaves)."""
    if order.kind == "category":
        return _lowest_common_labels(d, leaves, layout)
    rank = order.rank[leaves]
    low, high = layout.min(rank), layout.max(rank)
    pairs, inverse = np.unique(np.stack([low, high], axis=1), axis=0, return_inverse=True)
    texts = np.array([_range_label(order, int(a), int(b)) for a, b in pairs], dtype=object)
    return texts[inverse.ravel()], (high - low + 1) / len(d.hierarchy)


def _lowest_common_labels(d: Dimension, leaves: np.ndarray, layout: PartitionLayout):
    n_parts = len(layout.starts)
    level_of = np.full(n_parts, d.depth - 1)
    code_of = np.zeros(n_parts, dtype=np.int64)
    open_ = np.ones(n_parts, dtype=bool)
    for level in range(d.depth):
        codes = d.lookup[level][leaves]
        low, high = layout.min(codes), layout.max(codes)
        found = open_ & (low == high)
        level_of[found], code_of[found] = level, low[found]
        open_ &= ~found
    texts = np.empty(n_parts, dtype=object)
    shares = np.empty(n_parts)
    for level in np.unique(level_of):
        at = level_of == level
        texts[at] = d.hierarchy.level_codes(int(level))[1][code_of[at]]
        shares[at] = d.share[level][code_of[at]]
    return texts, shares


def _range_label(order: Order, lo: int, hi: int) -> str:
    first, last = str(order.by_rank[lo]), str(order.by_rank[hi])
    if lo == hi:
        return first
    if last == MISSING:
        return f"{_range_label(order, lo, hi - 1)} or {MISSING}"
    joiner = ".." if order.kind == "date" or first.startswith("-") or last.startswith("-") else "-"
    return f"{first}{joiner}{last}"
