"""Privacy–utility sweep: protect the members at each k and each ε and measure, at each point,
only what the frontier plots: the proxy model's accuracy (usefulness) and the figure of one
attack family (``AssessmentSettings.sweep_figure``; membership by default, with its threshold
and distance attacks; attribute with its linkage attack) → the points of the frontier chart."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from core import methods
from core.assessment.context import Context
from core.assessment.families import figures
from core.assessment.link import release_link
from core.assessment.side import assess_side
from core.attacks.membership import dp_advantage_ceiling
from core.errors import JobCancelled, VeilError
from core.jobs import Monitor
from core.model.space import ReleaseLink
from core.schema import Role
from core.settings import ProtectionSettings

if TYPE_CHECKING:
    from core.hierarchy import Hierarchy

K_GRID = (2, 5, 10, 20, 50)
EPSILON_GRID = (0.1, 0.5, 1.0, 2.0, 5.0, 10.0)
SWEEP_MEMBERSHIP = ("threshold", "distance")
SWEEP_ATTRIBUTE = ("linkage",)


def grid(protection: ProtectionSettings) -> list[ProtectionSettings]:
    """k points with the chosen k-anonymity method (else optimal), ε points with the chosen
    DP method (else the DP synthetic table)."""
    k_method = (
        protection.method
        if methods.generalizes(protection.method)
        else methods.SWEEP_DEFAULTS[methods.GENERALIZATION]
    )
    dp_method = protection.method if protection.is_dp else methods.SWEEP_DEFAULTS[methods.DP]
    points = [dataclasses.replace(protection, method=k_method, k=k) for k in K_GRID]
    points += [dataclasses.replace(protection, method=dp_method, epsilon=e) for e in EPSILON_GRID]
    return points


def run_sweep(
    ctx: Context,
    members: pd.DataFrame,
    roles: Mapping[str, Role],
    protection: ProtectionSettings,
    *,
    hierarchies: Mapping[str, Hierarchy] | None,
    key: bytes | None,
    model_epsilon: float | None,
    monitor: Monitor,
) -> list[dict[str, Any]]:
    """One point per grid setting; a setting that cannot run gives a point with 'error'."""
    from core.protect import protect

    settings = grid(protection)
    points = []
    for i, point in enumerate(settings):
        step = monitor.sub(i / len(settings), (i + 1) / len(settings))
        base = {"method": point.method, "k": None, "epsilon": None}
        base["k" if not point.is_dp else "epsilon"] = point.epsilon if point.is_dp else point.k
        try:
            result = protect(
                members, roles, point, hierarchies=hierarchies, key=key,
                monitor=step.sub(0.0, 0.5), seed=ctx.seed,
            )  # fmt: skip
        except JobCancelled:
            raise
        except (VeilError, ImportError, ValueError) as exc:
            points.append({**base, "error": str(exc)})
            continue
        link = release_link(point, result, result.data, ctx.members, hierarchies)
        points.append({**base, **_measure(ctx, result.data, point, link, model_epsilon, step)})
    return points


def _measure(
    ctx: Context,
    release: pd.DataFrame,
    point: ProtectionSettings,
    link: ReleaseLink,
    model_epsilon: float | None,
    monitor: Monitor,
) -> dict[str, Any]:
    figure = ctx.settings.sweep_figure
    one_family = dataclasses.replace(ctx.settings, attacks=(figure,))
    ctx = dataclasses.replace(ctx, settings=one_family)  # the plotted family, whatever was chosen
    data_eps = point.epsilon if point.is_dp else None
    model_ceiling = dp_advantage_ceiling(_min(data_eps, model_epsilon), point.delta)
    side = assess_side(
        ctx, release, link=link, monitor=monitor.sub(0.5, 1.0),
        ceilings=(model_ceiling, dp_advantage_ceiling(data_eps, point.delta)),
        membership_attacks=SWEEP_MEMBERSHIP, attribute_attacks=SWEEP_ATTRIBUTE,
        label=f"Sweep, {point.method} {f'ε={data_eps:g}' if point.is_dp else f'k={point.k}'}: ",
    )  # fmt: skip
    advantages = {f"advantage_{a}": r.advantage for a, r in (side.membership or {}).items()}
    utility = side.utility or {}
    linkage = (side.attribute or {}).get("linkage")
    return {
        "advantage": max(advantages.values(), default=None),
        **advantages,
        "accuracy": utility.get("accuracy"),
        "balanced_accuracy": utility.get("balanced_accuracy"),
        "linkage_risk": linkage.risk if linkage else None,
        "average_risk": side.reidentification.average_risk if side.reidentification else None,
        "dp_ceiling": model_ceiling,
        "rows": len(release),
        "measured_by": figure,
        "figures": figures(side.to_dict()),
    }


def _min(a: float | None, b: float | None) -> float | None:
    values = [x for x in (a, b) if x is not None]
    return min(values) if values else None
