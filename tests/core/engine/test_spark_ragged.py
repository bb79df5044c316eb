"""Spark (local[2]) names the line of a record with too many or too few fields, as the
pandas and DuckDB paths do, in the head read, the frequency table and for remote files."""

from __future__ import annotations

import pytest

from core.engine import describe
from core.errors import InputError
from core.jobs import Monitor

pytestmark = pytest.mark.slow

HEADER = "name;city;age;note"
GOOD = [f"P{i};{'Oslo' if i % 2 else 'Bergen'};{30 + i % 20};n{i}" for i in range(40)]


def write(path, rows, bad_at: int, bad: str) -> None:
    """``rows`` with ``bad`` inserted as data row ``bad_at`` (1-based)."""
    lines = [HEADER, *rows[: bad_at - 1], bad, *rows[bad_at - 1 :]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def engine(spark):
    from core.engine.spark_engine import SparkEngine

    return SparkEngine(session=spark)


@pytest.mark.parametrize(
    ("bad", "saw"), [("Zed;Oslo;40;a;extra", 5), ("Zed;Oslo", 2), ('"Zed;Ek";Oslo;40;a;b', 5)]
)
def test_frequencies_name_the_ragged_line(engine, tmp_path, bad, saw):
    path = tmp_path / "ragged.csv"
    write(path, GOOD, 31, bad)
    with pytest.raises(InputError) as err:
        engine.frequencies(describe(str(path)), ["city", "age"], None, Monitor())
    assert f"Line 32 of ragged.csv (data row 31) has {saw} fields but the header has 4" in str(
        err.value
    )
    assert err.value.row == 31 and err.value.hint


def test_head_names_the_ragged_line(engine, tmp_path):
    path = tmp_path / "short.csv"
    write(path, GOOD, 3, "Zed;Oslo;40")
    with pytest.raises(InputError, match=r"Line 4 of short\.csv \(data row 3\) has 3 fields"):
        engine.head(describe(str(path)), 100)


def test_a_clean_file_reads_as_before(engine, tmp_path):
    path = tmp_path / "clean.csv"
    path.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")
    freq = engine.frequencies(describe(str(path)), ["city"], None, Monitor())
    assert freq.n_records == 40 and sorted(freq.frame["city"]) == ["Bergen", "Oslo"]
    assert list(engine.head(describe(str(path)), 5).columns) == HEADER.split(";")


def test_remote_files_are_located_by_spark(spark, tmp_path):
    from core.engine.spark_engine import line_of

    path = tmp_path / "remote.csv"
    write(path, GOOD, 17, "Zed;Oslo;40;a;extra")
    assert line_of(spark, str(path), "Zed;Oslo;40;a;extra") == 18
    assert line_of(spark, str(path), "not in the file") is None
