"""Checks on the loaded table: refuse tables with nothing in them, warn about odd columns."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from core.colcache import nunique
from core.errors import InputError

FEW_ROWS = 100


def require_rows(frame: pd.DataFrame, path: Path) -> None:
    """Raise InputError when the table has no columns or no data rows."""
    if frame.shape[1] == 0:
        raise InputError(
            f"{path.name} has no columns.",
            path=str(path),
            hint="Choose a file with a header row and at least one row of data.",
        )
    if len(frame) == 0:
        raise InputError(
            f"{path.name} has a header but no data rows.",
            path=str(path),
            hint="Add the records below the header row, or choose another file.",
        )


def content_warnings(frame: pd.DataFrame, path: Path) -> list[str]:
    """Warnings about a table that loads but may not give meaningful results."""
    notes = []
    if len(frame) == 1:
        notes.append(
            f"{path.name} has only one data row: no figure about risk or usefulness will be "
            "meaningful. Load the full table."
        )
    elif len(frame) < FEW_ROWS:
        notes.append(
            f"{path.name} has only {len(frame)} data rows: risk and usefulness figures will be "
            "rough."
        )
    missing = frame.isna().all()
    for name in frame.columns[missing.to_numpy()]:
        notes.append(f"Column '{name}' is empty (every value is missing); consider leaving it out.")
    constant = _constant(frame) & ~missing
    if len(frame) > 1:
        for name in frame.columns[constant.to_numpy()]:
            value = frame[name].dropna().iloc[0]
            notes.append(
                f"Column '{name}' has the same value ('{value}') in every row; it tells nothing "
                "apart."
            )
    return notes


def _constant(frame: pd.DataFrame) -> pd.Series:
    """Per column: at most one distinct non-missing value. Numbers in one numpy pass (wide
    tables have thousands of columns), other columns one by one."""
    out = pd.Series(False, index=frame.columns)
    numeric = [pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t)
               for t in frame.dtypes]  # fmt: skip
    numeric = np.array(numeric, dtype=bool)
    if numeric.any() and len(frame):
        values = frame.iloc[:, numeric].to_numpy(dtype="float64", na_value=np.nan)
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-missing columns
            same = np.nanmin(values, axis=0) == np.nanmax(values, axis=0)
        out.iloc[np.flatnonzero(numeric)] = same
    for i in np.flatnonzero(~numeric):
        out.iloc[i] = nunique(frame.iloc[:, i]) == 1
    return out
