"""seed=None draws fresh noise from the operating system, not from numpy's global state."""

import numpy as np
import pandas as pd
import pytest

from core.dp import release
from core.dp.randomness import Randomness
from core.dp.sweep import epsilon_sweep
from core.settings import ProtectionSettings
from tests.core.dp.conftest import ADULT_BOUNDS


@pytest.fixture(scope="module")
def adult(adult_full):
    return adult_full.head(2000)


@pytest.mark.parametrize("method", ["dp-noise", "dp-synthetic"])
def test_no_seed_means_unpredictable_noise_even_after_numpy_is_seeded(adult, method):
    settings = ProtectionSettings(method=method, epsilon=1.0, bounds=ADULT_BOUNDS)
    runs = []
    for _ in range(2):
        np.random.seed(0)  # a seeded global state must not make the release predictable
        runs.append(release(adult, roles={}, settings=settings, seed=None))
    assert not runs[0].data.equals(runs[1].data)
    assert all(r.seed is None and not any("seed" in w for w in r.warnings) for r in runs)
    seeded = [release(adult, roles={}, settings=settings, seed=11) for _ in range(2)]
    pd.testing.assert_frame_equal(seeded[0].data, seeded[1].data)
    assert any("seed 11" in w for w in seeded[0].warnings)


def test_no_seed_hands_diffprivlib_its_secure_generator():
    fresh = Randomness(None)
    assert fresh.for_diffprivlib() is None  # diffprivlib then uses secrets.SystemRandom
    assert Randomness(None).generator.random() != fresh.generator.random()
    seeded = Randomness(3).for_diffprivlib()
    assert isinstance(seeded, np.random.RandomState)


def test_the_sweep_draws_fresh_noise_without_a_seed(adult):
    settings = ProtectionSettings(method="dp-noise", epsilon=1.0, bounds=ADULT_BOUNDS)
    a = dict(epsilon_sweep(adult, roles={}, settings=settings, epsilons=[1.0]))
    b = dict(epsilon_sweep(adult, roles={}, settings=settings, epsilons=[1.0]))
    assert not a[1.0].data.equals(b[1.0].data)
