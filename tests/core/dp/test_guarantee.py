"""Statistical tests of the ε guarantee of every mechanism Veil uses.

Each mechanism runs many times on two neighbouring inputs; no output event may be more than
e^ε likelier on one side (``assert_epsilon``). The same check, fed the mechanism run at 2ε,
must flag it (``assert_violation``): the tolerance cannot hide a wrong ε.
"""

import math

import numpy as np
import pandas as pd
import pytest
from diffprivlib.accountant import BudgetAccountant

from core.dp import dates, network, release
from core.dp.marginals import measure
from core.dp.mechanisms import GeometricOnBounds, GeometricOnGrid, RandomizedResponse
from core.settings import ProtectionSettings
from tests.core.dp.privacy_loss import assert_epsilon, assert_violation, privacy_loss

EPS = 1.0
N = 200_000


def check(loss, factor, *, tight=True):
    if factor == 1:
        assert_epsilon(loss, EPS, tight=tight)
    else:
        assert_violation(loss, EPS)


@pytest.mark.parametrize("factor", [1, 2])
@pytest.mark.parametrize("k", [2, 5])
def test_randomized_response(k, factor):
    rng = np.random.default_rng(k)
    mech = RandomizedResponse(k, factor * EPS)
    a = mech.sample(np.zeros(N, dtype=int), rng)
    b = mech.sample(np.full(N, k - 1), rng)
    check(privacy_loss(a, b), factor)


@pytest.mark.parametrize("factor", [1, 2])
def test_geometric_on_integer_bounds(factor):
    rng = np.random.default_rng(1)
    mech = GeometricOnBounds(0, 10, factor * EPS)
    lo, mid, hi = (mech.sample(np.full(N, v), rng) for v in (0, 5, 10))
    check(privacy_loss(lo, hi), factor)
    if factor == 1:  # any other pair of records is no worse
        assert_epsilon(privacy_loss(lo, mid), EPS, tight=False)


@pytest.mark.parametrize("factor", [1, 2])
def test_grid_geometric_on_real_bounds(factor):
    rng = np.random.default_rng(2)
    mech = GeometricOnGrid(0.0, 10.0, factor * EPS)
    lo, mid, hi = (mech.sample(np.full(N, v), rng) for v in (0.0, 5.0, 10.0))
    edges = np.linspace(0, 10, 41)
    check(privacy_loss(lo, hi, edges=edges), factor)
    if factor == 1:
        assert_epsilon(privacy_loss(lo, mid, edges=edges), EPS, tight=False)


def _noisy_cells(counts, epsilon, columns, seed):
    """Noisy counts of many cells holding ``counts`` records each: one draw per cell.

    Adding a record to a table changes exactly one cell by one, so comparing a cell's noisy
    count at c and at c + 1 is comparing neighbouring tables, many cells at a time.
    """
    sizes = [2000] if columns == 1 else [40, 50]
    cells = np.arange(math.prod(sizes))
    codes = np.repeat(cells, counts)
    split = np.unravel_index(codes, sizes) if columns == 2 else (codes,)
    rs = np.random.RandomState(seed)
    draws = [
        measure(list(split), sizes, epsilon=epsilon, accountant=BudgetAccountant(), random_state=rs)
        for _ in range(10)
    ]
    return np.concatenate([d.ravel() for d in draws])


@pytest.mark.parametrize("factor", [1, 2])
@pytest.mark.parametrize("columns", [1, 2], ids=["histogram", "histogramdd"])
def test_marginal_counts(columns, factor):
    a = _noisy_cells(3, factor * EPS, columns, seed=3)
    b = _noisy_cells(4, factor * EPS, columns, seed=4)
    check(privacy_loss(a, b, min_count=200), factor)


@pytest.mark.parametrize("factor", [1, 2])
def test_exponential_selection_of_the_network(factor):
    """Utilities of neighbouring tables differ by at most the sensitivity (2) per candidate."""
    before = [0.0, 6.0, 6.0, 6.0, 6.0]
    after = [2.0, 4.0, 4.0, 4.0, 4.0]
    rs = np.random.RandomState(5)
    draws = 20_000

    def run(utility):
        return np.array(
            [network.choose(utility, epsilon=factor * EPS, random_state=rs) for _ in range(draws)]
        )

    check(privacy_loss(run(before), run(after), min_count=150), factor, tight=False)


def test_dependence_score_moves_by_at_most_its_sensitivity():
    rng = np.random.default_rng(6)
    for _ in range(200):
        sizes = rng.integers(2, 6, size=3)
        rows = rng.integers(1, 60)
        codes = [rng.integers(0, s, size=rows) for s in sizes]
        extra = [rng.integers(0, s, size=1) for s in sizes]
        q = rng.random(sizes[2])
        cells = int(sizes[0] * sizes[1])

        added = [np.concatenate([c, e]) for c, e in zip(codes, extra, strict=True)]
        change = _score(added, sizes, cells, q) - _score(codes, sizes, cells, q)
        assert abs(change) <= network.SENSITIVITY + 1e-9


def _score(codes, sizes, cells, q):
    index = network.joint_index(codes[:2], sizes[:2])
    return network.dependence(codes[2], int(sizes[2]), index, cells, q)


@pytest.mark.parametrize("factor", [1, 2])
def test_dp_noise_release_of_one_record_end_to_end(factor):
    """Every row of a dp-noise release is an ε-DP view of its record (ε split over columns)."""
    settings = ProtectionSettings(
        method="dp-noise", epsilon=factor * EPS, bounds={"age": (0, 10), "score": (0.0, 1.0)}
    )
    categories = {"sex": ["f", "m", "x"]}
    n = 100_000

    def run(sex, age, score, seed):
        frame = pd.DataFrame({"sex": [sex] * n, "age": [age] * n, "score": [score] * n})
        out = release(frame, roles={}, settings=settings, categories=categories, seed=seed).data
        score_bin = np.minimum((out["score"].to_numpy() * 3).astype(int), 2)
        return (
            out["sex"].map({"f": 0, "m": 1, "x": 2}).to_numpy() * 100 + out["age"] * 3 + score_bin
        )

    a = run("f", 0, 0.0, seed=7)
    b = run("x", 10, 1.0, seed=8)
    check(privacy_loss(np.asarray(a), np.asarray(b), min_count=150), factor, tight=False)


@pytest.mark.parametrize("factor", [1, 2])
@pytest.mark.parametrize(
    ("a", "b"),
    [("2020-01-01", "2020-01-11"), ("2020-01-01 06:00", "2020-01-11 23:59:59")],
    ids=["dates", "times"],
)
def test_dp_noise_on_dates_end_to_end(a, b, factor):
    """A date column through release(): records on the first and the last day the bounds
    allow (the farthest apart two can be; the second on the 11th, not a 1st, and with times
    of day) give outputs within e^ε of each other."""
    first, last = "2020-01-01", "2020-01-11"
    settings = ProtectionSettings(
        method="dp-noise", epsilon=factor * EPS, bounds={"d": (first, last)}
    )

    def run(value, seed):
        frame = pd.DataFrame({"d": pd.to_datetime([value] * N)})
        out = release(frame, roles={}, settings=settings, seed=seed).data["d"]
        assert out.between(pd.Timestamp(first), pd.Timestamp(last)).all()
        return dates.to_units(out, "s")

    check(privacy_loss(run(a, 9), run(b, 10)), factor)
