"""Reconstruction figures, Anonymeter style per column (members vs control vs the population
guess, risk with a Wilson interval) and per record (share of its other columns recovered)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from core.attacks.attribute.result import attack_risk
from core.metrics.intervals import wilson_interval
from core.results import ResultMixin

TOLERANCE = 0.05  # a number counts as recovered within 5 % of its public range
N_AT_RISK = 10


@dataclass(frozen=True)
class ColumnRecovery(ResultMixin):
    """How often one column is recovered; risk = (members − control) / (1 − control)."""

    column: str
    kind: str  # "category" (exact) or "number" (within ``tolerance``)
    tolerance: float | None
    recovered_members: float
    recovered_members_ci: tuple[float, float]
    recovered_control: float
    recovered_control_ci: tuple[float, float]
    baseline: float  # the population guess (most common label, median number), on members
    baseline_control: float
    risk: float
    risk_ci: tuple[float, float]
    n_members: int
    n_control: int


@dataclass(frozen=True)
class ReconstructionResult(ResultMixin):
    """RECONSTRUCTION of assessment.json: per column, per record, and what was assumed."""

    qis: tuple[str, ...]
    columns: Mapping[str, ColumnRecovery]
    share_members: float  # mean share of a member's other columns recovered
    share_control: float
    at_risk: tuple[dict[str, Any], ...]  # members with the largest share, by row number
    n_members: int
    n_control: int
    tolerance: float = TOLERANCE
    elapsed_seconds: float = 0.0
    notes: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Hits:
    """Per column: recovered by the attack, and by the population guess (members, control)."""

    kind: str
    tolerance: float | None
    attack: tuple[np.ndarray, np.ndarray]
    baseline: tuple[np.ndarray, np.ndarray]


def column_recovery(column: str, hits: Hits) -> ColumnRecovery:
    (a_m, a_c), (b_m, b_c) = hits.attack, hits.baseline
    n_m, n_c = len(a_m), len(a_c)
    h_m, h_c = int(a_m.sum()), int(a_c.sum())
    risk, risk_ci = attack_risk(h_m, n_m, h_c, n_c)
    return ColumnRecovery(
        column=column,
        kind=hits.kind,
        tolerance=hits.tolerance,
        recovered_members=h_m / max(n_m, 1),
        recovered_members_ci=wilson_interval(h_m, n_m),
        recovered_control=h_c / max(n_c, 1),
        recovered_control_ci=wilson_interval(h_c, n_c),
        baseline=float(b_m.mean()) if n_m else 0.0,
        baseline_control=float(b_c.mean()) if n_c else 0.0,
        risk=risk,
        risk_ci=risk_ci,
        n_members=n_m,
        n_control=n_c,
    )


def reconstruction_result(
    qis: Sequence[str],
    hits: Mapping[str, Hits],
    member_rows: pd.Index,
    *,
    elapsed: float = 0.0,
    notes: str = "",
) -> ReconstructionResult:
    """Column and record figures from what each guess recovered."""
    columns = {c: column_recovery(c, h) for c, h in hits.items()}
    share_m = np.mean([h.attack[0] for h in hits.values()], axis=0)
    share_c = np.mean([h.attack[1] for h in hits.values()], axis=0)
    order = np.lexsort((np.arange(len(share_m)), -share_m))[:N_AT_RISK]
    return ReconstructionResult(
        qis=tuple(qis),
        columns=columns,
        share_members=float(share_m.mean()) if len(share_m) else 0.0,
        share_control=float(share_c.mean()) if len(share_c) else 0.0,
        at_risk=tuple(
            {"row": int(member_rows[i]), "share": round(float(share_m[i]), 6)} for i in order
        ),
        n_members=len(share_m),
        n_control=len(share_c),
        elapsed_seconds=elapsed,
        notes=notes,
        warnings=tuple(_warnings(columns)),
    )


def _warnings(columns: Mapping[str, ColumnRecovery]) -> list[str]:
    leaking = [
        c for c, r in columns.items() if r.recovered_members_ci[0] > r.recovered_control_ci[1]
    ]
    if leaking:
        return []
    return [
        "Record reconstruction recovers no column clearly more often for people in the release "
        "than for people outside it."
    ]
