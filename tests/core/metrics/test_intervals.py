"""Wilson and bootstrap intervals: correct, bounded, containing their estimate."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from core.metrics import bootstrap_interval, wilson_interval


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (10, 10), (512, 1000), (1, 3000)])
def test_wilson_matches_scipy(k, n):
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert wilson_interval(k, n) == pytest.approx((ci.low, ci.high))


@given(st.integers(0, 500), st.integers(1, 500))
def test_wilson_is_bounded_and_contains_the_rate(k, n):
    k = min(k, n)
    lo, hi = wilson_interval(k, n)
    assert 0.0 <= lo <= k / n <= hi <= 1.0


def test_no_trials_means_no_knowledge():
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_bootstrap_interval_is_widened_to_contain_the_estimate_and_clipped():
    reps = np.linspace(0.2, 0.4, 101)
    assert bootstrap_interval(reps, 0.3) == pytest.approx((0.205, 0.395))
    assert bootstrap_interval(reps, 0.5)[1] == 0.5
    assert bootstrap_interval(np.array([0.99, 1.2]), 1.0) == (pytest.approx(0.99525), 1.0)
