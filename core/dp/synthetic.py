"""dp-synthetic: noisy marginals along a private Bayesian network, then a sampled table.

Budget (ε in total, composed sequentially, each part split equally): 20% on the 1-way marginal
of every column, 10% on choosing the network, 70% on the marginal of each column with its
parents. The default row count is the noisy total of the 1-way marginal with the fewest cells,
so the true number of records is never used, floored at what that total's noise can resolve (its
standard deviation, from ε alone): at small ε the count no longer swings from 0 to thousands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.dp import network
from core.dp.binning import Binning, binning
from core.dp.dates import UNIT_NAMES
from core.dp.domains import ColumnDomain
from core.dp.ledger import BudgetLedger, Spend
from core.dp.marginals import measure
from core.dp.randomness import Randomness
from core.dp.result import MechanismRecord
from core.dp.sampling import sample_codes
from core.jobs import Monitor

GUARANTEE = (
    "ε-differential privacy: the synthetic table would be about as likely (within e^ε) with "
    "any one record added or removed."
)
SHARES = {"one_way": 0.2, "selection": 0.1, "marginals": 0.7}
DEGREE = 2  # parents per column; 1 gives a spanning tree of 2-way marginals
MAX_DEGREE_2_COLUMNS = 32  # beyond this, scoring every parent pair is too slow: use a tree
HISTOGRAM = "histogram (GeometricTruncated)"


@dataclass(frozen=True)
class SyntheticPlan:
    """ε per 1-way marginal, per network-selection step and per (parents, child) marginal."""

    domains: list[ColumnDomain]
    one_way: float
    selection: float
    marginal: float
    degree: int

    @property
    def steps(self) -> int:
        return len(self.domains) - 1

    def spends(self) -> list[Spend]:
        return (
            [Spend(f"1-way marginal '{d.name}'", self.one_way) for d in self.domains]
            + [Spend(f"network selection step {i + 1}", self.selection) for i in range(self.steps)]
            + [Spend(f"marginal {i + 1} of the network", self.marginal) for i in range(self.steps)]
        )


@dataclass(frozen=True)
class Synthesis:
    data: pd.DataFrame
    records: list[MechanismRecord]
    network: list[tuple[str, tuple[str, ...]]]
    notes: tuple[str, ...] = ()


def plan_synthetic(
    domains: list[ColumnDomain], epsilon: float, degree: int | None = None
) -> SyntheticPlan:
    m = len(domains)
    if degree is None:
        degree = DEGREE if m <= MAX_DEGREE_2_COLUMNS else 1
    if m == 1:
        return SyntheticPlan(domains, epsilon, 0.0, 0.0, degree)
    return SyntheticPlan(
        domains,
        epsilon * SHARES["one_way"] / m,
        epsilon * SHARES["selection"] / (m - 1),
        epsilon * SHARES["marginals"] / (m - 1),
        degree,
    )


def synthesize(
    frame: pd.DataFrame,
    plan: SyntheticPlan,
    *,
    rows: int | None,
    ledger: BudgetLedger,
    randomness: Randomness,
    monitor: Monitor,
) -> Synthesis:
    """Measure, choose the network, measure along it, sample ``rows`` rows (default: noisy n)."""
    bins = [binning(d) for d in plan.domains]
    codes = [b.encode(frame[b.domain.name], randomness.generator) for b in bins]
    job = _Job(plan, bins, codes, ledger, randomness)
    noisy = job.one_way(monitor.sub(0.0, 0.25))
    fewest = min(noisy, key=len)
    total = float(np.clip(fewest, 0, None).sum())
    net = job.network(noisy, monitor.sub(0.25, 0.45))
    tables = job.marginals(net, monitor.sub(0.45, 0.85))
    monitor.progress(0.85, "Sampling the synthetic table")
    floor = count_floor(len(fewest), plan.one_way)
    n = int(rows) if rows is not None else max(round(total), floor)
    notes = () if rows is not None or total >= floor else (floor_note(round(total), floor),)
    sampled = sample_codes(net, noisy, tables, n, randomness.generator)
    data = pd.DataFrame(
        {
            b.domain.name: b.decode(c, randomness.generator, frame[b.domain.name].dtype)
            for b, c in zip(bins, sampled, strict=True)
        }
    )
    monitor.progress(1.0, "Synthetic table ready")
    names = [(bins[c].domain.name, tuple(bins[p].domain.name for p in ps)) for c, ps in net]
    return Synthesis(data, job.records, names, notes)


def count_floor(cells: int, epsilon: float) -> int:
    """The standard deviation of the noise in a total of ``cells`` noisy counts at ``epsilon``
    (two-sided geometric, sensitivity 1): fewer rows than this cannot be told from noise."""
    if math.isinf(epsilon):
        return 0
    p = math.exp(-epsilon)
    return math.ceil(math.sqrt(cells * 2 * p) / (1 - p))


def floor_note(noisy: int, floor: int) -> str:
    return (
        f"The noisy count of records ({noisy}) was below what the noise at this ε can resolve, "
        f"so {floor} synthetic rows were drawn instead. Set the number of rows to draw, or use "
        f"a larger ε, to choose it yourself."
    )


class _Job:
    """The measuring steps of one synthesis, charging the ledger and noting each mechanism."""

    def __init__(self, plan, bins: list[Binning], codes, ledger, randomness) -> None:
        self.plan, self.bins, self.codes = plan, bins, codes
        self.ledger, self.randomness = ledger, randomness
        self.sizes = [b.size for b in bins]
        self.records: list[MechanismRecord] = []

    def _measure(self, label: str, columns: list[int], epsilon: float) -> np.ndarray:
        with self.ledger.charge(label, epsilon) as accountant:
            return measure(
                [self.codes[c] for c in columns],
                [self.sizes[c] for c in columns],
                epsilon=epsilon,
                accountant=accountant,
                random_state=self.randomness.for_diffprivlib(),
            )

    def one_way(self, monitor: Monitor) -> list[np.ndarray]:
        noisy = []
        for i, b in enumerate(self.bins):
            monitor.progress(i / len(self.bins), f"Measuring {b.domain.name}")
            noisy.append(self._measure(f"1-way marginal '{b.domain.name}'", [i], self.plan.one_way))
            self.records.append(_record(self.bins, [i], "1-way marginal", self.plan.one_way))
        return noisy

    def network(self, noisy: list[np.ndarray], monitor: Monitor) -> list[network.Candidate]:
        if self.plan.steps == 0:
            return [(0, ())]
        monitor.progress(0.0, "Choosing which columns to measure together")
        scored = network.scores(self.codes, self.sizes, noisy, self.plan.degree, self.plan.marginal)
        steps = iter(range(self.plan.steps))

        def step(utility: list[float]) -> int:
            label = f"network selection step {next(steps) + 1}"
            with self.ledger.charge(label, self.plan.selection):
                return network.choose(
                    utility,
                    epsilon=self.plan.selection,
                    random_state=self.randomness.for_diffprivlib(),
                )

        net = network.build(scored, len(self.codes), step)
        self.records += [_selection_record(self.plan.selection) for c, p in net if p]
        return net

    def marginals(self, net: list[network.Candidate], monitor: Monitor) -> dict[int, np.ndarray]:
        tables = {}
        for k, (child, parents) in enumerate(net):
            if not parents:
                continue
            columns = [*parents, child]
            target = " × ".join(f"'{self.bins[c].domain.name}'" for c in columns)
            monitor.progress(k / len(net), f"Measuring {target}")
            tables[child] = self._measure(f"marginal {target}", columns, self.plan.marginal)
            self.records.append(_record(self.bins, columns, "marginal", self.plan.marginal))
        return tables


def _record(bins: list[Binning], columns: list[int], step: str, epsilon: float) -> MechanismRecord:
    sources = {bins[c].domain.source for c in columns}
    return MechanismRecord(
        target=" × ".join(bins[c].domain.name for c in columns),
        step=f"{len(columns)}-way marginal" if step == "marginal" else step,
        mechanism="none (ε = ∞)" if math.isinf(epsilon) else HISTOGRAM,
        epsilon=epsilon,
        sensitivity=1.0,
        bounds=bins[columns[0]].domain.shown_bounds if len(columns) == 1 else None,
        domain_size=math.prod(bins[c].size for c in columns),
        source="data" if "data" in sources else "user",
        resolution=UNIT_NAMES.get(bins[columns[0]].domain.unit) if len(columns) == 1 else None,
    )


def _selection_record(epsilon: float) -> MechanismRecord:
    return MechanismRecord(
        target="network edge",
        step="network selection",
        mechanism="argmax (ε = ∞)" if math.isinf(epsilon) else "Exponential",
        epsilon=epsilon,
        sensitivity=network.SENSITIVITY,
        source="none",
    )
