"""Parquet read by DuckDB (core/io/parquet.py): pandas' dtypes, no pyarrow needed, clear
messages for damaged files, progress and cancel. Files are written with pyarrow here."""

import base64
import datetime as dt
import json
import subprocess
import sys
import threading

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import core.io.arrow_schema as arrow_schema
import core.io.formats as formats
import core.io.parquet as parquet
from core.errors import InputError, JobCancelled
from core.io import load_table
from core.io.header import DuplicateColumnsError
from core.jobs import Monitor, null_monitor
from tests.conftest import REPO


def pandas_written() -> pd.DataFrame:
    """Every dtype pandas writes with its own metadata, each with a missing value."""
    return pd.DataFrame({
        "id": np.arange(6, dtype="int64"),
        "small": np.array([1, -2, 3, 4, 5, 6], dtype="int8"),
        "unsigned": np.array([1, 2, 3, 4, 5, 60_000], dtype="uint16"),
        "visits": pd.array([3, None, 1, 0, 7, 2], dtype="Int64"),
        "weight": [70.5, np.nan, 81.0, 64.2, 90.0, 55.5],
        "ratio": np.array([0.5, 1.5, np.nan, 2.0, 3.0, 4.0], dtype="float32"),
        "name": pd.Series(["Zoë", None, "Ana", "", "Li", "Ömer"], dtype="str"),
        "smoker": [True, False, False, True, False, True],
        "insured": pd.array([True, None, False, True, True, False], dtype="boolean"),
        "born": pd.to_datetime(["1980-01-02", None, "1975-12-31", "2001-07-04", "1960-03-03",
                                "1999-09-09"]),
        "seen": pd.to_datetime(["2021-01-01 10:00", "2021-06-01 08:30", None, "2022-02-02 00:00",
                                "2020-03-15 23:59", "2021-01-01 10:00"]).tz_localize("Europe/Oslo"),
        "city": pd.Categorical(["Lyon", "Oslo", None, "Lyon", "Porto", "Oslo"]),
        "grade": pd.Categorical(["low", "high", "mid", None, "low", "high"],
                                categories=["high", "low", "mid"], ordered=True),
        "stay": pd.to_timedelta([1, 2, None, 4, 5, 6], unit="D"),
    })  # fmt: skip


def test_pandas_written_file_gives_exactly_what_pandas_reads(tmp_path):
    path = tmp_path / "records.parquet"
    pandas_written().to_parquet(path, index=False)
    got = parquet.read_parquet(path, null_monitor())
    pd.testing.assert_frame_equal(got, pd.read_parquet(path))
    assert got["visits"].dtype == "Int64" and got["insured"].dtype == "boolean"
    assert pd.api.types.is_string_dtype(got["name"]) and got["name"].isna().sum() == 1
    assert str(got["seen"].dt.tz) == "Europe/Oslo" and got["grade"].cat.ordered


def test_pandas_index_comes_back_as_pandas_reads_it(tmp_path):
    frame = pandas_written()[["id", "weight", "city"]]
    stored = frame.assign(id=[5, 3, 9, 1, 0, 2])
    cases = {
        "named": stored.set_index("id"),
        "reversed": frame.iloc[::-1],
        "unnamed": frame.set_index(pd.Index(list("abcdef"))),
        "range": frame.set_index(pd.RangeIndex(10, 16, name="row")),
    }
    for name, indexed in cases.items():
        path = tmp_path / f"{name}.parquet"
        indexed.to_parquet(path)
        got = parquet.read_parquet(path, null_monitor())
        pd.testing.assert_frame_equal(got, pd.read_parquet(path))


