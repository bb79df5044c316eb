"""Running the membership attacks of one side against its proxy model and its release."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from core.assessment.context import Context
from core.attacks.membership import (
    MembershipData,
    MembershipResult,
    distance_scores,
    domias_scores,
    lira_scores,
    membership_result,
    model_outputs,
    shadow_scores,
    tapas_scores,
    threshold_scores,
    train_references,
)
from core.attacks.membership.domias import ESTIMATOR
from core.attacks.membership.tapas import shadow_words
from core.errors import VeilError
from core.jobs import Monitor
from core.model.proxy import TrainedModel
from core.model.space import FeatureSpace, ReleaseLink

MODEL_ATTACKS = ("threshold", "shadow", "lira")
DATA_ATTACKS = ("distance", "domias", "tapas")  # on the released table itself
MEMBERSHIP_ATTACKS = (*MODEL_ATTACKS, *DATA_ATTACKS)
NOTES = {
    "threshold": "Confidence of the proxy model on the record's true label (Yeom et al. 2018).",
    "shadow": "Attack model learned from {n} shadow models trained on halves of the attacker's "
    "pool of non-members (Shokri et al. 2017).",
    "lira": "Offline likelihood ratio against {n} reference models that never saw the record, "
    "fixed variance (Carlini et al. 2022).",
    "distance": "Distance from the record to the closest released row.",
    "domias": "Density of the release against density of the attacker's pool of non-members "
    "at the record (DOMIAS, van Breugel et al. 2023): {estimator}; {targets}.",
    "tapas": "Veil's own protection re-run on the attacker's pool with and without each record "
    "({shadows}); a classifier learns from the outputs' copies, one-column-off copies and value "
    "frequencies around a record (TAPAS, Houssiau et al. 2022); {targets}.",
}


def run_membership(
    ctx: Context,
    release: pd.DataFrame,
    model: TrainedModel | None,
    *,
    link: ReleaseLink,
    ceilings: tuple[float | None, float | None],
    attacks: tuple[str, ...] = MEMBERSHIP_ATTACKS,
    monitor: Monitor,
) -> tuple[dict[str, MembershipResult], list[str]]:
    """Results per attack and warnings; ``ceilings`` = DP bounds on advantage for the model
    attacks and for the data-level attack (None when that path is not DP)."""
    data = ctx.membership_data
    rng = np.random.default_rng(ctx.seed + 11)
    rows = ctx.split.eval_members
    n = ctx.n_reference_models
    out: dict[str, MembershipResult] = {}
    notes: list[str] = []

    def record(name: str, scores: tuple[np.ndarray, np.ndarray], start: float, ceiling) -> None:
        out[name] = membership_result(
            name, *scores, rows, rng=rng, dp_ceiling=ceiling, monitor=monitor,
            elapsed=time.perf_counter() - start, notes=NOTES[name].format(n=n),
        )  # fmt: skip

    if model is not None and any(a in attacks for a in MODEL_ATTACKS):
        start = time.perf_counter()
        outputs = model_outputs(model, data)
        if "threshold" in attacks:
            record("threshold", threshold_scores(outputs), start, ceilings[0])
        monitor.progress(0.1, "Threshold attack")
        if "shadow" in attacks or "lira" in attacks:
            start = time.perf_counter()
            refs = train_references(
                model, data, n_models=n, seed=ctx.seed + 101, monitor=monitor.sub(0.1, 0.7)
            )
            notes += refs.warnings
            if "lira" in attacks:
                record("lira", lira_scores(outputs, refs), start, ceilings[0])
            start = time.perf_counter()
            if "shadow" in attacks:
                scores = shadow_scores(outputs, refs, seed=ctx.seed, monitor=monitor)
                record("shadow", scores, start, ceilings[0])
            monitor.progress(0.8, "Shadow-model attack")
    if "distance" in attacks:
        start = time.perf_counter()
        columns = [c for c in release.columns if c in ctx.frame.columns]
        space = FeatureSpace.fit(
            release, columns, members=ctx.members, link=link, bounds=ctx.bounds
        )
        scores = distance_scores(release, space, data, monitor.sub(0.8, 0.85))
        record("distance", scores, start, ceilings[1])
    if "domias" in attacks or "tapas" in attacks:
        out.update(synthetic_attacks(ctx, release, link, ceilings[1], attacks, rng, monitor, notes))
    monitor.progress(1.0, "Membership attacks done")
    return out, notes


def run_family(
    ctx: Context,
    release: pd.DataFrame,
    model: TrainedModel | None,
    *,
    link: ReleaseLink,
    monitor: Monitor,
    ceilings: tuple[float | None, float | None] = (None, None),
    membership_attacks: tuple[str, ...] = MEMBERSHIP_ATTACKS,
) -> tuple[dict[str, MembershipResult], list[str]]:
    """The membership family's entry in core.assessment.families."""
    return run_membership(
        ctx, release, model, link=link, ceilings=ceilings, attacks=membership_attacks,
        monitor=monitor,
    )  # fmt: skip


def synthetic_attacks(
    ctx: Context,
    release: pd.DataFrame,
    link: ReleaseLink,
    ceiling: float | None,
    attacks: tuple[str, ...],
    rng: np.random.Generator,
    monitor: Monitor,
    notes: list[str],
) -> dict[str, MembershipResult]:
    """DOMIAS and TAPAS, scored on the attribute attacks' targets (a bounded sample of the
    evaluation members and non-members)."""
    columns = [c for c in release.columns if c in ctx.frame.columns]
    targets = ctx.attribute_targets_frames
    data = MembershipData(*targets, ctx.frame.loc[ctx.split.pool])
    scored = f"scored on {len(targets[0]):,} members and {len(targets[1]):,} non-members"
    out: dict[str, MembershipResult] = {}

    def record(name: str, scores: tuple[np.ndarray, np.ndarray], start: float, **words) -> None:
        out[name] = membership_result(
            name, *scores, targets[0].index, rng=rng, dp_ceiling=ceiling,
            elapsed=time.perf_counter() - start, notes=NOTES[name].format(targets=scored, **words),
        )  # fmt: skip

    if release.empty or not columns:
        notes.append("The release is empty: DOMIAS and TAPAS skipped.")
        return out
    if "domias" in attacks:
        start = time.perf_counter()
        space = FeatureSpace.fit(
            release, columns, members=ctx.members, link=link, bounds=ctx.bounds
        )
        sub = monitor.sub(0.85, 0.9)
        record(
            "domias", domias_scores(release, space, data, monitor=sub), start, estimator=ESTIMATOR
        )
    if "tapas" in attacks:
        start = time.perf_counter()
        generate = None if release is ctx.members else ctx.regenerate
        try:
            scores = tapas_scores(
                release, ctx.members, targets, data.pool, generate, link=link, columns=columns,
                bounds=ctx.bounds, seed=ctx.seed + 13, monitor=monitor.sub(0.9, 1.0),
            )  # fmt: skip
        except VeilError as exc:
            notes.append(f"TAPAS skipped: the protection could not be re-run on the pool ({exc}).")
        else:
            record("tapas", scores, start, shadows=shadow_words(len(data.pool)))
    return out
