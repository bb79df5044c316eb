"""Turning text columns into numbers and dates in place, one column at a time."""

from __future__ import annotations

import pandas as pd

from core.io.parse import SMALL, date_format, number_style, small_numbers, to_dates, to_numbers
from core.jobs import Monitor

NEAR_MISS = 0.95  # columns this numeric (or date-like) but not entirely get a warning


def convert_columns(frame: pd.DataFrame, monitor: Monitor) -> tuple[pd.DataFrame, list[str]]:
    """The frame with each column in its natural dtype, and warnings for near misses.

    Text columns that are entirely numbers become int64 (float64 when values are missing or
    fractional); entirely dates become datetime64. A column converts only when every value
    parses, so nothing is silently lost; a column that almost parses is kept as text with a
    warning that names the first offending row.
    """
    warnings: list[str] = []
    columns: dict[object, pd.Series] = {}
    step = max(len(frame.columns) // 100, 1)
    for i, name in enumerate(frame.columns):
        if i % step == 0:
            monitor.progress(i / max(len(frame.columns), 1), f"Reading types of '{name}'")
        column = _normalize(frame[name], str(name), warnings)
        if pd.api.types.is_string_dtype(column):
            column, note = _parse_text(column, str(name))
            if note:
                warnings.append(note)
        columns[name] = column
    out = pd.DataFrame(columns, index=frame.index, copy=False)
    out.columns = frame.columns
    return out, warnings


def _normalize(column: pd.Series, name: str, warnings: list[str]) -> pd.Series:
    """Nullable and categorical dtypes from binary formats become plain numpy or str dtypes."""
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        column = column.astype(object)
        dtype = column.dtype
    if isinstance(dtype, pd.BooleanDtype):
        return column.astype(object).where(column.notna(), None).astype("str")
    if pd.api.types.is_extension_array_dtype(dtype) and pd.api.types.is_numeric_dtype(dtype):
        return column.astype("float64") if column.hasnans else column.astype(dtype.numpy_dtype)
    if pd.api.types.is_object_dtype(dtype):  # mixed cells from Excel/SAS/Stata
        return _object_to_str(column, name, warnings)
    return column


def _object_to_str(column: pd.Series, name: str, warnings: list[str]) -> pd.Series:
    values = column.dropna()
    if len(values) and values.map(type).isin([bytes]).any():
        column, binary = _decoded(column)
        if binary:
            warnings.append(
                f"Column '{name}' holds binary data (files or images, not text): it is shown "
                "and released as hexadecimal text (0x…). Leave it out unless the release "
                "needs it."
            )
    inferred = pd.api.types.infer_dtype(column, skipna=True)
    if inferred in ("integer", "floating", "mixed-integer-float", "decimal"):
        return pd.to_numeric(column)
    if inferred in ("datetime", "datetime64", "date"):
        return pd.to_datetime(column)
    if inferred == "boolean":
        return column
    return column.astype("str").where(column.notna())


def _decoded(column: pd.Series) -> tuple[pd.Series, bool]:
    """Byte cells as text: UTF-8 (text stored as bytes by SAS, Stata, Parquet), else every
    byte cell as hexadecimal, so that no byte is lost or replaced; and whether that was so."""
    try:
        return column.map(lambda v: v.decode("utf-8") if isinstance(v, bytes) else v), False
    except UnicodeDecodeError:
        return column.map(lambda v: "0x" + v.hex() if isinstance(v, bytes) else v), True


def _parse_text(column: pd.Series, name: str) -> tuple[pd.Series, str | None]:
    if len(column) <= SMALL:
        numbers = small_numbers(column, name)
        if numbers is not None:
            return numbers, None
    style = number_style(column, name)
    if style is not None:
        return _keep_if_complete(column, to_numbers(column, style), name, "numbers")
    fmt = date_format(column)
    if fmt is not None:
        return _keep_if_complete(column, to_dates(column, fmt), name, "dates")
    return column, None


def _keep_if_complete(
    text: pd.Series, parsed: pd.Series, name: str, kind: str
) -> tuple[pd.Series, str | None]:
    bad = parsed.isna() & text.notna()
    if not bad.any():
        return parsed, None
    first = int(bad.to_numpy().argmax())
    note = (
        f"Column '{name}' holds {kind} except {int(bad.sum()):,} value(s) such as "
        f"'{text.iloc[first]}' (data row {first + 1}); it was kept as text. "
        f"Fix or blank those values to use it as {kind}."
    )
    return text, note if (~bad).mean() >= NEAR_MISS else None
