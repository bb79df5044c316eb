"""The short cuts of the grouping hot path give what the row-based path gives: classes and
their sensitive counts counted in one pass, and cached tables whose codes are decoded from
the class keys, on Adult and on a table with missing cells and a one-value column."""

import numpy as np
import pandas as pd
import pytest

from core.hierarchy import Hierarchy
from core.privacy import evaluator
from core.privacy.encoding import encode
from core.privacy.groups import Groups, materialize
from core.privacy.lattice import Lattice
from core.privacy.models import Models

ADULT_QIS = ["age", "education", "marital-status", "sex", "native-country"]


@pytest.fixture(scope="module")
def adult(adult_frame, adult_hierarchy_files):
    frame = adult_frame.sample(4000, random_state=3).reset_index(drop=True)
    hier = {c: Hierarchy.from_arx_csv(adult_hierarchy_files[c]) for c in ADULT_QIS}
    return frame, hier


def _hostile():
    """Missing cells, a constant column, a sensitive column of many values, ties."""
    rng = np.random.default_rng(17)
    n = 3000
    city = rng.choice(["A", "B", "C", "D", None], n)
    flat = np.full(n, "same")
    score = rng.integers(0, 40, n).astype(object)
    score[rng.random(n) < 0.05] = None
    frame = pd.DataFrame({"city": city, "flat": flat, "score": score,
                          "diagnosis": rng.choice([f"d{i}" for i in range(9)], n),
                          "grade": rng.choice(["lo", "mid", "hi", None], n)})  # fmt: skip
    hier = {
        "city": Hierarchy([["A", "AB", "*"], ["B", "AB", "*"], ["C", "CD", "*"], ["D", "CD", "*"]]),
        "flat": Hierarchy([["same", "*"]]),
        "score": Hierarchy([[str(v), f"{v // 10 * 10}s", "*"] for v in range(40)]),
    }
    return frame, hier


def _evaluator(frame, hier, qis, sensitive):
    enc = encode(frame, qis, hier, sensitive)
    n_sens = len(enc.sensitive_values)
    models = Models(k=2, l=None, l_variant="distinct", c=3.0, t=None, limit=0, distance=None,
                    n_sensitive=n_sens)  # fmt: skip
    return enc, evaluator.Evaluator(enc, models, None, "loss"), n_sens


def _slow(groups: Groups) -> Groups:
    """The same grouping through the row-based path (no joint count, no decoding)."""
    slow = Groups(groups.table, groups.gen, groups.radices)
    slow.decodable = False
    slow.top = groups.top
    return slow


def _check_node(ev, enc, node, n_sens):
    fast = ev.groups(node, source=enc.base)
    slow = _slow(fast)
    np.testing.assert_array_equal(fast.sizes, slow.sizes)
    np.testing.assert_array_equal(fast.cls, slow.cls)
    if n_sens:
        for a, b in zip(fast.pairs(n_sens), slow.pairs(n_sens), strict=True):
            np.testing.assert_array_equal(a, b)
    if fast.hist is not None:  # the classes × values matrix of the per-value counts
        cls, sens, counts = slow.pairs(n_sens)
        matrix = np.zeros((slow.n_classes, n_sens))
        matrix[cls, sens] = counts
        np.testing.assert_array_equal(fast.hist, matrix)
    t_fast = materialize(fast, node, fast.top, n_sens)
    t_slow = materialize(slow, node, slow.top, n_sens)
    np.testing.assert_array_equal(t_fast.counts, t_slow.counts)
    for a, b in zip(t_fast.codes, t_slow.codes, strict=True):
        assert (a is None) == (b is None)
        if a is not None:
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)
    if n_sens:
        np.testing.assert_array_equal(t_fast.sensitive, t_slow.sensitive)
    return fast


@pytest.mark.parametrize("sensitive", [None, "salary-class", "occupation"])
def test_adult_nodes_group_alike(adult, sensitive):
    frame, hier = adult
    enc, ev, n_sens = _evaluator(frame, hier, ADULT_QIS, sensitive)
    lattice = Lattice(enc.depths)
    paths = set()
    for x in np.random.default_rng(1).choice(lattice.size, 40, replace=False):
        fast = _check_node(ev, enc, lattice.node(int(x)), n_sens)
        paths.add((fast.dense, fast._joint, fast.hist is not None))
    assert (False, False, False) in paths  # hashed grouping, codes decoded from the class keys
    if sensitive == "salary-class":
        assert (True, True, True) in paths  # classes and a count per sensitive value
    if sensitive == "occupation":
        assert (True, True, False) in paths  # classes and sensitive counts in one pass


@pytest.mark.parametrize("sensitive", [None, "diagnosis", "grade"])
def test_hostile_table_groups_alike(sensitive):
    frame, hier = _hostile()
    enc, ev, n_sens = _evaluator(frame, hier, ["city", "flat", "score"], sensitive)
    lattice = Lattice(enc.depths)
    matrices = 0
    for x in range(lattice.size):
        matrices += _check_node(ev, enc, lattice.node(x), n_sens).hist is not None
    assert (matrices > 0) == (sensitive == "grade")  # 4 values with the missing one
