"""Columns of a table cached as numpy arrays, formatted one cell at a time on demand.

Built once (in a worker) from a DataFrame. Text columns are stored as integer codes into
their distinct values, so no Python object is kept per cell; sorting works on codes ranked
by value, through an index permutation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Column:
    """One column: ``values`` (numbers, datetimes or codes), a missing mask, and labels."""

    name: str
    kind: str  # "int", "float", "bool", "datetime" or "coded"
    values: np.ndarray
    missing: np.ndarray
    labels: Any = None  # distinct values for "coded" columns (pandas Index, read on demand)

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "float")

    def text(self, row: int) -> str:
        """The cell as the user reads it; missing cells are empty."""
        if self.missing[row]:
            return ""
        v = self.values[row]
        if self.kind == "coded":
            return str(self.labels[v])
        if self.kind == "float":
            return _format_float(float(v))
        if self.kind == "datetime":
            return _format_datetime(v)
        return str(v)

    def sort_key(self) -> np.ndarray:
        """A numeric array that orders the rows by this column (missing cells are ignored)."""
        if self.kind == "coded":
            ranks = np.empty(len(self.labels) + 1, dtype=np.int64)
            ranks[_label_order(self.labels)] = np.arange(len(self.labels))
            ranks[-1] = 0  # code -1: missing, placed by the mask
            return ranks[self.values]
        if self.kind == "datetime":
            return self.values.view(np.int64)
        return np.nan_to_num(self.values.astype(np.float64), nan=0.0)


@dataclass(frozen=True)
class TableColumns:
    """Every column of a table plus its row count."""

    columns: tuple[Column, ...]
    rows: int
    _keys: dict[int, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def sort_order(self, column: int, descending: bool = False) -> np.ndarray:
        """Row permutation ordering the table by ``column`` (missing values always last)."""
        col = self.columns[column]
        if column not in self._keys:  # ranking distinct values is the costly part: once
            self._keys[column] = col.sort_key()
        key = self._keys[column]
        return np.lexsort((-key if descending else key, col.missing))


def prepare_columns(frame: pd.DataFrame) -> TableColumns:
    """Cache ``frame`` column by column; call it in a worker for big tables."""
    return TableColumns(tuple(_column(str(n), frame[n]) for n in frame.columns), len(frame))


def _column(name: str, s: pd.Series) -> Column:
    import pandas as pd

    missing = s.isna().to_numpy(dtype=bool)
    if pd.api.types.is_bool_dtype(s) and not missing.any():
        return Column(name, "bool", s.to_numpy(dtype=bool), missing)
    if pd.api.types.is_integer_dtype(s):
        return Column(name, "int", s.to_numpy(dtype=np.int64, na_value=0), missing)
    if pd.api.types.is_float_dtype(s):
        return Column(name, "float", s.to_numpy(dtype=np.float64, na_value=np.nan), missing)
    if pd.api.types.is_datetime64_any_dtype(s):
        values = s.dt.tz_localize(None) if getattr(s.dt, "tz", None) is not None else s
        return Column(name, "datetime", values.to_numpy(), missing)
    codes, labels = pd.factorize(s, use_na_sentinel=True)
    return Column(name, "coded", codes, codes < 0, labels)


def _label_order(labels: Any) -> np.ndarray:
    try:
        return np.asarray(labels.argsort())
    except TypeError:  # mixed types: order by how they read
        return np.asarray(labels.astype(str).argsort())


def _format_float(v: float) -> str:
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v)}"
    return f"{v:.6g}"


def _format_datetime(v: np.datetime64) -> str:
    text = np.datetime_as_string(v, unit="s")
    return text[:10] if text.endswith("T00:00:00") else text.replace("T", " ")
