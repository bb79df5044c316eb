"""Canonical text of cell values, so data values and hierarchy entries meet on equal terms."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

MISSING = "(missing)"  # how a missing cell is written in a hierarchy and in a release
TOP = "*"


def value_key(value: object) -> str:
    """The text a hierarchy uses for ``value``: 39 and 39.0 both become '39', dates ISO."""
    if value is None or value is pd.NaT:
        return MISSING
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        v = float(value)
        if math.isnan(v):
            return MISSING
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, np.datetime64):
        return value_key(pd.Timestamp(value))
    return str(value)


def keys_of(values: np.ndarray | pd.Index) -> list[str]:
    """``value_key`` of each element (used on the distinct values of a column, not on rows)."""
    return [value_key(v) for v in values]


def factorize(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Row codes into the column's distinct values and their canonical keys.

    Missing cells get their own code whose key is ``MISSING``.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    keys = keys_of(np.asarray(uniques, dtype=object))
    if (codes < 0).any():
        codes = np.where(codes < 0, len(keys), codes)
        keys.append(MISSING)
    return codes.astype(np.int64, copy=False), keys
