"""Build a sensible hierarchy for a column from its values and type."""

from __future__ import annotations

import re

import pandas as pd

from core.hierarchy.builders import (
    categorical_hierarchy,
    date_hierarchy,
    interval_hierarchy,
    masking_hierarchy,
)
from core.hierarchy.model import Hierarchy
from core.schema import ColumnType

FEW_NUMBERS = 10  # a numeric column with at most this many distinct values is a category
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")
CODE = re.compile(r"^[0-9A-Za-z]{3,}$")
CODE_NAME = re.compile(r"zip|post|plz|code|cep", re.IGNORECASE)


def auto_hierarchy(series: pd.Series, column_type: ColumnType | str | None = None) -> Hierarchy:
    """Numbers → nice intervals, dates → month/year/decade, codes (ZIP…) → masking, else → '*'."""
    name = str(series.name) if series.name is not None else ""
    kind = guess_kind(series, column_type)
    if kind == "dates":
        return date_hierarchy(series, name=name)
    if kind == "intervals":
        return interval_hierarchy(series, name=name)
    if kind == "masking":
        return masking_hierarchy(series, name=name)
    return categorical_hierarchy(series, name=name)


def guess_kind(series: pd.Series, column_type: ColumnType | str | None = None) -> str:
    """'dates', 'intervals', 'masking' or 'groups' for ``series``."""
    values = series.dropna()
    ctype = ColumnType(column_type) if column_type is not None else None
    if ctype == ColumnType.DATE or pd.api.types.is_datetime64_any_dtype(series):
        return "dates"
    if pd.api.types.is_bool_dtype(series):
        return "groups"
    if pd.api.types.is_numeric_dtype(series) or ctype in (ColumnType.INTEGER, ColumnType.FLOAT):
        numeric = pd.to_numeric(values, errors="coerce")
        if _looks_like_numeric_code(numeric, str(series.name)):
            return "masking"
        if numeric.notna().all() and numeric.nunique() > FEW_NUMBERS:
            return "intervals"
        return "groups"
    text = values.astype("str").drop_duplicates()
    if text.empty:
        return "groups"
    if text.str.match(ISO_DATE).all():
        return "dates"
    if text.str.len().nunique() == 1 and text.str.match(CODE).all() and len(text) > FEW_NUMBERS:
        return "masking"
    return "groups"


def _looks_like_numeric_code(numeric: pd.Series, name: str) -> bool:
    """Whole numbers of one length in a column named like a code (zip_code, postcode, …)."""
    if numeric.empty or numeric.isna().any() or not CODE_NAME.search(name):
        return False
    whole = (numeric == numeric.round()).all() and (numeric >= 0).all()
    return bool(whole) and numeric.astype("int64").astype("str").str.len().nunique() == 1
