"""Per-column contribution to uniqueness, checked against an independent groupby count."""

import numpy as np
import pandas as pd

from core.schema import Role
from core.uniqueness import contributions, kept_columns, worst


def _unique(frame: pd.DataFrame, columns: list[str]) -> float:
    if not columns:
        return float(len(frame) == 1)
    sizes = frame.groupby(columns, dropna=False)[columns[0]].transform("size")
    return float((sizes == 1).mean())


def test_contributions_match_groupby_and_are_ranked():
    rng = np.random.default_rng(5)
    n = 400
    frame = pd.DataFrame(
        {
            "age": rng.integers(20, 40, n),
            "sex": rng.choice(["F", "M"], n),
            "stamp": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 10**6, n), "s"),
            "ward": pd.Series(rng.choice(list("ABC"), n), dtype="str"),
            "gap": np.where(rng.random(n) < 0.3, np.nan, rng.integers(0, 50, n)),
            "outcome": rng.integers(0, 2, n),
        }
    )
    roles = {"age": Role.QUASI_IDENTIFIER, "sex": Role.QUASI_IDENTIFIER,
             "stamp": Role.INSENSITIVE, "ward": Role.INSENSITIVE, "gap": Role.INSENSITIVE,
             "outcome": Role.TARGET}  # fmt: skip
    found = contributions(frame, roles)
    assert found[0].column == "stamp"
    assert {c.column for c in found} == set(kept_columns(roles)) == {"stamp", "ward", "gap",
                                                                     "outcome"}  # fmt: skip
    base = _unique(frame, ["age", "sex"])
    for c in found:
        assert c.unique_without == base
        assert c.unique_with == _unique(frame, ["age", "sex", c.column])
        assert c.alone == _unique(frame, [c.column])
    added = [c.added for c in found]
    assert added == sorted(added, reverse=True)
    stamp = found[0]
    assert stamp.alone > 0.5 and "remove it" in stamp.action
    assert "stamp:" in stamp.sentence() and f"{stamp.added:.0%}" in stamp.sentence()
    assert worst(found)[0] is stamp
    ward = next(c for c in found if c.column == "ward")
    assert "make it a quasi-identifier" in ward.action
    gap = next(c for c in found if c.column == "gap")
    assert "generalize" in gap.action


def test_without_quasi_identifiers_and_on_an_empty_table():
    frame = pd.DataFrame({"x": [1, 2, 2], "y": ["a", "a", "a"]})
    (x, y) = contributions(frame, {"x": Role.INSENSITIVE, "y": Role.INSENSITIVE})
    assert x.column == "x" and x.unique_with == x.alone == 1 / 3 and x.unique_without == 0.0
    assert y.added == 0.0 and worst([y]) == []
    empty = frame.iloc[:0]
    assert all(c.unique_with == 0.0 for c in contributions(empty, {"x": Role.INSENSITIVE}))
