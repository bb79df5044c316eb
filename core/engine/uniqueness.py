"""How unique the columns released as they are make the records of a whole large table:
``core.uniqueness.contributions`` computed by DuckDB or Spark in one aggregation (GROUPING
SETS), so the release gate and the assessment see every record, not the preview."""

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


def shares_query(
    scan: str, qis: Sequence[str], kept: Sequence[str], *, quote=quote_ident, grouping="GROUPING"
) -> tuple[str, list]:
    """One query over ``scan``: per grouping set, its records and the records alone in their
    group; and the (grouping mask → what it measures) list to read it by. ``quote`` and
    ``grouping`` fit the dialect (DuckDB: GROUPING; Spark SQL: backticks, grouping_id)."""
    columns = [*qis, *kept]
    sets: list[tuple[list[str], tuple[str, str]]] = [(list(qis), ("", "without"))]
    for c in kept:
        sets.append(([c], (c, "alone")))
        if qis:
            sets.append(([*qis, c], (c, "with")))
    masks = [(_mask(columns, grouped), what) for grouped, what in sets]
    idents = ", ".join(quote(c) for c in columns)
    grouping_sets = ", ".join("(" + ", ".join(quote(c) for c in g) + ")" for g, _ in sets)
    inner = (
        f"SELECT {grouping}({idents}) AS g, count(*) AS n FROM {scan} GROUP BY GROUPING SETS "
        f"({grouping_sets})"
    )
    query = (
        f"SELECT g, sum(n) AS records, sum(CASE WHEN n = 1 THEN 1 ELSE 0 END) AS alone "
        f"FROM ({inner}) t GROUP BY g"
    )
    return query, masks


def _mask(columns: list[str], grouped: list[str]) -> int:
    """The grouping mask of a set: a bit per column not grouped, the first the highest."""
    mask = 0
    for c in columns:
        mask = mask * 2 + (0 if c in grouped else 1)
    return mask


def whole_table_shares(
    engine, source, qis: Sequence[str], kept: Sequence[str], monitor: Monitor
) -> dict[str, Shares]:
    """``Shares`` of every column in ``kept``, over every record of ``source`` (DuckDB or
    Spark: one aggregation over the file)."""
    kept = [c for c in kept if c not in qis]
    if not kept:
        return {}
    message = f"Measuring how unique the kept columns make records of {source.name}"
    if engine.name == "spark":
        from core.engine.spark_engine import quote

        with engine.view(source) as view:
            query, masks = shares_query(view, qis, kept, quote=quote, grouping="grouping_id")
            rows = engine.rows(query, source, monitor, message)
    else:
        query, masks = shares_query(engine.scan(source), list(qis), kept)
        with contextlib.closing(engine.connect()) as con:
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
