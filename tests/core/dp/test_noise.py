"""dp-noise on Adult: every column randomized, bounds kept, leaks reported, ε = ∞ exact."""

import math

import numpy as np
import pandas as pd
import pytest

from core.dp import DPResult, release
from core.errors import ConfigError, ValidationError
from core.protect import protect
from core.schema import Role
from core.settings import ProtectionSettings
from tests.core.dp.conftest import ADULT_BOUNDS

TEXT = ["workclass", "education", "marital-status", "occupation", "relationship", "race",
        "sex", "native-country", "income"]  # fmt: skip


def noise(frame, epsilon=1.0, *, seed=0, bounds=ADULT_BOUNDS, domain=None, **kw):
    settings = ProtectionSettings(
        method="dp-noise", epsilon=epsilon, bounds=bounds, domain=domain or {}
    )
    return release(frame, roles={}, settings=settings, seed=seed, **kw)


def test_every_column_is_randomized_within_its_bounds_and_type(adult_full):
    before = adult_full.copy()
    r = noise(adult_full, 1.0)
    pd.testing.assert_frame_equal(adult_full, before)  # the input is never modified
    assert r.data.shape == adult_full.shape and list(r.data.dtypes) == list(adult_full.dtypes)
    for col, (lo, hi) in ADULT_BOUNDS.items():
        assert r.data[col].between(lo, hi).all()
        assert (r.data[col] != adult_full[col]).mean() > 0.5  # noise of scale Δ/ε reaches all
    for col in TEXT:
        observed = set(adult_full[col].dropna())
        assert set(r.data[col].dropna()) <= observed
        assert not r.data[col].isna().any()  # no column was said to be 'may be missing'


def test_the_budget_is_split_equally_and_each_mechanism_is_reported(adult_full):
    r = noise(adult_full, 3.0)
    assert r.epsilon_spent == pytest.approx(3.0) and r.delta_spent == 0
    by_column = {m.target: m for m in r.mechanisms}
    assert set(by_column) == set(adult_full.columns)
    assert [m.epsilon for m in r.mechanisms] == pytest.approx([3.0 / 15] * 15)
    assert by_column["age"].mechanism == "GeometricTruncated"
    assert by_column["age"].bounds == (17, 90) and by_column["age"].sensitivity == 73
    assert by_column["age"].source == "user"
    assert by_column["sex"].mechanism == "randomized response"
    assert by_column["sex"].domain_size == 2 and by_column["sex"].source == "data"
    assert by_column["workclass"].domain_size == 8  # 'missing' only when said to be possible


def test_categories_read_from_the_data_are_reported_loudly(adult_full):
    r = noise(adult_full, 1.0)
    assert sorted(r.bounds_from_data) == sorted(TEXT)
    assert r.warnings[0].startswith("Privacy leak") and "native-country" in r.warnings[0]
    d = r.to_dict()
    assert "data" not in d and d["bounds_from_data"] == list(r.bounds_from_data)
    no_bounds = noise(
        adult_full[["age", "sex"]], 1.0, bounds={}, categories={"sex": ["Male", "Female"]}
    )
    assert no_bounds.bounds_from_data == ("age",)


def test_user_categories_remove_the_leak_and_unknown_values_are_refused(adult_full):
    frame = adult_full[["age", "sex"]]
    r = noise(
        frame,
        1.0,
        bounds={"age": (17, 90)},
        categories={"sex": ["Female", "Male", "Other"]},
        domain={"age": {"number": "integer"}},
    )
    assert (
        r.bounds_from_data == ()
        and r.kinds_from_data == ()
        and not any("Privacy leak" in w for w in r.warnings)
    )
    assert r.data["sex"].isin(["Female", "Male", "Other"]).all()
    with pytest.raises(ValidationError, match="'sex' holds values outside") as err:
        noise(frame, 1.0, bounds={}, categories={"sex": ["Female"]})
    assert err.value.column == "sex"


def test_randomized_response_stays_useful_for_frequencies(adult_full):
    """Debiased frequencies from the noisy column estimate the true share (LDP's use)."""
    r = noise(adult_full, 15.0, seed=3)  # ε = 1 per column
    k, p_keep = 2, math.e / (1 + math.e)
    seen = (r.data["income"] == ">50K").mean()
    other = (1 - p_keep) / (k - 1)
    estimate = (seen - other) / (p_keep - other)
    assert estimate == pytest.approx((adult_full["income"] == ">50K").mean(), abs=0.02)


def test_infinite_epsilon_releases_the_data_as_it_is(adult_full):
    r = noise(adult_full, math.inf)
    pd.testing.assert_frame_equal(r.data, adult_full)
    assert r.epsilon_spent == math.inf and r.to_dict()["epsilon_spent"] == "inf"
    assert {m.mechanism for m in r.mechanisms} == {"none (ε = ∞)"}
    assert not any("seed" in w for w in r.warnings)


