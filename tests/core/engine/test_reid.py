"""Re-identification risk from the frequency table equals core.metrics on the rows, before
and after protection (Adult), with and without a population size."""

from __future__ import annotations

import pandas as pd
import pytest

from core.engine.reid import reidentification_of
from core.metrics.reidentification import reidentification
from tests.core.engine.conftest import ADULT_QIS


def flat(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flat(item, f"{prefix}{key}.")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from flat(item, f"{prefix}{i}.")
    else:
        yield prefix, value


def same(a, b) -> None:
    x, y = a.to_dict(), b.to_dict()
    x.pop("elapsed_seconds"), y.pop("elapsed_seconds")
    x, y = dict(flat(x)), dict(flat(y))
    assert x.keys() == y.keys()
    for key in x:
        if isinstance(y[key], float):
            assert x[key] == pytest.approx(y[key], rel=1e-12), key
        else:
            assert x[key] == y[key], key


@pytest.fixture(scope="module")
def adult(adult_csv):
    from core.io import load_table

    return load_table(adult_csv).frame


@pytest.mark.parametrize("population", [None, 300_000])
def test_before_protection(adult, population):
    from core.engine.frequency import frequencies_of

    freq = frequencies_of(adult, ADULT_QIS, None)
    got = reidentification_of(freq, population_size=population)
    same(got, reidentification(adult, ADULT_QIS, population_size=population))
    assert got.unique_records > 1000


def test_after_protection(adult, adult_source, arx_hierarchies, tmp_path):
    from core.engine import make_engine
    from tests.core.engine.conftest import run_engine

    out = tmp_path / "out.csv"
    run = run_engine(make_engine("duckdb"), adult_source, arx_hierarchies, out, 0.05)
    plan = run.plan
    got = reidentification_of(plan.freq, arx_hierarchies, plan.levels, kept=~plan.suppressed)
    released = pd.read_csv(out, dtype=str, keep_default_na=False)
    same(got, reidentification(released, ADULT_QIS))
    assert got.min_class_size == 5 and got.records == 30162 - 1346
