"""One side of the assessment (before or after protection): the proxy model's utility, then
every attack family asked for (core.assessment.families) on one released table."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core.assessment.attribute import ATTRIBUTE_ATTACKS
from core.assessment.context import Context
from core.assessment.families import FAMILIES, chosen
from core.assessment.membership import MEMBERSHIP_ATTACKS
from core.assessment.progress import Labelled
from core.attacks.attribute import AttributeResult
from core.attacks.extraction import ExtractionResult
from core.attacks.membership import MembershipResult
from core.attacks.property import PropertyResult
from core.attacks.reconstruction import ReconstructionResult
from core.jobs import Monitor
from core.metrics.reidentification import ReidentificationResult, reidentification
from core.metrics.utility import classification_scores, majority_accuracy
from core.model.proxy import TrainedModel, fit_proxy
from core.model.space import ReleaseLink
from core.results import ResultMixin, not_serialized


@dataclass(frozen=True)
class SideResult(ResultMixin):
    """ASSESSMENT_SIDE of assessment.json; a section is None when it was not asked for. One
    field per family of ``core.assessment.families`` (same name), plus the proxy's utility."""

    reidentification: ReidentificationResult | None
    utility: dict[str, Any] | None
    membership: dict[str, MembershipResult] | None
    attribute: dict[str, AttributeResult] | None
    rows: int
    elapsed_seconds: float
    warnings: tuple[str, ...] = field(default_factory=tuple)
    reconstruction: ReconstructionResult | None = None
    model: TrainedModel | None = not_serialized(default=None)
    extraction: ExtractionResult | None = None
    property: PropertyResult | None = None


def assess_side(
    ctx: Context,
    release: pd.DataFrame,
    *,
    link: ReleaseLink,
    ceilings: tuple[float | None, float | None] = (None, None),
    membership_attacks: tuple[str, ...] = MEMBERSHIP_ATTACKS,
    attribute_attacks: tuple[str, ...] = ATTRIBUTE_ATTACKS,
    label: str = "",
    monitor: Monitor,
) -> SideResult:
    """Every figure of one side; ``link``: how the release relates to the members;
    ``ceilings``: DP bounds on advantage of the model attacks and the data-level attack;
    ``label`` prefixes the progress messages. The families run in the registry's order."""
    monitor = Labelled(monitor, label) if label else monitor
    start = time.perf_counter()
    notes: list[str] = []
    options = {
        "ceilings": ceilings,
        "membership_attacks": membership_attacks,
        "attribute_attacks": attribute_attacks,
    }
    asked = chosen(ctx.settings.attacks)
    results: dict[str, Any] = {f.name: None for f in FAMILIES}
    model, utility = _utility(ctx, release, link, notes, monitor.sub(0.0, 0.15))
    monitor.progress(0.15, "Proxy model")
    total = sum(f.weight for f in asked) or 1.0
    done = 0.0
    for fam in asked:
        part = monitor.sub(0.15 + 0.85 * done / total, 0.15 + 0.85 * (done + fam.weight) / total)
        done += fam.weight
        if fam.needs_model and model is None:
            notes.append(f"{fam.label} skipped: there is no proxy model to attack.")
            continue
        kwargs = {k: options[k] for k in fam.options}
        found, more = fam.load("runner")(ctx, release, model, link=link, monitor=part, **kwargs)
        results[fam.name] = found
        notes += more
        part.progress(1.0, f"{fam.label} done")
    monitor.progress(1.0, "done")
    return SideResult(
        utility=utility,
        rows=len(release),
        elapsed_seconds=time.perf_counter() - start,
        warnings=tuple(dict.fromkeys(notes)),
        model=model,
        **results,
    )


def run_reidentification(
    ctx: Context, release: pd.DataFrame, model: TrainedModel | None, *, link: ReleaseLink,
    monitor: Monitor,
) -> tuple[ReidentificationResult | None, list[str]]:  # fmt: skip
    """The re-identification family: risk on the quasi-identifiers the release keeps."""
    del model, link, monitor
    qis = [q for q in ctx.qis if q in release.columns]
    if not qis:
        return None, ["No quasi-identifiers in the release: re-identification risk skipped."]
    return reidentification(release, qis, population_size=ctx.settings.population_size), []


def _utility(
    ctx: Context, release: pd.DataFrame, link: ReleaseLink, notes: list[str], monitor: Monitor
) -> tuple[TrainedModel | None, dict[str, Any] | None]:
    """Proxy model trained on the release, tested on every non-member in original form."""
    if ctx.target is None or ctx.recipe is None:
        notes.append("No target column: proxy model, model attacks and inversion skipped.")
        return None, None
    if release.empty:
        notes.append("The release is empty: no proxy model, model attacks or utility.")
        return None, None
    if ctx.target not in release.columns or release[ctx.target].nunique(dropna=False) < 2:
        notes.append(f"The release has fewer than two values of '{ctx.target}': no proxy model.")
        return None, None
    features = [c for c in ctx.features if c in release.columns]
    model = fit_proxy(
        release, ctx.members, target=ctx.target, features=features, recipe=ctx.recipe,
        link=link, categorical=(ctx.sensitive,) if ctx.sensitive else (),
        bounds=ctx.bounds, seed=ctx.seed, monitor=monitor,
    )  # fmt: skip
    notes += model.warnings
    test = ctx.non_members
    codes = model.label_codes(test)
    scores = classification_scores(codes, model.proba_original(test))
    train_codes = model.labels.release_codes(release[ctx.target])
    return model, {
        "model": ctx.recipe.name,
        "target": ctx.target,
        **scores,
        "majority_accuracy": majority_accuracy(codes, train_codes),
        "epsilon": ctx.recipe.epsilon,
        "train_rows": len(release),
        "test_rows": len(test),
        "features": features,
    }
