"""The columnar CSV/TSV writer writes exactly the bytes ``DataFrame.to_csv`` wrote before it."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from core.export import neutralize_formulas, write_table
from core.io import csvwrite
from core.io.csvwrite import to_csv_bytes_like_pandas
from tests.core.test_export_formulas import HOSTILE


def pandas_bytes(frame: pd.DataFrame, sep: str) -> bytes:
    out = io.BytesIO()
    frame.to_csv(out, index=False, sep=sep, encoding="utf-8", lineterminator="\r\n")
    return out.getvalue()


def fast_bytes(frame: pd.DataFrame, sep: str) -> bytes:
    out = io.BytesIO()
    to_csv_bytes_like_pandas(frame, out, sep)
    return out.getvalue()


def hostile_frame(n: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    scale = 10.0 ** rng.integers(-8, 20, n)
    moments = np.resize(["2020-01-01 10:00:01", "2021-05-06", None], n)
    text = [*HOSTILE, "a;b", "x,y", 'say "hi"', "line\nbreak", "cr\rx", "", " ", "ünï€ode"]
    text = (text * (n // len(text) + 1))[:n]
    text[3] = None
    frame = pd.DataFrame(
        {
            "text": pd.Series(text, dtype="str"),
            "whole": np.arange(n) - n // 2,
            "decimal": np.where(np.arange(n) % 5 == 0, np.nan, rng.normal(size=n) * scale),
            "edge": np.resize([-0.0, 0.0, 1e16, 1e-5, np.inf, -np.inf, 0.1, 2.5, np.nan], n),
            "day": pd.to_datetime(np.resize(["2020-01-01", "1999-12-31", None], n)),
            "moment": pd.to_datetime(moments, format="mixed"),
            "flag": np.arange(n) % 2 == 0,
            "count": pd.array(np.resize([1, None, 3], n), dtype="Int64"),
            "group": pd.Categorical(np.resize(["x", "y", None, "x;y"], n)),
            "words": pd.Series(np.resize(["a", "b", None, "c,d"], n), dtype=object),
        }
    )  # fmt: skip
    frame.columns = ["te;xt", "whole", 'dec"imal', "edge", "day", "moment", "flag", "count",
                     "group", "=words"]  # fmt: skip
    return frame


@pytest.mark.parametrize("sep", [",", "\t", ";"])
def test_a_hostile_table_is_written_byte_for_byte_as_before(sep):
    frame = neutralize_formulas(hostile_frame())
    assert csvwrite._columns(frame, sep) is not None  # the columnar path, not the fallback
    assert fast_bytes(frame, sep) == pandas_bytes(frame, sep)


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"only": pd.Series(["", None, "a,b"], dtype="str")}),  # one column: "" rows
        pd.DataFrame({"mixed": [1, "1", 1.0, True, None], "n": range(5)}),  # 1 == 1.0 == True
        pd.DataFrame({"f32": np.array([0.1, -0.0, 0.0], np.float32), "n": range(3)}),
        pd.DataFrame({"long": ["x" * 20_000, "y"], "n": [1, 2]}),  # too wide for the matrix
        pd.DataFrame({"a": pd.Series([], dtype="str"), "b": pd.Series([], dtype=float)}),
        pd.DataFrame({0: ["a", "b"], None: [1, 2]}),
    ],
    ids=["one-column", "mixed-types", "float32", "long-text", "no-rows", "names-not-text"],
)
def test_tables_the_matrix_does_not_suit_are_still_written_as_before(frame):
    assert fast_bytes(frame, ",") == pandas_bytes(frame, ",")


def test_rows_are_assembled_in_chunks(monkeypatch):
    frame = neutralize_formulas(hostile_frame(500))
    monkeypatch.setattr(csvwrite, "CHUNK_BYTES", 1000)  # a few rows per chunk
    assert fast_bytes(frame, ",") == pandas_bytes(frame, ",")


def test_write_table_writes_adult_as_to_csv_did(tmp_path, adult_frame):
    target = write_table(adult_frame, tmp_path / "release.csv")
    assert target.read_bytes() == pandas_bytes(neutralize_formulas(adult_frame), ",")
    tsv = write_table(adult_frame, tmp_path / "release.tsv")
    assert tsv.read_bytes() == pandas_bytes(neutralize_formulas(adult_frame), "\t")


@pytest.mark.parametrize("arrow", [True, False], ids=["arrow-join", "numpy-matrix"])
@pytest.mark.parametrize("chunk", [csvwrite.CHUNK_BYTES, 700])
def test_both_row_assemblies_write_the_bytes_of_to_csv(monkeypatch, arrow, chunk):
    """Rows joined by pyarrow, or by the numpy matrix when pyarrow is missing; in one chunk
    or many (each chunk's joined bytes are sliced off Arrow's buffers)."""
    frame = neutralize_formulas(hostile_frame(300))
    monkeypatch.setattr(csvwrite, "has_pyarrow", lambda: arrow)
    monkeypatch.setattr(csvwrite, "CHUNK_BYTES", chunk)
    for sep in (",", "\t"):
        assert fast_bytes(frame, sep) == pandas_bytes(frame, sep)


@pytest.mark.parametrize("chunk", [csvwrite.CHUNK_BYTES, 500])
def test_arrow_text_needing_no_quotes_is_written_as_it_is(monkeypatch, chunk):
    """Text columns with gaps, empty strings, accents and pieces of chunked Arrow arrays,
    first and last in the row (the last carries the row end), with no separator or quote in
    them: written unfactorized, the same bytes as to_csv."""
    import pyarrow as pa

    from core.io.csvjoin import TextColumn, plain_text

    words = ["alpha", None, "", "ünï€ode", " spaced ", "x" * 40, "=1", None]
    pieces = [pa.array(words[i:] + words[:i], pa.large_string()) for i in range(8)]
    text = pd.StringDtype("pyarrow", na_value=np.nan)
    chunked = pd.arrays.ArrowStringArray(pa.chunked_array(pieces), dtype=text)
    frame = pd.DataFrame(
        {"first": chunked, "n": np.arange(64), "mid": chunked[::-1], "last": chunked}
    )
    assert all(isinstance(plain_text(frame[c], ","), TextColumn) for c in ("first", "last"))
    assert plain_text(frame["first"], "x") is None  # a value holds the separator: quoted
    monkeypatch.setattr(csvwrite, "CHUNK_BYTES", chunk)
    for sep in (",", "\t"):
        assert fast_bytes(frame, sep) == pandas_bytes(frame, sep)


@pytest.mark.parametrize("chunk", [csvwrite.CHUNK_BYTES, 500])
def test_a_table_of_plain_text_is_written_by_arrows_csv_writer_as_to_csv(monkeypatch, chunk):
    """Every column Arrow text needing no quotes (gaps, empty strings, accents, chunked
    arrays): pyarrow's CSV writer writes it, the same bytes as to_csv, in one chunk or many."""
    import pyarrow as pa

    from core.io import csvjoin

    words = ["alpha", None, "", "ünï€ode", " spaced ", "x" * 40, "=1", None, "'=2"]
    pieces = [pa.array(words[i:] + words[:i], pa.large_string()) for i in range(9)]
    text = pd.StringDtype("pyarrow", na_value=np.nan)
    chunked = pd.arrays.ArrowStringArray(pa.chunked_array(pieces), dtype=text)
    frame = pd.DataFrame({"first": chunked, "mid": chunked[::-1], "last": chunked})

    def refuse(*args):
        raise AssertionError("the row join was used")

    monkeypatch.setattr(csvjoin, "write_rows_arrow", refuse)
    monkeypatch.setattr(csvwrite, "CHUNK_BYTES", chunk)
    for sep in (",", "\t", ";"):
        assert fast_bytes(frame, sep) == pandas_bytes(frame, sep)


