"""Whole numbers or decimals: a public fact the user states, else read from the data loudly.

One decimal value among whole numbers changes the loaded type (int64 → float64); taking the
kind from that type lets a single record choose the released type and mechanism.
"""

import math

import numpy as np
import pandas as pd
import pytest

from core.dp import release
from core.settings import ProtectionSettings
from tests.core.dp.audit import bin_events, epsilon_lower_bound, low_bit_events

EPS = 1.0
N = 2000
METHODS = ["dp-noise", "dp-synthetic"]


def _release(frame, method="dp-noise", *, epsilon=EPS, domain=None, seed=0):
    settings = ProtectionSettings(
        method=method,
        epsilon=epsilon,
        bounds={"n": (0, 10), "when": (2000, 2001)},
        domain=domain or {},
        rows=200 if method == "dp-synthetic" else None,
    )
    return release(frame, roles={}, settings=settings, seed=seed)


def _table(last: float = 5.0) -> pd.DataFrame:
    """``N`` records of 5, the last one ``last``: int64 when it is whole, else float64."""
    values = [5] * (N - 1) + [last]
    n = pd.Series(values, dtype="int64" if float(last).is_integer() else "float64")
    return pd.DataFrame({"n": n, "when": pd.Timestamp("2000-06-01")})


@pytest.mark.parametrize("method", METHODS)
def test_an_unstated_kind_is_a_leak_named_with_its_column(method):
    r = _release(_table(), method)
    assert r.kinds_from_data == ("n",)  # the date column has no number kind to state
    leak = [w for w in r.warnings if w.startswith("Privacy leak")]
    assert len(leak) == 1 and "whether n holds whole numbers or decimals" in leak[0]
    assert "whether each number column holds whole numbers or decimals" in leak[0]
    assert r.bounds_from_data == () and "when" not in leak[0]
    assert "'n' holds whole numbers (read from the data: the column types as loaded)" in (
        r.guarantee
    )
    assert r.to_dict()["kinds_from_data"] == ["n"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("kind", "dtype"), [("integer", "int64"), ("decimal", "float64")])
def test_a_stated_kind_gives_no_warning_and_sets_the_released_type(method, kind, dtype):
    for frame in (_table(5.0), _table(5.5)):  # loaded as int64, then as float64
        r = _release(frame, method, domain={"n": {"number": kind}})
        assert r.kinds_from_data == () and not any("Privacy leak" in w for w in r.warnings)
        assert r.data["n"].dtype == dtype and r.data["n"].between(0, 10).all()
        word = "whole numbers" if kind == "integer" else "decimals"
        assert f"'n' holds {word} (given)" in r.guarantee


@pytest.mark.parametrize("method", METHODS)
def test_infinite_epsilon_reads_nothing_as_a_leak(method):
    frame = _table(5.5)
    r = _release(frame, method, epsilon=math.inf)
    assert r.kinds_from_data == () and not any("Privacy leak" in w for w in r.warnings)
    if method == "dp-noise":
        pd.testing.assert_frame_equal(r.data, frame)


def test_unstated_one_decimal_record_changes_the_release_type():
    """The leak itself: a neighbour whose one value is a decimal is told apart by its type."""
    whole, decimal = _release(_table(5.0)), _release(_table(5.5))
    assert whole.data["n"].dtype == "int64" and decimal.data["n"].dtype == "float64"
    assert whole.mechanisms[0].mechanism != decimal.mechanisms[0].mechanism


def test_a_stated_kind_releases_neighbours_by_the_same_mechanism():
    """Neighbouring tables (one value 5.5 rather than 5): with the kind stated, same released
    type, same mechanism, and the other rows' outputs within e^ε of each other."""
    stated = {"n": {"number": "decimal"}}
    a, b = (_release(f, domain=stated, seed=s) for f, s in ((_table(5.0), 1), (_table(5.5), 2)))
    assert a.data["n"].dtype == b.data["n"].dtype == "float64"
    assert [m.to_dict() for m in a.mechanisms] == [m.to_dict() for m in b.mechanisms]
    events = [
        np.column_stack(
            [bin_events(d["n"][:-1], 0, 10), low_bit_events(d["n"][:-1].to_numpy(), (5.0,))]
        )
        for d in (a.data, b.data)
    ]
    assert epsilon_lower_bound(*events) <= EPS
