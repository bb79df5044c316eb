"""Nodes tagged as failing k-anonymity from one QI's value counts really fail it: checked
against a pandas groupby of every tagged node on purpose-built tables and on Adult."""

import numpy as np
import pandas as pd
import pytest

from core.hierarchy import Hierarchy
from core.privacy.encoding import encode
from core.privacy.engine import _models
from core.privacy.lattice import Lattice
from core.privacy.marginals import (
    bound_failing_levels,
    failing_levels,
    failing_pairs,
    tag_failing,
    tag_pairs,
)
from core.settings import ProtectionSettings
from tests.core.privacy import reference as ref
from tests.core.privacy.test_pruning import TABLES, _clinic, _skewed, _tiny


def _records_in_small_classes(frame, hierarchies, node, k: int, l: int = 0, sensitive=None):
    """Records in classes smaller than ``k`` or with fewer than ``l`` distinct sensitive
    values (pandas groupby of the generalized labels)."""
    gen = ref.generalize(frame, hierarchies, node)
    if sensitive is not None:
        gen[sensitive] = frame[sensitive].to_numpy()
    by = gen.groupby(list(node), sort=False)
    sizes = by.size()
    bad = sizes < k
    if l > 1:
        bad |= by[sensitive].nunique() < l
    return int(sizes[bad].sum())


def _tagged(frame, hierarchies, k: int, limit: int, l: int = 0, sensitive=None):
    qis = list(hierarchies)
    enc = encode(frame, qis, hierarchies, sensitive)
    lattice = Lattice(enc.depths)
    status = np.zeros(lattice.size, dtype=np.int8)
    m = len(enc.sensitive_values) if sensitive else 0
    levels = failing_levels(enc.dims, enc.base, k, limit, l, m)
    tag_failing(status, lattice.depths, levels, -1)
    return [lattice.node(i) for i in np.flatnonzero(status == -1)]


@pytest.mark.parametrize(
    ("table", "k", "limit"),
    [
        ("clinic", 5, 0),
        ("clinic", 10, 15),
        ("tiny", 3, 0),
        ("tiny", 3, 2),
        ("skewed", 60, 0),
        ("skewed", 60, 40),
    ],
)
def test_every_tagged_node_fails_k_anonymity(table, k, limit):
    frame, hierarchies, _ = {"clinic": _clinic, "tiny": _tiny, "skewed": _skewed}[table]()
    qis = list(hierarchies)
    tagged = _tagged(frame, hierarchies, k, limit)
    assert tagged, "the case must tag some node, or it proves nothing"
    for node in tagged:
        levels = dict(zip(qis, node, strict=True))
        assert _records_in_small_classes(frame, hierarchies, levels, k) > limit, node


@pytest.mark.parametrize(
    ("table", "k", "l", "limit"),
    [("clinic", 1, 2, 0), ("clinic", 2, 3, 10), ("skewed", 2, 3, 0), ("tiny", 1, 2, 0)],
)
def test_every_tagged_node_fails_k_or_distinct_l(table, k, l, limit):
    frame, hierarchies, sensitive = {"clinic": _clinic, "tiny": _tiny, "skewed": _skewed}[table]()
    qis = list(hierarchies)
    tagged = _tagged(frame, hierarchies, k, limit, l, sensitive)
    without_l = set(_tagged(frame, hierarchies, k, limit))
    assert set(tagged) > without_l, "the sensitive values must tag more than k alone"
    for node in tagged:
        levels = dict(zip(qis, node, strict=True))
        assert _records_in_small_classes(frame, hierarchies, levels, k, l, sensitive) > limit


