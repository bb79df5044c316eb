"""With suppression, t-closeness is not monotone, yet a node can prove that every refinement
fails: the records each class must lose to come within t are lost in every split of it. Checked
here against a linear program per class and against a pandas groupby of every refinement."""

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from core.privacy.encoding import encode
from core.privacy.engine import _models
from core.privacy.evaluator import Evaluator
from core.privacy.lattice import Lattice
from core.privacy.marginals import bound_failing_levels, tag_failing
from core.privacy.metrics import MetricBook
from core.privacy.tcloseness import Distance, _closest_dense, _closest_sparse
from core.settings import ProtectionSettings
from tests.core.privacy import reference as ref
from tests.core.privacy.test_pruning import TABLES


def _largest_within(counts: np.ndarray, q: np.ndarray, t: float) -> float:
    """Max Σ c'_i over real 0 ≤ c'_i ≤ c_i with total variation to q at most t (an LP:
    e_i ≥ c'_i - q_i Σ c', e ≥ 0, Σ e ≤ t Σ c')."""
    m = len(q)
    total = np.ones(m)
    # variables: c' (m), e (m); minimize -Σ c'
    excess = np.hstack([np.eye(m) - np.outer(q, total), -np.eye(m)])
    budget = np.hstack([-t * total, np.ones(m)])[None, :]
    res = linprog(
        np.r_[-total, np.zeros(m)],
        A_ub=np.vstack([excess, budget]),
        b_ub=np.zeros(m + 1),
        bounds=[(0, c) for c in counts] + [(0, None)] * m,
        method="highs",
    )
    assert res.status == 0
    return -res.fun


def _random_classes(rng, m: int, n: int):
    hist = rng.integers(0, 9, (n, m)) * (rng.random((n, m)) < 0.7)
    hist[hist.sum(axis=1) == 0, 0] = 1
    cls, sens = np.nonzero(hist)
    return hist, (cls, sens, hist[cls, sens].astype(float))


@pytest.mark.parametrize("m", [2, 3, 5])
@pytest.mark.parametrize("t", [0.05, 0.2, 0.4])
def test_closest_size_is_the_largest_part_within_t(m, t):
    rng = np.random.default_rng(m * 100 + int(t * 100))
    q = rng.dirichlet(np.ones(m))
    hist, pairs = _random_classes(rng, m, 60)
    expected = np.array([_largest_within(h, q, t) for h in hist])
    sizes = hist.sum(axis=1).astype(float)
    distance = Distance(q)
    groups = SimpleNamespace(sizes=sizes, hist=hist.astype(float), n_classes=len(hist))
    paths = {"pairs": distance.closest_size(groups, pairs, t)}
    if m == 2:
        paths["matrix"] = distance.closest_size(groups, None, t)
    if m > 2:
        paths["dense"] = _closest_dense(distance.q, *pairs, len(hist), t)
        paths["sparse"] = _closest_sparse(distance.q, *pairs, len(hist), t)
    for name, got in paths.items():
        got = np.minimum(got, sizes)
        np.testing.assert_allclose(got, expected, rtol=1e-7, atol=1e-7, err_msg=name)
    assert (expected < sizes).any() and (expected > 0).any(), "the case must bind somewhere"


CASES = [
    ("clinic", dict(k=2, t=0.25, suppression=0.1)),
    ("clinic", dict(k=3, t=0.15, suppression=0.05)),
    ("skewed", dict(k=3, t=0.15, suppression=0.06)),
    ("skewed", dict(k=2, t=0.1, suppression=0.1)),
    ("corner54", dict(k=2, t=0.2, suppression=0.05)),
    ("corner206", dict(k=2, t=0.15, suppression=0.08)),
    ("tiny", dict(k=2, t=0.4, suppression=0.2)),
]


@pytest.mark.parametrize(("name", "kw"), CASES, ids=[f"{n}-{kw}" for n, kw in CASES])
def test_no_refinement_suppresses_fewer_records_than_the_bound(name, kw):
    frame, hierarchies, sensitive = TABLES[name]
    qis = list(hierarchies)
    settings = ProtectionSettings(**kw)
    enc = encode(frame, qis, hierarchies, sensitive)
    models = _models(settings, enc, frame, sensitive, hierarchies)
    assert models.bounds_refinements
    evaluator = Evaluator(enc, models, MetricBook(enc), settings.metric)
    lattice = Lattice(enc.depths)
    nodes = [lattice.node(i) for i in range(lattice.size)]
    actual = {}  # suppressed records at every node, by pandas
    spec = dict(kw, distance="equal")
    for node in nodes:
        levels = dict(zip(qis, node, strict=True))
        suppressed, _, _ = ref.evaluate(frame, qis, hierarchies, levels, spec, sensitive)
        actual[node] = int(suppressed.sum())
    proven = 0
    for node in nodes:
        groups = evaluator.groups(node, source=enc.base)
        pairs = groups.pairs(models.n_sensitive)
        held = models.monotone_part(groups, pairs)
        bound = models.refinement_suppression(groups, pairs, held)
        assert bound <= actual[node] + 1e-6, node
        below = [z for z in nodes if all(a <= b for a, b in zip(z, node, strict=True))]
        assert min(actual[z] for z in below) >= bound - 1e-6, node
        k_only = float(groups.sizes[groups.sizes < models.k].sum())
        proven += bound > models.limit >= k_only
    assert proven, "the bound must prove some node that k alone does not"


