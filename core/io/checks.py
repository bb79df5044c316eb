"""Checks on the loaded table: refuse tables with nothing in them, warn about odd columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

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
    distinct = frame.nunique(dropna=True)
    constant = (distinct == 1) & ~missing
    if len(frame) > 1:
        for name in frame.columns[constant.to_numpy()]:
            value = frame[name].dropna().iloc[0]
            notes.append(
                f"Column '{name}' has the same value ('{value}') in every row; it tells nothing "
                "apart."
            )
    return notes
