"""Reading generalized labels ("20-29", "[20, 30[", ">=60", "1970s", "*") as numeric ranges."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_NUM = r"-?\d+(?:\.\d+)?"
_RANGE = re.compile(rf"^[\[\(]?\s*({_NUM})\s*(?:-|–|,|;|\.\.|to)\s*({_NUM})\s*[\]\)\[]?$")
_SINGLE = re.compile(rf"^({_NUM})$")
_BELOW = re.compile(rf"^(?:<|<=|≤)\s*({_NUM})$")
_ABOVE = re.compile(rf"^(?:(?:>|>=|≥)\s*({_NUM})|({_NUM})\s*\+)$")
_DECADE = re.compile(r"^(\d{3})0s$")
_DATE = r"\d{4}-\d{2}(?:-\d{2})?"
_YEAR_MONTH = re.compile(rf"^{_DATE}$")
_DATE_RANGE = re.compile(
    rf"^[\[\(]?\s*({_DATE})\s*(?:\.\.|–|,|;| - | to )\s*({_DATE})\s*[\]\)\[]?$"
)
SUPPRESSED = frozenset({"*", "", "nan", "<NA>"})


def parse_range(label: str, *, dates: bool = False) -> tuple[float, float] | None:
    """(low, high) of a generalized label, (nan, nan) when fully suppressed, None if unreadable.

    With ``dates`` the numbers are calendar years and "1970-05" reads as May 1970.
    """
    text = str(label).strip()
    if text in SUPPRESSED:
        return np.nan, np.nan
    if dates and _YEAR_MONTH.match(text):
        return _year(text), _year(text)
    if dates and (m := _DATE_RANGE.match(text)):
        return _year(m.group(1)), _year(m.group(2))
    if m := _DECADE.match(text):
        decade = float(m.group(1)) * 10
        return decade, decade + 9
    for pattern in (_RANGE, _SINGLE, _BELOW, _ABOVE):
        if m := pattern.match(text):
            numbers = [float(g) for g in m.groups() if g is not None]
            return min(numbers), max(numbers)
    return None


def _year(text: str) -> float:
    """'1970-07-02' → 1970.5: dates become fractional years, like the original values."""
    day = pd.Timestamp(text)
    return day.year + (day.day_of_year - 1) / 365.25


def parse_ranges(
    labels: np.ndarray, *, dates: bool = False
) -> tuple[np.ndarray, np.ndarray, float]:
    """Bounds of each distinct label and the share of non-suppressed labels that parsed."""
    parsed = [parse_range(x, dates=dates) for x in labels]
    lo = np.array([p[0] if p else np.nan for p in parsed], dtype=float)
    hi = np.array([p[1] if p else np.nan for p in parsed], dtype=float)
    meaningful = [
        p for p, x in zip(parsed, labels, strict=True) if str(x).strip() not in SUPPRESSED
    ]
    share = sum(p is not None for p in meaningful) / len(meaningful) if meaningful else 0.0
    return lo, hi, share
