"""The fast (pyarrow) CSV path gives exactly what the pandas parser gives, or stands aside.

Each file is loaded twice: as shipped, and with the fast path switched off (the pandas
parser alone, the reference). Frames, types, warnings, sha256 and errors must be identical,
and each case states whether the fast path took the file.
"""

from __future__ import annotations

import pandas as pd
import pytest

import core.io.arrowcsv as arrowcsv
import core.io.delimited as delimited
import core.io.loader as loader
from core.errors import InputError
from core.io import load_table
from core.io.arrowcsv import read_arrow

pytest.importorskip("pyarrow")


@pytest.fixture(autouse=True, params=["long-tables-only", "every-table"])
def factorized_at_load(request, monkeypatch):
    """Each test twice: as shipped (small files are not factorized at load) and with every
    text column factorized at load, so that the checks and conversions that read the codes
    (leading spaces, whole numbers) are held to the same answers."""
    if request.param == "every-table":
        monkeypatch.setattr(arrowcsv, "SEED_ROWS", 0)
        monkeypatch.setattr(loader, "PARALLEL_ROWS", 0)
    return request.param


def _load(path, monkeypatch, *, fast: bool, **kw):
    """load_table with or without the fast path; (table, whether the fast path answered)."""
    answered = []

    def spy(*args, **kwargs):
        result = read_arrow(*args, **kwargs) if fast else None
        answered.append(result is not None)
        return result

    with monkeypatch.context() as m:
        m.setattr(delimited, "read_arrow", spy)
        table = load_table(path, **kw)
    return table, any(answered)


def same_as_pandas(path, monkeypatch, **kw) -> bool:
    """Assert both paths agree on everything load_table returns; whether the fast path did."""
    fast, used = _load(path, monkeypatch, fast=True, **kw)
    slow, _ = _load(path, monkeypatch, fast=False, **kw)
    pd.testing.assert_frame_equal(fast.frame, slow.frame, check_exact=True)
    assert [str(t) for t in fast.frame.dtypes] == [str(t) for t in slow.frame.dtypes]
    assert fast.types == slow.types
    assert fast.warnings == slow.warnings
    assert (fast.sha256, fast.encoding, fast.delimiter) == (
        slow.sha256,
        slow.encoding,
        slow.delimiter,
    )
    return used


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_adult_is_read_by_the_fast_path_identically(adult_csv, monkeypatch):
    assert same_as_pandas(adult_csv, monkeypatch)


