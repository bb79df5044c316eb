"""Hierarchy builders: numeric intervals, dates, masked codes, categorical groups, ordinal order."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from core.errors import ValidationError
from core.hierarchy.keys import MISSING, TOP, keys_of
from core.hierarchy.model import Hierarchy

MAX_BINS = 20  # the finest interval level has at most this many bins


def nice_widths(low: float, high: float, *, max_bins: int = MAX_BINS) -> list[float]:
    """Nested 'nice' widths (1, 2, 5 × 10^n; each divides the next) from fine to coarse."""
    span = max(float(high) - float(low), 1e-12)
    width = _nice_at_least(span / max_bins)
    widths = [width]
    while True:
        wider = _next_nested(widths[-1])
        if math.floor(high / wider) - math.floor(low / wider) < 1:
            return widths
        widths.append(wider)


def _nice_at_least(x: float) -> float:
    exp = math.floor(math.log10(x))
    for mantissa in (1, 2, 5, 10):
        w = mantissa * 10.0**exp
        if w >= x * (1 - 1e-9):
            return _clean(w)
    return _clean(10.0 ** (exp + 1))


def _next_nested(width: float) -> float:
    exp = math.floor(math.log10(width) + 1e-9)
    mantissa = round(width / 10.0**exp)
    return _clean({1: 2, 2: 10, 5: 10}[mantissa] * 10.0**exp)


def _clean(w: float) -> float:
    return float(f"{w:.12g}")


def interval_hierarchy(
    values: Sequence[float] | np.ndarray | pd.Series,
    *,
    widths: Sequence[float] | None = None,
    bottom: float | None = None,
    top: float | None = None,
    name: str = "",
) -> Hierarchy:
    """Numbers → intervals of growing nested widths → '*'; optional bottom/top coding.

    Values below ``bottom`` become '<bottom' and values at or above ``top`` become '>=top' on
    every generalized level. Integers get labels like '20-24', other numbers '[20, 25)'.
    """
    series = pd.Series(values)
    nums = pd.to_numeric(series.dropna().drop_duplicates(), errors="coerce")
    if nums.isna().any() or nums.empty:
        raise ValidationError(
            f"Column '{name}' is not numeric: cannot build intervals.",
            column=name or None,
            hint="Use a categorical or masking hierarchy instead.",
        )
    distinct = np.sort(nums.to_numpy(dtype=float))
    lo = distinct[0] if bottom is None else max(distinct[0], bottom)
    hi = distinct[-1] if top is None else min(distinct[-1], top)
    automatic = not widths
    widths = nice_widths(lo, hi) if automatic else [float(w) for w in widths]
    _check_nested(widths, name)
    integral = bool(np.all(distinct == np.round(distinct)))
    rows = [[k] for k in keys_of(distinct)]
    for w in widths:
        for row, v in zip(rows, distinct, strict=True):
            row.append(_interval_label(v, w, bottom, top, integral))
    for row in rows:
        row.append(TOP)
    if series.isna().any():
        rows.append([MISSING] * (len(widths) + 1) + [TOP])
    builder = {"kind": "intervals", "widths": widths, "bottom": bottom, "top": top}
    return Hierarchy(_drop_repeated_levels(rows) if automatic else rows, name=name, builder=builder)


def _check_nested(widths: list[float], name: str) -> None:
    for a, b in itertools.pairwise(widths):
        ratio = b / a
        if a <= 0 or abs(ratio - round(ratio)) > 1e-9 or round(ratio) < 2:
            raise ValidationError(
                f"Interval widths for '{name}' must grow and each divide the next: {a} then {b}.",
                column=name or None,
                hint="For example 5, 10, 20 or 1, 2, 10.",
            )


def _interval_label(v: float, w: float, bottom: float | None, top: float | None, integral: bool):
    if bottom is not None and v < bottom:
        return f"<{_num(bottom)}"
    if top is not None and v >= top:
        return f">={_num(top)}"
    start = math.floor(v / w + 1e-12) * w
    if integral and w == 1:
        return _num(start)
    if integral and float(w).is_integer():
        return f"{_num(start)}-{_num(start + w - 1)}"
    return f"[{_num(start)}, {_num(start + w)})"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.10g}"


def date_hierarchy(values: Sequence | np.ndarray | pd.Series, *, name: str = "") -> Hierarchy:
    """Dates → (day) → month → year → decade → '*'; values are dates or ISO date text."""
    series = pd.Series(values)
    distinct = series.dropna().drop_duplicates()
    parsed = _to_dates(distinct, name)
    keys = keys_of(distinct.to_numpy(dtype=object))
    levels = [keys]
    has_time = bool((parsed != parsed.dt.normalize()).any())
    if has_time:
        levels.append(list(parsed.dt.strftime("%Y-%m-%d")))
    levels.append(list(parsed.dt.strftime("%Y-%m")))
    levels.append(list(parsed.dt.strftime("%Y")))
    levels.append([f"{(y // 10) * 10}s" for y in parsed.dt.year])
    levels.append([TOP] * len(keys))
    rows = [list(r) for r in zip(*levels, strict=True)]
    if series.isna().any():
        rows.append([MISSING] * (len(levels) - 1) + [TOP])
    return Hierarchy(rows, name=name, builder={"kind": "dates"})


def _to_dates(values: pd.Series, name: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    try:
        return pd.to_datetime(values, format="ISO8601")
    except (ValueError, TypeError):
        raise ValidationError(
            f"Column '{name}' holds values that are not dates.",
            column=name or None,
            hint="Dates must be written as YYYY-MM-DD.",
        ) from None


def masking_hierarchy(values: Sequence | np.ndarray | pd.Series, *, name: str = "") -> Hierarchy:
    """Codes masked from the right: '12345' → '1234*' → '123**' → … → '*'."""
    series = pd.Series(values)
    keys = keys_of(series.dropna().drop_duplicates().to_numpy(dtype=object))
    longest = max((len(k) for k in keys), default=1)
    rows = []
    for k in keys:
        row = [k]
        for j in range(1, longest):
            kept = max(len(k) - j, 0)
            row.append(k[:kept] + "*" * (len(k) - kept))
        row.append(TOP)
        rows.append(row)
    if series.isna().any():
        rows.append([MISSING] * longest + [TOP])
    return Hierarchy(_drop_repeated_levels(rows), name=name, builder={"kind": "masking"})


def categorical_hierarchy(
    values: Sequence | np.ndarray | pd.Series,
    groups: Sequence[Mapping[str, str]] = (),
    *,
    name: str = "",
) -> Hierarchy:
    """Values → user groups (one mapping per level, label → group) → '*'.

    A label that a mapping does not mention keeps its name on that level.
    """
    series = pd.Series(values)
    keys = keys_of(series.dropna().drop_duplicates().to_numpy(dtype=object))
    rows = [[k] for k in keys]
    for mapping in groups:
        for row in rows:
            row.append(str(mapping.get(row[-1], row[-1])))
    for row in rows:
        row.append(TOP)
    if series.isna().any():
        rows.append([MISSING] * (len(groups) + 1) + [TOP])
    builder = {"kind": "groups", "groups": [dict(m) for m in groups]}
    return Hierarchy(rows, name=name, builder=builder)


def ordinal_hierarchy(order: Sequence[str], *, fanout: int = 2, name: str = "") -> Hierarchy:
    """Ordered values → runs of ``fanout`` neighbours → runs of runs → … → '*'."""
    if fanout < 2:
        raise ValidationError("An ordinal hierarchy needs a fanout of at least 2.", value=fanout)
    keys = keys_of(np.asarray(list(order), dtype=object))
    if len(set(keys)) != len(keys):
        raise ValidationError(f"The order for '{name}' lists a value twice.", column=name or None)
    rows = [[k] for k in keys]
    size = fanout
    while size < len(keys):
        for i, row in enumerate(rows):
            a, b = _run(i, size, len(keys))
            row.append(keys[a] if a == b else f"{keys[a]}..{keys[b]}")
        size *= fanout
    for row in rows:
        row.append(TOP)
    builder = {"kind": "ordinal", "order": list(keys)}
    return Hierarchy(rows, name=name, builder=builder)


def _run(i: int, size: int, n: int) -> tuple[int, int]:
    start = (i // size) * size
    return start, min(start + size, n) - 1


def _drop_repeated_levels(rows: list[list[str]]) -> list[list[str]]:
    """Remove a level that groups the values exactly as the level below it does (automatic
    builders only: such a level hides detail without hiding anyone in a larger group)."""
    if not rows:
        return rows
    table = np.array(rows, dtype=object)
    keep = [0]
    for j in range(1, table.shape[1]):
        below = pd.factorize(table[:, keep[-1]])[0]
        here = pd.factorize(table[:, j])[0]
        if j == table.shape[1] - 1 or not np.array_equal(below, here):
            keep.append(j)
    return table[:, keep].tolist()
