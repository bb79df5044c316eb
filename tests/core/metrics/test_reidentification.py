"""Re-identification risk on the real Adult table, cross-checked by an independent groupby."""

import numpy as np
import pandas as pd
import pytest

from core.errors import ValidationError
from core.metrics import reidentification
from core.metrics.classes import class_ids


def test_adult_all_nine_columns_matches_the_published_summary(adult_frame):
    r = reidentification(adult_frame, list(adult_frame.columns))
    assert r.records == 30162
    assert r.equivalence_classes == 19502
    assert r.unique_records == 15512
    assert round(r.unique_fraction, 3) == 0.514
    assert round(r.average_risk, 4) == 0.6466
    assert r.highest_risk == 1.0
    assert r.min_class_size == 1


def test_adult_risk_profile_agrees_with_a_plain_groupby(adult_frame):
    qis = ["sex", "age", "race", "education"]
    r = reidentification(adult_frame, qis)
    sizes = adult_frame.groupby(qis, dropna=False)[qis[0]].transform("size").to_numpy()
    np.testing.assert_allclose(r.record_risk, 1 / sizes)
    for t, share in r.records_at_risk.items():
        assert share == pytest.approx(np.mean(1 / sizes > float(t)))
    hist = r.class_size_histogram
    assert sum(hist["records"]) == len(adult_frame)
    assert sum(hist["classes"]) == r.equivalence_classes
    per_class = adult_frame.groupby(qis, dropna=False).size()
    assert hist["classes"][0] == (per_class == 1).sum()
    assert hist["records"][-1] == per_class[per_class >= 50].sum()


def test_missing_values_form_their_own_class():
    df = pd.DataFrame({"a": ["x", None, None, "x"], "b": [1.0, np.nan, np.nan, 2.0]})
    r = reidentification(df, ["a", "b"])
    assert r.equivalence_classes == 3
    assert r.unique_records == 2


def test_many_wide_columns_do_not_overflow_the_key():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({f"c{i}": rng.integers(0, 5000, 3000) for i in range(8)})
    ids, n = class_ids(df, list(df.columns))
    assert n == len(df.drop_duplicates())
    assert ids.max() == n - 1


def test_journalist_and_marketer_risk_scale_with_the_population(adult_frame):
    qis = ["sex", "age", "race"]
    own = reidentification(adult_frame, qis, population_size=len(adult_frame))
    big = reidentification(adult_frame, qis, population_size=10 * len(adult_frame))
    assert own.journalist_risk["average_risk"] == pytest.approx(own.average_risk)
    assert own.marketer_risk == pytest.approx(own.average_risk)
    assert big.journalist_risk["highest_risk"] == pytest.approx(own.highest_risk / 10)
    assert big.marketer_risk < own.marketer_risk
    assert big.journalist_risk["sampling_fraction"] == pytest.approx(0.1)
    half = reidentification(adult_frame, qis, sampling_fraction=0.5)
    assert half.journalist_risk["population_size"] == 2 * len(adult_frame)
    assert reidentification(adult_frame, qis).journalist_risk is None


@pytest.mark.parametrize(
    ("qis", "kwargs", "match"),
    [
        ([], {}, "at least one quasi-identifier"),
        (["sex", "zip"], {}, "'zip' is not in the table"),
        (["sex"], {"population_size": 10}, "smaller than the table"),
        (["sex"], {"sampling_fraction": 1.5}, "sampling fraction"),
    ],
)
def test_bad_input_gives_a_message_naming_the_problem(adult_frame, qis, kwargs, match):
    with pytest.raises(ValidationError, match=match):
        reidentification(adult_frame, qis, **kwargs)


def test_degenerate_tables():
    empty = reidentification(pd.DataFrame({"a": pd.Series([], dtype=str)}), ["a"])
    assert (empty.records, empty.equivalence_classes, empty.average_risk) == (0, 0, 0.0)
    one = reidentification(pd.DataFrame({"a": ["x"]}), ["a"])
    assert (one.unique_records, one.highest_risk, one.average_risk) == (1, 1.0, 1.0)
    same = reidentification(pd.DataFrame({"a": ["x"] * 10}), ["a"])
    assert same.highest_risk == pytest.approx(0.1)
    assert same.records_at_risk["0.09"] == 1.0
    assert same.records_at_risk["0.1"] == 0.0
