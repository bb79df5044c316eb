"""Running the attribute attacks of one side: linkage, ML inference, model inversion."""

from __future__ import annotations

import time

import pandas as pd

from core.assessment.context import Context
from core.attacks.attribute import (
    AttributeResult,
    attribute_result,
    inversion_guesses,
    linkage_guesses,
    ml_guesses,
)
from core.jobs import Monitor
from core.model.proxy import TrainedModel
from core.model.space import FeatureSpace, ReleaseLink

ATTRIBUTE_ATTACKS = ("linkage", "ml", "inversion")
NOTES = {
    "linkage": "Most common '{s}' in the released class matching the target's quasi-identifiers.",
    "ml": "Random forest trained on the release to predict '{s}' from the quasi-identifiers.",
    "inversion": "Value of '{s}' that best explains the target's known label under the proxy "
    "model, weighted by how common it is in the release.",
}


def run_attribute(
    ctx: Context,
    release: pd.DataFrame,
    model: TrainedModel | None,
    *,
    link: ReleaseLink,
    attacks: tuple[str, ...] = ATTRIBUTE_ATTACKS,
    monitor: Monitor,
) -> tuple[dict[str, AttributeResult], list[str]]:
    """Results per attack and the reasons any attack was skipped."""
    s = ctx.sensitive
    if s is None or s not in release.columns:
        return {}, ["No sensitive column in the release: attribute attacks skipped."]
    if release.empty:
        return {}, ["The release is empty: attribute attacks skipped."]
    qis = [q for q in ctx.qis if q in release.columns and q != s]
    targets = ctx.attribute_targets_frames
    space = FeatureSpace.fit(
        release, [*qis, s], members=ctx.members, link=link, categorical=(s,),
        bounds=ctx.bounds,
    )  # fmt: skip
    coder = space.coder(s)
    truth = tuple(coder.original_codes(t[s]) for t in targets)
    out: dict[str, AttributeResult] = {}
    notes: list[str] = []

    def record(name: str, guesses: list, start: float) -> None:
        out[name] = attribute_result(
            name, s, guesses=tuple(guesses), truth=truth, majority=0,
            elapsed=time.perf_counter() - start, notes=NOTES[name].format(s=s),
        )  # fmt: skip

    if qis and "linkage" in attacks:
        start = time.perf_counter()
        guesses = linkage_guesses(release, space, qis, s, targets, monitor.sub(0.0, 0.2))
        record("linkage", guesses, start)
    monitor.progress(0.2, "Linkage attack")
    if qis and "ml" in attacks:
        start = time.perf_counter()
        qi_space = FeatureSpace(tuple(c for c in space.coders if c.name != s))
        guesses = ml_guesses(release, qi_space, coder, targets, seed=ctx.seed, monitor=monitor)
        record("ml", guesses, start)
    elif not qis:
        notes.append("No quasi-identifiers in the release: linkage and ML inference skipped.")
    monitor.progress(0.6, "ML inference attack")
    if "inversion" in attacks:
        if model is not None and s in model.space.columns:
            start = time.perf_counter()
            labels = inversion_guesses(model, s, release, targets)
            record("inversion", [coder.vocab.get_indexer(g) for g in labels], start)
        else:
            notes.append(
                f"Model inversion skipped: '{s}' is not a feature of the proxy model"
                + (" (no target column)." if model is None else ".")
            )
    monitor.progress(1.0, "Attribute attacks done")
    return out, notes


def run_family(
    ctx: Context,
    release: pd.DataFrame,
    model: TrainedModel | None,
    *,
    link: ReleaseLink,
    monitor: Monitor,
    attribute_attacks: tuple[str, ...] = ATTRIBUTE_ATTACKS,
) -> tuple[dict[str, AttributeResult], list[str]]:
    """The attribute family's entry in core.assessment.families."""
    return run_attribute(ctx, release, model, link=link, attacks=attribute_attacks, monitor=monitor)
