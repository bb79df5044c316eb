"""Numbers written the way a privacy officer reads them; '—' stands for a missing value."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

DASH = "—"


def number(value: Any) -> float | None:
    """A finite or infinite float, or None for missing/NaN/non-numeric ('inf' strings count)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        if value.strip().lower() in ("inf", "infinity", "∞"):
            return math.inf
        try:
            return number(float(value))
        except ValueError:
            return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def count(value: Any) -> str:
    """19502 → '19,502'."""
    v = number(value)
    return DASH if v is None or math.isinf(v) else f"{round(v):,}"


def fixed(value: float, digits: int, *, sign: bool = False) -> str:
    """``value`` to ``digits`` decimals, never '-0.0' / '+0.0': what rounds to zero reads '0.0'.

    The one rule for every figure in the report (``sign``: '+1.5' for a rise).
    """
    text = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
    if text.lstrip("+-").strip("0.") == "":
        return text.lstrip("+-")
    return text


def pct(value: Any, digits: int = 1) -> str:
    """0.514 → '51.4%'; exact 0 → '0%'; tiny positive → '<0.1%'; -0.0001 → '0.0%'."""
    v = number(value)
    if v is None or math.isinf(v):
        return DASH
    if v == 0:
        return "0%"
    floor = 10.0**-digits
    if 0 < v * 100 < floor:
        return f"<{floor:g}%"
    return f"{fixed(v * 100, digits)}%"


def points(before: Any, after: Any, digits: int = 1) -> str:
    """A change between two shares in percentage points: (0.80, 0.815) → '+1.5 points'."""
    b, a = number(before), number(after)
    if b is None or a is None or math.isinf(a - b):
        return DASH
    return f"{fixed((a - b) * 100, digits, sign=True)} points"


def dec(value: Any, digits: int = 3) -> str:
    """0.64662 → '0.647'; -0.0001 → '0.000'."""
    v = number(value)
    if v is None:
        return DASH
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    return fixed(v, digits)


def interval(ci: Any, digits: int = 3) -> str:
    """[0.49, 0.53] → '0.490–0.530'."""
    if not isinstance(ci, Sequence) or isinstance(ci, str) or len(ci) != 2:
        return DASH
    lo, hi = number(ci[0]), number(ci[1])
    if lo is None or hi is None:
        return DASH
    return f"{dec(lo, digits)}–{dec(hi, digits)}"


def with_ci(value: Any, ci: Any, digits: int = 3, *, label: str = "95% CI ") -> str:
    """'0.512 (95% CI 0.498–0.527)', or just the value when there is no interval.

    Tables pass ``label=""`` and say '95% CI' in the column header instead.
    """
    text = dec(value, digits)
    span = interval(ci, digits)
    return text if span == DASH or text == DASH else f"{text} ({label}{span})"


def one_in(risk: Any) -> str:
    """0.2 → '1 in 5'; 1 → '1 in 1'; 0 → 'none'."""
    v = number(risk)
    if v is None or math.isinf(v) or v < 0:
        return DASH
    if v == 0:
        return "none"
    return f"1 in {max(1, round(1 / v)):,}"


def epsilon(value: Any) -> str:
    """1.0 → '1'; inf → '∞ (no noise)'."""
    v = number(value)
    if v is None:
        return DASH
    if math.isinf(v):
        return "∞ (no noise)"
    return "0" if f"{v:.4g}" in ("-0", "0") else f"{v:.4g}"


def text(value: Any) -> str:
    if value is None or value == "":
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        if isinstance(value, float):
            return "0" if value == 0 else f"{value:g}"
        return f"{value:,}"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {text(v)}" for k, v in value.items()) or DASH
    if isinstance(value, list | tuple):
        return ", ".join(text(v) for v in value) or DASH
    return str(value)


def seconds(value: Any) -> str:
    v = number(value)
    if v is None or math.isinf(v):
        return DASH
    return f"{fixed(v, 1)} s" if v < 120 else f"{fixed(v / 60, 1)} min"


def humanize(name: str) -> str:
    """'suppressed_records' → 'Suppressed records'."""
    words = str(name).replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]
