"""The extraction attack: query the target at growing budgets, train a copy on its answers,
and measure how well the copy agrees with it on records neither has seen."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.attacks.extraction import queries as q
from core.attacks.extraction.detector import flagged_shares
from core.attacks.extraction.result import (
    ANSWERS,
    BudgetPoint,
    ExtractionResult,
    advice,
    auc,
    fewest,
    gain,
    mean_interval,
)
from core.attacks.extraction.surrogate import answers, fit_probability_surrogate, fit_surrogate
from core.errors import ValidationError
from core.jobs import Monitor, null_monitor
from core.model.estimators import one_thread
from core.model.proxy import TrainedModel, true_confidence

BUDGETS = (10, 30, 100, 300, 1000, 3000, 10000)
REPEATS = 3
TEST_ROWS = 3000  # held-out records the copy is compared on (a seeded sample)
LEVELS = ("0.9", "0.95")
NOTES = (
    "The attacker sends records to the model as if it were served and trains a copy (a small "
    "random forest) on its answers: once on the labels it answers, once on its class "
    "probabilities (a forest regressor of the probability of each class)."
)


@dataclass(frozen=True)
class ExtractionInputs:
    """``pool``: the attacker's records like the population; ``test``: held-out records neither
    the target nor the copy saw; ``members``/``non_members``: the membership evaluation
    records; ``normal``: the target's training records, the detector's idea of normal use."""

    pool: pd.DataFrame
    test: pd.DataFrame
    members: pd.DataFrame
    non_members: pd.DataFrame
    normal: pd.DataFrame


def extraction_attack(
    model: TrainedModel,
    data: ExtractionInputs,
    *,
    budgets: tuple[int, ...] | None = None,
    repeats: int = REPEATS,
    seed: int = 0,
    monitor: Monitor | None = None,
) -> ExtractionResult:
    """Fidelity and accuracy of the copy per budget and source; explicit ``budgets`` larger
    than the pool are refused, the default ones are capped at the pool and say so."""
    monitor = monitor or null_monitor()
    chosen, capped = _budgets(budgets, len(data.pool))
    with one_thread():
        return _attack(model, data, chosen, capped, repeats, seed, monitor)


def _attack(
    model: TrainedModel,
    data: ExtractionInputs,
    chosen: tuple[int, ...],
    capped: bool,
    repeats: int,
    seed: int,
    monitor: Monitor,
) -> ExtractionResult:
    start = time.perf_counter()
    coded = model.space.code(data.pool, released=False)
    held_out = _sample(data.test, TEST_ROWS, seed)
    test = model.matrix(model.space.code(held_out, released=False))
    target = answers(model.proba(test))
    truth = model.label_codes(held_out)
    chance = float(np.bincount(target).max() / len(target)) if len(target) else 1.0
    whole_pool = model.matrix(coded)
    pool_answers = model.proba(whole_pool)  # asked once: pool queries are rows of the pool
    curves: dict[str, dict[str, list[BudgetPoint]]] = {a: {} for a in ANSWERS}
    last: dict[str, tuple] = {}
    steps, done = len(q.SOURCES) * len(chosen), 0
    for s, source in enumerate(q.SOURCES):
        for a in ANSWERS:
            curves[a][source] = []
        for budget in chosen:
            scores: dict[str, tuple[list[float], list[float]]] = {a: ([], []) for a in ANSWERS}
            for r in range(repeats):
                rng = np.random.default_rng([seed, s, budget, r])
                if source == "pool":
                    pick = q.pool_rows(len(whole_pool), budget, rng)
                    asked, said = whole_pool[pick], pool_answers[pick]
                else:
                    asked = model.matrix(q.draw(source, coded, budget, rng))
                    said = model.proba(asked)
                copies = {
                    "labels": fit_surrogate(asked, answers(said), model.n_classes, seed=seed + r),
                    "probabilities": fit_probability_surrogate(asked, said, seed=seed + r),
                }
                for a, copy in copies.items():
                    _score(copy, test, target, truth, *scores[a])
                last[source] = (asked, copies["labels"])
            for a in ANSWERS:
                curves[a][source].append(_point(budget, *scores[a]))
            done += 1
            monitor.progress(0.85 * done / steps, f"Model extraction: {budget:,} queries")
    monitor.progress(0.85, "Model extraction: membership through the copy")
    needed = {a: {lv: _needed(curves[a]["pool"], float(lv)) for lv in LEVELS} for a in ANSWERS}
    gains = {a: _gain(curves[a]["pool"][-1], chance) for a in ANSWERS}
    stronger = max(ANSWERS, key=lambda a: _strength(needed[a], gains[a][0]))
    direct, through = _membership(model, last["pool"][1], data)
    monitor.progress(0.9, "Model extraction: query monitor")
    flagged, alarms = flagged_shares(
        model, data.normal, data.test, {k: v[0] for k, v in last.items()}, seed=seed
    )
    monitor.progress(1.0, "Model extraction done")
    fewest_for = {lv: fewest(*(needed[a][lv] for a in ANSWERS)) for lv in LEVELS}
    return ExtractionResult(
        answers="labels",
        pool_size=len(data.pool),
        budgets=chosen,
        capped=capped,
        curves={k: tuple(v) for k, v in curves["labels"].items()},
        chance_agreement=chance,
        copy_gain=gains[stronger][0],
        copy_gain_interval=gains[stronger][1],
        queries_for=needed["labels"],
        membership_auc_direct=direct,
        membership_auc_surrogate=through,
        flagged=flagged,
        detector_false_alarms=alarms,
        advice=advice(fewest_for, chosen[-1]),
        test_rows=len(held_out),
        elapsed_seconds=time.perf_counter() - start,
        notes=NOTES,
        probability_curves={k: tuple(v) for k, v in curves["probabilities"].items()},
        probability_queries_for=needed["probabilities"],
        copy_gain_by_answers={a: gains[a][0] for a in ANSWERS},
        stronger=stronger,
        agreement=curves[stronger]["pool"][-1].fidelity,
    )


def _score(copy, test, target, truth, fid: list[float], acc: list[float]) -> None:
    """Append the copy's agreement with the target and its accuracy on the held-out records."""
    guess = answers(copy.predict_proba(test))
    fid.append(float(np.mean(guess == target)))
    known = truth >= 0
    acc.append(float(np.mean(guess[known] == truth[known])) if known.any() else np.nan)


