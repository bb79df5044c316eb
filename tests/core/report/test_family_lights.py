"""The model-extraction and property-inference lights: a copy of a model answering at random
does not light (the 5 % calibration: test_calibration.py); a real copy or game result does."""

import numpy as np
import pytest

from core.report import Level
from core.report.family_lights import extraction_light, property_light
from tests.core.report.simulate_families import extraction_noise_light


def lit(light) -> bool:
    return any(x in (Level.MODERATE, Level.HIGH) for x in (light.level, light.highest))


@pytest.mark.parametrize(("n", "trials"), [(50, 10), (1000, 4)])
def test_the_extraction_light_does_not_light_on_a_model_answering_at_random(n, trials):
    rng = np.random.default_rng(n)
    assert not any(lit(extraction_noise_light(n, rng)) for _ in range(trials))


def test_a_real_game_result_and_a_real_copy_light_up():
    game = {"accuracy": 0.77, "interval": [0.63, 0.87], "models": 48}
    prop = {"column": "sex", "value": "Female", "true_share": 0.33, "shifted_share": 0.73,
            "game": game, "estimate": 0.48, "error": 0.15, "shadow_models": 48}  # fmt: skip
    light = property_light({"before": {"property": prop}, "after": {"property": prop}})
    assert light.level is Level.MODERATE and light.value == 0.77
    assert "sex = Female" in light.sentence and "chance is 50 %" in light.sentence
    copy = {
        "curves": {"pool": [{"queries": 6000, "fidelity": 0.95, "fidelity_interval": [0.9, 1]}]},
        "chance_agreement": 0.77, "copy_gain": 0.78, "copy_gain_interval": [0.74, 0.83],
        "queries_for": {"0.9": 1000, "0.95": 6000},
    }  # fmt: skip
    light = extraction_light({"after": {"extraction": copy}})
    assert light.level is Level.MODERATE and light.span == (Level.MODERATE, Level.HIGH)
    assert "about 6,000 queries" in light.sentence
    assert extraction_light({"after": {}}).level is Level.NOT_ASSESSED


def test_the_extraction_sentence_quotes_the_copy_the_light_rests_on():
    labels = {"pool": [{"queries": 6000, "fidelity": 0.90, "fidelity_interval": [0.88, 0.92]}]}
    probs = {"pool": [{"queries": 6000, "fidelity": 0.97, "fidelity_interval": [0.96, 0.98]}]}
    copy = {
        "curves": labels, "probability_curves": probs, "chance_agreement": 0.77,
        "queries_for": {"0.9": 6000, "0.95": None},
        "probability_queries_for": {"0.9": 300, "0.95": 3000},
        "copy_gain": 0.87, "copy_gain_interval": [0.83, 0.91], "stronger": "probabilities",
    }  # fmt: skip
    light = extraction_light({"after": {"extraction": copy}})
    assert "97%" in light.sentence.replace(" %", "%") and "class probabilities" in light.sentence
    assert "about 3,000 queries" in light.sentence
    by_labels = extraction_light({"after": {"extraction": copy | {"stronger": "labels"}}})
    assert "90%" in by_labels.sentence.replace(" %", "%") and "not reached" in by_labels.sentence
