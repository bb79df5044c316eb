"""Membership scoring figures: AUC, advantage, low-FPR TPR, ties, nulls and intervals."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import roc_auc_score, roc_curve

from core.metrics.roc import null_advantage, summarize


def rng(seed=0):
    return np.random.default_rng(seed)


def test_auc_and_advantage_match_scikit_learn_without_ties():
    r = rng()
    members, others = r.normal(0.4, 1, 3000), r.normal(0, 1, 3000)
    s = summarize(members, others, rng=rng(1))
    y = np.r_[np.ones(3000), np.zeros(3000)]
    scores = np.r_[members, others]
    fpr, tpr, _ = roc_curve(y, scores)
    assert s.auc == pytest.approx(roc_auc_score(y, scores))
    assert s.advantage == pytest.approx(np.max(tpr - fpr))
    assert s.tpr_at_fpr["0.01"] == pytest.approx(tpr[fpr <= 0.01].max())
    assert s.auc_ci[0] < s.auc < s.auc_ci[1]
    assert s.advantage_ci[0] < s.advantage < s.advantage_ci[1]
    assert s.auc_ci[0] > 0.5
    assert s.p_value < 1e-10


def test_random_scores_show_no_advantage():
    r = rng(3)
    s = summarize(r.random(5000), r.random(5000), rng=r)
    assert s.auc_ci[0] < 0.5 < s.auc_ci[1]
    assert abs(s.auc - 0.5) < 0.015
    assert s.advantage <= s.null_advantage


def test_ties_are_broken_at_random_not_in_the_attackers_favour():
    """All-equal scores must not give a free jump to TPR 1 at FPR 0."""
    s = summarize(np.ones(5000), np.ones(5000), rng=rng())
    assert abs(s.auc - 0.5) < 0.02
    assert s.tpr_at_fpr["0.01"] == pytest.approx(0.01, abs=0.006)
    assert s.advantage < s.null_advantage


def test_perfect_separation():
    s = summarize(np.full(500, 0.9), np.full(500, 0.1), rng=rng())
    assert (s.auc, s.advantage) == (1.0, 1.0)
    assert s.auc_ci == (1.0, 1.0)
    assert s.tpr_at_fpr["0.01"] == 1.0


def test_low_fpr_needs_enough_non_members():
    r = rng()
    s = summarize(r.random(500), r.random(500), rng=r)
    assert s.tpr_at_fpr["0.01"] is not None
    assert s.tpr_at_fpr["0.001"] is None
    assert s.lowest_resolvable_fpr == pytest.approx(0.002)


def test_roc_curve_is_thin_monotone_and_spans_the_square():
    r = rng()
    s = summarize(r.normal(1, 1, 20000), r.normal(0, 1, 20000), rng=r)
    fpr, tpr = np.array(s.roc["fpr"]), np.array(s.roc["tpr"])
    assert len(fpr) <= 200 and len(fpr) == len(tpr)
    assert fpr[0] == 0 and fpr[-1] == 1 and tpr[-1] == 1
    assert np.all(np.diff(fpr) > 0) and np.all(np.diff(tpr) >= 0)
    assert fpr[1] == pytest.approx(1e-4)


def test_same_seed_same_figures_and_nan_scores_rank_last():
    r = rng()
    m, o = r.random(1000), r.random(1000)
    m[:10] = np.nan
    a, b = summarize(m, o, rng=rng(5)), summarize(m, o, rng=rng(5))
    assert (a.auc, a.auc_ci, a.advantage_ci) == (b.auc, b.auc_ci, b.advantage_ci)
    assert np.all(np.isin(np.arange(10), a.order[-20:]))


def test_null_advantage_is_the_ks_critical_value():
    # one-sided KS at 5%: sqrt(ln(20)/2) * sqrt((p+q)/(p*q))
    assert null_advantage(1000, 1000) == pytest.approx(1.2239 * np.sqrt(2 / 1000), rel=1e-4)
    r = rng(11)
    exceed = [
        summarize(r.random(400), r.random(400), rng=r, n_bootstrap=0).advantage
        > null_advantage(400, 400)
        for _ in range(200)
    ]
    assert 0.01 <= np.mean(exceed) <= 0.10


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0, float("nan")]), min_size=1, max_size=60),
    st.lists(st.floats(0, 1), min_size=1, max_size=60),
    st.integers(0, 2**16),
)
def test_figures_and_intervals_stay_in_the_unit_square(members, others, seed):
    s = summarize(np.array(members), np.array(others), rng=rng(seed), n_bootstrap=50)
    for value, (lo, hi) in ((s.auc, s.auc_ci), (s.advantage, s.advantage_ci)):
        assert 0.0 <= lo <= value <= hi <= 1.0
    assert 0.0 <= s.p_value <= 1.0
    tprs = [t for t in s.tpr_at_fpr.values() if t is not None]
    assert all(0.0 <= t <= 1.0 for t in tprs)
