"""Exports of the protected table: formula injection, atomic writes, never over the input."""

from __future__ import annotations

import builtins
import csv
import os

import pandas as pd
import pytest

from core.errors import ValidationError
from core.export import write_bytes_atomic, write_table, write_text_atomic
from core.io.writable import OutputError
from core.provenance import sha256_file

PAYLOADS = {
    "=": '=HYPERLINK("http://evil.example","x")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}


def hostile_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "payload": list(PAYLOADS.values()),
            "harmless": ["a", "b", None, "d", "e", "f"],
            "number": [-3, 4, -5, 6, 7, 8],
            "ratio": [-0.5, 0.25, float("nan"), 1.0, 2.0, 3.0],
        }
    )


def read_csv_cells(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("prefix", list(PAYLOADS))
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted_off(tmp_path, prefix):
    """Also checks that a bare CR stays inside its quoted cell instead of breaking the row."""
    out = write_table(hostile_frame(), tmp_path / "release.csv")
    rows = read_csv_cells(out)
    col = rows[0].index("payload")
    written = rows[1 + list(PAYLOADS).index(prefix)][col]
    assert written == "'" + PAYLOADS[prefix]


def test_numbers_and_plain_text_are_left_alone(tmp_path):
    out = write_table(hostile_frame(), tmp_path / "release.csv")
    back = pd.read_csv(out)
    assert back["number"].tolist() == [-3, 4, -5, 6, 7, 8]
    assert back["ratio"].iloc[0] == -0.5 and pd.isna(back["ratio"].iloc[2])
    assert back["harmless"].iloc[0] == "a" and pd.isna(back["harmless"].iloc[2])


def test_excel_cells_hold_text_never_formulas(tmp_path):
    from openpyxl import load_workbook

    out = write_table(hostile_frame(), tmp_path / "release.xlsx")
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    payload = header.index("payload") + 1
    cells = [sheet.cell(row=r, column=payload) for r in range(2, 2 + len(PAYLOADS))]
    assert all(c.data_type == "s" for c in cells)
    # XML line-end normalization reads a stored CR back as LF; the quote is what matters.
    expected = ["'" + p.replace("\r", "\n") for p in PAYLOADS.values()]
    assert [c.value for c in cells] == expected
    number = header.index("number") + 1
    assert sheet.cell(row=2, column=number).value == -3


def test_tsv_and_parquet_round_trip_with_neutralized_text(tmp_path):
    tsv = write_table(hostile_frame(), tmp_path / "release.tsv")
    assert pd.read_csv(tsv, sep="\t")["number"].tolist() == [-3, 4, -5, 6, 7, 8]
    pq = write_table(hostile_frame(), tmp_path / "release.parquet")
    back = pd.read_parquet(pq)
    assert back["payload"].tolist() == ["'" + p for p in PAYLOADS.values()]
    assert back["number"].tolist() == [-3, 4, -5, 6, 7, 8]


def _without_pyarrow_for_the_writer(monkeypatch):
    real_import = builtins.__import__

    def no_pyarrow(name, globals=None, *args, **kwargs):
        # pandas keeps its pyarrow: only the writer's own import fails, as in the bundle.
        if name == "pyarrow" and (globals or {}).get("__name__") == "core.io.parquet_write":
            raise ImportError("No module named 'pyarrow'")
        return real_import(name, globals, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)


def test_parquet_without_pyarrow_is_written_by_duckdb(tmp_path, monkeypatch):
    """The desktop bundle leaves pyarrow out: Parquet export must still work there."""
    _without_pyarrow_for_the_writer(monkeypatch)
    pq = write_table(hostile_frame(), tmp_path / "release.parquet")
    back = pd.read_parquet(pq)
    assert back["payload"].tolist() == ["'" + p for p in PAYLOADS.values()]
    assert back["number"].tolist() == [-3, 4, -5, 6, 7, 8]
    assert [p.name for p in tmp_path.iterdir()] == ["release.parquet"]


def test_parquet_written_without_pyarrow_keeps_each_columns_type(tmp_path, monkeypatch):
    from core.io import load_table

    _without_pyarrow_for_the_writer(monkeypatch)
    frame = pd.DataFrame({
        "age band": pd.array([34, None, 51], dtype="Int64"),
        "city": pd.array(["Lyon", None, "Zürich"], dtype="str"),
        "score": [1.5, float("nan"), 2.25],
        "smoker": pd.array([True, None, False], dtype="boolean"),
        "visit": pd.to_datetime(["2021-03-01", None, "2022-01-30"]),
        "grade": pd.Categorical(["x", "y", None]),
        "mixed": pd.Series([7, "seven", None], dtype=object),
    })  # fmt: skip
    out = write_table(frame, tmp_path / "typed.parquet")
    back = pd.read_parquet(out)
    assert back["age band"].tolist()[::2] == [34, 51] and pd.isna(back["age band"][1])
    assert back["city"].tolist()[::2] == ["Lyon", "Zürich"] and pd.isna(back["city"][1])
    assert back["score"].tolist()[::2] == [1.5, 2.25]
    assert back["smoker"].tolist()[::2] == [True, False]
    assert pd.api.types.is_datetime64_any_dtype(back["visit"])
    assert back["grade"].astype(str).tolist()[:2] == ["x", "y"]
    assert back["mixed"].tolist()[:2] == ["7", "seven"]
    loaded = load_table(out).frame  # Veil opens its own export (through DuckDB)
    assert loaded.shape == frame.shape


def test_parquet_refuses_two_columns_of_one_name(tmp_path, monkeypatch):
    _without_pyarrow_for_the_writer(monkeypatch)
    frame = pd.DataFrame([[1, 2]], columns=["id", "id"])
    with pytest.raises(ValidationError, match="same name"):
        write_table(frame, tmp_path / "twice.parquet")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("ext", ["csv", "xlsx", "parquet"])
def test_the_real_adult_table_round_trips(tmp_path, adult_frame, ext):
    frame = adult_frame.head(3000) if ext == "xlsx" else adult_frame  # openpyxl is slow
    out = write_table(frame, tmp_path / f"adult.{ext}")
    back = {"csv": pd.read_csv, "xlsx": pd.read_excel, "parquet": pd.read_parquet}[ext](out)
    assert back.shape == frame.shape
    assert back["age"].tolist() == frame["age"].tolist()
    assert back["occupation"].astype(str).tolist() == frame["occupation"].astype(str).tolist()


def test_refuses_to_write_over_the_input_by_any_name(tmp_path, adult_csv, monkeypatch):
    copy = tmp_path / "adult.csv"
    copy.write_bytes(adult_csv.read_bytes())
    before = sha256_file(copy)
    link = tmp_path / "link.csv"
    link.symlink_to(copy)
    monkeypatch.chdir(tmp_path)
    frame = pd.read_csv(copy, sep=";")
    for target in (copy, "adult.csv", "./sub/../adult.csv", link):
        with pytest.raises(ValidationError, match="Refusing to write over the input file adult"):
            write_table(frame, target, inputs=(copy,))
    assert sha256_file(copy) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adult.csv", "link.csv"]


def test_unknown_extension_names_the_file_and_the_choices(tmp_path):
    with pytest.raises(ValidationError, match=r"release\.txt.*'\.txt'") as info:
        write_table(hostile_frame(), tmp_path / "release.txt")
    assert ".csv" in info.value.hint and ".parquet" in info.value.hint


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "release.csv"
    target.write_text("old,release\n1,2\n", encoding="utf-8")

    def half_written(frame, path):
        path.write_text("partial", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setitem(__import__("core.export").export._WRITERS, "csv", half_written)
    with pytest.raises(OutputError, match="disk full"):
        write_table(hostile_frame(), target)
    assert target.read_text(encoding="utf-8") == "old,release\n1,2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["release.csv"]


def test_a_failed_text_write_keeps_the_old_text(tmp_path, monkeypatch):
    target = tmp_path / "assessment.json"
    write_text_atomic(target, "{}")

    def interrupted(self, data):
        self.open("wb").write(data[:1])  # a partial temporary file, then the failure
        raise OSError("interrupted")

    monkeypatch.setattr("pathlib.Path.write_bytes", interrupted)
    with pytest.raises(OutputError, match="interrupted"):
        write_bytes_atomic(target, b'{"new": true}')
    monkeypatch.undo()
    assert target.read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["assessment.json"]


def test_atomic_writes_create_missing_folders_and_replace_whole_files(tmp_path):
    target = tmp_path / "a" / "b" / "report.html"
    write_text_atomic(target, "é" * 10)
    write_text_atomic(target, "short")
    assert target.read_text(encoding="utf-8") == "short"
    assert not any(name.endswith(".tmp") for name in os.listdir(target.parent))
