"""Running model extraction on one side: the side's proxy model is the served target."""

from __future__ import annotations

import pandas as pd

from core.assessment.context import Context
from core.attacks.extraction import ExtractionInputs, ExtractionResult, extraction_attack
from core.errors import ValidationError
from core.jobs import Monitor
from core.model.proxy import TrainedModel
from core.model.space import ReleaseLink
from core.settings import AssessmentSettings

MIN_POOL = 20  # fewer pool or held-out records than this: too few to copy or to judge a copy


def run_extraction(
    ctx: Context,
    release: pd.DataFrame,
    model: TrainedModel | None,
    *,
    link: ReleaseLink,
    monitor: Monitor,
) -> tuple[ExtractionResult | None, list[str]]:
    """Queries from the attacker's pool (and made up from its marginals); fidelity on the
    evaluation non-members, which neither the target nor the copy saw."""
    del release, link
    if model is None:
        return None, ["Model extraction skipped: there is no proxy model to copy."]
    f, s = ctx.frame, ctx.split
    if len(s.pool) < MIN_POOL or len(s.eval_non_members) < MIN_POOL:
        return None, [
            f"Model extraction skipped: the attacker's pool ({len(s.pool):,} records) or the "
            f"held-out records ({len(s.eval_non_members):,}) are fewer than {MIN_POOL}."
        ]
    data = ExtractionInputs(
        pool=f.loc[s.pool], test=f.loc[s.eval_non_members], members=f.loc[s.eval_members],
        non_members=f.loc[s.eval_non_members], normal=ctx.members,
    )  # fmt: skip
    budgets = ctx.settings.extraction_budgets
    result = extraction_attack(model, data, budgets=budgets, seed=ctx.seed, monitor=monitor)
    notes = []
    if result.capped:
        notes.append(
            f"Model extraction: the attacker's pool holds {result.pool_size:,} records, so the "
            f"largest query budget is {result.budgets[-1]:,} instead of 10,000."
        )
    return result, notes


def check_budgets(settings: AssessmentSettings, pool: int) -> None:
    """Refuse, before any work, query budgets larger than the attacker's pool of ``pool``
    records (the split is known; protection and models are not yet run)."""
    budgets = settings.extraction_budgets
    if budgets is None or "extraction" not in settings.attacks:
        return
    too_big = [b for b in budgets if b > pool]
    if too_big:
        raise ValidationError(
            f"Query budget(s) {', '.join(f'{b:,}' for b in too_big)} cannot be used: the "
            f"attacker's pool holds {pool:,} records, and each query is a different record.",
            hint=f"Give budgets of at most {pool:,} queries (--extraction-budgets), or leave "
            "them out: the default ones are capped at the pool.",
        )
