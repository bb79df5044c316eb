"""Releases of the real Adult data satisfy k, ℓ, t and the suppression limit, checked here
with an independent pandas computation (not the engine's own counters)."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import wasserstein_distance

from core.hierarchy import Hierarchy
from core.privacy import anonymize
from core.settings import ProtectionSettings
from tests.core.privacy import reference as ref

QIS = ["sex", "age", "race", "marital-status", "education", "native-country", "workclass"]
SENSITIVE = "occupation"
SLOW = settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def hierarchies(adult_hierarchy_files):
    return {c: Hierarchy.from_arx_csv(p) for c, p in adult_hierarchy_files.items()}


def released_classes(result) -> pd.core.groupby.SeriesGroupBy:
    return result.data.groupby(list(result.qis), sort=False)[SENSITIVE]


def check_release(result, original: pd.DataFrame, kw: dict) -> None:
    """The invariants every release must meet, recomputed from the released table."""
    data = result.data
    limit = math.floor(kw.get("suppression", 0.0) * len(original))
    assert len(original) - len(data) == result.suppressed_records <= limit
    classes = released_classes(result)
    sizes = classes.size()
    assert sizes.min() >= kw["k"]
    assert result.min_class_size == sizes.min() and result.equivalence_classes == len(sizes)
    counts = classes.value_counts().unstack(fill_value=0).to_numpy(float)
    n = counts.sum(axis=1)
    if kw.get("l"):
        l = kw["l"]
        assert ((counts > 0).sum(axis=1) >= l).all()
        p = counts / n[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            entropy = -np.nansum(np.where(p > 0, p * np.log(p), 0.0), axis=1)
        if kw.get("l_variant") == "entropy":
            assert (entropy >= math.log(l) - 1e-9).all()
        if kw.get("l_variant") == "recursive":
            r = -np.sort(-counts, axis=1)
            assert (r[:, 0] < kw["c"] * r[:, l - 1 :].sum(axis=1)).all()
    if kw.get("t"):
        q = original[SENSITIVE].value_counts(normalize=True)
        table = data.groupby(list(result.qis))[SENSITIVE].value_counts(normalize=True)
        for _, p in table.groupby(level=list(range(len(result.qis)))):
            p = p.droplevel(list(range(len(result.qis)))).reindex(q.index, fill_value=0)
            assert 0.5 * (p - q).abs().sum() <= kw["t"] + 1e-9
    others = [c for c in original.columns if c not in result.qis]
    pd.testing.assert_frame_equal(data[others], original.loc[data.index, others])


@SLOW
@given(
    k=st.integers(2, 25),
    suppression=st.sampled_from([0.0, 0.01, 0.04]),
    l=st.sampled_from([None, 2, 3]),
    variant=st.sampled_from(["distinct", "entropy", "recursive"]),
)
def test_optimal_releases_satisfy_the_models(adult_frame, hierarchies, k, suppression, l, variant):
    kw = dict(k=k, suppression=suppression, l=l, l_variant=variant, c=3.0)
    result = anonymize(
        adult_frame,
        qis=QIS,
        sensitive=SENSITIVE,
        hierarchies=hierarchies,
        settings=ProtectionSettings(**kw),
    )
    check_release(result, adult_frame, kw)
    # the released labels are exactly the hierarchy's labels at the chosen levels
    kept = adult_frame.loc[result.data.index]
    for q, level in result.transformation.items():
        expected = hierarchies[q].generalize(kept[q], level)
        assert result.data[q].astype(str).tolist() == expected.astype(str).tolist()


@SLOW
@given(
    t=st.sampled_from([0.1, 0.2, 0.35]),
    suppression=st.sampled_from([0.0, 0.03]),
    tree=st.booleans(),
)
def test_t_closeness_holds_in_every_released_class(adult_frame, hierarchies, t, suppression, tree):
    """Equal distance without a hierarchy for the sensitive column, hierarchical with one."""
    given_hierarchies = {q: hierarchies[q] for q in QIS}
    if tree:
        given_hierarchies[SENSITIVE] = hierarchies[SENSITIVE]
    kw = dict(k=2, t=t, suppression=suppression)
    result = anonymize(
        adult_frame,
        qis=QIS,
        sensitive=SENSITIVE,
        hierarchies=given_hierarchies,
        settings=ProtectionSettings(**kw),
    )
    assert result.t_distance == ("hierarchical" if tree else "equal")
    check_release(result, adult_frame, {**kw, "t": None})
    q = adult_frame[SENSITIVE].value_counts(normalize=True).sort_index()
    kind = result.t_distance
    for _, values in released_classes(result):
        p = values.value_counts(normalize=True)
        assert ref.emd(p, q, kind, hierarchies[SENSITIVE]) <= t + 1e-7


def test_ordered_distance_for_a_numeric_sensitive_column(adult_frame, hierarchies):
    """Age as the sensitive column: EMD with ground distance |i - j| / (m - 1)."""
    qis = ["sex", "race", "marital-status", "education", "workclass"]
    result = anonymize(
        adult_frame,
        qis=qis,
        sensitive="age",
        hierarchies={q: hierarchies[q] for q in qis},
        settings=ProtectionSettings(k=5, t=0.08, suppression=0.02),
    )
    assert result.t_distance == "ordered"
    values = np.sort(adult_frame["age"].unique())
    q = adult_frame["age"].value_counts(normalize=True).reindex(values).to_numpy()
    pos = np.arange(len(values))
    for _, ages in result.data.groupby(qis)["age"]:
        p = ages.value_counts(normalize=True).reindex(values, fill_value=0).to_numpy()
        assert wasserstein_distance(pos, pos, p, q) / (len(values) - 1) <= 0.08 + 1e-9


@SLOW
@given(k=st.integers(3, 30), l=st.sampled_from([None, 2]))
def test_mondrian_releases_satisfy_the_models(adult_frame, hierarchies, k, l):
    kw = dict(k=k, l=l, method="mondrian")
    result = anonymize(
        adult_frame,
        qis=QIS,
        sensitive=SENSITIVE,
        hierarchies=hierarchies,
        settings=ProtectionSettings(**kw),
    )
    assert result.method == "mondrian" and result.suppressed_records == 0
    check_release(result, adult_frame, kw)


def test_mondrian_keeps_more_detail_than_global_recoding_on_numbers(hierarchies):
    from core.demo import demo_path

    demo = pd.read_csv(demo_path())
    qis = ["zip_code", "date_of_birth", "sex", "length_of_stay"]
    common = dict(k=5)
    optimal = anonymize(demo, qis=qis, settings=ProtectionSettings(**common))
    mondrian = anonymize(demo, qis=qis, settings=ProtectionSettings(method="mondrian", **common))
    assert mondrian.info_loss["loss"] < optimal.info_loss["loss"]
    assert mondrian.data.groupby(qis).size().min() >= 5
    assert mondrian.equivalence_classes > optimal.equivalence_classes
