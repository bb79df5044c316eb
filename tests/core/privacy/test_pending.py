"""Tables built later from a kept grouping (pending) hold what tables built from the models'
class/sensitive pairs hold, whether counted densely or hashed; the cache builds a pending
table only when it is much smaller than the best table already built."""

import numpy as np
import pytest

from core.privacy import evaluator, groups
from core.privacy.encoding import encode
from core.privacy.groups import materialize
from core.privacy.lattice import Lattice
from tests.core.privacy.test_group_paths import ADULT_QIS, _evaluator, _hostile


def _rows(table) -> dict:
    """{(codes of every non-top QI, sensitive code): records}, order-free."""
    codes = [c for c in table.codes if c is not None]
    keys = zip(*codes, table.sensitive, strict=True) if codes else ((s,) for s in table.sensitive)
    out = {}
    for key, n in zip(keys, table.counts, strict=True):
        out[tuple(int(v) for v in key)] = out.get(tuple(int(v) for v in key), 0) + int(n)
    return out


@pytest.mark.parametrize("hashed", [False, True])
def test_joint_key_tables_equal_pair_tables(
    monkeypatch, adult_frame, adult_hierarchy_files, hashed
):
    if hashed:  # every key space counts as sparse: the factorized path
        monkeypatch.setattr(groups, "DENSE_SLACK", -(10**9))
    from core.hierarchy import Hierarchy

    frame = adult_frame.sample(3000, random_state=5).reset_index(drop=True)
    hier = {c: Hierarchy.from_arx_csv(adult_hierarchy_files[c]) for c in ADULT_QIS}
    cases = [
        (frame, hier, ADULT_QIS, "occupation"),
        (*_hostile(), ["city", "flat", "score"], "diagnosis"),
    ]
    for data, h, qis, sensitive in cases:
        enc, ev, n_sens = _evaluator(data, h, qis, sensitive)
        lattice = Lattice(enc.depths)
        for x in np.random.default_rng(2).choice(
            lattice.size, min(25, lattice.size), replace=False
        ):
            node = lattice.node(int(x))
            joint = ev.groups(node, source=enc.base)
            by_pairs = ev.groups(node, source=enc.base)
            by_pairs.pairs(n_sens)
            a = materialize(joint, node, joint.top, n_sens)
            b = materialize(by_pairs, node, by_pairs.top, n_sens)
            assert a.counts.sum() == len(data)
            assert _rows(a) == _rows(b)
            assert len(a) == len(b)  # one row per (class, sensitive value)


def test_a_pending_table_is_built_only_when_much_smaller(adult_frame, adult_hierarchy_files):
    from core.hierarchy import Hierarchy

    frame = adult_frame.sample(3000, random_state=5).reset_index(drop=True)
    qis = ["age", "education", "sex"]
    hier = {c: Hierarchy.from_arx_csv(adult_hierarchy_files[c]) for c in qis}
    enc = encode(frame, qis, hier, None)
    ev = evaluator.Evaluator(enc, _models(), None, "loss")
    cache = evaluator.TableCache(enc.base)
    fine = ev.groups((1, 0, 0), source=enc.base)  # a little smaller than the base
    coarse = ev.groups((3, 2, 0), source=enc.base)  # a few classes
    cache.add(evaluator.Pending(fine, (1, 0, 0), 0, fine.n_classes))
    cache.add(evaluator.Pending(coarse, (3, 2, 0), 0, coarse.n_classes))
    assert cache.source((2, 1, 1)) is enc.base  # the fine table is not worth building
    assert all(isinstance(t, evaluator.Pending) for t in cache.tables)
    table = cache.source((3, 3, 1))
    assert table.node == (3, 2, 0) and len(table) == coarse.n_classes
    assert cache.source((3, 3, 1)) is table  # built once, then reused
    rolled = ev.groups((3, 3, 1), source=table)
    direct = ev.groups((3, 3, 1), source=enc.base)
    np.testing.assert_array_equal(np.sort(rolled.sizes), np.sort(direct.sizes))


def _models():
    from core.privacy.models import Models

    return Models(k=2, l=None, l_variant="distinct", c=3.0, t=None, limit=0, distance=None,
                  n_sensitive=0)  # fmt: skip
