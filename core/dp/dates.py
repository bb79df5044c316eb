"""Date columns as whole numbers of their resolution: months, days or seconds since 1970.

Bounds arrive as fractional years (``core.settings.date_bound``: 1900-01-01 → 1900.0, the
scale the assessment's models give dates). Time zones are worked in wall-clock time.
"""

from __future__ import annotations

import calendar
import datetime
import math

import numpy as np
import pandas as pd

from core.errors import ConfigError

UNIT_NAMES = {"M": "month", "D": "day", "s": "second"}
_EPOCH = datetime.date(1970, 1, 1)
_ORDER = "smhDMY"  # numpy units from finest to coarsest
# Calendar bin widths, finest first: (numpy unit, count)
STEPS = (
    ("s", 1), ("m", 1), ("h", 1), ("D", 1), ("D", 7), ("M", 1), ("M", 3), ("M", 6),
    ("Y", 1), ("Y", 2), ("Y", 5), ("Y", 10), ("Y", 20), ("Y", 50), ("Y", 100), ("Y", 1000),
)  # fmt: skip


def wall_clock(series: pd.Series) -> np.ndarray:
    """datetime64 values (NaT for missing), time-zone-aware ones in their local time."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    return series.to_numpy()


def resolution(series: pd.Series) -> str:
    """'M' when every date is the 1st of a month at midnight, 'D' when every one is at
    midnight, else 's' (seconds)."""
    values = wall_clock(series)
    values = values[~np.isnat(values)]
    if np.all(values.astype("datetime64[M]") == values):
        return "M" if len(values) else "D"
    return "D" if np.all(values.astype("datetime64[D]") == values) else "s"


def to_units(series: pd.Series, unit: str) -> np.ndarray:
    """Whole ``unit``s since 1970 (rounded down) as float64; NaN for missing dates."""
    values = wall_clock(series)
    out = values.astype(f"datetime64[{unit}]").astype("int64").astype("float64")
    out[np.isnat(values)] = np.nan
    return out


def from_units(
    units: np.ndarray, missing: np.ndarray, unit: str, dtype: object, name: object
) -> pd.Series:
    """Dates of dtype ``dtype`` from whole ``unit``s since 1970; NaT where ``missing``."""
    stamps = np.asarray(units, dtype="int64").astype(f"datetime64[{unit}]")
    stamps[missing] = np.datetime64("NaT")
    if isinstance(dtype, pd.DatetimeTZDtype):
        local = pd.Series(stamps.astype(f"datetime64[{dtype.unit}]"), name=name)
        keep_standard_time = np.zeros(len(local), dtype=bool)
        return local.dt.tz_localize(
            dtype.tz, ambiguous=keep_standard_time, nonexistent="shift_forward"
        )
    return pd.Series(stamps.astype(dtype), name=name)


def year_to_day(year: float, name: str = "") -> int:
    """Days since 1970-01-01 of a fractional year (the inverse of ``date_bound``)."""
    whole = math.floor(year)
    if not 1 <= whole <= 9999:
        raise ConfigError(
            f"The bounds of date column '{name}' are read as years; {year:g} is not one.",
            hint="Give dates as its range, e.g. 1900-01-01 to 2026-12-31.",
        )
    length = 366 if calendar.isleap(whole) else 365
    offset = min(round((year - whole) * 365.25), length - 1)
    return (datetime.date(whole, 1, 1) - _EPOCH).days + offset


def iso(value: float, unit: str) -> str:
    """'1900-01-01' (days), '1900-01' (months) or '1900-01-01T00:00:00' (seconds)."""
    return str(np.datetime64(int(value), unit))


def fits(bounds: tuple[float, float], unit: str, dtype: object) -> bool:
    """Whether both bounds are dates the column's dtype can hold (ns ends in 2262)."""
    target = f"datetime64[{getattr(dtype, 'unit', None) or np.datetime_data(dtype)[0]}]"
    ends = np.array([int(b) for b in bounds], dtype="int64").astype(f"datetime64[{unit}]")
    return bool(np.all(ends.astype(target).astype(ends.dtype) == ends))


def calendar_edges(lo: int, hi: int, unit: str, max_bins: int) -> np.ndarray:
    """Bin edges in ``unit``: ``lo``, then whole days, weeks, months or years (the finest
    width giving at most ``max_bins`` bins), then ``hi + 1``; bins are [edge, next edge)."""
    for step_unit, count in STEPS:
        if _ORDER.index(step_unit) < _ORDER.index(unit):
            continue
        inner = _aligned_marks(lo, hi, unit, step_unit, count, max_bins)
        if inner is not None:
            return np.concatenate([[lo], inner, [hi + 1]]).astype("float64")
    return np.unique(np.round(np.linspace(lo, hi + 1, max_bins + 1)))


def _aligned_marks(
    lo: int, hi: int, unit: str, step_unit: str, count: int, max_bins: int
) -> np.ndarray | None:
    """Calendar marks strictly inside (lo, hi], in ``unit``; None when there are too many."""
    first, last = (
        np.datetime64(v, unit).astype(f"datetime64[{step_unit}]").astype("int64") for v in (lo, hi)
    )
    origin = {"Y": 1970, "M": 1970 * 12}.get(step_unit, 0)  # years and months count from 0
    start = (first + origin) // count * count - origin
    if (last - start) // count + 1 > max_bins:
        return None
    marks = np.arange(start, last + 1, count).astype(f"datetime64[{step_unit}]")
    marks = marks.astype(f"datetime64[{unit}]").astype("int64")
    return marks[(marks > lo) & (marks <= hi)]
