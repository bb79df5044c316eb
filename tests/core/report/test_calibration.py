"""The lights on attacks with a known truth (issue 13): pure noise rarely lights up at any
table size, a planted leak is found, and the attribute light follows the most-common-value guess.
Scores are summarized by the real core.metrics.roc / attribute_result and judged by the real
light functions (tests/core/report/simulate.py)."""

from __future__ import annotations

import numpy as np
import pytest

from core.report import Level
from core.report.family_lights import extraction_light
from tests.core.report.simulate import (
    attribute_light,
    membership_light,
    reconstruction_light,
)
from tests.core.report.simulate_families import (
    extraction_noise_lights,
    extraction_section,
    property_noise_light,
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


# Model extraction and property inference (issue 16). Each test allows at most 5 % of its
# trials lit (seeded, so a result never flickers). Binomial margin: a light whose true rate
# were 5 % would pass only about 58 % of the time (P(more than 10 of 200) = 0.42); at the rates
# measured (benchmarks/lights.py: extraction 0 % in 500 trials per cell; property 1.95 % at 16
# and 2.35 % at 48 models in 2,000 trials) a fail is a real change: P(more than 10 of 200 |
# 2.35 %) = 0.8 %, P(more than 15 of 300 | 2.35 %) = 0.2 %.
NOISE_TRIALS = 300
GAMES = 200  # property games: each fits four small meta-classifiers


@pytest.mark.parametrize(("queries", "share"), [(50, 0.3), (3000, 0.05), (10_000, 0.5)])
@pytest.mark.parametrize("copy_share", [0.05, 0.5])
def test_extraction_noise_lights_the_light_in_at_most_5_percent(queries, share, copy_share):
    """A copy that learned nothing about a randomly answering model, at the largest pool
    budget of a small, medium and large table: the copy gain and its interval come from the
    attack's own functions, the level from the light."""
    rng = np.random.default_rng(queries)
    lights = extraction_noise_lights(queries, NOISE_TRIALS, rng, share=share, copy_share=copy_share)
    assert len(lights) == NOISE_TRIALS and all(x.value is not None for x in lights)
    assert sum(map(lit, lights)) <= 0.05 * NOISE_TRIALS


def test_an_extraction_copy_that_learned_the_model_lights_it():
    """The same summary lights up when the copy does agree with the model."""
    rng = np.random.default_rng(4)
    target = (rng.random(1000) < 0.3).astype(int)
    copies = [np.where(rng.random(1000) < 0.97, target, 1 - target) for _ in range(3)]
    agree = [float(np.mean(c == target)) for c in copies]
    light = extraction_light({"after": {"extraction": extraction_section(1000, target, agree)}})
    assert light.level in ABOVE_LOW


@pytest.mark.parametrize("models", [16, 48])
def test_property_noise_lights_the_light_in_at_most_5_percent(models):
    """Look-alike models whose answers carry no trace of the share, at the fewest and the most
    models the time budget allows; the game's Wilson interval lit this noise in about 4.4 %
    (16) and 4.8-6 % (48) of runs, the light's exact interval in about 2 %."""
    rng = np.random.default_rng(models + 1)
    lights = [property_noise_light(models, rng) for _ in range(GAMES)]
    assert sum(map(lit, lights)) <= 0.05 * GAMES
