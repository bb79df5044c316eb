"""The proxy model's encoding: fitted on the release only, mapping original records onto
the release's generalized values exactly as the published hierarchy would."""

import numpy as np
import pandas as pd
import pytest

from core.model import FeatureSpace, ReleaseLink, fit_coder, fit_proxy, recipe
from core.model.labels import parse_range
from core.protect import protect
from core.schema import Role
from core.settings import ProtectionSettings
from tests.conftest import ADULT_QIS

QIS = ADULT_QIS


@pytest.fixture(scope="module")
def k_release(adult_frame, adult_qi_hierarchies):
    frame = adult_frame.sample(6000, random_state=1)
    members, others = frame.iloc[:3000], frame.iloc[3000:]
    roles = {q: Role.QUASI_IDENTIFIER for q in QIS} | {"occupation": Role.SENSITIVE}
    hierarchies = adult_qi_hierarchies
    result = protect(
        members, roles, ProtectionSettings(method="optimal", k=10), hierarchies=hierarchies
    )
    return members, others, result, hierarchies


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("20-29", (20, 29)),
        ("[20, 30[", (20, 30)),
        ("(1.5-2.5]", (1.5, 2.5)),
        (">=60", (60, 60)),
        ("60+", (60, 60)),
        ("<20", (20, 20)),
        ("1970s", (1970, 1979)),
        ("42", (42, 42)),
        ("Bachelors", None),
    ],
)
def test_generalized_labels_read_as_ranges(label, expected):
    assert parse_range(label) == expected


def test_suppressed_labels_are_missing_and_dates_read_as_years():
    assert all(np.isnan(parse_range("*")))
    lo, hi = parse_range("1970-07", dates=True)
    assert lo == hi == pytest.approx(1970.5, abs=0.01)


def test_original_values_land_on_their_released_generalization(k_release):
    """For every QI, a non-member's value maps to exactly the label the hierarchy gives it
    at the level the anonymizer chose (an independent recomputation)."""
    members, others, result, hierarchies = k_release
    release = result.data
    space = FeatureSpace.fit(release, QIS, members=members, link=ReleaseLink(aligned=True))
    for q in QIS:
        coder = space.coder(q)
        level = result.transformation[q]
        expected = hierarchies[q].generalize(others[q].astype(str), level).astype(str)
        if coder.kind == "numeric":
            np.testing.assert_array_equal(coder.original_numbers(others[q]), others[q])
            continue
        codes = coder.original_codes(others[q])
        got = np.where(codes >= 0, coder.vocab.to_numpy()[np.maximum(codes, 0)], "?")
        seen = expected.isin(coder.vocab).to_numpy()
        assert seen.mean() > 0.95, q
        np.testing.assert_array_equal(got[seen], expected.to_numpy()[seen], err_msg=q)


def test_with_the_public_hierarchy_every_value_maps_exactly(k_release):
    """Values whose members were all suppressed (or that no member has) still reach their
    released label through the hierarchy at the chosen level."""
    from core.assessment.link import release_link

    members, others, result, hierarchies = k_release
    settings = ProtectionSettings(method="optimal", k=10)
    link = release_link(settings, result, result.data, members, hierarchies)
    assert link.aligned
    assert set(link.generalizers) == {q for q, lv in result.transformation.items() if lv > 0}
    space = FeatureSpace.fit(result.data, QIS, members=members, link=link)
    for q in link.generalizers:
        coder = space.coder(q)
        expected = hierarchies[q].generalize(others[q], result.transformation[q]).astype(str)
        known = expected.isin(coder.vocab).to_numpy()
        got = coder.vocab.to_numpy()[coder.original_codes(others[q])[known]]
        np.testing.assert_array_equal(got, expected.to_numpy()[known], err_msg=q)
    atlantis = others.iloc[:3].assign(**{"native-country": "Atlantis"})
    assert space.coder("native-country").original_codes(atlantis["native-country"]).min() >= -1


def test_interval_columns_become_midpoints_on_both_sides(adult_frame):
    release = pd.Series(["20-29", "30-39", "*", "30-39"], name="age")
    original = pd.Series([25, 31, 70, 38], name="age")
    coder = fit_coder("age", release, original=original)
    assert coder.kind == "interval"
    np.testing.assert_allclose(coder.release_numbers(release)[[0, 1, 3]], [24.5, 34.5, 34.5])
    assert np.isnan(coder.release_numbers(release)[2])
    # a value no released range contains is released as '*': missing, like the '*' rows
    np.testing.assert_allclose(
        coder.original_numbers(pd.Series([22, 35, 70])), [24.5, 34.5, np.nan]
    )
    without_star = fit_coder("age", release[release != "*"], original=original)
    assert without_star.original_numbers(pd.Series([70]))[0] == 70.0  # nothing better known


def test_nothing_is_learned_from_non_members(adult_frame):
    members = adult_frame.iloc[:2000]
    space = FeatureSpace.fit(members, QIS, members=members)
    outsiders = adult_frame.iloc[2000:].copy()
    outsiders.loc[outsiders.index[:50], "native-country"] = "Atlantis"
    coder = space.coder("native-country")
    assert "Atlantis" not in coder.vocab
    codes = coder.original_codes(outsiders["native-country"])
    assert np.all(codes[:50] == -1) and np.all(codes[50:] >= -1)
    dense = space.encode(outsiders, released=False, dense=True)
    assert dense.min() >= 0 and dense.max() <= 1
    again = FeatureSpace.fit(members, QIS, members=members)
    np.testing.assert_array_equal(
        again.encode(members, released=True, dense=False),
        space.encode(members, released=True, dense=False),
    )


@pytest.mark.parametrize("model", ["rf", "hgb", "logreg", "dp-nb", "dp-rf", "dp-logreg"])
def test_every_proxy_family_trains_on_the_release_and_scores_originals(adult_frame, model):
    frame = adult_frame.sample(3000, random_state=2)
    members, others = frame.iloc[:2000], frame.iloc[2000:]
    features = [c for c in frame.columns if c != "salary-class"]
    trained = fit_proxy(
        members, members, target="salary-class", features=features,
        recipe=recipe(model, 1.0), link=ReleaseLink(), seed=0,
    )  # fmt: skip
    proba = trained.proba_original(others)
    assert proba.shape == (1000, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)
    assert not any("Privacy leak" in w for w in trained.warnings)
    if not model.startswith("dp-"):
        accuracy = np.mean(proba.argmax(axis=1) == trained.label_codes(others))
        assert accuracy > 0.78  # majority class is about 0.75


def test_masked_codes_map_to_the_most_specific_released_mask():
    release = pd.Series(["484**", "48***", "4831*", "*"], name="zip")
    coder = fit_coder("zip", release, original=pd.Series(["48412"] * 4))
    got = coder.original_codes(pd.Series(["48412", "48999", "48315", "99999", None]))
    assert coder.vocab.to_numpy()[got].tolist() == ["484**", "48***", "4831*", "*", "*"]


def test_mondrian_date_ranges_contain_the_original_dates():
    release = pd.Series(["1968-09-28..1982-03-12", "1935-08-16..1953-07-03", "*"])
    original = pd.to_datetime(pd.Series(["1970-01-01", "1940-06-30", "1999-01-01"]))
    coder = fit_coder("date_of_birth", release, original=original)
    assert coder.kind == "interval"
    codes = coder.original_codes(original)
    assert coder.vocab.to_numpy()[codes].tolist() == [*release[:2], "*"]
    assert coder.original_numbers(original)[0] == pytest.approx((1968.74 + 1982.19) / 2, abs=0.01)