def test_a_seed_reproduces_the_release_and_is_flagged(adult_full):
    frame = adult_full.head(2000)
    a, b, c = noise(frame, seed=5), noise(frame, seed=5), noise(frame, seed=6)
    pd.testing.assert_frame_equal(a.data, b.data)
    assert not a.data.equals(c.data)
    assert any("seed 5" in w for w in a.warnings)
    fresh = noise(frame, seed=None)
    assert fresh.seed is None and not any("seed" in w for w in fresh.warnings)


def test_missing_numbers_are_randomized_not_kept():
    frame = pd.DataFrame(
        {"x": [1.0, np.nan, 3.0, np.nan] * 50, "n": pd.array([1, None, 3, 4] * 50)}
    )
    r = noise(frame, 2.0, bounds={"x": (0.0, 4.0), "n": (0, 5)})
    assert not r.data.isna().any().any()
    assert r.data["n"].dtype == "int64" and r.data["n"].between(0, 5).all()
    assert "that no column is missing" in r.guarantee and "middle of its range" in r.guarantee


@pytest.mark.parametrize("method", ["dp-noise", "dp-synthetic"])
def test_whole_numbers_loaded_as_floats_stay_whole(method):
    ages = pd.Series([30.0, np.nan, 41.0, 52.0] * 100)  # how an int column with gaps loads
    settings = ProtectionSettings(method=method, epsilon=1.0, bounds={"age": (17, 90)})
    r = release(pd.DataFrame({"age": ages}), roles={}, settings=settings, seed=0)
    values = r.data["age"].dropna()
    assert r.data["age"].dtype == "int64" and (values == values.round()).all()
    assert "'age' holds whole numbers (read from the data: the column types as loaded)" in (
        r.guarantee
    )
    assert r.kinds_from_data == ("age",) and "whether age holds whole numbers" in r.warnings[0]
    assert r.mechanisms[0].mechanism in ("GeometricTruncated", "histogram (GeometricTruncated)")


def test_protect_dispatches_dp_noise_and_drops_identifiers(adult_full):
    frame = adult_full.head(500).assign(id=range(500))
    roles = {"id": Role.IDENTIFIER, "age": Role.QUASI_IDENTIFIER, "income": Role.SENSITIVE}
    bounds = {**ADULT_BOUNDS, "id": (0, 1000)}  # bounds of a left-out column are no typo
    settings = ProtectionSettings(method="dp-noise", epsilon=2.0, bounds=bounds)
    r = protect(frame, roles, settings, seed=1)
    assert isinstance(r, DPResult) and "id" not in r.data.columns
    assert r.epsilon_spent == pytest.approx(2.0) and len(r.mechanisms) == 15
    kept = ProtectionSettings(
        method="dp-noise", epsilon=2.0, bounds=bounds, identifiers="pseudonymize"
    )
    pseudo = protect(frame, roles, kept, key=b"k" * 32)
    assert "id" not in pseudo.data.columns
    assert any("Identifier column 'id' was left out" in w for w in pseudo.warnings)


@pytest.mark.parametrize(
    ("frame", "settings", "error", "match"),
    [
        (pd.DataFrame({"a": []}), {}, ValidationError, "no rows"),
        (pd.DataFrame({"a": [np.nan, np.nan]}), {}, ValidationError, "'a' has no values"),
        (pd.DataFrame({"d": pd.to_datetime([None, None])}), {}, ValidationError, "no dates"),
        (pd.DataFrame({"t": [f"v{i}" for i in range(1200)]}), {}, ValidationError, "t: too many"),
        (pd.DataFrame({"a": [1]}), {"bounds": {"b": (0, 1)}}, ConfigError, "not in the table"),
        (pd.DataFrame({"a": ["x"]}), {"bounds": {"a": (0, 1)}}, ConfigError, "not numeric"),
        (pd.DataFrame({"a": [1]}), {"bounds": {"a": (0.2, 0.8)}}, ConfigError, "no integer"),
        (pd.DataFrame({"a": [1]}), {"epsilon": None}, ConfigError, "needs a privacy budget"),
    ],
)
def test_bad_input_gets_a_clear_message(frame, settings, error, match):
    s = ProtectionSettings(**{"method": "dp-noise", "epsilon": 1.0, **settings})
    with pytest.raises(error, match=match):
        release(frame, roles={}, settings=s)


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"a": [5], "b": ["x"]}),  # one row
        pd.DataFrame({"a": [7] * 20, "b": ["same"] * 20}),  # constant columns
        pd.DataFrame({"a": [np.nan] * 5, "b": [None] * 5}),  # all missing (bounds given)
    ],
)
@pytest.mark.parametrize("method", ["dp-noise", "dp-synthetic"])
def test_degenerate_tables_are_released(frame, method):
    bounds = {"a": (0, 10)} if frame["a"].isna().all() else {}
    r = release(
        frame,
        roles={},
        settings=ProtectionSettings(method=method, epsilon=1.0, bounds=bounds),
        seed=0,
    )
    assert list(r.data.columns) == ["a", "b"]
    assert r.epsilon_spent == pytest.approx(1.0)
    if method == "dp-noise":
        assert len(r.data) == len(frame)
