"""Pure-noise runs of the model-extraction and property-inference attacks, summarized by
Veil's real functions and judged by the real lights (tests and benchmarks/lights.py)."""

from __future__ import annotations

import numpy as np

from core.attacks.extraction.attack import REPEATS, TEST_ROWS
from core.attacks.extraction.result import gain, mean_interval
from core.attacks.extraction.surrogate import answers, fit_surrogate
from core.attacks.property import play
from core.report import Light
from core.report.family_lights import extraction_light, property_light

COPY_SHARES = (0.0, 0.05, 0.3, 0.5, 1.0)  # what a copy that learned nothing may answer


def extraction_noise_light(n: int, rng: np.random.Generator, share: float = 0.3) -> Light:
    """A 'model' answering at random (a label that owes nothing to the record, of which
    ``share`` are 1), copied from ``n`` pool queries and judged on ``n`` held-out records."""
    test = rng.normal(size=(n, 6))
    target = (rng.random(n) < share).astype(int)
    fid = []
    for r in range(REPEATS):
        asked = rng.normal(size=(n, 6))
        said = (rng.random(n) < share).astype(int)
        copy = fit_surrogate(asked, said, 2, seed=r)
        fid.append(float(np.mean(answers(copy.predict_proba(test)) == target)))
    return extraction_light({"after": {"extraction": extraction_section(n, target, fid)}})


def extraction_noise_lights(
    queries: int,
    trials: int,
    rng: np.random.Generator,
    *,
    share: float = 0.3,
    copy_share: float = 0.05,
) -> list[Light]:
    """``trials`` extraction runs at a budget of ``queries`` where the copy learned nothing:
    the target answers 1 at random with ``share``, each repeat's copy answers 1 with
    ``copy_share`` independently of it (held-out rows as the attack takes them). Fidelity,
    chance, copy gain and its interval come from the attack's own functions; the light judges."""
    rows = min(queries, TEST_ROWS)
    target = rng.random((trials, rows)) < share
    copies = rng.random((trials, REPEATS, rows)) < copy_share
    fidelity = (copies == target[:, None, :]).mean(axis=2)
    return [
        extraction_light(
            {"after": {"extraction": extraction_section(queries, t.astype(int), list(f))}}
        )
        for t, f in zip(target, fidelity, strict=True)
    ]


def extraction_section(queries: int, target: np.ndarray, fid: list[float]) -> dict:
    """assessment.json's extraction section as the attack builds it from the repeats'
    fidelities at its largest pool budget (core.attacks.extraction.attack._gain)."""
    chance = float(np.bincount(target, minlength=2).max() / len(target))
    f, ci = mean_interval(fid)
    g = gain(f, chance)
    g_ci = None if ci is None or g is None else [gain(ci[0], chance), gain(ci[1], chance)]
    return {
        "curves": {"pool": [{"queries": queries, "fidelity": f, "fidelity_interval": ci}]},
        "chance_agreement": chance, "copy_gain": g, "copy_gain_interval": g_ci,
        "queries_for": {"0.9": None, "0.95": None},
    }  # fmt: skip


def property_noise_light(models: int, rng: np.random.Generator, features: int = 8) -> Light:
    """The game played on look-alike models whose outputs carry no trace of the share
    (``features``: 8, what the attack reads from a two-class model's answers)."""
    return property_light({"after": {"property": property_noise_section(models, rng, features)}})


def property_noise_section(models: int, rng: np.random.Generator, features: int = 8) -> dict:
    """assessment.json's property section of one pure-noise game (``game``: the real score)."""
    labels = np.arange(models) % 2
    score = play(rng.normal(size=(models, features)), labels, seed=int(rng.integers(1 << 31)))
    return {
        "column": "sex", "value": "Female", "true_share": 0.33, "shifted_share": 0.73,
        "game": score.to_dict(), "estimate": 0.5, "error": 0.17, "shadow_models": models,
    }  # fmt: skip
