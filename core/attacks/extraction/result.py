"""What model extraction found: fidelity and accuracy per query budget and source, the
queries needed for 90 % / 95 % agreement, membership through the copy, and a query monitor."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core.results import ResultMixin

CONFIDENCE = 0.95


@dataclass(frozen=True)
class BudgetPoint(ResultMixin):
    """One budget of one query source: means across repeats with their 95 % t intervals."""

    queries: int
    fidelity: float
    fidelity_interval: tuple[float, float] | None
    accuracy: float | None
    accuracy_interval: tuple[float, float] | None
    draws: int  # query sets drawn at this budget (each a fresh copy)


ANSWERS = ("labels", "probabilities")


@dataclass(frozen=True)
class ExtractionResult(ResultMixin):
    """assessment.json ``<side>.extraction``: ``curves``/``queries_for`` of the copy fitted on
    the labels the model answers, ``probability_curves``/``probability_queries_for`` of the copy
    fitted on its class probabilities; ``copy_gain``, ``agreement`` and ``advice`` are those of
    the ``stronger`` of the two."""

    answers: str
    pool_size: int
    budgets: tuple[int, ...]
    capped: bool
    curves: dict[str, tuple[BudgetPoint, ...]]
    chance_agreement: float
    copy_gain: float | None
    copy_gain_interval: tuple[float, float] | None
    queries_for: dict[str, int | None]
    membership_auc_direct: float | None
    membership_auc_surrogate: float | None
    flagged: dict[str, float] | None
    detector_false_alarms: float | None
    advice: str
    test_rows: int
    elapsed_seconds: float
    notes: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)
    probability_curves: dict[str, tuple[BudgetPoint, ...]] = field(default_factory=dict)
    probability_queries_for: dict[str, int | None] = field(default_factory=dict)
    copy_gain_by_answers: dict[str, float | None] = field(default_factory=dict)
    stronger: str = "labels"
    agreement: float | None = None  # the stronger copy's pool agreement at the largest budget


def mean_interval(values: Sequence[float]) -> tuple[float, tuple[float, float] | None]:
    """Mean and 95 % Student t interval of the mean (clipped to [0, 1]); None for one value."""
    x = np.asarray(values, dtype=float)
    mean = float(x.mean())
    if len(x) < 2:
        return mean, None
    from scipy.stats import t

    half = float(t.ppf(0.5 + CONFIDENCE / 2, len(x) - 1)) * float(x.std(ddof=1)) / math.sqrt(len(x))
    return mean, (max(mean - half, 0.0), min(mean + half, 1.0))


def gain(fidelity: float, chance: float) -> float | None:
    """How much of the way from chance agreement to a perfect copy: (f − c) / (1 − c)."""
    if chance >= 1.0:
        return None
    return (fidelity - chance) / (1.0 - chance)


def auc(members: np.ndarray, non_members: np.ndarray) -> float | None:
    """Area under the ROC curve of scores (members higher), ties counted half."""
    if not len(members) or not len(non_members):
        return None
    from scipy.stats import rankdata

    ranks = rankdata(np.concatenate([members, non_members]))
    p, q = len(members), len(non_members)
    return float((ranks[:p].sum() - p * (p + 1) / 2) / (p * q))


def fewest(*found: int | None) -> int | None:
    """The smallest of the query counts that reached a level (None: none did)."""
    return min((n for n in found if n is not None), default=None)


def advice(queries_for: dict[str, int | None], largest: int) -> str:
    """The monitoring sentence a data owner can act on (``queries_for``: the stronger copy's,
    or the fewest over both kinds of answers)."""
    n = queries_for.get("0.95")
    if n is None:
        return (
            f"Copying this model to 95 % agreement was not reached within {largest:,} queries. "
            f"If you serve it, still cap the queries each client may send per period, log them, "
            f"and alert when a client comes near {largest:,}."
        )
    return (
        f"Copying this model to 95 % agreement takes about {n:,} queries: if you serve it, cap "
        f"each client well below {n:,} queries per period, log queries, and alert near it."
    )


def as_dict(point: BudgetPoint) -> dict[str, Any]:
    return point.to_dict()
