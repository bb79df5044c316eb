"""pandas, DuckDB and Spark give the identical frequency table, optimum, loss and release on
Adult with ARX's hierarchies (k = 5 at 0 % and 5 %); pandas matches core.privacy itself."""

from __future__ import annotations

import pandas as pd
import pytest

from core.engine import make_engine
from core.engine.frequency import rollup
from tests.core.engine.conftest import ADULT_QIS, run_engine

# ARX 3.9.2's optima on Adult (see tests/app/test_cli_protect.py and benchmarks/anonymization.py)
ARX = {
    0.0: ({"sex": 0, "age": 4, "race": 1, "marital-status": 1, "education": 3,
           "native-country": 2, "workclass": 2, "occupation": 1, "salary-class": 0}, 0),
    0.05: ({"sex": 0, "age": 3, "race": 0, "marital-status": 0, "education": 2,
            "native-country": 1, "workclass": 1, "occupation": 2, "salary-class": 0}, 1346),
}  # fmt: skip


def released(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def runs(adult_source, arx_hierarchies, tmp_path_factory):
    """pandas and DuckDB runs at both suppression limits."""
    folder = tmp_path_factory.mktemp("engines")
    out = {}
    for suppression in ARX:
        for name in ("pandas", "duckdb"):
            path = folder / f"{name}-{suppression}.csv"
            run = run_engine(make_engine(name), adult_source, arx_hierarchies, path, suppression)
            out[name, suppression] = (run, path)
    return out


@pytest.mark.parametrize("suppression", list(ARX))
def test_pandas_and_duckdb_identical(runs, suppression):
    (p, p_path), (d, d_path) = runs["pandas", suppression], runs["duckdb", suppression]
    transformation, suppressed = ARX[suppression]
    assert p.result.transformation == d.result.transformation == transformation
    assert p.result.suppressed_records == d.result.suppressed_records == suppressed
    assert p.result.info_loss == d.result.info_loss
    assert p.plan.freq.n_records == d.plan.freq.n_records == 30162
    pd.testing.assert_frame_equal(p.plan.freq.keyed(), d.plan.freq.keyed())
    assert p.rows_written == d.rows_written == 30162 - suppressed
    pd.testing.assert_frame_equal(released(p_path), released(d_path))


@pytest.mark.parametrize("suppression", list(ARX))
def test_pandas_engine_is_todays_path(runs, adult_csv, arx_hierarchies, suppression):
    from core.io import load_table
    from core.privacy import anonymize
    from core.settings import ProtectionSettings

    frame = load_table(adult_csv).frame
    settings = ProtectionSettings(k=5, suppression=suppression)
    direct = anonymize(frame, qis=ADULT_QIS, hierarchies=arx_hierarchies, settings=settings)
    run, path = runs["pandas", suppression]
    expected = direct.to_dict()
    got = run.result.to_dict()
    for key in ("elapsed_seconds", "nodes_evaluated"):
        expected.pop(key), got.pop(key)
    assert got == expected
    want = direct.data.astype(str).reset_index(drop=True)
    pd.testing.assert_frame_equal(released(path), want, check_dtype=False)


@pytest.mark.parametrize("suppression", list(ARX))
def test_rollup_is_the_released_classes(runs, arx_hierarchies, suppression):
    run, path = runs["duckdb", suppression]
    classes = rollup(run.plan.freq, arx_hierarchies, run.result.transformation)
    out = released(path).groupby(ADULT_QIS).size().rename("n").reset_index()
    merged = classes.merge(out, on=ADULT_QIS, how="left")
    kept = merged.dropna(subset=["n"])
    assert (kept["n"] == kept["__veil_count"]).all()
    assert len(kept) == run.result.equivalence_classes
    assert int(merged.loc[merged["n"].isna(), "__veil_count"].sum()) == ARX[suppression][1]
    assert kept["n"].min() >= 5


@pytest.mark.slow
@pytest.mark.parametrize("suppression", list(ARX))
def test_spark_identical(spark, runs, adult_source, arx_hierarchies, tmp_path, suppression):
    from core.engine.spark_engine import SparkEngine

    path = tmp_path / "spark.csv"
    run = run_engine(SparkEngine(session=spark), adult_source, arx_hierarchies, path, suppression)
    p, p_path = runs["pandas", suppression]
    assert run.result.transformation == p.result.transformation == ARX[suppression][0]
    assert run.result.suppressed_records == p.result.suppressed_records
    assert run.result.info_loss == p.result.info_loss
    pd.testing.assert_frame_equal(run.plan.freq.keyed(), p.plan.freq.keyed())
    pd.testing.assert_frame_equal(released(path), released(p_path))
