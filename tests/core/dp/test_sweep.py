"""The ε sweep: one release per budget, ε = ∞ being the non-private path."""

import math

import pandas as pd
import pytest

from core.dp.sweep import DEFAULT_EPSILONS, epsilon_sweep
from core.errors import ConfigError
from core.jobs import Monitor
from core.settings import ProtectionSettings
from tests.core.dp.conftest import ADULT_BOUNDS


def test_sweep_releases_at_every_epsilon_and_infinity_is_the_data(adult_full):
    frame = adult_full.head(3000)
    seen = []
    settings = ProtectionSettings(method="dp-noise", epsilon=1.0, bounds=ADULT_BOUNDS)
    points = list(
        epsilon_sweep(
            frame,
            roles={},
            settings=settings,
            monitor=Monitor(lambda f, m: seen.append(f)),
            seed=0,
        )
    )
    assert [e for e, _ in points] == list(DEFAULT_EPSILONS)
    assert all(r.epsilon == e and r.epsilon_spent == pytest.approx(e) for e, r in points)
    pd.testing.assert_frame_equal(points[-1][1].data, frame)
    same = [(r.data == frame) | (r.data.isna() & frame.isna()) for _, r in points]
    changed = [1 - s.to_numpy().mean() for s in same]
    assert changed[0] > changed[3] > changed[5] > changed[6] == 0  # noise shrinks with ε
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0)


def test_synthetic_sweep_at_infinity_uses_the_exact_count(adult_full):
    frame = adult_full.head(2000)
    settings = ProtectionSettings(method="dp-synthetic", bounds=ADULT_BOUNDS)
    points = dict(epsilon_sweep(frame, roles={}, settings=settings, epsilons=(1.0, math.inf)))
    assert points[math.inf].rows == 2000 and points[1.0].epsilon_spent == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("method", "epsilons", "match"),
    [
        ("optimal", (1.0,), "needs a DP method"),
        ("dp-noise", (1.0, 0.0), "positive"),
        ("dp-noise", (), "positive"),
    ],
)
def test_bad_sweeps_are_refused(adult_full, method, epsilons, match):
    settings = ProtectionSettings(method=method)
    with pytest.raises(ConfigError, match=match):
        list(epsilon_sweep(adult_full, roles={}, settings=settings, epsilons=epsilons))
