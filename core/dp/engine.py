"""The DP entry point behind ``core.protect``: plan the spend, check the budget, then release."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence

import pandas as pd

from core.dp import noise, synthetic
from core.dp.domains import DATA, MAX_CATEGORIES, ColumnDomain, column_domains, too_diverse
from core.dp.facts import assumed_public
from core.dp.ledger import BudgetLedger
from core.dp.randomness import Randomness
from core.dp.result import DPResult, leak_warning, privacy_warnings, seed_warning
from core.errors import ConfigError, ValidationError
from core.jobs import Monitor, null_monitor
from core.schema import Role
from core.settings import ProtectionSettings

METHODS = ("dp-noise", "dp-synthetic")


def release(
    frame: pd.DataFrame,
    *,
    roles: Mapping[str, Role],
    settings: ProtectionSettings,
    monitor: Monitor | None = None,
    seed: int | None = None,
    ledger: BudgetLedger | None = None,
    categories: Mapping[str, Sequence[object]] | None = None,
) -> DPResult:
    """Release ``frame`` with dp-noise or dp-synthetic at ``settings.epsilon``.

    Bounds come from ``settings.bounds`` (fractional years for dates), categories from
    ``settings.domain`` or ``categories`` (e.g. a column's hierarchy), whether a column may be
    missing and holds whole numbers from ``settings.domain``; ranges and categories read from
    the data are listed in ``bounds_from_data``, number kinds taken from the loaded types (at a
    finite ε) in ``kinds_from_data``, and all are warned about. Identifier columns and text
    with too many values to randomize are left out, with a warning.
    The spend is charged to ``ledger`` (the project's; a fresh one of ε = settings.epsilon by
    default) and refused before any work if it does not fit. ``seed=None`` draws fresh noise.
    """
    start = time.perf_counter()
    monitor = monitor or null_monitor()
    epsilon = _epsilon(settings)
    frame, notes = _released_columns(frame, roles, categories)
    domains = column_domains(
        frame,
        settings.bounds,
        categories,
        known=set(roles),
        facts=settings.domain,
        private=not math.isinf(epsilon),
    )
    ledger = ledger if ledger is not None else BudgetLedger(epsilon, settings.delta)
    already = len(ledger.entries)
    run = _noise if settings.method == "dp-noise" else _synthetic
    with privacy_warnings() as leaks:
        out = run(frame, domains, settings, epsilon, ledger, Randomness(seed), monitor)
    data, records, net, guarantee, more = out
    if not math.isinf(epsilon):
        guarantee = f"{guarantee} {assumed_public(domains)}"
    spent = ledger.entries[already:]
    from_data = [d for d in domains if d.source == DATA]
    ranges = [d.name for d in from_data if d.numeric]
    categories = [d.name for d in from_data if not d.numeric]
    kinds = [] if math.isinf(epsilon) else _kinds_from_data(domains)
    leak = [leak_warning(ranges, categories, kinds)] if from_data or kinds else []
    warnings = leak + leaks + notes + more
    if seed is not None and not math.isinf(epsilon):
        warnings.append(seed_warning(seed))
    return DPResult(
        data=data,
        method=settings.method,
        epsilon=epsilon,
        epsilon_spent=math.fsum(s.epsilon for s in spent),
        delta_spent=math.fsum(s.delta for s in spent),
        guarantee=guarantee,
        mechanisms=tuple(records),
        bounds_from_data=tuple(d.name for d in from_data),
        kinds_from_data=tuple(kinds),
        network=tuple(net),
        rows=len(data),
        seed=seed,
        elapsed_seconds=time.perf_counter() - start,
        warnings=tuple(warnings),
    )


def _kinds_from_data(domains: Sequence[ColumnDomain]) -> list[str]:
    """Number columns (not dates) whose whole-or-decimal kind was taken from the loaded type."""
    return [d.name for d in domains if d.kind in ("integer", "float") and not d.number_stated]


def _noise(frame, domains, settings, epsilon, ledger, randomness, monitor) -> tuple:
    steps = noise.plan_noise(domains, epsilon)
    ledger.plan(noise.spends(steps))
    data, notes = noise.add_noise(frame, steps, ledger, randomness.generator, monitor)
    if settings.rows is not None:
        notes.append("rows applies to dp-synthetic only; dp-noise keeps one row per record.")
    return data, [s.record() for s in steps], [], noise.GUARANTEE, notes


def _synthetic(frame, domains, settings, epsilon, ledger, randomness, monitor) -> tuple:
    plan = synthetic.plan_synthetic(domains, epsilon)
    ledger.plan(plan.spends())
    out = synthetic.synthesize(
        frame, plan, rows=settings.rows, ledger=ledger, randomness=randomness, monitor=monitor
    )
    notes = list(out.notes)
    if out.data.empty and settings.rows is None:
        notes.append(
            f"The synthetic table is empty: the noisy count of records came out as 0 "
            f"({len(frame)} record(s) at ε = {epsilon:g} is too few to release)."
            " Use a larger table or a larger ε, or set the number of rows to draw."
        )
    return out.data, out.records, out.network, synthetic.GUARANTEE, notes


def _epsilon(settings: ProtectionSettings) -> float:
    if settings.method not in METHODS:
        raise ConfigError(
            f"core.dp.release cannot apply method '{settings.method}'.",
            hint=f"Use one of: {', '.join(METHODS)}.",
        )
    if settings.epsilon is None:
        raise ConfigError(
            f"Method {settings.method} needs a privacy budget ε (epsilon).",
            hint="Give one, e.g. --epsilon 1: smaller is more private, 'inf' adds no noise.",
        )
    return float(settings.epsilon)


def _released_columns(
    frame: pd.DataFrame,
    roles: Mapping[str, Role],
    categories: Mapping[str, Sequence[object]] | None,
) -> tuple[pd.DataFrame, list[str]]:
    """Drop identifier columns still present (pseudonyms) and text too diverse to randomize:
    a DP release cannot carry them."""
    ids = [c for c, r in roles.items() if r == Role.IDENTIFIER and c in frame.columns]
    notes = [
        f"Identifier column '{c}' was left out: a pseudonym ties a row to one person, "
        "which no differential privacy guarantee allows."
        for c in ids
    ]
    frame = frame.drop(columns=ids)
    diverse = too_diverse(frame, categories)
    notes += [
        f"Column '{c}' was left out: its more than {MAX_CATEGORIES:,} different values (free "
        "text or identifier-like) would be released word for word. Generalize it, give its "
        "categories (a hierarchy), or mark it as an identifier."
        for c in diverse
    ]
    frame = frame.drop(columns=list(diverse))
    if frame.shape[1] == 0:
        raise ValidationError(
            "There is no column left to release"
            + (f" ({', '.join(diverse)}: too many different values)." if diverse else "."),
            hint="Mark at least one column as something other than identifier, or generalize "
            "free-text columns first.",
        )
    if len(frame) == 0:
        raise ValidationError("The table has no rows to release.", hint="Load a non-empty table.")
    return frame, notes
