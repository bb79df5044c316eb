"""How well scores separate members from non-members: ROC AUC, advantage (max TPR − FPR),
TPR at low FPR, a thinned ROC curve and stratified Poisson-bootstrap intervals.

Ties are broken at random (seeded) before ranking: a block of equal scores then costs the
attacker what a randomized threshold would, instead of a free diagonal jump in the curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from core.jobs import Monitor
from core.metrics.intervals import bootstrap_interval

LOW_FPRS = (0.01, 0.001)
N_BOOTSTRAP = 200
MAX_ROC_POINTS = 200
_NULL_ALPHA = 0.05


@dataclass(frozen=True)
class RocFigures:
    """Separation of member scores from non-member scores (members should score higher)."""

    auc: float
    auc_ci: tuple[float, float]
    advantage: float
    advantage_ci: tuple[float, float]
    tpr_at_fpr: dict[str, float | None]
    roc: dict[str, list[float]]
    null_advantage: float
    p_value: float
    n_members: int
    n_non_members: int
    lowest_resolvable_fpr: float


@dataclass(frozen=True)
class RocSummary(RocFigures):
    """The figures, and the ranking they were read from."""

    order: np.ndarray  # positions into concat(members, non-members), best-scored first

    def figures(self) -> dict[str, Any]:
        """The ``RocFigures`` fields by name (what a membership result reports)."""
        return {f.name: getattr(self, f.name) for f in fields(RocFigures)}


def rank_order(scores: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Indices of ``scores`` from highest to lowest, ties in random order."""
    return np.lexsort((rng.random(len(scores)), scores))[::-1]


def summarize(
    member_scores: np.ndarray,
    non_member_scores: np.ndarray,
    *,
    rng: np.random.Generator,
    n_bootstrap: int = N_BOOTSTRAP,
    confidence: float = 0.95,
    monitor: Monitor | None = None,
) -> RocSummary:
    """Compute every figure of a membership attack from its two score samples; ``monitor``
    is checked for Cancel between batches of bootstrap replicates."""
    p, q = len(member_scores), len(non_member_scores)
    if p == 0 or q == 0:
        raise ValueError("a membership evaluation needs members and non-members")
    scores = np.concatenate([member_scores, non_member_scores]).astype(float)
    order = rank_order(np.nan_to_num(scores, nan=-np.inf), rng)
    is_member = order < p
    tpr = np.concatenate([[0.0], np.cumsum(is_member) / p])
    fpr = np.concatenate([[0.0], np.cumsum(~is_member) / q])
    auc = float(tpr[1:][~is_member].sum() / q)
    advantage = float(np.max(tpr - fpr))
    auc_reps, adv_reps = _bootstrap(is_member, p, q, rng, n_bootstrap, monitor)
    return RocSummary(
        auc=auc,
        auc_ci=bootstrap_interval(auc_reps, auc, confidence),
        advantage=advantage,
        advantage_ci=bootstrap_interval(adv_reps, advantage, confidence),
        tpr_at_fpr={str(a): _tpr_at(fpr, tpr, a, q) for a in LOW_FPRS},
        roc=_thin_curve(fpr, tpr, q),
        null_advantage=null_advantage(p, q),
        p_value=min(1.0, math.exp(-2 * advantage**2 * p * q / (p + q))),
        n_members=p,
        n_non_members=q,
        lowest_resolvable_fpr=1.0 / q,
        order=order,
    )


def null_advantage(p: int, q: int, alpha: float = _NULL_ALPHA) -> float:
    """Advantage that random scores exceed with probability ``alpha``.

    The advantage max(TPR − FPR) is the one-sided two-sample Kolmogorov–Smirnov statistic;
    this is its asymptotic critical value sqrt(−ln(alpha)/2 · (p+q)/(p·q)).
    """
    return math.sqrt(-math.log(alpha) / 2 * (p + q) / (p * q))


def _tpr_at(fpr: np.ndarray, tpr: np.ndarray, alpha: float, q: int) -> float | None:
    """Best TPR with FPR ≤ alpha; None when fewer than one false positive is allowed."""
    if alpha * q < 1:
        return None
    idx = np.searchsorted(fpr, alpha, side="right") - 1
    return float(tpr[idx])


def _thin_curve(fpr: np.ndarray, tpr: np.ndarray, q: int) -> dict[str, list[float]]:
    """At most MAX_ROC_POINTS points, log-spaced at low FPR where attacks matter most."""
    low = max(1.0 / q, 1e-4)
    grid = np.unique(
        np.concatenate(
            [[0.0], np.geomspace(low, 0.1, MAX_ROC_POINTS // 2 - 1), np.linspace(0.1, 1.0, 100)]
        )
    )[:MAX_ROC_POINTS]
    idx = np.searchsorted(fpr, grid, side="right") - 1
    return {"fpr": np.round(grid, 6).tolist(), "tpr": np.round(tpr[idx], 6).tolist()}


def _bootstrap(
    is_member: np.ndarray,
    p: int,
    q: int,
    rng: np.random.Generator,
    n_bootstrap: int,
    monitor: Monitor | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """AUC and advantage of stratified bootstrap replicates, vectorized in batches.

    Members and non-members are resampled separately (sizes kept), as multiplicities on the
    fixed ranking, so each replicate costs a few integer cumulative sums.
    """
    n = len(is_member)
    member_pos = np.flatnonzero(is_member)
    other_pos = np.flatnonzero(~is_member)
    batch = max(1, 4_000_000 // max(n, 1))
    aucs, advs = [], []
    for start in range(0, n_bootstrap, batch):
        if monitor is not None:
            monitor.check_cancelled()  # a batch is ~4 M cells: a fraction of a second
        b = min(batch, n_bootstrap - start)
        w = np.zeros((b, n), dtype=np.int32)
        w[:, member_pos] = _counts(rng, b, p)
        w[:, other_pos] = _counts(rng, b, q)
        tp = np.cumsum(w * is_member, axis=1, dtype=np.int32)
        fp = np.cumsum(w * ~is_member, axis=1, dtype=np.int32)
        aucs.append(np.einsum("ij,ij->i", w[:, other_pos], tp[:, other_pos], dtype=np.float64))
        advs.append(np.maximum((tp / p - fp / q).max(axis=1), 0.0))
    if not aucs:
        return np.zeros(0), np.zeros(0)
    return np.concatenate(aucs) / (p * q), np.concatenate(advs)


def _counts(rng: np.random.Generator, b: int, size: int) -> np.ndarray:
    """Multiplicities of ``b`` resamples with replacement of ``size`` items."""
    draws = rng.integers(0, size, size=(b, size)) + np.arange(b)[:, None] * size
    return np.bincount(draws.ravel(), minlength=b * size).reshape(b, size).astype(np.int32)
