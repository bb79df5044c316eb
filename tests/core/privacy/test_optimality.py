"""The search returns what exhaustive search returns, on small lattices of real Adult data."""

import math

import numpy as np
import pytest

from core.hierarchy import Hierarchy
from core.privacy import anonymize
from core.settings import ProtectionSettings
from tests.core.privacy import reference as ref

SMALL = ["age", "marital-status", "race", "sex"]  # 5 × 3 × 2 × 2 = 60 nodes
WIDER = ["age", "education", "workclass", "sex"]  # 5 × 4 × 3 × 2 = 120 nodes


@pytest.fixture(scope="module")
def hierarchies(adult_hierarchy_files):
    return {c: Hierarchy.from_arx_csv(p) for c, p in adult_hierarchy_files.items()}


@pytest.fixture(scope="module")
def sample(adult_frame):
    return adult_frame.sample(1500, random_state=7).reset_index(drop=True)


CASES = [
    # (qis, settings, sensitive)
    (WIDER, dict(k=5), None),
    (WIDER, dict(k=10, suppression=0.02), None),
    (WIDER, dict(k=3, suppression=0.1, metric="entropy"), None),
    (WIDER, dict(k=5, suppression=0.05, metric="discernibility"), None),
    (WIDER, dict(k=4, suppression=0.03, metric="aecs"), None),
    (SMALL, dict(k=2, l=2, suppression=0.05), "salary-class"),
    (SMALL, dict(k=2, l=3, l_variant="entropy", suppression=0.1), "occupation"),
    (SMALL, dict(k=2, l=3, l_variant="recursive", c=2.0, suppression=0.08), "occupation"),
    (SMALL, dict(k=3, t=0.15, suppression=0.05), "occupation"),
    (SMALL, dict(k=3, t=0.12, suppression=0.04), "education"),
    (SMALL, dict(k=2, l=2, t=0.3, metric="discernibility"), "salary-class"),
]


@pytest.mark.parametrize(("qis", "kw", "sensitive"), CASES)
def test_search_matches_exhaustive_search(sample, hierarchies, qis, kw, sensitive):
    settings = ProtectionSettings(**kw)
    given = {q: hierarchies[q] for q in qis}
    result = anonymize(sample, qis=qis, sensitive=sensitive, hierarchies=given, settings=settings)
    models = dict(kw, distance="equal")
    limit = math.floor(settings.suppression * len(sample))
    table = ref.exhaustive(sample, qis, given, models, limit, settings.metric, sensitive)
    best = min(v for _, _, v in table)
    optimal_nodes = {levels for levels, ok, v in table if ok and np.isclose(v, best, rtol=1e-9)}
    chosen = tuple(result.transformation[q] for q in qis)
    assert result.optimal and result.search == "exact"
    assert chosen in optimal_nodes
    assert result.info_loss[settings.metric] == pytest.approx(best, rel=1e-9)
    assert result.nodes_evaluated <= math.prod(hierarchies[q].depth for q in qis)


def test_ordered_and_hierarchical_distances_match_exhaustive(sample, hierarchies):
    """t-closeness on a numeric sensitive column (ordered EMD) and on one with a hierarchy."""
    qis = ["marital-status", "race", "sex", "salary-class"]
    given = {q: hierarchies[q] for q in qis}
    for sensitive, kind, extra in (
        ("age", "ordered", {}),
        ("education", "hierarchical", {"education": hierarchies["education"]}),
    ):
        settings = ProtectionSettings(k=2, t=0.2, suppression=0.06)
        result = anonymize(
            sample, qis=qis, sensitive=sensitive, hierarchies={**given, **extra}, settings=settings
        )
        assert result.t_distance == kind
        tree = hierarchies["education"] if kind == "hierarchical" else None
        models = {"k": 2, "t": 0.2, "distance": kind}
        limit = math.floor(0.06 * len(sample))
        table = ref.exhaustive(sample, qis, given, models, limit, "loss", sensitive, tree)
        best = min(v for _, _, v in table)
        assert result.info_loss["loss"] == pytest.approx(best, rel=1e-9), kind


def test_arx_optimum_for_adult_k5(adult_frame, hierarchies):
    """ARX 3.9.2's result for Adult, 9 QIs, k=5, no suppression, Loss metric."""
    qis = list(hierarchies)
    result = anonymize(
        adult_frame, qis=qis, hierarchies=hierarchies, settings=ProtectionSettings(k=5)
    )
    assert result.transformation == {
        "sex": 0, "age": 4, "race": 1, "marital-status": 1, "education": 3,
        "native-country": 2, "workclass": 2, "occupation": 1, "salary-class": 0,
    }  # fmt: skip
    assert round(result.info_loss["loss"], 4) == 0.5732
    assert result.equivalence_classes == 24 and result.min_class_size == 69
    assert result.optimal and result.suppressed_records == 0
    assert result.lattice_size == 12960 and result.nodes_evaluated < 1000


def test_max_nodes_stops_early_and_reports_a_proven_bound(adult_frame, hierarchies):
    qis = list(hierarchies)
    full = anonymize(
        adult_frame, qis=qis, hierarchies=hierarchies,
        settings=ProtectionSettings(k=5, suppression=0.02),
    )  # fmt: skip
    cut = anonymize(
        adult_frame, qis=qis, hierarchies=hierarchies,
        settings=ProtectionSettings(k=5, suppression=0.02, max_nodes=40),
    )  # fmt: skip
    assert full.optimal and not cut.optimal and cut.search == "bounded"
    assert cut.nodes_evaluated <= 40 + 20  # one candidate's climb may finish
    assert cut.loss_bound <= full.info_loss["loss"] <= cut.info_loss["loss"]
    assert any("no transformation can do better" in w for w in cut.warnings)
    assert cut.min_class_size >= 5
