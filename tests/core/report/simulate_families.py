"""Pure-noise runs of the model-extraction and property-inference attacks, summarized by
Veil's real functions and judged by the real lights (tests and benchmarks/lights.py)."""

from __future__ import annotations

import numpy as np

from core.attacks.extraction.attack import REPEATS
from core.attacks.extraction.result import gain, mean_interval
from core.attacks.extraction.surrogate import answers, fit_surrogate
from core.attacks.property import play
from core.report import Light
from core.report.family_lights import extraction_light, property_light


def extraction_noise_light(n: int, rng: np.random.Generator, share: float = 0.3) -> Light:
    """A 'model' answering at random (a label that owes nothing to the record, of which
    ``share`` are 1), copied from ``n`` pool queries and judged on ``n`` held-out records."""
    test = rng.normal(size=(n, 6))
    target = (rng.random(n) < share).astype(int)
    chance = float(np.bincount(target, minlength=2).max() / n)
    fid = []
    for r in range(REPEATS):
        asked = rng.normal(size=(n, 6))
        said = (rng.random(n) < share).astype(int)
        copy = fit_surrogate(asked, said, 2, seed=r)
        fid.append(float(np.mean(answers(copy.predict_proba(test)) == target)))
    f, ci = mean_interval(fid)
    g = gain(f, chance)
    g_ci = None if ci is None or g is None else [gain(ci[0], chance), gain(ci[1], chance)]
    section = {
        "curves": {"pool": [{"queries": n, "fidelity": f, "fidelity_interval": ci}]},
        "chance_agreement": chance, "copy_gain": g, "copy_gain_interval": g_ci,
        "queries_for": {"0.9": None, "0.95": None},
    }  # fmt: skip
    return extraction_light({"after": {"extraction": section}})


def property_noise_light(models: int, rng: np.random.Generator, features: int = 6) -> Light:
    """The game played on look-alike models whose outputs carry no trace of the share."""
    labels = np.arange(models) % 2
    score = play(rng.normal(size=(models, features)), labels, seed=int(rng.integers(1 << 31)))
    section = {
        "column": "sex", "value": "Female", "true_share": 0.33, "shifted_share": 0.73,
        "game": score.to_dict(), "estimate": 0.5, "error": 0.17, "shadow_models": models,
    }  # fmt: skip
    return property_light({"after": {"property": section}})
