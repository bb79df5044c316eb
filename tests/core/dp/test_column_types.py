"""Every column type Veil's loader produces goes through dp-noise and dp-synthetic: the demo
and Adult as loaded, through core.protect with their roles, and a file holding each type."""

import numpy as np
import pandas as pd
import pytest

from core.demo import demo_path, demo_project
from core.dp import DPResult
from core.io import load_table
from core.protect import protect
from core.schema import ColumnType, Role
from core.settings import ProtectionSettings

METHODS = ["dp-noise", "dp-synthetic"]
ROWS = 1500
ADULT_ROLES = {
    "age": Role.QUASI_IDENTIFIER, "sex": Role.QUASI_IDENTIFIER, "race": Role.QUASI_IDENTIFIER,
    "native-country": Role.QUASI_IDENTIFIER, "occupation": Role.SENSITIVE,
    "income": Role.TARGET,
}  # fmt: skip


def _release(frame, roles, method):
    settings = ProtectionSettings(method=method, epsilon=2.0)
    result = protect(frame, roles, settings, seed=None)
    assert isinstance(result, DPResult) and result.epsilon_spent == pytest.approx(2.0)
    return result


@pytest.mark.parametrize("method", METHODS)
def test_the_demo_as_loaded_with_its_roles(method):
    table = load_table(demo_path())
    project = demo_project()
    r = _release(table.frame, project.roles, method)
    kept = [c for c in table.frame.columns if project.roles[c] != Role.IDENTIFIER]
    assert list(r.data.columns) == kept
    assert list(r.data.dtypes) == list(table.frame[kept].dtypes)
    assert r.data.notna().all().all()


@pytest.mark.parametrize("method", METHODS)
def test_adult_as_loaded_with_missing_values(adult_full_csv, method):
    table = load_table(adult_full_csv)
    frame = table.frame
    assert frame["workclass"].isna().any()  # '?' loads as missing
    r = _release(frame, ADULT_ROLES, method)
    assert list(r.data.columns) == list(frame.columns)
    assert list(r.data.dtypes) == list(frame.dtypes)
    assert set(r.data["income"]) <= set(frame["income"])


@pytest.fixture(scope="module")
def every_type(tmp_path_factory):
    """A CSV with one column of every type the loader infers, and its table as loaded."""
    rng = np.random.default_rng(0)
    sentences = [f"patient reported mild symptom number {i} today" for i in range(40)]
    visits = pd.Series(
        pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3000, ROWS), "D")
    )
    stamps = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 10**7, ROWS), "s")
    frame = pd.DataFrame(
        {
            "count": rng.integers(0, 40, ROWS),
            "score": np.where(rng.random(ROWS) < 0.1, np.nan, rng.normal(50, 10, ROWS).round(2)),
            "colour": rng.choice(["red", "green", "blue"], ROWS),
            "notes": rng.choice(sentences, ROWS),
            "visit": visits.dt.strftime("%Y-%m-%d").where(rng.random(ROWS) < 0.9, ""),
            "stamp": pd.Series(stamps).dt.strftime("%Y-%m-%dT%H:%M:%S"),
            "ref": [f"R-{i:06d}" for i in rng.permutation(ROWS)],
            "flag": rng.choice(["true", "false"], ROWS),
        }
    )
    path = tmp_path_factory.mktemp("types") / "every_type.csv"
    frame.to_csv(path, index=False)
    return load_table(path)


@pytest.mark.parametrize("method", METHODS)
def test_a_file_with_every_inferred_type(every_type, method):
    frame, types = every_type.frame, every_type.types
    assert set(types.values()) == set(ColumnType)  # integer … identifier: all covered
    assert types["notes"] == ColumnType.TEXT and types["ref"] == ColumnType.IDENTIFIER
    assert frame["visit"].isna().any() and types["visit"] == ColumnType.DATE
    r = _release(frame, {}, method)
    assert "ref" not in r.data.columns  # 1,500 distinct codes: left out, not published
    assert any("Column 'ref' was left out" in w for w in r.warnings)
    kept = [c for c in frame.columns if c != "ref"]
    assert list(r.data.columns) == kept
    assert list(r.data.dtypes) == list(frame[kept].dtypes)
    assert set(r.data["notes"]) <= set(frame["notes"])


@pytest.mark.parametrize("method", METHODS)
def test_binary_formats_bring_booleans_and_time_zones(tmp_path, method):
    rng = np.random.default_rng(1)
    source = pd.DataFrame(
        {
            "smoker": rng.random(ROWS) < 0.3,
            "consent": pd.array(np.where(rng.random(ROWS) < 0.2, None, rng.random(ROWS) < 0.5),
                                dtype="boolean"),
            "admitted": pd.date_range("2023-03-20", periods=ROWS, freq="37min", tz="Europe/Paris"),
            "ward": pd.Categorical(rng.choice(["A", "B"], ROWS)),
        }
    )  # fmt: skip
    path = tmp_path / "binary.parquet"
    source.to_parquet(path)
    frame = load_table(path).frame
    assert frame["smoker"].dtype == bool and isinstance(frame["admitted"].dtype, pd.DatetimeTZDtype)
    r = _release(frame, {"ward": Role.QUASI_IDENTIFIER}, method)
    assert list(r.data.dtypes) == list(frame.dtypes)
    assert set(r.data["smoker"]) <= {True, False}
    assert str(r.data["admitted"].dt.tz) == "Europe/Paris"
    admitted = r.data["admitted"].dropna()
    assert admitted.between(frame["admitted"].min(), frame["admitted"].max()).all()
