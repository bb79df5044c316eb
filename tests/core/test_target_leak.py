"""A single column that restates the target is named; Adult's columns raise no false alarm."""

import numpy as np
import pandas as pd

from core.target_leak import target_leaks


def compas_like(n: int = 2_000, seed: int = 0) -> pd.DataFrame:
    """two_year_recid restated by is_recid (99 %) and event (as text), among honest columns."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    return pd.DataFrame(
        {
            "id": np.arange(n),  # unique per person: memorizes, but predicts nothing new
            "name": [f"person {i}" for i in range(n)],
            "age": rng.integers(18, 80, n),
            "priors_count": rng.poisson(2, n) + y,  # related, far from a restatement
            "sex": rng.choice(["Male", "Female"], n),
            "c_jail_in": pd.Timestamp("2013-01-01") + pd.to_timedelta(rng.integers(0, 700, n), "D"),
            "two_year_recid": y,
            "is_recid": np.where(rng.random(n) < 0.99, y, 1 - y),
            "event": np.where(y == 1, "reoffended", "no"),
        }
    )


def test_restating_columns_are_named_most_predictive_first():
    leaks = target_leaks(compas_like(), "two_year_recid")
    assert [leak.column for leak in leaks] == ["event", "is_recid"]
    event, is_recid = leaks
    assert event.accuracy == 1.0 and 0.98 <= is_recid.accuracy < 1.0
    assert 0.45 < is_recid.baseline < 0.55
    sentence = is_recid.sentence()
    assert sentence.startswith("'is_recid' predicts 'two_year_recid' 99% of the time")
    assert "set it to Leave out" in sentence


def test_only_the_given_columns_and_missing_values_count():
    frame = compas_like()
    frame.loc[::7, "event"] = None  # a missing value is a value of its own
    assert [x.column for x in target_leaks(frame, "two_year_recid", ["age", "is_recid"])] == [
        "is_recid"
    ]
    assert target_leaks(frame, "missing") == ()


def test_a_rare_target_needs_far_fewer_mistakes_than_its_baseline():
    rng = np.random.default_rng(2)
    n = 5_000
    y = (rng.random(n) < 0.01).astype(int)  # always guessing 0 is right 99 % of the time
    frame = pd.DataFrame({"y": y, "noise": rng.integers(0, 3, n)})
    assert target_leaks(frame, "y") == ()
    frame["flag"] = y
    assert [x.column for x in target_leaks(frame, "y")] == ["flag"]


def test_adult_salary_class_raises_no_false_alarm(adult_frame):
    assert target_leaks(adult_frame, "salary-class") == ()
    assert target_leaks(adult_frame, "sex") == ()