def test_on_adult_a_qi_is_tagged_exactly_when_it_has_rare_values(adult_frame):
    """At k = 5 and no suppression, a QI is tagged at its ground level exactly when some value
    of it is held by fewer than 5 records (Adult: rare ages and native countries), and the tag
    covers exactly the nodes with such a QI at or below its tagged level."""
    from core.hierarchy import Hierarchy
    from tests.conftest import adult_file

    qis = ["age", "native-country", "race", "sex"]
    hierarchies = {q: Hierarchy.from_arx_csv(adult_file(f"adult_hierarchy_{q}.csv")) for q in qis}
    frame = adult_frame[qis]
    enc = encode(frame, qis, hierarchies, None)
    levels = failing_levels(enc.dims, enc.base, 5, 0)
    for q, level in zip(qis, levels, strict=True):
        assert (level >= 0) == bool((frame[q].value_counts() < 5).any()), q
    assert max(levels) >= 0
    tagged = set(_tagged(frame, hierarchies, 5, 0))
    lattice = Lattice(enc.depths)
    for node in (lattice.node(i) for i in range(lattice.size)):
        assert (node in tagged) == any(node[q] <= levels[q] for q in range(len(qis)))
    some = sorted(tagged)[:: max(len(tagged) // 6, 1)]
    for node in some:
        levels_of = dict(zip(qis, node, strict=True))
        assert _records_in_small_classes(frame, hierarchies, levels_of, 5) > 0


PAIR_CASES = [
    ("clinic", dict(k=4)),
    ("clinic", dict(k=3, suppression=0.05)),
    ("clinic", dict(k=2, l=3, suppression=0.03)),
    ("clinic", dict(k=2, t=0.2, suppression=0.1)),
    ("clinic", dict(k=2, l=2, l_variant="entropy")),
    ("skewed", dict(k=20, suppression=0.02)),
    ("corner54", dict(k=3, t=0.25, suppression=0.05)),
    ("corner206", dict(k=4, l=2, l_variant="entropy", suppression=0.05)),
]


@pytest.mark.parametrize(("name", "kw"), PAIR_CASES, ids=[f"{n}-{kw}" for n, kw in PAIR_CASES])
def test_every_node_tagged_from_two_qis_fails(name, kw):
    """The node keeping two QIs (the others fully generalized) proves its refinements fail:
    every node in a tagged box suppresses more than the limit (pandas groupby of each), and
    the boxes tag nodes the one-QI tags do not."""
    frame, hierarchies, sensitive = TABLES[name]
    qis = list(hierarchies)
    settings = ProtectionSettings(**kw)
    uses = "l" in kw or "t" in kw
    enc = encode(frame, qis, hierarchies, sensitive if uses else None)
    models = _models(settings, enc, frame, sensitive, hierarchies)
    m = models.n_sensitive if uses else 0
    single = failing_levels(enc.dims, enc.base, models.k, models.limit, models.l or 0, m)
    boxes = failing_pairs(models, enc.dims, enc.base, single)
    lattice = Lattice(enc.depths)
    status = np.zeros(lattice.size, dtype=np.int8)
    tag_pairs(status, lattice.depths, boxes, -1)
    tag_failing(status, lattice.depths, single, 0)  # leave only what the pairs add
    assert (status == -1).any(), "the case must tag some node, or it proves nothing"
    spec = dict(kw, distance="equal")
    for x in np.flatnonzero(status == -1):
        levels = dict(zip(qis, lattice.node(int(x)), strict=True))
        suppressed, _, _ = ref.evaluate(frame, qis, hierarchies, levels, spec,
                                        sensitive if uses else None)  # fmt: skip
        assert int(suppressed.sum()) > models.limit, levels


def test_a_quasi_identifier_with_many_values_is_tagged_without_large_tables():
    """200,000 distinct codes (an ID-like QI): the count tables stay near the data's size
    (no codes × codes matrix) and the tags still hold."""
    import tracemalloc

    rng = np.random.default_rng(11)
    n = 200_000
    codes = rng.permutation(n)
    frame = pd.DataFrame({"code": codes.astype(str), "sex": rng.choice(["F", "M"], n)})
    rows = [[str(v), str(v // 100), str(v // 10_000), "*"] for v in range(n)]
    hierarchies = {"code": Hierarchy(rows), "sex": Hierarchy([["F", "*"], ["M", "*"]])}
    settings = ProtectionSettings(k=5, t=0.3, suppression=0.02)
    frame["s"] = rng.choice(["a", "b", "c"], n)
    enc = encode(frame, ["code", "sex"], hierarchies, "s")
    models = _models(settings, enc, frame, "s", hierarchies)
    tracemalloc.start()
    single = failing_levels(enc.dims, enc.base, models.k, models.limit)
    bounded = bound_failing_levels(models, enc.dims, enc.base)
    single = [max(a, b) for a, b in zip(single, bounded, strict=True)]
    boxes = failing_pairs(models, enc.dims, enc.base, single)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 64 << 20, f"{peak / 1e6:.0f} MB"
    assert single[0] >= 0 and bounded[0] >= 0  # every code alone is a class of one record
    for q1, l1, q2, l2 in boxes:
        node = {"code": 0, "sex": 0}
        node[["code", "sex"][q1]], node[["code", "sex"][q2]] = l1, l2
        suppressed, _, _ = ref.evaluate(
            frame, ["code", "sex"], hierarchies, node, dict(k=5, t=0.3, distance="equal"), "s"
        )
        assert int(suppressed.sum()) > models.limit


def test_cancel_stops_the_pair_tagging():
    """Cancel is honoured before the search starts: the pair tagging checks it per QI."""
    from core.errors import JobCancelled
    from core.jobs import Monitor

    frame, hierarchies, _ = TABLES["clinic"]
    enc = encode(frame, list(hierarchies), hierarchies, None)
    models = _models(ProtectionSettings(k=4), enc, frame, None, hierarchies)
    monitor = Monitor()
    monitor.cancel()
    with pytest.raises(JobCancelled):
        failing_pairs(models, enc.dims, enc.base, [-1] * len(hierarchies), monitor)
