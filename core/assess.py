"""Risk assessment: split the table into members and non-members, protect the members, and
attack the members as they are (before) and the protected release (after).

Nothing is fitted on non-members: encoders, scalers and models are fitted on the release
(the members' data); non-members only ever serve as test and control records, and part of
them as the attacker's population sample for shadow and reference models.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from core import methods
from core.assessment.columns import normalize_roles, resolve_columns
from core.assessment.context import Context
from core.assessment.extraction import check_budgets
from core.assessment.link import release_link
from core.assessment.progress import Labelled
from core.assessment.repeats import run_figures, summarize
from core.assessment.result import Assessment
from core.assessment.sample import draw_sample
from core.assessment.side import SideResult, assess_side
from core.assessment.split import split_members
from core.assessment.whole import WholeTable
from core.attacks.membership import dp_advantage_ceiling
from core.identifiers import drop_left_out
from core.jobs import Monitor, null_monitor
from core.model.estimators import ModelRecipe, recipe
from core.model.space import ReleaseLink
from core.schema import Role
from core.settings import AssessmentSettings, ProtectionSettings
from core.target_leak import target_leaks

if TYPE_CHECKING:
    from core.hierarchy import Hierarchy

__all__ = ["Assessment", "assess"]


def assess(
    frame: pd.DataFrame,
    roles: Mapping[str, Role | str],
    protection: ProtectionSettings,
    assessment: AssessmentSettings,
    *,
    hierarchies: Mapping[str, Hierarchy] | None = None,
    key: bytes | None = None,
    monitor: Monitor | None = None,
    seed: int = 0,
    dataset: Mapping[str, Any] | None = None,
    whole_release: pd.DataFrame | None = None,
) -> Assessment:
    """Run the whole protocol; ``dataset`` (name, sha256, …) describes the input file.

    A table of more than ``assessment.attack_sample`` rows is attacked on a uniform random
    sample of that many rows (seeded, drawn before the split; ``Assessment.sample``), while
    re-identification is measured on the whole table and on the whole table protected
    (``whole_release`` when the caller has it, else protected here).

    With ``assessment.repeats`` = N > 1 the rehearsal runs N times, with seeds seed … seed+N−1
    (one after the other, in this thread); the first run is the detailed one (and the only one
    with the sweep), the others add the spread of each headline figure (``Assessment.repeats``).
    """
    from core.capacity import check_capacity, check_seeds

    check_capacity(len(frame.columns), protection)
    check_seeds(seed, assessment.repeats)
    monitor = monitor or null_monitor()
    sampled, sample = draw_sample(frame, assessment.attack_sample, seed)
    if sample is not None:
        dataset = _dataset(frame, dataset)
        whole = WholeTable(frame, roles, protection, hierarchies, key, seed, whole_release)
    kw = {"hierarchies": hierarchies, "key": key, "dataset": dataset}

    def rehearse(settings: AssessmentSettings, step: Monitor, run_seed: int) -> Assessment:
        result = _rehearse(sampled, roles, protection, settings, **kw, monitor=step, seed=run_seed)
        return result if sample is None else whole.measure(result, sample, step)

    n = assessment.repeats
    if n == 1:
        return rehearse(assessment, monitor, seed)
    start = time.perf_counter()
    seeds = [seed + i for i in range(n)]
    later = dataclasses.replace(assessment, sweep=False)
    runs, first = [], None
    for i, run_seed in enumerate(seeds):
        step = Labelled(monitor.sub(i / n, (i + 1) / n), f"Rehearsal {i + 1} of {n}: ")
        result = rehearse(later if i else assessment, step, run_seed)
        first = first or result
        runs.append(run_figures({s: getattr(result, s).to_dict() for s in ("before", "after")}))
    repeats = summarize(runs, seeds)
    monitor.progress(1.0, f"Spread across {n} rehearsals")
    return dataclasses.replace(
        first,
        elapsed_seconds=time.perf_counter() - start,
        warnings=tuple(dict.fromkeys([*first.warnings, *repeats.warnings])),
        repeats=repeats,
    )


def _rehearse(
    frame: pd.DataFrame,
    roles: Mapping[str, Role | str],
    protection: ProtectionSettings,
    assessment: AssessmentSettings,
    *,
    hierarchies: Mapping[str, Hierarchy] | None,
    key: bytes | None,
    monitor: Monitor,
    seed: int,
    dataset: Mapping[str, Any] | None,
) -> Assessment:
    """One run of the protocol with one seed."""
    from core import __version__
    from core.protect import protect
    from core.provenance import provenance

    start = time.perf_counter()
    roles = normalize_roles(roles)
    given = _dataset(frame, dataset)
    original = drop_left_out(frame, roles).reset_index(drop=True)
    kept = {c: r for c, r in roles.items() if r is not Role.LEAVE_OUT}
    cols, notes = resolve_columns(original, kept, assessment)
    if cols.target:
        notes += [leak.sentence() for leak in target_leaks(original, cols.target, cols.features)]
    model = _recipe(assessment, protection) if cols.target else None
    work = original.drop(columns=list(cols.identifiers))
    split = split_members(
        work, target=cols.target, member_fraction=assessment.member_fraction, seed=seed
    )
    check_budgets(assessment, len(split.pool))
    monitor.progress(0.02, "Split into members and non-members")
    protected = protect(
        original.loc[split.members], kept, protection, hierarchies=hierarchies, key=key,
        monitor=monitor.sub(0.02, 0.15), seed=seed,
    )  # fmt: skip
    release = protected.data
    ctx = Context(
        frame=work, split=split, qis=cols.qis, sensitive=cols.sensitive, target=cols.target,
        features=cols.features, recipe=model, settings=assessment,
        bounds=dict(protection.bounds), seed=seed, prop=cols.prop,
        regenerate=_regenerator(original, roles, protection, hierarchies, key),
    )  # fmt: skip
    model_eps = ctx.recipe.epsilon if ctx.recipe and ctx.recipe.is_dp else None
    before = assess_side(
        ctx, ctx.members, link=ReleaseLink(), monitor=monitor.sub(0.15, 0.5),
        ceilings=(dp_advantage_ceiling(model_eps), None), label="Before protection: ",
    )  # fmt: skip
    link = release_link(protection, protected, release, ctx.members, hierarchies)
    after = _after(ctx, release, protection, link, model_eps, before, monitor.sub(0.5, 0.85))
    sweep = None
    if assessment.sweep:
        from core.assessment.sweep import run_sweep

        sweep = run_sweep(
            ctx, original.loc[split.members], kept, protection, hierarchies=hierarchies,
            key=key, model_epsilon=model_eps, monitor=monitor.sub(0.85, 1.0),
        )  # fmt: skip
    monitor.progress(1.0, "Assessment done")
    warnings = [*split.warnings, *notes, *protected.warnings, *_side_warnings(before, after)]
    return Assessment(
        veil_version=__version__,
        seed=seed,
        elapsed_seconds=time.perf_counter() - start,
        dataset=given,
        release_summary=_table_summary(release),
        roles={c: r.value for c, r in roles.items()},
        settings={"protection": protection.to_dict(), "assessment": assessment.to_dict()},
        split=split,
        before=before,
        after=_with_utility_lost(after, before),
        sweep=sweep,
        provenance=provenance(),
        warnings=tuple(dict.fromkeys(warnings)),
        protection=protected,
        release=release,
    )


def _regenerator(
    original: pd.DataFrame,
    roles: Mapping[str, Role],
    protection: ProtectionSettings,
    hierarchies: Mapping[str, Hierarchy] | None,
    key: bytes | None,
) -> Callable[[pd.DataFrame, int], pd.DataFrame] | None:
    """The same protection applied to other rows of the table (for shadow generators)."""
    if protection.method == "none":
        return None
    from core.protect import protect

    def regenerate(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
        rows = original.loc[frame.index]
        return protect(rows, roles, protection, hierarchies=hierarchies, key=key, seed=seed).data

    return regenerate


def _recipe(assessment: AssessmentSettings, protection: ProtectionSettings) -> ModelRecipe:
    """The proxy model; a DP model without its own epsilon takes the protection's."""
    model_eps = assessment.model_epsilon
    if model_eps is None and assessment.model.startswith("dp-"):
        model_eps = protection.epsilon
    return recipe(assessment.model, model_eps)


