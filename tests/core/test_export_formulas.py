"""The formula guard on the OWASP CSV-injection list and disguised variants, in every format;
numbers (negative ones too) and dates come back as the types they were."""

from __future__ import annotations

import csv
import unicodedata

import numpy as np
import pandas as pd
import pytest

from core.export import neutralize_formulas, write_table
from core.io import load_table
from core.io.formulas import FIRST_CHARACTERS, neutralize

OWASP = [
    "=cmd|' /C calc'!A0",
    "=10+20+cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid","h")',
    "=1+1",
    "=2+2",
    "+SUM(1)",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "-10+20+cmd|' /C calc'!A0",
    "@A1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "|calc",
    "%0A=1+1",
]
DISGUISED = [
    "  +SUM(1)",
    " =1+1",
    "\u00a0=1+1",
    "\u3000=1+1",
    "\n=1+1",
    "\u200b=1+1",
    "\ufeff@A1",
    "\u202e=1+1",
    "\uff1d1+1",
    "\uff0bSUM(1)",
    "\uff0d2+3",
    "\uff20A1",
    "\u00a0\uff1d1+1",
    "\tplain",
]
HOSTILE = OWASP + DISGUISED
TRIGGERS = set("=+-@|%")


def dangerous(text: str) -> bool:
    """Independent check: a tab/CR first, or a trigger (after NFKC) once invisible characters
    and Unicode whitespace are trimmed; plain numbers are harmless."""
    if text[:1] in ("\t", "\r"):
        return True
    trimmed = text
    while trimmed and (trimmed[0].isspace() or unicodedata.category(trimmed[0]) == "Cf"):
        trimmed = trimmed[1:]
    if not trimmed:
        return False
    try:
        float(trimmed.replace(",", ""))
        return False
    except ValueError:
        return unicodedata.normalize("NFKC", trimmed[0]) in TRIGGERS or trimmed[0] == "\u2212"


def hostile_table() -> pd.DataFrame:
    n = len(HOSTILE)
    columns = {f"h{i}{p}": [p] * n for i, p in enumerate(HOSTILE)}  # every payload as a header
    frame = pd.DataFrame(columns)
    frame.insert(0, "value", HOSTILE)
    frame["count"] = np.arange(n) - 5  # negative numbers included
    frame["ratio"] = np.where(np.arange(n) % 3 == 0, np.nan, -np.arange(n) / 4)
    frame["minus_text"] = ["-1"] * n  # a number written as text: left as it is
    return frame


def test_the_payloads_really_are_dangerous():
    assert all(dangerous(p) for p in HOSTILE)
    assert not dangerous("-1") and not dangerous("plain") and not dangerous("'=1+1")


def test_the_guard_catches_every_payload_and_only_those():
    out = neutralize_formulas(hostile_table())
    assert not any(dangerous(str(c)) for c in out.columns)
    assert out["value"].tolist() == ["'" + p for p in HOSTILE]
    assert out["count"].tolist() == list(np.arange(len(HOSTILE)) - 5)
    assert out["minus_text"].eq("-1").all()


def _cells(path, ext):
    """Header + every cell as written, read back with a plain reader for the format."""
    if ext in ("csv", "tsv"):
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f, delimiter="\t" if ext == "tsv" else ","))
        return rows[0], [c for r in rows[1:] for c in r]
    if ext == "parquet":
        back = pd.read_parquet(path)
        return list(back.columns), [v for col in back.columns for v in back[col].tolist()]
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    return header, [c.value for row in sheet.iter_rows(min_row=2) for c in row]


