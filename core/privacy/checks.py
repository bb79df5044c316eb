"""Refuse bad input before any work starts, with messages naming the column or value."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from core import colcache
from core.errors import ConfigError, ValidationError
from core.hierarchy import Hierarchy
from core.settings import ProtectionSettings


def check_inputs(
    frame: pd.DataFrame,
    qis: list[str],
    sensitive: str | None,
    hierarchies: Mapping[str, Hierarchy],
    settings: ProtectionSettings,
) -> None:
    """Raise ConfigError/ValidationError for anything the anonymization cannot work with."""
    if settings.method not in ("optimal", "mondrian"):
        raise ConfigError(
            f"anonymize() runs the methods 'optimal' and 'mondrian', not '{settings.method}'.",
            hint="Use core.protect.protect(), which picks the engine for every method.",
        )
    _check_columns(frame, qis, sensitive)
    _check_table(frame, qis)
    _check_models(frame, sensitive, settings)
    for col, h in hierarchies.items():
        if col in qis and not isinstance(h, Hierarchy):
            raise ConfigError(
                f"The hierarchy given for '{col}' is a {type(h).__name__}, not a Hierarchy.",
                hint="Load it with Hierarchy.from_arx_csv or Hierarchy.from_spec.",
            )


def _check_columns(frame: pd.DataFrame, qis: list[str], sensitive: str | None) -> None:
    if not qis:
        raise ConfigError(
            "No quasi-identifier was chosen, so there is nothing to generalize.",
            hint="Mark the columns an attacker could know (age, ZIP code, sex…) as "
            "quasi-identifiers.",
        )
    missing = [c for c in [*qis, *([sensitive] if sensitive else [])] if c not in frame.columns]
    if missing:
        raise ConfigError(
            f"Column(s) not in the table: {', '.join(repr(c) for c in missing)}.",
            hint=f"Columns are: {', '.join(map(str, frame.columns))}.",
        )
    dup = sorted({c for c in qis if qis.count(c) > 1})
    if dup:
        raise ConfigError(f"Quasi-identifier '{dup[0]}' is listed twice.")
    if sensitive in qis:
        raise ConfigError(
            f"Column '{sensitive}' cannot be both a quasi-identifier and the sensitive column."
        )


def _check_table(frame: pd.DataFrame, qis: list[str]) -> None:
    if len(frame) == 0:
        raise ValidationError("The table has no rows.", hint="Load a table with records.")
    if len(frame) == 1:
        raise ValidationError(
            "The table has a single row: one person cannot hide in a group.",
            hint="k-anonymity needs a table of many records.",
        )
    for col in qis:
        if _all_missing(frame[col]):
            raise ValidationError(
                f"Quasi-identifier '{col}' is empty (every value is missing).",
                column=col,
                hint="Remove it from the quasi-identifiers or fill it in.",
            )


def _check_models(frame: pd.DataFrame, sensitive: str | None, s: ProtectionSettings) -> None:
    n = len(frame)
    if s.k is not None and s.k > n:
        raise ValidationError(
            f"k = {s.k} is larger than the table ({n} rows): no group can be that big.",
            value=s.k,
            hint=f"Choose k between 2 and {n}.",
        )
    if s.t is not None and not 0 < s.t <= 1:
        raise ConfigError(f"t must lie in (0, 1], not {s.t}.", hint="Try 0.2.")
    if s.l is None and s.t is None:
        return
    model = "l-diversity" if s.l is not None else "t-closeness"
    if sensitive is None:
        raise ConfigError(
            f"{model} protects a sensitive column, but none was chosen.",
            hint="Mark one column (e.g. a diagnosis or salary) as sensitive.",
        )
    if s.l is not None:
        distinct = _distinct(frame[sensitive])
        if s.l > distinct:
            raise ValidationError(
                f"l = {s.l} is larger than the number of distinct values of '{sensitive}' "
                f"({distinct}): no group can hold {s.l} different values.",
                column=sensitive,
                value=s.l,
                hint=f"Choose l between 2 and {distinct}.",
            )
        if s.l_variant == "recursive" and not s.c > 0:
            raise ConfigError(f"c of recursive (c,l)-diversity must be positive, not {s.c}.")


def _all_missing(column: pd.Series) -> bool:
    """Whether every cell is missing (read off the Arrow array's null count when it has one)."""
    arrow = colcache.arrow_array(column)
    if arrow is not None:
        return arrow.null_count == len(arrow)
    return bool(column.isna().all())


def _distinct(column: pd.Series) -> int:
    """``nunique(dropna=False)``; an Arrow column's count is cached across runs."""
    arrow = colcache.arrow_array(column)
    if arrow is not None:
        return colcache.nunique(column) + (arrow.null_count > 0)
    return int(column.nunique(dropna=False))
