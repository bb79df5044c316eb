"""The formula guard in SQL agrees with ``core.io.formulas`` cell for cell, including the
cells its cheap first-character test lets through to the regexes."""

from __future__ import annotations

import duckdb

from core.engine.sql import guarded
from core.io.formulas import FIRST_CHARACTERS, neutralize

PLAIN = ["", "ok", "Oslo", "34", "-2", "+3.5", " -1 ", "1e5", "é=", "a=b", "'=x", "0=1"]


def _cells() -> list[str | None]:
    starts = [*sorted(FIRST_CHARACTERS), "\u00e9", "\u4e2d", "\U0001f642", "A", "0", "'"]
    tails = ["=SUM(A1)", "1", "", "x", "\u200b=1", " +2"]
    return [*PLAIN, *(s + t for s in starts for t in tails), None]


def test_sql_guard_matches_python_guard():
    cells = _cells()
    con = duckdb.connect()
    con.execute("CREATE TABLE t (i INTEGER, v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(cells)))
    rows = con.execute(f"SELECT {guarded('v', 'regexp_matches')} FROM t ORDER BY i").fetchall()
    got = [r[0] for r in rows]
    want = [None if c is None else neutralize(c) for c in cells]
    assert got == want
    assert sum(g != c for g, c in zip(got, cells, strict=True) if c is not None) > 50
