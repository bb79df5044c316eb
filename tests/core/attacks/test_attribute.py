"""Attribute inference on Adult: leakage about the released people is separated from what
anyone could infer about anyone (control set), against the majority-class baseline."""

import numpy as np
import pytest

from core.assess import assess
from core.attacks.attribute import attack_risk, attribute_result
from core.settings import AssessmentSettings, ProtectionSettings
from tests.conftest import adult_roles


def attribute_only(frame, protection, hierarchies=None, sensitive="occupation"):
    return assess(
        frame, adult_roles(sensitive), protection,
        AssessmentSettings(model="logreg", attacks=("attribute",)),
        hierarchies=hierarchies, seed=0,
    )  # fmt: skip


@pytest.fixture(scope="module")
def sample(adult_frame):
    return adult_frame.sample(8000, random_state=3)


@pytest.fixture(scope="module")
def k20(sample, adult_qi_hierarchies):
    return attribute_only(
        sample, ProtectionSettings(method="optimal", k=20, suppression=0.05), adult_qi_hierarchies
    )


def test_linkage_risk_drops_from_raw_members_to_a_k20_release(k20):
    raw, protected = k20.before.attribute["linkage"], k20.after.attribute["linkage"]
    assert raw.risk > 0.3
    assert protected.risk < raw.risk / 3
    assert protected.risk_ci[1] < raw.risk_ci[0]
    assert raw.success_members > protected.success_members
    assert k20.after.attribute["ml"].risk < k20.before.attribute["ml"].risk


def test_every_attack_reports_both_sets_and_the_baseline(k20):
    for side in (k20.before, k20.after):
        assert set(side.attribute) == {"linkage", "ml", "inversion"}
        for r in side.attribute.values():
            assert r.n_members == r.n_control == 2000
            assert 0.1 < r.baseline < 0.2  # most common occupation, about 13%
            for value, (lo, hi) in (
                (r.risk, r.risk_ci),
                (r.success_members, r.success_members_ci),
                (r.success_control, r.success_control_ci),
            ):
                assert 0.0 <= lo <= value <= hi <= 1.0


def test_the_control_set_removes_what_anyone_could_infer(sample, adult_qi_hierarchies):
    """'gender' follows from the public sex QI, with 5% of values flipped at random. In a
    k=20 release (sex kept as is) every attack guesses from sex, right about 95% of the time
    for members and non-members alike: far above the majority guess, yet no risk specific
    to the release. The raw release, by contrast, gives away the flipped values of its
    unique members."""
    frame = sample.copy()
    flip = np.random.default_rng(0).random(len(frame)) < 0.05
    frame["gender"] = np.where((frame["sex"] == "Male").to_numpy() ^ flip, "m", "f")
    result = attribute_only(
        frame, ProtectionSettings(method="optimal", k=20, suppression=0.05), adult_qi_hierarchies,
        sensitive="gender",
    )  # fmt: skip
    assert result.protection.transformation["sex"] == 0
    for name in ("linkage", "ml"):
        after, before = result.after.attribute[name], result.before.attribute[name]
        assert after.success_members > after.baseline + 0.2, name
        assert after.success_members == pytest.approx(0.95, abs=0.02), name
        assert abs(after.success_control - after.success_members) < 0.02, name
        assert after.risk < 0.15 and after.risk_ci[0] == 0.0, name
        assert before.risk > after.risk + 0.15, name


def test_warnings_fire_when_an_attack_is_no_better_than_the_baseline(sample, adult_qi_hierarchies):
    """A sensitive value drawn at random, 90% one value: nothing beats guessing it."""
    frame = sample.copy()
    rng = np.random.default_rng(0)
    frame["flag"] = rng.choice(["no", "yes", "maybe"], size=len(frame), p=[0.9, 0.05, 0.05])
    result = attribute_only(
        frame, ProtectionSettings(method="optimal", k=20), sensitive="flag",
        hierarchies=adult_qi_hierarchies,
    )  # fmt: skip
    after = result.after.attribute
    assert any("better than" in w for r in after.values() for w in r.warnings)
    assert all(r.risk_ci[0] == 0.0 for r in after.values())


def test_risk_formula_and_conservative_interval():
    risk, (lo, hi) = attack_risk(800, 1000, 500, 1000)
    assert risk == pytest.approx((0.8 - 0.5) / 0.5)
    assert lo < risk < hi
    assert attack_risk(500, 1000, 800, 1000)[0] == 0.0  # members guessed worse: no risk
    assert attack_risk(10, 10, 10, 10) == (0.0, (0.0, 0.0))  # control always right
    risk, (lo, hi) = attack_risk(2000, 2000, 1980, 2000)
    assert risk == 1.0 and 0.8 < lo < 1.0 and hi == 1.0


def test_attribute_result_counts_unknown_truths_as_misses():
    truth_m = np.array([0, 1, 2, -1])
    r = attribute_result(
        "linkage", "s", guesses=(np.array([0, 1, 2, -1]), np.zeros(4, int)),
        truth=(truth_m, np.array([0, 0, 1, 1])), majority=0,
    )  # fmt: skip
    assert r.success_members == 0.75
    assert r.success_control == 0.5
    assert r.baseline == 0.25 and r.baseline_control == 0.5
    assert r.warnings == () or "not significantly" in r.warnings[0]
