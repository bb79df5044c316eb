"""Cancel really stops: forests grow in batches with a cancel point between them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.ensemble import RandomForestClassifier

from core.errors import JobCancelled
from core.jobs import Monitor
from core.model.stoppable import TREES_PER_BATCH, fit_stoppable
from tests.core.cancel_harness import cpu_after_cancel


def _adult_xy(adult_frame, n: int = 4000) -> tuple[np.ndarray, np.ndarray]:
    rows = adult_frame.head(n)
    x = np.column_stack([rows["age"], rows["education"].factorize()[0], rows["sex"] == "Male"])
    return x, (rows["salary-class"] == ">50K").to_numpy(int)


def test_batched_forest_is_identical_to_one_fit(adult_frame):
    x, y = _adult_xy(adult_frame)
    whole = RandomForestClassifier(n_estimators=45, random_state=7).fit(x, y)
    fresh = RandomForestClassifier(n_estimators=45, random_state=7)
    batched = fit_stoppable(fresh, x, y, Monitor())
    assert len(batched.estimators_) == 45
    assert not batched.warm_start
    np.testing.assert_array_equal(batched.predict_proba(x), whole.predict_proba(x))


def test_cancelled_monitor_stops_before_the_next_batch(adult_frame):
    x, y = _adult_xy(adult_frame)
    monitor = Monitor()
    forest = RandomForestClassifier(n_estimators=10 * TREES_PER_BATCH, random_state=0)
    original_fit = forest.fit

    def fit_then_cancel(*args):
        result = original_fit(*args)
        monitor.cancel()  # Cancel pressed while the first batch was growing
        return result

    forest.fit = fit_then_cancel
    with pytest.raises(JobCancelled):
        fit_stoppable(forest, x, y, monitor)
    assert len(forest.estimators_) == TREES_PER_BATCH


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_cancel_drops_cpu_to_zero_within_two_seconds(adult_full_csv):
    used, outcome = cpu_after_cancel("rf", adult_full_csv, copies=6, cancel_after=6)
    assert used < 0.2, f"{used:.2f} s of CPU in [cancel+2 s, cancel+4 s]"
    assert outcome.startswith("cancelled"), outcome


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_harness_sees_a_step_that_ignores_cancel(adult_full_csv):
    """The CPU measurement can fail: a step deaf to Cancel keeps its core busy."""
    used, outcome = cpu_after_cancel("deaf", adult_full_csv, copies=1, cancel_after=0.5)
    assert used >= 0.2, f"only {used:.2f} s of CPU in [cancel+2 s, cancel+4 s]"
    assert outcome == "still running"
