"""On Spark, the release gate sees every record too: how unique each column kept as it is makes
the records is one Spark SQL aggregation over the file, equal to DuckDB's, and `veil-cli protect
--engine spark` refuses a column unique past the first rows."""

from __future__ import annotations

import pytest

from core.engine import describe, make_engine
from core.engine.spark_engine import SparkEngine
from core.engine.uniqueness import whole_table_shares
from core.jobs import Monitor
from tests.core.test_large_gate import _table, assert_cli_refuses_visits

QIS = ["age", "sex"]
KEPT = ["visits", "ward", "outcome"]


@pytest.fixture(scope="module")
def visits_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("spark-gate") / "visits.csv"
    _table().to_csv(path, index=False)
    return path


def test_spark_shares_equal_duckdb(spark, visits_csv):
    source = describe(str(visits_csv))
    duck = whole_table_shares(make_engine("duckdb"), source, QIS, KEPT, Monitor())
    found = whole_table_shares(SparkEngine(session=spark), source, QIS, KEPT, Monitor())
    assert found == duck
    assert found["visits"].alone == pytest.approx(2 / 3)
    assert found["ward"].alone == 0.0


def test_cli_spark_gate_counts_every_record(spark, visits_csv, tmp_path, capsys):
    assert_cli_refuses_visits(visits_csv, tmp_path, capsys, "spark")