def test_the_text_columns_of_adult_are_written_by_arrows_csv_writer_as_to_csv(
    monkeypatch, adult_csv
):
    from core.io import csvjoin, load_table

    frame = load_table(adult_csv).frame
    text = frame[[c for c in frame.columns if pd.api.types.is_string_dtype(frame[c])]]
    used = []
    real = csvjoin.write_plain_arrow
    monkeypatch.setattr(csvjoin, "write_plain_arrow", lambda *a: used.append(1) or real(*a))
    monkeypatch.setattr(csvwrite, "CHUNK_BYTES", 1 << 16)  # many chunks
    assert fast_bytes(text, ";") == pandas_bytes(text, ";")
    assert used == [1]


def test_text_needing_quotes_or_numbers_go_through_the_row_join(monkeypatch):
    from core.io import csvjoin

    def refuse(*args):
        raise AssertionError("pyarrow's CSV writer was used")

    monkeypatch.setattr(csvjoin, "write_plain_arrow", refuse)
    quoted = pd.DataFrame({"a": pd.Series(["x,y", "z"], dtype="str"), "b": ["p", "q"]})
    numbers = pd.DataFrame({"a": pd.Series(["x", "z"], dtype="str"), "b": [1, 2]})
    for frame in (quoted, numbers):
        assert fast_bytes(frame, ",") == pandas_bytes(frame, ",")
