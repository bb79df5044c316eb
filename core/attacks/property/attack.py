"""Shadow models at two shares of the property, a meta-classifier on their outputs on a fixed
query set, and the attacker's estimate of the share for the target model."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.attacks.property.game import fit_meta, meta_proba, play
from core.attacks.property.result import PropertyResult
from core.attacks.property.spec import PropertySpec
from core.errors import ValidationError
from core.jobs import Monitor, null_monitor
from core.model.estimators import one_thread
from core.model.proxy import TrainedModel, recorded_warnings, train, true_confidence

SHIFT = 0.4  # the shifted share is the true one ± this
SHADOWS = 48  # planned shadow models, half at each share
MIN_SHADOWS = 16
SHADOW_ROWS = 2000
QUERY_ROWS = 1000
MIN_POOL = 60  # the attacker's pool must hold at least this many records
SHADOW_TREES = 20
TIME_BUDGET = 4.0  # seconds of shadow training per side, on the estimate below
SECONDS_PER_UNIT = 1.5e-7  # estimated fit time per (row × column × tree) on one core
NOTES = (
    "The attacker trains look-alike models on records like the population re-sampled to two "
    "shares of {p}, learns to tell them apart from their answers to the same questions, then "
    "asks which share the real model was trained at."
)


@dataclass(frozen=True)
class PropertyInputs:
    """``pool``: the attacker's records like the population; ``people``: the records the target
    model stands for (whose share is the secret)."""

    pool: pd.DataFrame
    people: pd.DataFrame


def property_attack(
    model: TrainedModel,
    spec: PropertySpec,
    data: PropertyInputs,
    *,
    seed: int = 0,
    shadows: int = SHADOWS,
    time_budget: float = TIME_BUDGET,
    stop_at: float | None = None,
    monitor: Monitor | None = None,
) -> PropertyResult:
    """The distinguishing game between the true share and a shifted one, then the estimate.

    The number of shadow models is bounded by ``time_budget`` on an estimate of each one's
    fit time (from its rows, columns and trees), so the same seed gives the same figures on
    any machine; ``stop_at`` (seconds of wall clock) may also cut it short (not reproducible).
    """
    monitor = monitor or null_monitor()
    start = time.perf_counter()
    truth = float(spec.mask(data.people).mean())
    shifted = min(truth + SHIFT, 0.95) if truth <= 0.5 else max(truth - SHIFT, 0.05)
    has = spec.mask(data.pool).to_numpy()
    _check_pool(spec, has)
    rng = np.random.default_rng(seed + 31)
    order = rng.permutation(len(data.pool))
    n_query = min(QUERY_ROWS, len(order) // 3)
    query, rest = order[:n_query], order[n_query:]
    coded = model.space.code(data.pool, released=False)
    matrix = model.matrix(coded)
    codes = model.label_codes(data.pool)
    recipe = _shadow_recipe(model)
    size = min(SHADOW_ROWS, len(rest) // 2)
    planned = shadows
    shadows = affordable(shadows, size, len(model.space.coders), recipe, time_budget)
    features, labels, notes = [], [], []
    with recorded_warnings() as caught:
        for i in range(shadows):
            label = i % 2
            rows = _resample(rest, has, size, (truth, shifted)[label], rng)
            shadow = train(
                recipe, model.space, model.labels, matrix[rows], codes[rows],
                seed=seed + 1000 + i, capture=False,
            )  # fmt: skip
            features.append(_features(shadow.proba(matrix[query]), has[query], codes[query]))
            labels.append(label)
            monitor.progress(0.95 * (i + 1) / shadows, f"Property inference: model {i + 1}")
            over = stop_at is not None and time.perf_counter() - start > stop_at
            if over and i + 1 >= MIN_SHADOWS and label == 1:
                break
    notes += caught
    x, y = np.array(features), np.array(labels)
    score = play(x, y, seed=seed)
    target = _features(model.proba(matrix[query]), has[query], codes[query])
    with one_thread():
        said = float(meta_proba(fit_meta(x, y), target[None, :])[0])
    estimate = truth + (shifted - truth) * said
    monitor.progress(1.0, "Property inference done")
    return PropertyResult(
        column=spec.column,
        value=spec.value,
        true_share=truth,
        shifted_share=shifted,
        game=score,
        estimate=estimate,
        error=abs(estimate - truth),
        shadow_models=len(y),
        planned_models=planned,
        shadow_rows=size,
        query_rows=len(query),
        stopped_by_time=len(y) < planned,
        elapsed_seconds=time.perf_counter() - start,
        notes=NOTES.format(p=spec.describe()),
        warnings=tuple(dict.fromkeys(notes)),
    )


def affordable(planned: int, rows: int, columns: int, recipe, budget: float) -> int:
    """How many of ``planned`` shadow models fit in ``budget`` seconds on the estimate
    (at least MIN_SHADOWS, an even number: as many at each share)."""
    trees = {"rf": recipe.n_trees, "dp-rf": recipe.n_trees, "hgb": 100}.get(recipe.name, 5)
    each = max(rows * max(columns, 1) * trees * SECONDS_PER_UNIT, 1e-6)
    return max(MIN_SHADOWS, min(planned, int(budget / each) // 2 * 2))


def _check_pool(spec: PropertySpec, has: np.ndarray) -> None:
    if len(has) < MIN_POOL or has.all() or not has.any():
        raise ValidationError(
            f"Property inference on {spec.describe()} needs an attacker's pool with and without "
            f"that value ({len(has)} records, {int(has.sum())} with it).",
            column=spec.column,
            hint="Use a larger table, or leave property inference out of the attacks.",
        )


def _shadow_recipe(model: TrainedModel):
    """The target's kind of model, with fewer trees for forests (fast look-alikes)."""
    recipe = model.recipe
    return dataclasses.replace(recipe, n_trees=min(recipe.n_trees, SHADOW_TREES))


def _resample(
    rows: np.ndarray, has: np.ndarray, size: int, share: float, rng: np.random.Generator
) -> np.ndarray:
    """``size`` rows of ``rows`` of which ``share`` have the property (repeats if too few)."""
    yes, no = rows[has[rows]], rows[~has[rows]]
    n_yes = round(share * size)
    pick_yes = rng.choice(yes, size=n_yes, replace=n_yes > len(yes))
    pick_no = rng.choice(no, size=size - n_yes, replace=size - n_yes > len(no))
    return np.concatenate([pick_yes, pick_no])


def _features(proba: np.ndarray, has: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """A model's answers on the query set (records whose label the attacker knows),
    summarized over the queries with the property and those without: mean class
    probabilities, confidence on the true label and share answered right."""
    sure = true_confidence(proba, codes)
    right = proba.argmax(axis=1) == codes
    parts = []
    for rows in (has, ~has):
        if not rows.any():
            parts.append(np.zeros(proba.shape[1] + 2))
            continue
        parts.append(np.r_[proba[rows].mean(axis=0), sure[rows].mean(), right[rows].mean()])
    return np.concatenate(parts)
