"""The big-table model: correct cells, sorting through a permutation, cheap at 1M rows."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from ui.qt import Qt
from ui.table_columns import prepare_columns
from ui.table_model import ColumnarTableModel

N = 1_000_000


@pytest.fixture(scope="module")
def million():
    rng = np.random.default_rng(7)
    age = rng.integers(0, 100, N).astype(float)
    age[::9] = np.nan
    return pd.DataFrame(
        {
            "id": np.arange(N),
            "age": age,
            "zip": pd.Series(rng.choice(["48301", "48302", "48419"], N)).where(
                rng.random(N) > 0.05
            ),
            "name": [f"person {i}" for i in rng.integers(0, N, N)],
            "visit": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1500, N), "D"),
        }
    )


def test_cells_read_like_the_frame(adult_frame, qapp):
    model = ColumnarTableModel()
    model.set_table(prepare_columns(adult_frame))
    assert (model.rowCount(), model.columnCount()) == adult_frame.shape
    for row in (0, 17, len(adult_frame) - 1):
        for col, name in enumerate(adult_frame.columns):
            assert model.data(model.index(row, col)) == str(adult_frame[name].iloc[row])
    assert model.headerData(1, Qt.Orientation.Horizontal) == "age"
    right = model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole)
    assert right & int(Qt.AlignmentFlag.AlignRight)


def test_sorting_matches_pandas_and_keeps_missing_last(million, qapp):
    model = ColumnarTableModel()
    model.set_table(prepare_columns(million))
    rows = [0, 1, 1000, N // 2, N - 2, N - 1, *range(0, N, 9973)]
    for col, name in ((1, "age"), (2, "zip"), (3, "name"), (4, "visit")):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(col, order)
            desc = order == Qt.SortOrder.DescendingOrder
            expected = million[name].sort_values(ascending=not desc, na_position="last")
            shown = million[name].iloc[[model.source_row(r) for r in rows]]
            pd.testing.assert_series_equal(
                shown.reset_index(drop=True),
                expected.iloc[rows].reset_index(drop=True),
                check_names=False,
            )
            missing = million[name].iloc[model.source_row(N - 1)]
            assert pd.isna(missing) == million[name].isna().any()
            assert model.headerData(0, Qt.Orientation.Vertical) == str(model.source_row(0) + 1)


def test_a_million_rows_stay_cheap(million, qapp):
    t = time.perf_counter()
    table = prepare_columns(million)
    prepare = time.perf_counter() - t
    assert all(c.values.dtype != object for c in table.columns), "per-cell Python objects"
    model = ColumnarTableModel()
    model.set_table(table)
    rows = np.linspace(0, N - 1, 400).astype(int)
    t = time.perf_counter()
    for r in rows:  # one screenful is ~40 rows x 5 columns; this is 10 screens
        for c in range(5):
            model.data(model.index(int(r), c))
    per_cell = (time.perf_counter() - t) / (len(rows) * 5)
    worst_sort = 0.0
    for c in range(5):
        t = time.perf_counter()
        model.sort(c, Qt.SortOrder.DescendingOrder)
        worst_sort = max(worst_sort, time.perf_counter() - t)
    print(
        f"prepare {prepare:.2f} s, data() {per_cell * 1e6:.1f} µs/cell, "
        f"worst sort {worst_sort:.2f} s"
    )
    assert per_cell < 200e-6  # a screen of 200 cells in < 40 ms even on a loaded machine
    assert worst_sort < 3.0
    assert prepare < 10.0