def _strength(needed: dict[str, int | None], gain: float | None) -> tuple[float, ...]:
    """Fewer queries to 95 %, then to 90 %, then a larger gain at the largest budget: stronger."""
    to95, to90 = (-np.inf if n is None else -n for n in (needed["0.95"], needed["0.9"]))
    return (to95, to90, -np.inf if gain is None else gain)


def _budgets(given: tuple[int, ...] | None, pool: int) -> tuple[tuple[int, ...], bool]:
    if pool < 2:
        raise ValidationError(
            f"Model extraction needs an attacker's pool of records; it has {pool}.",
            hint="Use a larger table, or leave model extraction out of the attacks.",
        )
    if given is not None:
        too_big = [b for b in given if b > pool]
        if too_big or not given or min(given) < 1:
            raise ValidationError(
                f"Query budget(s) {', '.join(f'{b:,}' for b in too_big or given)} cannot be "
                f"used: the attacker's pool holds {pool:,} records.",
                hint=f"Give budgets from 1 to {pool:,}.",
            )
        return tuple(sorted(set(given))), False
    kept = tuple(b for b in BUDGETS if b <= pool)
    capped = len(kept) < len(BUDGETS)
    if capped and (not kept or kept[-1] < pool):
        kept = (*kept, pool)
    return kept, capped


def _sample(frame: pd.DataFrame, size: int, seed: int) -> pd.DataFrame:
    if len(frame) <= size:
        return frame
    pick = np.random.default_rng(seed + 3).choice(len(frame), size=size, replace=False)
    return frame.iloc[np.sort(pick)]


def _point(budget: int, fid: list[float], acc: list[float]) -> BudgetPoint:
    f, f_ci = mean_interval(fid)
    known = [a for a in acc if not np.isnan(a)]
    a, a_ci = mean_interval(known) if known else (None, None)
    return BudgetPoint(budget, f, f_ci, a, a_ci, len(fid))


def _needed(points: list[BudgetPoint], level: float) -> int | None:
    return next((p.queries for p in points if p.fidelity >= level), None)


def _gain(point: BudgetPoint, chance: float) -> tuple[float | None, tuple | None]:
    """The copy's gain over chance agreement at the largest pool budget, with its interval."""
    g = gain(point.fidelity, chance)
    if g is None:
        return None, None
    ci = point.fidelity_interval
    lo_hi = None if ci is None else (gain(ci[0], chance), gain(ci[1], chance))
    return g, lo_hi


def _membership(
    model: TrainedModel, copy, data: ExtractionInputs
) -> tuple[float | None, float | None]:
    """AUC of the confidence attack on the target itself and on the copy."""
    mem = model.matrix(model.space.code(data.members, released=False))
    non = model.matrix(model.space.code(data.non_members, released=False))
    mc, nc = model.label_codes(data.members), model.label_codes(data.non_members)
    direct = auc(true_confidence(model.proba(mem), mc), true_confidence(model.proba(non), nc))
    through = auc(
        true_confidence(copy.predict_proba(mem), mc), true_confidence(copy.predict_proba(non), nc)
    )
    return direct, through