def test_adult_t_closeness_optimum_is_unchanged_and_found_with_fewer_checks(
    adult_frame, adult_hierarchy_files
):
    """Case e of the ARX benchmark: ARX's optimum, and the bound tags most t-failing nodes."""
    from core.hierarchy import Hierarchy
    from core.privacy import anonymize

    qis = ["sex", "age", "race", "marital-status", "education", "native-country",
           "workclass", "occupation"]  # fmt: skip
    hierarchies = {q: Hierarchy.from_arx_csv(adult_hierarchy_files[q]) for q in qis}
    settings = ProtectionSettings(k=5, t=0.2, suppression=0.05)
    result = anonymize(adult_frame, qis=qis, sensitive="salary-class", hierarchies=hierarchies,
                       settings=settings)  # fmt: skip
    assert [result.transformation[q] for q in qis] == [0, 4, 0, 2, 3, 0, 1, 2]
    assert result.suppressed_records == 1022
    assert math.isclose(result.info_loss["loss"], 0.48114, abs_tol=5e-6)
    assert result.nodes_evaluated < 800  # 2,810 checks without the bound


def test_the_bound_is_not_claimed_for_other_distances():
    q = np.array([3.0, 1.0, 1.0])
    pairs = (np.array([0, 0]), np.array([0, 1]), np.array([2.0, 2.0]))
    from core.privacy.tcloseness import OrderedDistance

    groups = SimpleNamespace(sizes=np.array([4.0]), hist=None, n_classes=1)
    assert OrderedDistance(q).closest_size(groups, pairs, 0.1) is None
    assert pd.notna(Distance(q).closest_size(groups, pairs, 0.1)[0])


@pytest.mark.parametrize(("name", "kw"), CASES, ids=[f"{n}-{kw}" for n, kw in CASES])
def test_nodes_tagged_from_one_qi_fail(name, kw):
    """Before the search, the node keeping one QI bounds all its refinements: every node it
    tags really suppresses more than the limit (pandas groupby of each)."""
    frame, hierarchies, sensitive = TABLES[name]
    qis = list(hierarchies)
    settings = ProtectionSettings(**kw)
    enc = encode(frame, qis, hierarchies, sensitive)
    models = _models(settings, enc, frame, sensitive, hierarchies)
    levels = bound_failing_levels(models, enc.dims, enc.base)
    lattice = Lattice(enc.depths)
    status = np.zeros(lattice.size, dtype=np.int8)
    tag_failing(status, lattice.depths, levels, -1)
    spec = dict(kw, distance="equal")
    for x in np.flatnonzero(status == -1):
        levels_of = dict(zip(qis, lattice.node(int(x)), strict=True))
        suppressed, _, _ = ref.evaluate(frame, qis, hierarchies, levels_of, spec, sensitive)
        assert int(suppressed.sum()) > models.limit, levels_of
    if name in ("clinic", "corner54", "tiny"):
        assert (status == -1).any(), "the case must tag some node, or it proves nothing"


def test_adult_nodes_tagged_from_one_qi_fail(adult_frame, adult_hierarchy_files):
    """Case e on Adult: the tagging reaches deep (age is refined at most to 5-year bands), and
    the most general tagged node of each QI really suppresses more than the limit."""
    from core.hierarchy import Hierarchy

    qis = ["sex", "age", "race", "marital-status", "education", "native-country",
           "workclass", "occupation"]  # fmt: skip
    hierarchies = {q: Hierarchy.from_arx_csv(adult_hierarchy_files[q]) for q in qis}
    kw = dict(k=5, t=0.2, suppression=0.05)
    settings = ProtectionSettings(**kw)
    enc = encode(adult_frame, qis, hierarchies, "salary-class")
    models = _models(settings, enc, adult_frame, "salary-class", hierarchies)
    levels = bound_failing_levels(models, enc.dims, enc.base)
    assert levels[qis.index("age")] >= 0, levels
    spec = dict(kw, distance="equal")
    top = {q: hierarchies[q].depth - 1 for q in qis}
    for q, level in zip(qis, levels, strict=True):
        if level >= 0:
            node = {**top, q: level}
            suppressed, _, _ = ref.evaluate(
                adult_frame, qis, hierarchies, node, spec, "salary-class"
            )
            assert int(suppressed.sum()) > models.limit, node