def _after(
    ctx: Context,
    release: pd.DataFrame,
    protection: ProtectionSettings,
    link: ReleaseLink,
    model_eps: float | None,
    before: SideResult,
    monitor: Monitor,
) -> SideResult:
    """The protected side; with method 'none' the release is the members: reuse 'before'."""
    if protection.method == methods.NONE:
        monitor.progress(1.0, "Nothing protected: after = before")
        return before
    data_eps = protection.epsilon if protection.is_dp else None
    model_bound = min((e for e in (data_eps, model_eps) if e is not None), default=None)
    return assess_side(
        ctx, release, link=link, monitor=monitor, label="After protection: ",
        ceilings=(
            dp_advantage_ceiling(model_bound, protection.delta),
            dp_advantage_ceiling(data_eps, protection.delta),
        ),
    )  # fmt: skip


def _with_utility_lost(after: SideResult, before: SideResult) -> SideResult:
    if not (after.utility and before.utility) or after is before:
        return after
    lost = {
        k: (before.utility[k] - after.utility[k])
        if before.utility[k] is not None and after.utility[k] is not None
        else None
        for k in ("accuracy", "balanced_accuracy", "roc_auc")
    }
    return dataclasses.replace(after, utility={**after.utility, "lost": lost})


def _side_warnings(before: SideResult, after: SideResult) -> list[str]:
    out = [f"Before: {w}" for w in before.warnings]
    if after is not before:
        out += [f"After: {w}" for w in after.warnings]
    return out


def _dataset(frame: pd.DataFrame, given: Mapping[str, Any] | None) -> dict[str, Any]:
    return {**_table_summary(frame), **(dict(given) if given else {})}


def _table_summary(frame: pd.DataFrame) -> dict[str, Any]:
    """Rows, columns and a sha256 of the table's content (values and column names)."""
    digest = hashlib.sha256()
    digest.update("\x1f".join(map(str, frame.columns)).encode("utf-8"))
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return {"rows": len(frame), "columns": frame.shape[1], "sha256": digest.hexdigest()}
