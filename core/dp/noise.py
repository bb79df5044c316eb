"""dp-noise: every released column randomized record by record (local DP).

Every column the dispatcher left in the table gets noise, whatever its role: under DP no
column is "insensitive". ε is split equally across the columns; each record's row is then an
ε-DP view of that record, and records do not affect each other's noise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.dp import dates
from core.dp.domains import ColumnDomain
from core.dp.ledger import BudgetLedger, Spend
from core.dp.mechanisms import GeometricOnBounds, GeometricOnGrid, RandomizedResponse
from core.dp.result import MechanismRecord
from core.jobs import Monitor

GUARANTEE = (
    "ε-local differential privacy: each released row is an ε-DP randomization of its own "
    "record (any one record replaced by any other within the bounds and categories)."
)
Mechanism = RandomizedResponse | GeometricOnBounds | GeometricOnGrid


@dataclass(frozen=True)
class ColumnStep:
    domain: ColumnDomain
    epsilon: float
    mechanism: Mechanism | None  # None when ε is infinite: the column is released as it is

    @property
    def label(self) -> str:
        return f"noise on '{self.domain.name}'"

    def record(self) -> MechanismRecord:
        m = self.mechanism
        return MechanismRecord.for_column(
            self.domain,
            "column noise",
            m.name if m is not None else "none (ε = ∞)",
            self.epsilon,
            sensitivity=getattr(m, "sensitivity", None),
        )


def plan_noise(domains: list[ColumnDomain], epsilon: float) -> list[ColumnStep]:
    """ε split equally: one mechanism per column."""
    share = epsilon / len(domains)
    return [ColumnStep(d, share, _mechanism(d, share)) for d in domains]


def spends(steps: list[ColumnStep]) -> list[Spend]:
    return [Spend(s.label, s.epsilon) for s in steps]


def add_noise(
    frame: pd.DataFrame,
    steps: list[ColumnStep],
    ledger: BudgetLedger,
    rng: np.random.Generator,
    monitor: Monitor,
) -> tuple[pd.DataFrame, list[str]]:
    """The randomized table (same index; dtypes fixed by the public facts) and notes."""
    out: dict[str, pd.Series] = {}
    notes: list[str] = []  # none depends on the data: a note is released too
    for i, step in enumerate(steps):
        name = step.domain.name
        monitor.progress(i / len(steps), f"Adding noise to {name}")
        with ledger.charge(step.label, step.epsilon):
            out[name] = _randomize(frame[name], step, rng)
    monitor.progress(1.0, "Noise added")
    return pd.DataFrame(out, index=frame.index), notes


def _mechanism(domain: ColumnDomain, epsilon: float) -> Mechanism | None:
    if math.isinf(epsilon):
        return None
    if domain.kind == "categorical":
        return RandomizedResponse(domain.size, epsilon)
    lo, hi = domain.bounds
    if domain.whole:
        return GeometricOnBounds(int(lo), int(hi), epsilon)
    return GeometricOnGrid(lo, hi, epsilon)


def _randomize(series: pd.Series, step: ColumnStep, rng: np.random.Generator) -> pd.Series:
    d, m = step.domain, step.mechanism
    if m is None:
        return series.copy()
    if isinstance(m, RandomizedResponse):
        out = d.labels(m.sample(d.codes(series, rng), rng), series.dtype)
        out.index = series.index
        return out
    values = d.numbers(series)
    noisy = m.sample(np.where(np.isnan(values), d.middle(), values), rng)
    if d.kind == "date":
        out = dates.from_units(noisy, np.zeros(len(noisy), bool), d.unit, series.dtype, d.name)
        return out.set_axis(series.index)
    return pd.Series(noisy, index=series.index, name=series.name).astype(
        d.released_dtype(series.dtype)
    )