# (file name, bytes, whether the fast path takes it)
CASES = {
    "quoted_separators": (
        b'name;city;note\n"Smith; John";Bern;"said ""hi"""\nAnn;"Zug";plain\n' * 40,
        True,
    ),
    "crlf": (b"age,sex,zip\r\n34,f,01234\r\n51,m,99999\r\n" * 60, True),
    "bom": (b"\xef\xbb\xbfage,sex\r\n34,f\r\n51,m\r\n" * 1 + b"40,f\r\n" * 80, True),
    "missing_markers": (
        b'a,b,c\n1,NA,x\n2,"NA",?\n3,,null\n4,N/A,NULL\n5,NaN,""\n6,na,-\n' * 30,
        True,
    ),
    "leading_zeros": (b"zip,code,n\n01234,007,1\n00001,010,2\n12345,999,3\n" * 50, True),
    "timestamps": (
        b"when,day\n"
        + b"".join(b"2024-03-%02d 10:%02d:05,%02d.01.2020\n" % (d, d, d) for d in range(1, 29))
        * 20,
        True,
    ),
    "quirky_quotes": (b'a;b\nx;"b"c\n"p""q";y\n5"10;z\n' * 30, True),
    "blank_lines_no_final_newline": (b"a,b\n1,x\n\n\n2,y\n\r\n3,z", True),
    "tsv_with_gaps": (b"a\tb\tc\n1\t\tx\n2\ty\t\n\t\t\n" * 40, True),
    "latin1": ("name,city\nJosé,Zürich\nRenée,Genève\n".encode("latin-1") * 40, False),
    "short_row": (b"age,sex,zip\n34,f,12345\n51,m\n40,f,99999\n" * 30, False),
    "space_after_delimiter": (b"age, sex\n34, f\n51, m\n", False),
    "quoted_leading_space": (b'age,sex\n34," f"\n51,m\n', False),
    "empty_last_column_name_kept": (b"a,b\n1,\n2,\n", True),
    "signed_integers": (b"n,m\n-0,5\n-12,0\n7,-3\n" * 40, True),
    "integers_past_int64": (b"n,m\n99999999999999999999,1\n5,2\n" * 30, True),
    "integers_with_a_decimal": (b"n,m\n1,4\n2.5,5\n3,6\n" * 30, True),
    "utf8_accents": ("name,city\nJosé,Zürich\nRenée,Genève\n".encode() * 40, True),
    "bom_and_accents": ("\ufeffname,city\nJosé,Zürich\n".encode() * 1 + b"Ann,Bern\n" * 9, True),
    "latin1_far_down": (b"a,b\n" + b"x,1\n" * 3000 + "\u00e9,2\n".encode("latin-1"), False),
    "a_broken_character_far_down": (
        b"a,b\n" + "\u00e9,1\n".encode() * 3000 + b"\xe2\x82,2\n",
        False,
    ),
    "a_leading_space_far_down": (b"a,b\n" + b"x,1\n" * 300 + b"x, 2\n" + b"y,3\n" * 20, False),
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_files_read_the_same_either_way(tmp_path, monkeypatch, name):
    data, fast = CASES[name]
    suffix = ".tsv" if name.startswith("tsv") else ".csv"
    path = _write(tmp_path, name + suffix, data)
    assert same_as_pandas(path, monkeypatch) is fast


def test_a_line_break_in_quotes_past_the_first_block_is_kept(tmp_path, monkeypatch):
    """No quote in the first 64 KiB: the file is parsed again with quoted line breaks on."""
    head = b"id,note\n" + b"".join(b"%d,plain\n" % i for i in range(20000))
    path = _write(tmp_path, "late_quote.csv", head + b'20000,"two\nlines"\n20001,x\n')
    assert same_as_pandas(path, monkeypatch)
    frame = load_table(path).frame
    assert frame["note"].iloc[20000] == "two\nlines" and len(frame) == 20002


def test_duplicate_headers_renamed_the_same_way(tmp_path, monkeypatch):
    path = _write(tmp_path, "dups.csv", b"a,b,a,b\n1,2,3,4\n5,6,7,8\n" * 20)
    assert same_as_pandas(path, monkeypatch, rename_duplicates=True)
    assert load_table(path, rename_duplicates=True).columns == ["a", "b", "a.2", "b.2"]


@pytest.mark.parametrize(
    "data",
    [
        b'age,sex\n34,f\n51,"m\n40,f\n',  # a quote never closed
        b'age,sex\n34,f\n51,"m',  # ... on the last line, no line break
        b'age,sex\n34,f\n51,"NA',  # ... around a missing marker
        b"age,sex\n34,f\n51,m,extra\n",  # a row too long
    ],
)
def test_bad_files_get_the_pandas_message(tmp_path, monkeypatch, data):
    path = _write(tmp_path, "bad.csv", data)
    with pytest.raises(InputError) as slow:
        _load(path, monkeypatch, fast=False)
    with pytest.raises(InputError) as fast:
        _load(path, monkeypatch, fast=True)
    assert str(fast.value) == str(slow.value)
    assert "Line" in str(fast.value) or "never closed" in str(fast.value)


def test_short_rows_past_the_first_block_still_warn_with_their_row(tmp_path, monkeypatch):
    rows = [f"{i},{'ab'[i % 2]},x{i}" for i in range(1, 60001)]
    rows[50000] = "50001,a"
    path = _write(tmp_path, "ragged.csv", ("id,code,note\n" + "\n".join(rows) + "\n").encode())
    assert same_as_pandas(path, monkeypatch) is False
    note = next(w for w in load_table(path).warnings if "fewer fields" in w)
    assert "(first: data row 50001)" in note


def test_the_fast_path_reports_progress_in_steps_and_stops_on_cancel(tmp_path, monkeypatch):
    """pyarrow parses blocks of megabytes; the reader still reports (and honours cancel)
    every megabyte, and a cancelled read raises JobCancelled, not a fallback to pandas."""
    from core.jobs import JobCancelled, Monitor

    row = b"34;Female;Never-married;Adm-clerical;United-States;<=50K\n"
    path = _write(tmp_path, "big.csv", b"age;sex;status;job;country;salary\n" + row * 160_000)
    assert path.stat().st_size > 8 << 20
    monkeypatch.setattr(arrowcsv, "MIN_BLOCK", 32 << 20)  # the whole file is one block
    ticks = []
    table, used = _load(path, monkeypatch, fast=True, monitor=Monitor(lambda f, m: ticks.append(f)))
    assert used and len(table.frame) == 160_000
    reading = [f for f in ticks if f <= 0.8]  # the read is the first 80 % of the bar
    assert len(reading) >= 8 and reading == sorted(reading)

    seen = []

    def cancel_early(fraction, message):
        seen.append(fraction)
        if fraction > 0.1:
            monitor.cancel()

    monitor = Monitor(cancel_early)
    pandas_calls = []
    monkeypatch.setattr(delimited, "_parse", lambda *a: pandas_calls.append(a))
    with pytest.raises(JobCancelled):
        load_table(path, monitor=monitor)
    assert max(seen) < 0.4 and not pandas_calls


def test_a_long_file_is_factorized_once_and_its_whole_numbers_cast_through_the_codes(
    adult_csv, monkeypatch
):
    """With every column factorized at load, each text column has its codes kept, and a
    column of whole numbers is cast through its distinct values (the same numbers)."""
    import numpy as np

    from core import colcache
    from core.io import parse

    monkeypatch.setattr(arrowcsv, "SEED_ROWS", 0)
    cast = []
    real = parse._arrow_integers
    monkeypatch.setattr(
        parse, "_arrow_integers", lambda s: cast.append(colcache.text_codes(s)) or real(s)
    )
    frame = load_table(adult_csv).frame
    text = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c])]
    assert text and all(colcache.text_codes(frame[c]) is not None for c in text)
    assert len(cast) == 1 and cast[0] is not None  # age, through its codes
    monkeypatch.setattr(arrowcsv, "SEED_ROWS", 10**9)
    plain = load_table(adult_csv).frame
    assert frame["age"].dtype == np.int64
    pd.testing.assert_frame_equal(frame, plain, check_exact=True)


