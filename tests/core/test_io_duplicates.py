"""Repeated column names: all named in one message, or loaded renamed with a warning."""

from __future__ import annotations

import pandas as pd
import pytest

from core.io import DuplicateColumnsError, load_table

HEADER = "name,decile_score,age,decile_score,name,decile_score,decile_score.2"


@pytest.fixture
def repeated(tmp_path):
    path = tmp_path / "scores.csv"
    rows = [f"p{i},{i % 10},{20 + i},{i % 7},q{i},{i % 3},{i % 5}" for i in range(40)]
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_one_message_names_every_repeated_name(repeated):
    with pytest.raises(DuplicateColumnsError) as info:
        load_table(repeated)
    message = str(info.value)
    assert "'name' (columns 1 and 5)" in message
    assert "'decile_score' (columns 2, 4 and 6)" in message
    assert "--rename-duplicates" in message
    assert info.value.duplicates == {"name": [1, 5], "decile_score": [2, 4, 6]}


def test_renamed_on_request_with_a_warning_and_the_values_under_the_right_names(repeated):
    table = load_table(repeated, rename_duplicates=True)
    assert table.columns == [
        "name",
        "decile_score",
        "age",
        "decile_score.3",
        "name.2",
        "decile_score.4",
        "decile_score.2",
    ]  # fmt: skip  (decile_score.2 is taken by the file's own column)
    assert table.rename_duplicates
    raw = pd.read_csv(repeated, header=None, skiprows=1)
    for position, column in enumerate(table.columns):
        assert table.frame[column].astype(str).tolist() == raw[position].astype(str).tolist()
    note = next(w for w in table.warnings if "renamed" in w)
    assert "'decile_score' (column 4) → 'decile_score.3'" in note
    assert "'name' (column 5) → 'name.2'" in note


def test_excel_headers_get_the_same_treatment(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "score", "score"])
    for i in range(5):
        sheet.append([i, i * 2, i * 3])
    path = tmp_path / "scores.xlsx"
    book.save(path)
    with pytest.raises(DuplicateColumnsError, match="'score' \\(columns 2 and 3\\)"):
        load_table(path)
    table = load_table(path, rename_duplicates=True)
    assert table.columns == ["id", "score", "score.2"]
    assert table.frame["score.2"].tolist() == [0, 3, 6, 9, 12]
