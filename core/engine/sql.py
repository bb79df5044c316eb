"""SQL text shared by the SQL engines: quoting, the formula guard, label and class lookups."""

from __future__ import annotations

from core.engine.release import QiMap
from core.io.formulas import FIRST_CHARACTERS, RISKY, SAFE_NUMBER


def quote_ident(name: str) -> str:
    """``name`` as a quoted SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def quote_text(text: str) -> str:
    """``text`` as an SQL string literal (standard quoting, no backslash escapes)."""
    return "'" + str(text).replace("'", "''") + "'"


def guarded(expr: str, matches: str) -> str:
    """``expr`` with a leading quote when a spreadsheet would run it (``core.io.formulas``
    rules); ``matches`` is the engine's regex-search function. The regexes run only on cells
    whose first character can start a risky value (a cheap test that rules out almost all)."""
    risky = f"{matches}({expr}, {quote_text(RISKY)})"
    safe = f"{matches}({expr}, {quote_text(SAFE_NUMBER)})"
    return (
        f"CASE WHEN NOT {_may_be_risky(f'ascii({expr})')} THEN {expr} "
        f"WHEN {risky} AND NOT {safe} THEN '''' || {expr} ELSE {expr} END"
    )


def _may_be_risky(code: str) -> str:
    """SQL true when the code point ``code`` of a cell's first character is in
    ``FIRST_CHARACTERS`` or is some other character past ASCII."""
    ascii_ones = sorted(ord(c) for c in FIRST_CHARACTERS if ord(c) < 128)
    listed = ", ".join(str(c) for c in ascii_ones)
    return f"({code} IN ({listed}) OR {code} > 127)"


def _index(ident: str, enum: str, missing: int) -> str:
    """1-based position of a cell in its QI's value list (the last one for a missing cell);
    a typed cell (Parquet) is looked up by its text, as the frequency table holds it."""
    if not enum:
        return str(missing + 1)
    return f"(coalesce(enum_code(TRY_CAST(CAST({ident} AS VARCHAR) AS {enum})), {missing}) + 1)"


def _list(values: list) -> str:
    return "[" + ", ".join(quote_text(v) if isinstance(v, str) else str(v) for v in values) + "]"


def label_expr(ident: str, enum: str, labels: list[str]) -> str:
    """The released label of each cell of a generalized QI (DuckDB)."""
    return f"list_extract({_list(labels)}, {_index(ident, enum, len(labels) - 1)})"


def class_key(maps: list[QiMap], enums: dict[str, str]) -> str:
    """The class key of each record: the QIs' class codes in mixed radix (DuckDB)."""
    key = "CAST(0 AS BIGINT)"
    for m in maps:
        ident = quote_ident(m.column)
        code = f"list_extract({_list(m.codes)}, {_index(ident, enums[m.column], len(m.texts))})"
        key = f"({key} * {m.radix} + {code})"
    return key
