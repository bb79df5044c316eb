"""DP audit: thousands of releases on neighbouring tables, through ``core.dp.release``.

No event may show an empirical ε lower bound (Clopper-Pearson, ``audit.py``) above the claimed
ε, and the same audit must catch a mechanism run at 2ε. dp-noise is local: each row of a
table of N equal records is one independent release of that record, so one call gives N
releases; dp-synthetic is run once per release, with its own seed.
"""

import numpy as np
import pandas as pd
import pytest

from core.dp import noise, release, synthetic
from core.dp.backend import BudgetAccountant
from core.settings import ProtectionSettings, date_bound
from tests.core.dp.audit import (
    bin_events,
    epsilon_lower_bound,
    low_bit_events,
    value_events,
)

EPS = 1.0
N = 2000
DAY0 = (pd.Timestamp("2000-01-01") - pd.Timestamp("1970-01-01")).days
DAYS = 365
# column kind → (the two neighbouring values, dtype, public facts, bounds)
CASES = {
    "decimal": ((0.0, 0.9995), "float64", {"number": "decimal"}, (0.0, 1.0)),
    "integer": ((0, 10), "int64", {"number": "integer"}, (0, 10)),
    "date": (
        (pd.Timestamp("2000-01-01"), pd.Timestamp("2000-12-31")),
        "datetime64[ns]",
        {},
        (date_bound("2000-01-01"), date_bound("2000-12-31")),
    ),
    "category": (("a", "b"), "str", {"categories": ["a", "b", "c"]}, None),
}


def _noise_release(kind: str, value: object, seed: int) -> pd.Series:
    _, dtype, facts, bounds = CASES[kind]
    settings = ProtectionSettings(
        method="dp-noise",
        epsilon=EPS,
        bounds={"v": bounds} if bounds else {},
        domain={"v": facts} if facts else {},
    )
    frame = pd.DataFrame({"v": pd.Series([value] * N, dtype=dtype)})
    return release(frame, roles={}, settings=settings, seed=seed).data["v"]


def _events(kind: str, out: pd.Series) -> np.ndarray:
    if kind == "category":
        return value_events(out, ["a", "b", "c"])
    if kind == "date":
        days = (out - pd.Timestamp("1970-01-01")).dt.days.to_numpy()
        return bin_events(days, DAY0, DAY0 + DAYS)
    values = out.to_numpy(dtype="float64")
    truths = CASES[kind][0]  # Mironov: which doubles can come from each true value
    return np.column_stack([bin_events(values, *CASES[kind][3]), low_bit_events(values, truths)])


def _noise_audit(kind: str) -> float:
    x, y = CASES[kind][0]
    a, b = (_events(kind, _noise_release(kind, v, seed)) for v, seed in ((x, 1), (y, 2)))
    return epsilon_lower_bound(a, b)


@pytest.mark.parametrize("kind", list(CASES))
def test_dp_noise_stays_within_epsilon_on_neighbouring_records(kind):
    assert _noise_audit(kind) <= EPS


@pytest.mark.parametrize("kind", list(CASES))
def test_the_audit_catches_dp_noise_at_twice_epsilon(kind, monkeypatch):
    honest = noise._mechanism
    monkeypatch.setattr(noise, "_mechanism", lambda d, e: honest(d, 2 * e))
    assert _noise_audit(kind) > EPS


def test_the_audit_catches_floating_point_laplace_low_bits():
    """The leak of issue 19: Laplace noise added in doubles, redrawn into [0, 1]."""
    rng = np.random.default_rng(0)

    def laplace(x):
        out = x + rng.laplace(0.0, 1.0 / EPS, 20 * N)
        return out[(out >= 0) & (out <= 1)][:N]

    a, b = (np.column_stack([bin_events(v, 0, 1), low_bit_events(v, (0.0, 1.0))])
            for v in (laplace(0.0), laplace(1.0)))  # fmt: skip
    assert epsilon_lower_bound(a, b) > 3 * EPS


def test_dp_noise_is_the_same_whether_or_not_another_record_is_missing():
    """Neighbours differing in one record that is missing: every other row is released by the
    same mechanism (before, a gap anywhere added 'missing' to every row's categories and turned
    the integer column into floats)."""
    settings = ProtectionSettings(
        method="dp-noise",
        epsilon=EPS,
        bounds={"n": (0, 10)},
        domain={"c": {"categories": ["a", "b", "c"]}, "n": {"number": "integer"}},
    )
    full = pd.DataFrame({"c": ["a"] * N, "n": [5] * N})
    gap = pd.DataFrame({"c": ["a"] * (N - 1) + [None], "n": [5.0] * (N - 1) + [np.nan]})
    a, b = (release(f, roles={}, settings=settings, seed=s).data for f, s in ((full, 3), (gap, 4)))
    assert list(a.dtypes) == list(b.dtypes) and not b.isna().any().any()
    events = [
        np.column_stack(
            [value_events(d["c"][:-1], ["a", "b", "c"]), bin_events(d["n"][:-1], 0, 10)]
        )
        for d in (a, b)
    ]
    assert epsilon_lower_bound(*events) <= EPS


def _synthetic_events(frame: pd.DataFrame, seeds: range) -> np.ndarray:
    settings = ProtectionSettings(
        method="dp-synthetic", epsilon=EPS, rows=200, domain={"c": {"categories": ["a", "b"]}}
    )
    rows = []
    for seed in seeds:
        c = release(frame, roles={}, settings=settings, seed=seed).data["c"]
        share = (c == "b").mean()
        rows.append([share == 0, share == 1, c.isna().any(), 0 < share <= 0.2, share > 0.5])
    return np.array(rows)


def _synthetic_audit(extra: object, n: int) -> float:
    base = pd.DataFrame({"c": ["a"] * 5})
    added = pd.DataFrame({"c": ["a"] * 5 + [extra]})
    return epsilon_lower_bound(
        _synthetic_events(base, range(n)), _synthetic_events(added, range(n, 2 * n))
    )


@pytest.mark.slow
def test_dp_synthetic_stays_within_epsilon_on_neighbouring_tables():
    assert _synthetic_audit("b", N) <= EPS


@pytest.mark.slow
def test_dp_synthetic_does_not_tell_a_missing_record_apart():
    """Before, one missing value gave the synthetic table a 'missing' code, so blanks appeared
    only when the data had one (ε = ∞)."""
    assert _synthetic_audit(None, N // 2) <= EPS


@pytest.mark.slow
def test_the_audit_catches_dp_synthetic_at_twice_epsilon(monkeypatch):
    honest = synthetic.measure

    def doubled(codes, sizes, *, epsilon, accountant, random_state=None):
        return honest(
            codes,
            sizes,
            epsilon=2 * epsilon,
            accountant=BudgetAccountant(),
            random_state=random_state,
        )

    monkeypatch.setattr(synthetic, "measure", doubled)
    assert _synthetic_audit("b", N // 2) > EPS
