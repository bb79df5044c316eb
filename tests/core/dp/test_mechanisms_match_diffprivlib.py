"""Veil's vectorized draws follow the very distribution of diffprivlib's own mechanism.

diffprivlib randomises one value per call; Veil draws whole columns with numpy. For each
mechanism, draws from both are compared (chi-square or Kolmogorov-Smirnov); the same test must
tell diffprivlib at ε from Veil at 2ε apart, so it has the power to see a miscalibration.
"""

import numpy as np
import pytest
from scipy import stats

from core.dp.mechanisms import GeometricOnBounds, GeometricOnGrid, RandomizedResponse

DRAWS = 20_000


def _chi2_pvalue(a, b):
    values = np.union1d(a, b)
    table = np.array([[(a == v).sum() for v in values], [(b == v).sum() for v in values]])
    table = table[:, table.min(axis=0) >= 5]
    return stats.chi2_contingency(table)[1]


def _reference_draws(mechanism, value, convert=lambda v: v):
    ref = mechanism.reference(random_state=np.random.RandomState(0))
    return np.array([convert(ref.randomise(value)) for _ in range(DRAWS)])


@pytest.mark.parametrize("k", [2, 6])
def test_randomized_response_is_diffprivlib_binary_or_exponential(k):
    rng = np.random.default_rng(0)
    mech = RandomizedResponse(k, 1.0)
    ref = _reference_draws(mech, "1", int)
    assert _chi2_pvalue(ref, mech.sample(np.ones(DRAWS, dtype=int), rng)) > 1e-3
    wrong = RandomizedResponse(k, 2.0).sample(np.ones(DRAWS, dtype=int), rng)
    assert _chi2_pvalue(ref, wrong) < 1e-6


def test_geometric_is_diffprivlib_geometric_truncated():
    rng = np.random.default_rng(1)
    mech = GeometricOnBounds(17, 90, 5.0)
    ref = _reference_draws(mech, 40)
    assert _chi2_pvalue(ref, mech.sample(np.full(DRAWS, 40), rng)) > 1e-3
    wrong = GeometricOnBounds(17, 90, 10.0).sample(np.full(DRAWS, 40), rng)
    assert _chi2_pvalue(ref, wrong) < 1e-6


def test_grid_mechanism_is_diffprivlib_geometric_on_step_numbers():
    rng = np.random.default_rng(2)
    mech = GeometricOnGrid(0.0, 100.0, 3.0, steps=200)
    assert mech.snap(np.array([20.0])).tolist() == [40]
    ref = mech.grid(_reference_draws(mech.on_steps, 40))
    assert _chi2_pvalue(ref, mech.sample(np.full(DRAWS, 20.0), rng)) > 1e-3
    wrong = GeometricOnGrid(0.0, 100.0, 6.0, steps=200).sample(np.full(DRAWS, 20.0), rng)
    assert _chi2_pvalue(ref, wrong) < 1e-6


def test_vectorized_mechanisms_keep_integers_and_bounds():
    rng = np.random.default_rng(3)
    values = rng.integers(-50, 200, size=10_000)  # some outside the bounds: clamped first
    out = GeometricOnBounds(0, 120, 0.5).sample(values, rng)
    assert out.dtype.kind == "i" and out.min() >= 0 and out.max() <= 120
    real = GeometricOnGrid(0.0, 1.0, 0.1).sample(rng.normal(0.5, 1, 10_000), rng)
    assert real.min() >= 0.0 and real.max() <= 1.0 and not np.isnan(real).any()
    assert set(np.unique(real)) <= set(GeometricOnGrid(0.0, 1.0, 0.1).grid(np.arange(10_001)))


def test_diffprivlib_validates_the_parameters():
    with pytest.raises(ValueError):
        RandomizedResponse(3, -1.0).sample(np.zeros(3, dtype=int), np.random.default_rng())
    with pytest.raises(ValueError):
        GeometricOnBounds(5, 1, 1.0).sample(np.zeros(3, dtype=int), np.random.default_rng())