@pytest.mark.parametrize("ext", ["csv", "tsv", "xlsx", "parquet"])
def test_no_exported_header_or_cell_could_run_as_a_formula(tmp_path, ext):
    out = write_table(hostile_table(), tmp_path / f"release.{ext}")
    header, cells = _cells(out, ext)
    assert len(header) == hostile_table().shape[1]
    risky = [v for v in [*header, *cells] if isinstance(v, str) and dangerous(v)]
    assert risky == []
    back = load_table(out).frame
    assert pd.api.types.is_integer_dtype(back["count"])
    assert back["count"].tolist() == list(np.arange(len(HOSTILE)) - 5)
    assert pd.api.types.is_float_dtype(back["ratio"])
    assert back["ratio"].isna().sum() == hostile_table()["ratio"].isna().sum()


def mixed_types(missing: bool) -> pd.DataFrame:
    """Every column type the loader produces, with or without missing values."""
    n = 12
    gap = np.arange(n) % 4 == 1 if missing else np.zeros(n, bool)
    frame = pd.DataFrame(
        {
            "integer": np.arange(n) * 7 - 40,
            "decimal": np.linspace(-3.25, 8.5, n),
            "days_b_screening_arrest": (np.arange(n) % 5 - 2).astype(float),
            "when": pd.date_range("2013-01-31", periods=n, freq="17D"),
            "category": pd.array(["a", "b", "-c", "=d"] * 3, dtype="str"),
            "text": pd.array([f"note {i} with a few words" for i in range(n)], dtype="str"),
        }
    )
    if missing:
        for col in ("days_b_screening_arrest", "decimal", "category", "text"):
            frame.loc[gap, col] = None
        frame.loc[gap, "when"] = pd.NaT
    return frame


@pytest.mark.parametrize("missing", [False, True], ids=["complete", "with-gaps"])
@pytest.mark.parametrize("ext", ["csv", "tsv", "xlsx", "parquet"])
def test_every_column_type_round_trips_with_its_dtype(tmp_path, ext, missing):
    frame = mixed_types(missing)
    back = load_table(write_table(frame, tmp_path / f"release.{ext}")).frame
    assert list(back.columns) == list(frame.columns)
    for col in ("integer", "decimal", "days_b_screening_arrest"):
        assert pd.api.types.is_numeric_dtype(back[col]), col
        np.testing.assert_allclose(back[col].to_numpy(float), frame[col].to_numpy(float))
    assert pd.api.types.is_integer_dtype(back["integer"])
    assert pd.api.types.is_datetime64_any_dtype(back["when"])
    assert back["when"].isna().tolist() == frame["when"].isna().tolist()
    assert (back["when"].dropna().dt.date == frame["when"].dropna().dt.date).all()
    guarded = frame["category"].where(~frame["category"].eq("=d"), "'=d")
    guarded = guarded.where(~guarded.eq("-c"), "'-c")
    assert back["category"].fillna("<NA>").tolist() == guarded.fillna("<NA>").tolist()
    assert back["text"].fillna("").tolist() == frame["text"].fillna("").tolist()
    assert not back["days_b_screening_arrest"].astype(str).str.startswith("'").any()


def test_the_first_byte_screen_keeps_every_risky_value_of_arrow_text():
    """Arrow text is screened by its first UTF-8 byte: never fewer candidates than the
    first-character test, on every hostile value, in a column of many chunks."""
    import pyarrow as pa

    from core.io.formulas import _first_risky

    values = [*HOSTILE, "plain", "", None, "Île", "ünï", "=1", " -2", "\u3000=x", "'"] * 3
    chunks = [pa.array(values[i : i + 7], pa.large_string()) for i in range(0, len(values), 7)]
    arrow = pd.Series(
        pd.arrays.ArrowStringArray(pa.chunked_array(chunks), dtype=pd.StringDtype(na_value=np.nan))
    )
    screened = _first_risky(arrow)
    by_character = pd.Series(values, dtype=object).str.slice(0, 1).isin(FIRST_CHARACTERS)
    assert screened[by_character.to_numpy(bool)].all()
    assert neutralize_formulas(pd.DataFrame({"v": arrow}))["v"].tolist() == [
        neutralize(v) if isinstance(v, str) else v for v in arrow.tolist()
    ]
