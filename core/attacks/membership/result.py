"""A membership attack's outcome: ROC figures with intervals, judged against random guessing."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from core.jobs import Monitor
from core.metrics.roc import RocFigures, summarize
from core.results import ResultMixin

N_AT_RISK = 10
RESOLVE_LOWEST_FPR = 1000  # non-members needed before TPR at 0.1% FPR means anything


@dataclass(frozen=True)
class MembershipResult(ResultMixin, RocFigures):
    """An attack's ROC figures (scores are 'how likely a member'), judged against guessing."""

    attack: str
    dp_ceiling: float | None
    at_risk: tuple[dict[str, Any], ...]
    elapsed_seconds: float = 0.0
    notes: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)


def dp_advantage_ceiling(epsilon: float | None, delta: float = 0.0) -> float | None:
    """Largest membership advantage an (ε, δ)-DP mechanism allows: (e^ε − 1 + 2δ)/(e^ε + 1)."""
    if epsilon is None:
        return None
    if math.isinf(epsilon):
        return 1.0
    e = math.exp(min(epsilon, 700.0))
    return min(1.0, (e - 1 + 2 * delta) / (e + 1))


def membership_result(
    attack: str,
    member_scores: np.ndarray,
    non_member_scores: np.ndarray,
    member_rows: pd.Index,
    *,
    rng: np.random.Generator,
    dp_ceiling: float | None = None,
    elapsed: float = 0.0,
    notes: str = "",
    monitor: Monitor | None = None,
) -> MembershipResult:
    """Summarize an attack's scores; ``member_rows`` name the members in the input table;
    ``monitor`` is checked for Cancel during the bootstrap."""
    s = summarize(member_scores, non_member_scores, rng=rng, monitor=monitor)
    top = s.order[s.order < s.n_members][:N_AT_RISK]
    at_risk = tuple(
        {"row": int(member_rows[i]), "score": round(float(member_scores[i]), 6)} for i in top
    )
    return MembershipResult(
        **s.figures(),
        attack=attack,
        dp_ceiling=dp_ceiling,
        at_risk=at_risk,
        elapsed_seconds=elapsed,
        notes=notes,
        warnings=tuple(_warnings(attack, s.advantage, s.advantage_ci, s, dp_ceiling)),
    )


def _warnings(
    attack: str, adv: float, ci: tuple[float, float], s: Any, ceiling: float | None
) -> list[str]:
    out = []
    if adv <= s.null_advantage:
        out.append(
            f"The {attack} membership attack does no better than random guessing: its "
            f"advantage {adv:.3f} is within what random scores reach ({s.null_advantage:.3f})."
        )
    if s.n_non_members < RESOLVE_LOWEST_FPR:
        out.append(
            f"Only {s.n_non_members} non-members were attacked: TPR at 0.1% FPR "
            f"{'cannot be resolved' if s.tpr_at_fpr['0.001'] is None else 'is very uncertain'} "
            f"(the lowest FPR this sample resolves is {1 / s.n_non_members:.4f})."
        )
    if ceiling is not None and ci[0] > ceiling:
        out.append(
            f"The {attack} attack's advantage ({adv:.3f}) exceeds the differential-privacy "
            f"ceiling {ceiling:.3f}: the privacy guarantee does not cover this path."
        )
    return out
