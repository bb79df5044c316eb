"""The lights on attacks with a known truth (issue 13): pure noise rarely lights up at any
table size, a planted leak is found, and the attribute light follows the most-common-value guess.
Scores are summarized by the real core.metrics.roc / attribute_result and judged by the real
light functions (tests/core/report/simulate.py)."""

from __future__ import annotations

import numpy as np
import pytest

from core.report import Level
from tests.core.report.simulate import (
    attribute_light,
    membership_light,
    reconstruction_light,
)

ABOVE_LOW = (Level.MODERATE, Level.HIGH)


def lit(light) -> bool:
    """MODERATE or worse anywhere in the light's range."""
    return light.level in ABOVE_LOW or light.highest in ABOVE_LOW


@pytest.mark.parametrize(("n", "trials"), [(250, 400), (1000, 400), (5000, 150)])
def test_pure_noise_lights_moderate_or_worse_in_at_most_5_percent(n, trials):
    rng = np.random.default_rng(n)
    lights = [membership_light(n, rng, n_bootstrap=10) for _ in range(trials)]
    assert sum(map(lit, lights)) / trials <= 0.05


def test_a_small_table_says_it_has_too_few_records_instead_of_a_colour():
    rng = np.random.default_rng(7)
    lights = [membership_light(250, rng, n_bootstrap=10) for _ in range(40)]
    quiet = [light for light in lights if not lit(light)]
    assert len(quiet) >= 36 and all(light.level is Level.TOO_FEW for light in quiet)
    # 4 attacks on 250 per side: noise reaches sqrt(ln(4/0.04)/2 · 2/250) ≈ 0.14.
    assert quiet[0].sentence.startswith("Too few records to measure below an advantage of 0.14")
    big = membership_light(5000, rng, n_bootstrap=10)
    assert big.level is Level.LOW or lit(big)


@pytest.mark.parametrize(("n", "leak", "found"), [(1000, 0.2, Level.HIGH), (5000, 0.1, None)])
def test_a_planted_membership_leak_is_found(n, leak, found):
    rng = np.random.default_rng(3)
    lights = [membership_light(n, rng, leak=leak) for _ in range(10)]
    assert all(light.level in ABOVE_LOW for light in lights)
    assert all(light.attack_key == "threshold" for light in lights)  # the leaking attack
    for light in lights:
        assert light.interval[0] <= light.value <= light.interval[1]
        if found is None:  # 0.1 sits on the high line: the interval straddles it
            assert light.level is Level.MODERATE or light.level is Level.HIGH
        else:
            assert light.level is found


@pytest.mark.parametrize("gain", [-1.0, 0.0])
def test_attribute_attacks_at_or_below_the_guess_stay_low(gain):
    rng = np.random.default_rng(11)
    for n in (250, 1000, 5000):
        lights = [attribute_light(n, rng, gain=gain) for _ in range(60)]
        assert sum(map(lit, lights)) / len(lights) <= 0.05
        assert all("no attack does better than always guessing" in x.sentence for x in lights)


def test_an_attribute_attack_above_the_guess_is_found():
    rng = np.random.default_rng(12)
    lights = [attribute_light(1000, rng, gain=0.3) for _ in range(20)]
    # success on members 0.4 + 0.3·0.6 = 0.58 against 0.40 outside: risk 0.30, high.
    assert all(light.level in ABOVE_LOW for light in lights)
    assert sum(light.level is Level.HIGH for light in lights) >= 15
    small = [attribute_light(5000, rng, gain=0.1) for _ in range(10)]
    assert all(light.level is Level.MODERATE or light.highest is Level.MODERATE for light in small)


@pytest.mark.parametrize(("n", "trials"), [(100, 300), (1000, 200), (3000, 100)])
def test_reconstruction_on_noise_lights_in_at_most_5_percent(n, trials):
    rng = np.random.default_rng(n + 2)
    lights = [reconstruction_light(n, rng) for _ in range(trials)]
    assert sum(map(lit, lights)) / trials <= 0.05


def test_a_planted_reconstruction_leak_is_found():
    rng = np.random.default_rng(11)
    lights = [reconstruction_light(1000, rng, gain=0.3) for _ in range(40)]
    assert sum(map(lit, lights)) / 40 >= 0.9
