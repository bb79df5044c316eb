"""Re-identification risk from class sizes alone, so it works on a table of any size: the
frequency table (or its roll-up to the released levels) holds every class and its size."""

from __future__ import annotations

import time
from collections.abc import Mapping

import numpy as np

from core.engine.frequency import COUNT, Frequencies, rollup
from core.hierarchy import Hierarchy
from core.metrics.reidentification import (
    RISK_THRESHOLDS,
    ReidentificationResult,
    _population_risk,
    _sampling_fraction,
    size_histogram,
)


def reidentification_of_sizes(
    sizes: np.ndarray, qis: tuple[str, ...], *, population_size: int | None = None
) -> ReidentificationResult:
    """``core.metrics.reidentification`` computed from the size of every class."""
    start = time.perf_counter()
    sizes = np.asarray(sizes, dtype=np.int64)
    n = int(sizes.sum())
    risk = 1.0 / sizes if n else np.zeros(0)
    journalist = marketer = None
    fraction = _sampling_fraction(n, population_size, None)
    if fraction is not None and n:
        journalist, _ = _population_risk(sizes, np.arange(len(sizes)), n, fraction)
        journalist, marketer = _weighted_population(sizes, fraction, journalist)
    at_risk = {str(t): float(sizes[risk > t].sum() / n) if n else 0.0 for t in RISK_THRESHOLDS}
    return ReidentificationResult(
        qis=tuple(qis),
        records=n,
        equivalence_classes=len(sizes),
        unique_records=int(np.count_nonzero(sizes == 1)),
        unique_fraction=int(np.count_nonzero(sizes == 1)) / n if n else 0.0,
        average_risk=len(sizes) / n if n else 0.0,
        highest_risk=float(risk.max()) if n else 0.0,
        lowest_risk=float(risk.min()) if n else 0.0,
        min_class_size=int(sizes.min()) if n else 0,
        records_at_risk=at_risk,
        class_size_histogram=size_histogram(sizes),
        journalist_risk=journalist,
        marketer_risk=marketer,
        elapsed_seconds=time.perf_counter() - start,
    )


def _weighted_population(sizes: np.ndarray, fraction: float, journalist: dict):
    """Journalist and marketer risk with each class counted once per record."""
    n = int(sizes.sum())
    population = np.maximum(sizes / fraction, sizes)
    risk = 1.0 / population
    at_risk = {str(t): float(sizes[risk > t].sum() / n) for t in RISK_THRESHOLDS}
    journalist = journalist | {
        "population_size": round(n / fraction),
        "highest_risk": float(risk.max()),
        "average_risk": float((risk * sizes).sum() / n),
        "records_at_risk": at_risk,
    }
    return journalist, float(np.sum(sizes / population) / n)


def reidentification_of(
    freq: Frequencies,
    hierarchies: Mapping[str, Hierarchy] | None = None,
    levels: Mapping[str, int] | None = None,
    *,
    kept: np.ndarray | None = None,
    population_size: int | None = None,
) -> ReidentificationResult:
    """Risk of the table behind ``freq`` over its QIs, at ``levels`` (default: as it is),
    counting only the frequency rows flagged in ``kept`` (default: all)."""
    if kept is not None:
        freq = Frequencies(freq.frame[kept].reset_index(drop=True), freq.qis, freq.sensitive)
    if levels:
        sizes = rollup(freq, hierarchies or {}, levels)[COUNT].to_numpy()
    else:
        grouped = freq.frame.groupby(list(freq.qis), sort=False, dropna=False)[COUNT].sum()
        sizes = grouped.to_numpy()
    return reidentification_of_sizes(sizes, freq.qis, population_size=population_size)
