"""A yes/no column with empty cells loads as a pandas object column of True/False/None
(Excel, and Parquet written by anything but pandas): it must load, not crash type inference."""

from __future__ import annotations

import pandas as pd
import pytest

from core.io import load_table
from core.io.infer import ColumnType
from core.io.parquet_write import write_parquet_duckdb

SMOKER = [True, None, False, True, False, None]


def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "smoker": pd.array(SMOKER, dtype="boolean"),
        "ward": ["A", "B", "A", "C", "B", "A"],
    })  # fmt: skip


@pytest.mark.parametrize("kind", ["xlsx", "parquet-duckdb"])
def test_a_yes_no_column_with_gaps_loads_as_categories(tmp_path, kind):
    frame = _table()
    if kind == "xlsx":
        path = tmp_path / "visits.xlsx"
        frame.astype({"smoker": object}).to_excel(path, index=False)
    else:  # no pandas metadata in the file, as from Spark, R or DuckDB
        path = tmp_path / "visits.parquet"
        write_parquet_duckdb(frame, path)
    table = load_table(path)
    assert table.types["smoker"] == ColumnType.CATEGORICAL
    values = table.frame["smoker"]
    assert [None if pd.isna(v) else bool(v) for v in values] == SMOKER
    assert table.types["ward"] == ColumnType.CATEGORICAL
