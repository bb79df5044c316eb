"""Rolling up from cached frequency tables gives what grouping the base table gives: every node
is checked from a cached table (sensitive values included) and the cache drops tables when
over its budget, and the search still matches exhaustive search."""

import math

import numpy as np
import pytest

from core.hierarchy import Hierarchy
from core.privacy import anonymize, evaluator
from core.privacy.encoding import encode
from core.privacy.evaluator import TableCache
from core.privacy.groups import Groups
from core.settings import ProtectionSettings
from tests.core.privacy import reference as ref
from tests.core.privacy.test_optimality import CASES


@pytest.fixture(scope="module")
def hierarchies(adult_hierarchy_files):
    return {c: Hierarchy.from_arx_csv(p) for c, p in adult_hierarchy_files.items()}


@pytest.fixture(scope="module")
def sample(adult_frame):
    return adult_frame.sample(1500, random_state=11).reset_index(drop=True)


@pytest.fixture
def eager_cache(monkeypatch):
    """Keep every table worth anything, in a cache small enough to drop some."""
    monkeypatch.setattr(evaluator, "MATERIALIZE_ROWS", 0)
    monkeypatch.setattr(evaluator, "MATERIALIZE_RATIO", 1.0)
    monkeypatch.setattr(evaluator, "CACHE_BYTES", 20_000)


@pytest.mark.parametrize(("qis", "kw", "sensitive"), [c for c in CASES if c[2] is not None])
def test_cached_tables_with_sensitive_values_keep_the_optimum(
    eager_cache, sample, hierarchies, qis, kw, sensitive
):
    settings = ProtectionSettings(**kw)
    given = {q: hierarchies[q] for q in qis}
    result = anonymize(sample, qis=qis, sensitive=sensitive, hierarchies=given, settings=settings)
    limit = math.floor(settings.suppression * len(sample))
    table = ref.exhaustive(sample, qis, given, dict(kw, distance="equal"), limit, settings.metric,
                           sensitive)  # fmt: skip
    best = min(v for _, _, v in table)
    chosen = tuple(result.transformation[q] for q in qis)
    assert chosen in {lv for lv, ok, v in table if ok and np.isclose(v, best, rtol=1e-9)}


def test_a_materialized_table_holds_each_class_and_sensitive_value_once(sample, hierarchies):
    qis = ["age", "education", "sex"]
    enc = encode(sample, qis, {q: hierarchies[q] for q in qis}, "occupation")
    ev = evaluator.Evaluator(enc, _models(len(enc.sensitive_values)), None, "loss")
    node = (2, 1, 0)
    direct = _pairs_by_class(ev.groups(node, source=enc.base), enc)
    groups = ev.groups(node)
    table = evaluator.materialize(groups, node, groups.top, len(enc.sensitive_values))
    assert len(table) == len(direct)
    assert table.counts.sum() == len(sample)
    rolled = ev.groups((3, 2, 1), source=table)
    assert _pairs_by_class(rolled, enc) == _pairs_by_class(
        ev.groups((3, 2, 1), source=enc.base), enc
    )


def test_the_cache_returns_the_smallest_table_below_a_node_after_drops(sample, hierarchies):
    qis = ["age", "education", "sex"]
    enc = encode(sample, qis, {q: hierarchies[q] for q in qis}, None)
    ev = evaluator.Evaluator(enc, _models(0), None, "loss")
    nodes = [(a, b, c) for a in range(4) for b in range(3) for c in range(2)]
    tables = {}
    for n in nodes:
        groups = ev.groups(n, source=enc.base)
        tables[n] = evaluator.materialize(groups, n, groups.top)
    cache = TableCache(enc.base, budget=sum(t.nbytes for t in tables.values()) // 3)
    for n in nodes:
        cache.add(tables[n])
    kept = {t.node for t in cache.tables}
    assert 1 < len(kept) < len(nodes)  # some were dropped, the newest is kept
    for target in [(3, 2, 1), (1, 1, 1), (2, 0, 1), (0, 0, 0)]:
        below = [n for n in kept if all(a <= b for a, b in zip(n, target, strict=True))]
        got = cache.source(target)
        if not below:
            assert got is enc.base
        else:
            assert len(got) == min(len(tables[n]) for n in below)
            assert got.node in below


def _models(n_sensitive):
    from core.privacy.models import Models

    return Models(k=2, l=2 if n_sensitive else None, l_variant="distinct", c=3.0, t=None,
                  limit=0, distance=None, n_sensitive=n_sensitive)  # fmt: skip


def _pairs_by_class(groups: Groups, enc) -> set:
    """(class's generalized codes, sensitive code, records) of every pair, order-free."""
    cls, sens, counts = groups.pairs(len(enc.sensitive_values))
    rep = np.empty(groups.n_classes, dtype=np.int64)
    rep[groups.cls[::-1]] = np.arange(len(groups.cls) - 1, -1, -1)
    codes = [g[rep] for g in groups.gen]
    return {(tuple(int(c[k]) for c in codes), int(s), int(n))
            for k, s, n in zip(cls, sens, counts, strict=True)}  # fmt: skip
