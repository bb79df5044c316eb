"""The search on a frequency table, whatever engine built it: which transformation, which
classes are suppressed, and the summary a protect run reports."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.engine.frequency import Frequencies, encode_frequencies
from core.errors import ConfigError
from core.hierarchy import Hierarchy, auto_hierarchy, guess_kind
from core.jobs import Monitor
from core.privacy.encoding import Encoded
from core.privacy.result import AnonymizationResult, class_summary
from core.settings import ProtectionSettings


@dataclass(frozen=True)
class Plan:
    """What to write: each QI's level, and which frequency-table rows are suppressed."""

    freq: Frequencies
    hierarchies: dict[str, Hierarchy]
    levels: dict[str, int]
    suppressed: np.ndarray  # one flag per row of freq.frame
    result: AnonymizationResult


def solve(
    freq: Frequencies,
    hierarchies: Mapping[str, Hierarchy],
    settings: ProtectionSettings,
    monitor: Monitor,
) -> Plan:
    """Run the optimal search of ``core.privacy`` on ``freq``; nothing here touches rows."""
    from core.privacy.engine import _models, _require_solution, common_fields
    from core.privacy.evaluator import Evaluator
    from core.privacy.metrics import MetricBook

    if settings.method != "optimal":
        raise ConfigError(
            f"The {settings.method} method needs the whole table in memory.",
            hint="Use --method optimal, or --engine pandas for a table that fits in memory.",
        )
    start = time.perf_counter()
    hier, sources = _hierarchies(freq, hierarchies)
    enc = encode_frequencies(freq, hier)
    sens = freq.sensitive
    models = _models(settings, enc, freq.frame, sens, dict(hierarchies))
    evaluator = Evaluator(enc, models, MetricBook(enc), settings.metric)
    _require_solution(evaluator, enc, models)
    outcome, warnings = _search(enc, evaluator, settings, monitor)
    node = outcome.node
    groups = evaluator.groups(node, source=enc.base)
    pairs = groups.pairs(models.n_sensitive) if models.uses_sensitive else None
    bad = models.monotone_part(groups, pairs)
    if models.has_other_part:
        bad |= models.other_part(groups, pairs)
    suppressed = groups.row_mask(bad)[enc.row_to_base]
    n_suppressed = int(freq.counts[suppressed].sum())
    if n_suppressed:
        warnings.append(
            f"{n_suppressed:,} record(s) ({n_suppressed / enc.n_records:.1%}) were suppressed "
            "(left out of the protected table) to satisfy the privacy models."
        )
    levels = {d.name: int(lv) for d, lv in zip(enc.dims, node, strict=True)}
    rows_in, rows_out = range(enc.n_records), range(enc.n_records - n_suppressed)
    result = AnonymizationResult(
        data=None,
        method="optimal",
        qis=tuple(freq.qis),
        transformation=levels,
        loss_bound=float(outcome.bound) if np.isfinite(outcome.bound) else None,
        nodes_evaluated=evaluator.count,
        lattice_size=math.prod(enc.depths),
        search=outcome.strategy,
        optimal=outcome.optimal,
        suppressed_records=n_suppressed,
        info_loss=evaluator.book.values(node, groups, bad),
        **class_summary(groups.sizes[~bad]),
        **common_fields(rows_in, enc, models, settings, sources, rows_out, warnings, start),
    )
    return Plan(freq, hier, levels, suppressed, result)


def _search(enc: Encoded, evaluator, settings: ProtectionSettings, monitor: Monitor):
    """The lattice search of ``core.privacy.engine``, up to the chosen node."""
    from core.privacy.engine import search_lattice

    return search_lattice(enc, evaluator, settings, monitor)


def _hierarchies(freq: Frequencies, given: Mapping[str, Hierarchy]):
    """Given hierarchies, and built ones (from the column's values, weighted by count)."""
    out, sources = {}, {}
    for col in freq.qis:
        if given.get(col) is not None:
            out[col], sources[col] = given[col], "given"
            continue
        values = pd.Series(np.repeat(freq.frame[col].to_numpy(), freq.counts), name=col)
        out[col] = auto_hierarchy(values)
        sources[col] = f"automatic ({guess_kind(values)})"
    return out, sources
