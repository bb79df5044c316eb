"""Column types from values: integer, float, categorical, date, free text, identifier-like."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.colcache import nunique
from core.io.parse import date_format, number_style, sample, to_dates, to_numbers
from core.schema import ColumnType

IDENTIFIER_RATIO = 0.9  # share of distinct values above which text is identifier-like
IDENTIFIER_MIN = 20  # ... provided it has at least this many distinct values
TEXT_WORDS = 4.0  # mean words per value above which text is free text
TEXT_LENGTH = 40.0  # ... or mean characters per value


def infer_types(frame: pd.DataFrame) -> dict[str, ColumnType]:
    """The type of every column of ``frame``; works on converted and on raw text frames."""
    return {str(name): column_type(frame[name], str(name)) for name in frame.columns}


def column_type(column: pd.Series, name: str = "") -> ColumnType:
    dtype = column.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return ColumnType.DATE
    if pd.api.types.is_bool_dtype(dtype):
        return ColumnType.CATEGORICAL
    if pd.api.types.is_numeric_dtype(dtype):
        return _numeric_type(column)
    text = column if pd.api.types.is_string_dtype(dtype) else column.astype("str")
    return _text_type(text.where(column.notna()), name)


def loaded_column_type(column: pd.Series, name: str = "") -> ColumnType:
    """The type of a column of a loaded (converted) frame, always agreeing with its dtype:
    numbers only for numeric dtypes, dates only for datetime dtypes, whatever the pandas
    version. A text column the converter kept as text stays text here."""
    dtype = column.dtype
    if (
        pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_numeric_dtype(dtype)
    ):
        return column_type(column, name)
    # object is a "string dtype" to pandas, but may hold booleans (Parquet, Excel with gaps)
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        values = column.dropna() if column.hasnans else column
        distinct = nunique(column)
    else:
        values = column.astype("str").where(column.notna()).dropna()
        distinct = None
    return _word_type(values, distinct) if not values.empty else ColumnType.CATEGORICAL


def _numeric_type(column: pd.Series) -> ColumnType:
    if pd.api.types.is_integer_dtype(column.dtype) and not column.hasnans:
        values = column.to_numpy()  # the common case, without dropna's copy
        integral = True
    else:
        values = column.dropna().to_numpy()
        integral = pd.api.types.is_integer_dtype(column.dtype) or bool(
            np.all(np.isfinite(values)) and np.all(values == np.round(values))
        )
    if values.size == 0:
        return ColumnType.CATEGORICAL
    if not integral:
        return ColumnType.FLOAT
    return ColumnType.IDENTIFIER if _sequential(values) else ColumnType.INTEGER


def _sequential(values: np.ndarray) -> bool:
    """All distinct and packed into a range barely wider than the row count: record numbers."""
    n = values.size
    if n < 100:
        return False
    span = float(values.max()) - float(values.min()) + 1
    # n distinct integers span at least n: a narrower column repeats a value
    return n <= span <= 2 * n and len(np.unique(values)) == n


def _text_type(text: pd.Series, name: str) -> ColumnType:
    values = text.dropna()
    if values.empty:
        return ColumnType.CATEGORICAL
    style = number_style(values, name)
    if style is not None:
        numbers = to_numbers(values, style)
        if numbers.notna().all():
            return _numeric_type(numbers)
    fmt = date_format(values)
    if fmt is not None and to_dates(values, fmt).notna().all():
        return ColumnType.DATE
    return _word_type(values)


def _word_type(values: pd.Series, distinct: int | None = None) -> ColumnType:
    """Free text, identifier-like or categorical, for text that is not numbers or dates
    (``distinct``: the number of distinct values, when already known)."""
    probe = sample(values).str.strip()
    words = probe.str.count(r"\s+").mean() + 1
    if words >= TEXT_WORDS or probe.str.len().mean() >= TEXT_LENGTH:
        return ColumnType.TEXT
    distinct = values.nunique() if distinct is None else distinct
    if distinct >= IDENTIFIER_MIN and distinct >= IDENTIFIER_RATIO * len(values):
        return ColumnType.IDENTIFIER
    return ColumnType.CATEGORICAL
