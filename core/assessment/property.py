"""Running property inference on one side: the side's proxy model is the target."""

from __future__ import annotations

import pandas as pd

from core.assessment.context import Context
from core.attacks.property import PropertyInputs, PropertyResult, property_attack
from core.attacks.property.attack import MIN_POOL
from core.jobs import Monitor
from core.model.proxy import TrainedModel
from core.model.space import ReleaseLink


def run_property(
    ctx: Context,
    release: pd.DataFrame,
    model: TrainedModel | None,
    *,
    link: ReleaseLink,
    monitor: Monitor,
) -> tuple[PropertyResult | None, list[str]]:
    """The distinguishing game on the share of ``ctx.prop`` among the members."""
    del release, link
    if model is None:
        return None, ["Property inference skipped: there is no proxy model to attack."]
    if ctx.prop is None:
        return None, [
            "Property inference skipped: no property was chosen and there is no sensitive "
            "column to take one from."
        ]
    data = PropertyInputs(pool=ctx.frame.loc[ctx.split.pool], people=ctx.members)
    has = ctx.prop.mask(data.pool)
    if len(data.pool) < MIN_POOL or has.all() or not has.any():
        return None, [
            f"Property inference skipped: the attacker's pool ({len(data.pool):,} records, "
            f"{int(has.sum()):,} with {ctx.prop.describe()}) is too small or lacks records with "
            f"or without that value (at least {MIN_POOL} records, some of each, are needed)."
        ]
    result = property_attack(model, ctx.prop, data, seed=ctx.seed, monitor=monitor)
    notes = list(result.warnings)
    if result.stopped_by_time:
        notes.append(
            f"Property inference: {result.shadow_models} of {result.planned_models} look-alike "
            "models fitted within the time budget."
        )
    return result, notes
