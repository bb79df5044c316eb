"""The loader's column types agree with the frame's dtypes, whatever the table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.io import load_table
from core.io.parse import sample
from core.schema import ColumnType

NUMERIC = {ColumnType.INTEGER, ColumnType.FLOAT}


def agree(table) -> list[str]:
    """Every column whose type and dtype disagree, described."""
    bad = []
    for name, kind in table.types.items():
        dtype = table.frame[name].dtype
        numeric = pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
        dated = pd.api.types.is_datetime64_any_dtype(dtype)
        # numeric dtypes may also be identifier-like (record numbers) or empty (categorical)
        if (kind in NUMERIC and not numeric) or (kind is ColumnType.DATE) != dated:
            bad.append(f"{name}: {kind} but {dtype}")
    return bad


def numbers_with_a_plus_only_where_the_converter_looks() -> pd.Series:
    """Half missing, then numbers; '+5' sits in a row the converter samples (so it keeps the
    column as text) but the type inference, sampling the values without gaps, does not."""
    n = 10_000
    values = pd.Series([None] * (n // 2) + [str(i % 90) for i in range(n // 2)], dtype="str")
    seen_by_converter = set(sample(values).index)
    seen_by_inference = set(sample(values.dropna()).index)
    row = min(seen_by_converter - seen_by_inference)
    values.iloc[row] = "+5"
    return values


def corpus(n: int = 400) -> dict[str, pd.Series]:
    rng = np.random.default_rng(7)
    gaps = rng.random(n) < 0.2
    floats = pd.Series(rng.normal(0, 3, n).round(2)).astype("str").where(~gaps, "")
    return {
        "integer": pd.Series(rng.integers(-50, 50, n)).astype("str"),
        "float_with_gaps": floats,
        "int_with_gaps": pd.Series(rng.integers(0, 9, n)).astype("str").where(~gaps, "NA"),
        "date": pd.Series(pd.date_range("2001-01-01", periods=n).strftime("%Y-%m-%d")),
        "near_miss": pd.Series([str(i) for i in range(n - 3)] + ["x", "y", "z"]),
        "zip_code": pd.Series([f"{10000 + i % 300}" for i in range(n)]),
        "leading_zero": pd.Series([f"0{i % 97}" for i in range(n)]),
        "words": pd.Series([f"word {i % 5}" for i in range(n)]),
        "empty": pd.Series([""] * n),
    }


def write(path, columns: dict[str, pd.Series]) -> None:
    pd.DataFrame(columns).to_csv(path, index=False)


@pytest.mark.parametrize("ext", ["csv", "xlsx", "parquet"])
def test_types_agree_with_dtypes_on_a_varied_table(tmp_path, ext):
    frame = pd.DataFrame(corpus())
    path = tmp_path / f"mixed.{ext}"
    if ext == "csv":
        frame.to_csv(path, index=False)
    elif ext == "xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.replace("", None).to_parquet(path, index=False)
    table = load_table(path)
    assert agree(table) == []
    assert table.types["float_with_gaps"] is ColumnType.FLOAT
    assert pd.api.types.is_float_dtype(table.frame["float_with_gaps"])


def test_a_column_the_converter_kept_as_text_is_not_typed_as_numbers(tmp_path):
    path = tmp_path / "plus.csv"
    write(path, {"id": pd.Series(range(10_000)).astype(str),
                 "count": numbers_with_a_plus_only_where_the_converter_looks()})  # fmt: skip
    table = load_table(path)
    assert pd.api.types.is_string_dtype(table.frame["count"])
    assert table.types["count"] not in NUMERIC
    assert agree(table) == []


def test_the_real_adult_table_agrees(adult_csv):
    assert agree(load_table(adult_csv)) == []