def arrow_written() -> pa.Table:
    """Types other writers (pyarrow, Polars, Spark, R) produce, without pandas' metadata."""
    stamps = [dt.datetime(2020, 1, 1, 12), None, dt.datetime(1999, 12, 31, 23, 59, 59)]
    return pa.table({
        "i64": pa.array([1, 2, 3], pa.int64()),
        "i32": pa.array([1, 2, -3], pa.int32()),
        "u8": pa.array([1, 2, 255], pa.uint8()),
        "int_gap": pa.array([1, None, 3], pa.int64()),
        "f64": pa.array([1.5, None, float("nan")], pa.float64()),
        "text": pa.array(["a", None, "é"]),
        "long_text": pa.array(["x", "", None], pa.large_string()),
        "flag": pa.array([True, False, True]),
        "flag_gap": pa.array([True, None, False]),
        "us": pa.array(stamps, pa.timestamp("us")),
        "ms": pa.array(stamps, pa.timestamp("ms")),
        "ns": pa.array(stamps, pa.timestamp("ns")),
        "raw": pa.array([b"\x00\xff", None, b"ok"]),
        "nothing": pa.array([None, None, None], pa.null()),
        "zoned": pa.array(stamps, pa.timestamp("us", tz="America/Bogota")),
        "ward": pa.array(["north", "south", None]).dictionary_encode(),
        "stay": pa.array([86_400_000, None, 1], pa.duration("ms")),
    })  # fmt: skip


def test_other_writers_files_give_exactly_what_pandas_reads(tmp_path):
    path = tmp_path / "arrow.parquet"
    pq.write_table(arrow_written(), path)
    got = parquet.read_parquet(path, null_monitor())
    pd.testing.assert_frame_equal(got, pd.read_parquet(path))
    assert got["int_gap"].dtype == "float64", "pandas' reader turns gaps in integers into NaN"
    assert got["flag_gap"].tolist() == [True, None, False]
    assert str(got["zoned"].dt.tz) == "America/Bogota", "the zone is in Arrow's schema only"
    assert isinstance(got["ward"].dtype, pd.CategoricalDtype)


@pytest.mark.parametrize("cut", [0, 7, 40, 0.5])
def test_a_damaged_arrow_schema_gives_no_hints_and_no_error(cut):
    table = pa.table({"zoned": pa.array([0], pa.timestamp("us", tz="UTC"))})
    encoded = table.schema.serialize().to_pybytes()
    assert arrow_schema.column_hints(base64.b64encode(encoded)) == {"zoned": {"timezone": "UTC"}}
    cut = int(cut * len(encoded)) if isinstance(cut, float) else cut
    assert arrow_schema.column_hints(base64.b64encode(encoded[:cut])) == {}
    assert arrow_schema.column_hints(b"not base64 at all") == {}


def test_dates_decimals_and_dictionaries_load_as_through_pandas(tmp_path):
    """Where the raw dtypes differ (pyarrow: date and Decimal objects), the loaded table is the
    same."""
    path = tmp_path / "other.parquet"
    table = pa.table({
        "day": pa.array([dt.date(2020, 1, 1), None, dt.date(1900, 3, 4)], pa.date32()),
        "amount": pa.array([1, None, 3], pa.decimal128(10, 2)),
        "ward": pa.array(["north", "south", None]).dictionary_encode(),
        "age": pa.array([30, 40, 50], pa.int16()),
    })  # fmt: skip
    pq.write_table(table, path)
    assert_loads_as_through_pandas(path, monkeypatch=pytest.MonkeyPatch())
    got = parquet.read_parquet(path, null_monitor())
    assert str(got["day"].dtype) == "datetime64[s]" and got["amount"].dtype == "float64"


def assert_loads_as_through_pandas(path, monkeypatch) -> None:
    ours = load_table(path)
    with monkeypatch.context() as m:
        m.setattr(formats, "read_parquet", lambda p, _: pd.read_parquet(p))
        theirs = load_table(path)
    pd.testing.assert_frame_equal(ours.frame, theirs.frame)
    assert ours.types == theirs.types and ours.warnings == theirs.warnings


def test_adult_loads_as_through_pandas(tmp_path, adult_frame, monkeypatch):
    path = tmp_path / "adult.parquet"
    sample = adult_frame.sample(3000, random_state=7).reset_index(drop=True)
    sample.to_parquet(path, index=False)
    assert_loads_as_through_pandas(path, monkeypatch)
    assert load_table(path).frame.shape == sample.shape


def test_records_load_as_through_pandas(tmp_path, monkeypatch):
    path = tmp_path / "records.parquet"
    pandas_written().drop(columns="stay").to_parquet(path, index=False)
    assert_loads_as_through_pandas(path, monkeypatch)


