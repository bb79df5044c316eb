"""How unique the columns released as they are make the records of a whole large table:
``core.uniqueness.contributions`` computed by DuckDB in one scan (GROUPING SETS), so the
release gate and the assessment see every record, not the preview."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.engine.sql import quote_ident
from core.jobs import Monitor

if TYPE_CHECKING:
    import pandas as pd

    from core.uniqueness import Contribution


@dataclass(frozen=True)
class Shares:
    """Records unique on the QIs without and with ``column``, and on ``column`` alone (shares
    of every record of the table)."""

    column: str
    unique_without: float
    unique_with: float
    alone: float


def shares_query(scan: str, qis: Sequence[str], kept: Sequence[str]) -> tuple[str, list]:
    """One query over ``scan``: per grouping set, its records and the records alone in their
    group; and the (GROUPING mask → what it measures) list to read it by."""
    columns = [*qis, *kept]
    q = [quote_ident(c) for c in qis]
    sets: list[tuple[list[str], tuple[str, str]]] = [(q, ("", "without"))]
    for c in kept:
        sets.append(([quote_ident(c)], (c, "alone")))
        if qis:
            sets.append(([*q, quote_ident(c)], (c, "with")))
    masks = [(_mask(columns, grouped), what) for grouped, what in sets]
    idents = ", ".join(quote_ident(c) for c in columns)
    grouping = ", ".join("(" + ", ".join(g) + ")" for g, _ in sets)
    inner = (
        f"SELECT GROUPING({idents}) AS g, count(*) AS n FROM {scan} GROUP BY GROUPING SETS "
        f"({grouping})"
    )
    query = (
        f"SELECT g, sum(n) AS records, count(*) FILTER (WHERE n = 1) AS alone "
        f"FROM ({inner}) GROUP BY g"
    )
    return query, masks


def _mask(columns: list[str], grouped: list[str]) -> int:
    """GROUPING(columns…) of a set: a bit per column not grouped, the first the highest."""
    mask = 0
    for c in columns:
        mask = mask * 2 + (0 if quote_ident(c) in grouped else 1)
    return mask


def whole_table_shares(
    engine, source, qis: Sequence[str], kept: Sequence[str], monitor: Monitor
) -> dict[str, Shares]:
    """``Shares`` of every column in ``kept``, over every record of ``source`` (DuckDB)."""
    kept = [c for c in kept if c not in qis]
    if not kept:
        return {}
    query, masks = shares_query(engine.scan(source), list(qis), kept)
    with contextlib.closing(engine.connect()) as con:
        message = f"Measuring how unique the kept columns make records of {source.name}"
        rows = engine._run(con, query, source, monitor, message).fetchall()
    found = {int(g): (int(records), int(alone)) for g, records, alone in rows}
    figures: dict[tuple[str, str], float] = {}
    for mask, what in masks:
        records, alone = found.get(mask, (0, 0))
        figures[what] = alone / records if records else 0.0
    without = figures[("", "without")]
    return {
        c: Shares(
            c, without, figures.get((c, "with"), figures[(c, "alone")]), figures[(c, "alone")]
        )
        for c in kept
    }


def contributions_of(shares: Mapping[str, Shares], frame: pd.DataFrame) -> tuple[Contribution, ...]:
    """``core.uniqueness.contributions`` from whole-table ``shares``; ``frame`` (the typed
    preview) only words what would help for each column, by its type."""
    from core.uniqueness import Contribution, _action

    found = [
        Contribution(c, s.unique_without, s.unique_with, s.alone, _action(frame[c], s.alone))
        for c, s in shares.items()
        if c in frame.columns
    ]
    return tuple(sorted(found, key=lambda c: (-c.added, -c.alone, c.column)))
