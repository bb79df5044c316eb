"""load_table on the real files: Adult (;-separated, CRLF) and the demo (with dates)."""

import json

import pandas as pd

from core.demo import demo_path
from core.io import load_table
from core.jobs import Monitor
from core.provenance import sha256_file
from core.schema import ColumnType

ADULT_SHA256 = "c700df9304fbf3c4d4db5938bffc510561bd4a2dfad285a3feef9a20619391c5"


def test_adult_semicolon_crlf(adult_csv, adult_frame):
    table = load_table(adult_csv)
    assert table.delimiter == ";" and table.encoding == "utf-8" and table.format == "csv"
    assert table.frame.shape == (30_162, 9)
    assert table.sha256 == ADULT_SHA256
    assert table.types["age"] == ColumnType.INTEGER
    assert table.frame["age"].dtype == "int64"
    assert all(table.types[c] == ColumnType.CATEGORICAL for c in adult_frame.columns if c != "age")
    pd.testing.assert_frame_equal(table.frame, adult_frame, check_dtype=False)
    assert not table.frame["salary-class"].str.endswith("\r").any(), "CRLF fully stripped"
    assert table.warnings == ()


def test_demo_types_and_dates():
    table = load_table(demo_path())
    t = table.types
    assert [t[c] for c in ("name", "email", "phone")] == [ColumnType.IDENTIFIER] * 3
    assert t["zip_code"] == ColumnType.CATEGORICAL, "ZIP codes are codes, not quantities"
    assert table.frame["zip_code"].str.fullmatch(r"\d{5}").all()
    assert t["date_of_birth"] == ColumnType.DATE
    assert table.frame["date_of_birth"].iloc[0] == pd.Timestamp("1955-05-02")
    assert t["length_of_stay"] == ColumnType.INTEGER
    assert t["diagnosis"] == ColumnType.CATEGORICAL
    assert table.frame["name"].str.contains("é").any(), "UTF-8 accents survive"


def test_to_dict_is_json_without_the_frame(adult_csv):
    d = load_table(adult_csv).to_dict()
    assert "frame" not in d
    assert d["rows"] == 30_162 and len(d["columns"]) == 9
    assert d["types"]["age"] == "integer"
    json.dumps(d)


def test_input_is_never_modified_and_progress_reaches_one(adult_csv):
    before = (sha256_file(adult_csv), adult_csv.stat().st_mtime_ns)
    seen = []
    load_table(adult_csv, monitor=Monitor(lambda f, m: seen.append(f)))
    assert (sha256_file(adult_csv), adult_csv.stat().st_mtime_ns) == before
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 3