BLOCKED = """
import json, sys
sys.modules["pyarrow"] = None  # `import pyarrow` fails, as in the desktop bundle
from core.io import load_table
table = load_table(sys.argv[1])
print(json.dumps({"rows": len(table.frame), "types": {k: v.value for k, v in table.types.items()},
                  "weight": table.frame["weight"].tolist()[:2], "name": table.frame["name"][0],
                  "pyarrow": sys.modules.get("pyarrow") is not None}))
"""


def test_parquet_opens_without_pyarrow(tmp_path):
    path = tmp_path / "records.parquet"
    pandas_written().to_parquet(path, index=False)
    proc = subprocess.run([sys.executable, "-c", BLOCKED, str(path)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["rows"] == 6 and out["pyarrow"] is False
    assert out["types"]["visits"] == "integer" and out["types"]["born"] == "date"
    assert out["weight"][0] == 70.5 and out["weight"][1] != out["weight"][1]  # NaN
    assert out["name"] == "Zoë"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "footer"])
def test_damaged_file_gets_a_clear_message(tmp_path, damage):
    path = tmp_path / "broken.parquet"
    pandas_written().to_parquet(path, index=False)
    data = path.read_bytes()
    broken = {"garbage": b"not a parquet file at all" * 10, "truncated": data[: len(data) // 2],
              "footer": data[:-12] + b"\x00" * 8 + b"PAR1"}[damage]  # fmt: skip
    path.write_bytes(broken)
    with pytest.raises(InputError, match=r"broken\.parquet could not be read as Parquet") as caught:
        load_table(path)
    assert "\n" not in str(caught.value.args[0])
    assert "complete Parquet file" in caught.value.hint


def test_repeated_column_names_are_named_or_renamed(tmp_path):
    path = tmp_path / "dup.parquet"
    pq.write_table(pa.table([[1, 2], ["a", "b"], [3, 4]], names=["age", "zip", "age"]), path)
    with pytest.raises(DuplicateColumnsError, match="age"):
        load_table(path)
    assert list(load_table(path, rename_duplicates=True).frame.columns) == ["age", "zip", "age.2"]


def test_empty_table_is_refused_like_other_formats(tmp_path):
    path = tmp_path / "empty.parquet"
    pandas_written().iloc[:0].to_parquet(path, index=False)
    assert list(parquet.read_parquet(path, null_monitor()).columns) == list(pandas_written())
    with pytest.raises(InputError, match=r"empty\.parquet"):
        load_table(path)


def many_rows(tmp_path, rows: int = 20_000):
    path = tmp_path / "many.parquet"
    rng = np.random.default_rng(3)
    pd.DataFrame({"age": rng.integers(18, 90, rows), "zip": rng.integers(1000, 9999, rows)
                  .astype(str)}).to_parquet(path, index=False)  # fmt: skip
    return path


def test_reading_reports_progress_chunk_by_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(parquet, "CHUNK_VECTORS", 1)  # 2,048 rows per chunk
    seen = []
    frame = parquet.read_parquet(many_rows(tmp_path), Monitor(lambda f, m: seen.append((f, m))))
    assert len(frame) == 20_000
    fractions = [f for f, _ in seen]
    assert len(fractions) >= 10 and fractions == sorted(fractions)
    assert fractions[-1] == pytest.approx(1.0) and all("many.parquet" in m for _, m in seen)


def test_cancel_stops_the_read_between_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(parquet, "CHUNK_VECTORS", 1)
    path = many_rows(tmp_path)
    cancel = threading.Event()
    ticks = []

    def tick(fraction, _):
        ticks.append(fraction)
        if len(ticks) == 3:
            cancel.set()

    whole = []
    convert = parquet._as_pandas_reads
    monkeypatch.setattr(parquet, "_as_pandas_reads", lambda *a: whole.append(1) or convert(*a))
    with pytest.raises(JobCancelled):
        load_table(path, monitor=Monitor(tick, cancel))
    assert whole == [], "the read stopped before its last chunk"
    assert 0 < ticks[-1] < 0.5
