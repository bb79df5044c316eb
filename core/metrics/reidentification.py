"""Re-identification risk of a table given its quasi-identifiers (prosecutor, journalist,
marketer models, as ARX reports them)."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core.errors import ValidationError
from core.metrics.classes import class_ids, class_sizes
from core.results import ResultMixin, not_serialized

RISK_THRESHOLDS = (0.5, 0.2, 0.1, 0.09, 0.05)
SIZE_BINS = ((1, 1), (2, 2), (3, 4), (5, 9), (10, 19), (20, 49), (50, math.inf))


@dataclass(frozen=True)
class ReidentificationResult(ResultMixin):
    """Prosecutor risk of every record is 1 / (size of its equivalence class)."""

    qis: tuple[str, ...]
    records: int
    equivalence_classes: int
    unique_records: int
    unique_fraction: float
    average_risk: float
    highest_risk: float
    lowest_risk: float
    min_class_size: int
    records_at_risk: Mapping[str, float]
    class_size_histogram: Mapping[str, list[Any]]
    journalist_risk: Mapping[str, Any] | None = None
    marketer_risk: float | None = None
    elapsed_seconds: float = 0.0
    record_risk: np.ndarray = not_serialized(default=None)


def reidentification(
    frame: pd.DataFrame,
    qis: Sequence[str],
    *,
    population_size: int | None = None,
    sampling_fraction: float | None = None,
) -> ReidentificationResult:
    """Equivalence classes, uniques and prosecutor risk of ``frame`` over ``qis``.

    With ``population_size`` (or ``sampling_fraction``) the journalist and marketer risks
    are added, estimating each class's population size as its sample size / fraction.
    """
    start = time.perf_counter()
    qis = tuple(qis)
    _check(frame, qis)
    ids, n_classes = class_ids(frame, qis)
    sizes = class_sizes(ids, n_classes)
    n = len(frame)
    risk = 1.0 / sizes[ids] if n else np.zeros(0)
    unique = int(np.count_nonzero(sizes == 1))
    journalist = marketer = None
    fraction = _sampling_fraction(n, population_size, sampling_fraction)
    if fraction is not None and n:
        journalist, marketer = _population_risk(sizes, ids, n, fraction)
    return ReidentificationResult(
        qis=qis,
        records=n,
        equivalence_classes=n_classes,
        unique_records=unique,
        unique_fraction=unique / n if n else 0.0,
        average_risk=n_classes / n if n else 0.0,
        highest_risk=float(risk.max()) if n else 0.0,
        lowest_risk=float(risk.min()) if n else 0.0,
        min_class_size=int(sizes.min()) if n else 0,
        records_at_risk=records_at_risk(risk),
        class_size_histogram=size_histogram(sizes),
        journalist_risk=journalist,
        marketer_risk=marketer,
        elapsed_seconds=time.perf_counter() - start,
        record_risk=risk,
    )


def records_at_risk(risk: np.ndarray) -> dict[str, float]:
    """Fraction of records whose risk is strictly above each threshold."""
    n = len(risk)
    return {str(t): float(np.count_nonzero(risk > t) / n) if n else 0.0 for t in RISK_THRESHOLDS}


def size_histogram(sizes: np.ndarray) -> dict[str, list[Any]]:
    """Records and classes per class-size bucket (1, 2, 3-4, ... 50+)."""
    lows = np.array([lo for lo, _ in SIZE_BINS])
    bucket = np.searchsorted(lows, sizes, side="right") - 1
    k = len(SIZE_BINS)
    return {
        "labels": [_label(lo, hi) for lo, hi in SIZE_BINS],
        "records": np.bincount(bucket, weights=sizes, minlength=k).astype(int).tolist(),
        "classes": np.bincount(bucket, minlength=k).astype(int).tolist(),
    }


def _label(lo: float, hi: float) -> str:
    if math.isinf(hi):
        return f"{int(lo)}+"
    return str(int(lo)) if lo == hi else f"{int(lo)}-{int(hi)}"


def _check(frame: pd.DataFrame, qis: tuple[str, ...]) -> None:
    if not qis:
        raise ValidationError(
            "Re-identification risk needs at least one quasi-identifier.",
            hint="Mark the columns an attacker could know (age, ZIP code, sex…) as "
            "quasi-identifiers.",
        )
    missing = [c for c in qis if c not in frame.columns]
    if missing:
        raise ValidationError(
            f"Quasi-identifier column '{missing[0]}' is not in the table.",
            column=missing[0],
            hint=f"Columns present: {', '.join(map(str, frame.columns))}.",
        )


def _sampling_fraction(n: int, population: int | None, fraction: float | None) -> float | None:
    if population is not None:
        if population < n:
            raise ValidationError(
                f"The population size ({population}) is smaller than the table ({n} rows).",
                value=population,
                hint="Give the number of people in the population the table was drawn from.",
            )
        return n / population if population else None
    if fraction is not None and not 0 < fraction <= 1:
        raise ValidationError(
            f"The sampling fraction must lie in (0, 1], not {fraction}.", value=fraction
        )
    return fraction


def _population_risk(
    sizes: np.ndarray, ids: np.ndarray, n: int, fraction: float
) -> tuple[dict[str, Any], float]:
    """Journalist risk with population class sizes estimated as f_j / fraction (≥ f_j)."""
    population_sizes = np.maximum(sizes / fraction, sizes)
    risk = 1.0 / population_sizes[ids]
    marketer = float(np.sum(sizes / population_sizes) / n)
    journalist = {
        "sampling_fraction": fraction,
        "population_size": round(n / fraction),
        "highest_risk": float(risk.max()),
        "average_risk": float(risk.mean()),
        "records_at_risk": records_at_risk(risk),
        "estimator": "class size / sampling fraction",
    }
    return journalist, marketer
