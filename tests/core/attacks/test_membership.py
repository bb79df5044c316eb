"""Membership inference on Adult: an overfit forest leaks, a DP model does not, a random
attacker gets nothing, and every figure carries an interval that contains it."""

import math

import numpy as np
import pytest

from core.attacks.membership import dp_advantage_ceiling, membership_result
from tests.core.attacks.conftest import membership_only


@pytest.fixture(scope="module")
def overfit(adult_full_10k):
    return membership_only(adult_full_10k, "rf").before.membership


@pytest.fixture(scope="module")
def dp_logreg(adult_full_10k):
    return membership_only(adult_full_10k, "dp-logreg", epsilon=1.0).before


def test_an_overfit_forest_leaks_membership(overfit):
    for name in ("threshold", "shadow", "lira"):
        r = overfit[name]
        assert r.n_members == r.n_non_members == 2500
        assert r.auc_ci[0] > 0.55, name
        assert r.advantage > r.null_advantage
        assert not any("random guessing" in w for w in r.warnings)


def test_lira_beats_the_threshold_attack_at_low_fpr(overfit):
    """The forest gives many members and non-members confidence 1.0: a global threshold is
    blind there; LiRA's per-record calibration is not."""
    lira, threshold = overfit["lira"], overfit["threshold"]
    assert lira.tpr_at_fpr["0.01"] > 1.5 * threshold.tpr_at_fpr["0.01"]
    assert lira.tpr_at_fpr["0.01"] > 0.02
    assert lira.auc > threshold.auc


def test_raw_release_gives_itself_away_to_the_distance_attack(overfit):
    assert overfit["distance"].auc > 0.99


def test_a_dp_logistic_regression_at_epsilon_1_leaks_nothing_measurable(dp_logreg):
    ceiling = (math.e - 1) / (math.e + 1)
    for name in ("threshold", "shadow", "lira"):
        r = dp_logreg.membership[name]
        assert abs(r.auc - 0.5) < 0.03, name
        assert r.dp_ceiling == pytest.approx(ceiling)
        assert r.advantage < ceiling
    assert dp_logreg.membership["distance"].dp_ceiling is None  # the raw release is not DP
    assert not any("Privacy leak" in w for w in dp_logreg.warnings)


def test_a_random_guess_attacker_has_no_advantage_and_is_told_so(adult_full_10k):
    rng = np.random.default_rng(0)
    rows = adult_full_10k.index[:3000]
    r = membership_result("random", rng.random(3000), rng.random(3000), rows, rng=rng)
    assert abs(r.auc - 0.5) < 0.02
    assert r.auc_ci[0] < 0.5 < r.auc_ci[1]
    assert r.advantage <= r.null_advantage
    assert any("no better than random guessing" in w for w in r.warnings)


def test_intervals_contain_their_estimates_and_lie_in_the_unit_interval(overfit, dp_logreg):
    for r in [*overfit.values(), *dp_logreg.membership.values()]:
        for value, (lo, hi) in ((r.auc, r.auc_ci), (r.advantage, r.advantage_ci)):
            assert 0.0 <= lo <= value <= hi <= 1.0


def test_records_most_at_risk_are_members_with_the_top_scores(overfit, adult_full_10k):
    r = overfit["lira"]
    assert len(r.at_risk) == 10
    scores = [x["score"] for x in r.at_risk]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= x["row"] < len(adult_full_10k) for x in r.at_risk)


def test_small_samples_say_what_they_cannot_resolve():
    rng = np.random.default_rng(1)
    r = membership_result("threshold", rng.random(400), rng.random(400), np.arange(400), rng=rng)
    assert r.tpr_at_fpr["0.001"] is None
    assert any("cannot be resolved" in w for w in r.warnings)


@pytest.mark.parametrize(
    ("epsilon", "delta", "expected"),
    [(1.0, 0.0, 0.4621), (0.1, 0.0, 0.04996), (10.0, 0.0, 0.99991), (math.inf, 0.0, 1.0)],
)
def test_dp_ceiling_on_advantage(epsilon, delta, expected):
    assert dp_advantage_ceiling(epsilon, delta) == pytest.approx(expected, abs=1e-4)
    assert dp_advantage_ceiling(None) is None


def test_an_advantage_above_the_dp_ceiling_is_flagged():
    rng = np.random.default_rng(2)
    r = membership_result(
        "threshold", rng.random(2000) + 0.5, rng.random(2000), np.arange(2000), rng=rng,
        dp_ceiling=dp_advantage_ceiling(0.1),
    )  # fmt: skip
    assert any("exceeds the differential-privacy ceiling" in w for w in r.warnings)