@pytest.mark.parametrize("name", [*CASES, "adult"])
def test_columns_left_in_pieces_hold_what_contiguous_ones_hold(
    tmp_path, monkeypatch, adult_csv, name
):
    """``contiguous=False`` (no copy of the parsed pieces): the same frame, dtypes, types,
    warnings and sha256 as contiguous columns, on every hostile file and on Adult."""
    if name == "adult":
        path = adult_csv
    else:
        path = _write(
            tmp_path, name + (".tsv" if name.startswith("tsv") else ".csv"), CASES[name][0]
        )
    monkeypatch.setattr(arrowcsv, "_block_size", lambda path: 1 << 10)  # many pieces
    pieces, whole = load_table(path, contiguous=False), load_table(path)
    pd.testing.assert_frame_equal(pieces.frame, whole.frame, check_exact=True)
    assert [str(t) for t in pieces.frame.dtypes] == [str(t) for t in whole.frame.dtypes]
    assert (pieces.types, pieces.warnings, pieces.sha256) == (
        whole.types, whole.warnings, whole.sha256,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("data", "ascii_only"),
    [
        (b"a,b\n1,x\n2,y\n", True),
        (b"\xef\xbb\xbfa,b\n1,x\n", True),  # a BOM is not text
        ("a,b\n1,Zürich\n".encode(), False),
        (b"a,b\n" + b"1,x\n" * 300_000 + "2,\u00e9\n".encode(), False),  # past the first block
    ],
    ids=["ascii", "bom", "accents", "accent-far-down"],
)
def test_only_files_with_bytes_past_ascii_have_their_text_checked_as_utf8(
    tmp_path, data, ascii_only
):
    """Arrow's check of every value is skipped when every byte read was ASCII (then every
    value is valid UTF-8); any other file is checked after parsing."""
    from core.jobs import null_monitor

    path = _write(tmp_path, "t.csv", data)
    table, sha, watch = arrowcsv._parse(path, null_monitor(), ",", ["a", "b"], ("",), False)
    assert table is not None and sha is not None
    assert watch.ascii_only is ascii_only


def test_a_cancel_after_the_bytes_are_read_stops_before_factorizing_the_columns(
    adult_csv, monkeypatch
):
    """Factorizing a long table's columns comes after the last byte is read: each column is
    a cancel point, so a cancel then stops the load (JobCancelled, no pandas fallback)."""
    from core import colcache
    from core.jobs import JobCancelled, Monitor

    monkeypatch.setattr(arrowcsv, "SEED_ROWS", 0)
    seeded = []
    real_seed, real_frame = colcache.seed_text_codes, arrowcsv._frame
    monkeypatch.setattr(colcache, "seed_text_codes", lambda s: seeded.append(1) or real_seed(s))

    def frame_then_cancel(*args):
        frame = real_frame(*args)
        monitor.cancel()  # every byte is read and parsed
        return frame

    monkeypatch.setattr(arrowcsv, "_frame", frame_then_cancel)
    monitor = Monitor()
    pandas_calls = []
    monkeypatch.setattr(delimited, "_parse", lambda *a: pandas_calls.append(a))
    with pytest.raises(JobCancelled):
        load_table(adult_csv, monitor=monitor)
    assert seeded == [] and not pandas_calls
