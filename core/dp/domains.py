"""What each released column may hold (bounds or categories) and where that knowledge came from.

DP is only as private as its bounds: bounds or categories read from the data are themselves a
leak (the oldest person's age, a rare diagnosis), so every such column is reported loudly.
Whether a column may be missing is a public fact too (``ProtectionSettings.domain``), never read
from the data: a column not said to be "may be missing" gets a stand-in for each missing value
(the middle of its range, a random category) before the noise, so the release has no blanks
whether the data had some or not. Whole numbers or decimals: as stated, else the column's type
as loaded, which one record can change (a single decimal): named in the guarantee text and
warned about as a leak (``DPResult.kinds_from_data``).
Dates are whole days since 1970 between public bounds (fractional years, see
``core.settings.date_bound``; times of day are dropped). Only when the bounds are read from
the data is the resolution read too (months, days or seconds), under the same leak warning:
a resolution that one record can change (the only date not on the 1st) is no public fact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.dp import dates
from core.errors import ConfigError, ValidationError
from core.schema import Role

MAX_CATEGORIES = 1000
USER = "user"
DATA = "data"


@dataclass(frozen=True)
class ColumnDomain:
    """A released column: its kind, bounds or categories, and their source (user or data)."""

    name: str
    kind: str  # "integer" | "float" | "date" | "categorical"
    source: str
    bounds: tuple[float, float] | None = None  # dates: in whole units since 1970
    categories: tuple[object, ...] = ()  # non-missing values, in a fixed order
    missing: bool = False  # may be missing: "missing" is a released value of its own
    unit: str | None = None  # dates: "M", "D" or "s" (core.dp.dates)
    number_stated: bool = True  # integer/decimal given by the user (else the type as loaded)

    @property
    def numeric(self) -> bool:
        return self.kind != "categorical"

    @property
    def whole(self) -> bool:
        """Values are whole numbers (integers, dates in their units)."""
        return self.kind in ("integer", "date")

    @property
    def shown_bounds(self) -> tuple[float, float] | tuple[str, str] | None:
        """The bounds as people read them: ISO dates for a date column."""
        if self.kind == "date" and self.bounds is not None:
            return dates.iso(self.bounds[0], self.unit), dates.iso(self.bounds[1], self.unit)
        return self.bounds

    def numbers(self, series: pd.Series) -> np.ndarray:
        """A numeric column's values as float64 (dates in units), NaN when missing."""
        if self.kind == "date":
            return dates.to_units(series, self.unit)
        return series.to_numpy(dtype="float64", na_value=np.nan)

    @property
    def size(self) -> int:
        """Number of categories, counting 'missing' as one (categorical columns)."""
        return len(self.categories) + int(self.missing)

    def released_dtype(self, dtype: object) -> object:
        """The dtype of the released column: fixed by the public facts, never by whether this
        table happened to have gaps (a float column of whole numbers leaves as integers)."""
        if self.kind == "integer":
            return "Int64" if self.missing else "int64"
        if self.kind == "float":
            return "float64"
        return dtype

    def middle(self) -> float:
        """The stand-in for a missing number (a whole one for integers and dates)."""
        middle = (self.bounds[0] + self.bounds[1]) / 2
        return math.floor(middle) if self.whole else middle

    def codes(self, series: pd.Series, rng: np.random.Generator | None = None) -> np.ndarray:
        """Category codes 0..size-1 (missing = last, or a random category as its stand-in when
        the column may not be missing); raises on values outside the domain."""
        index = pd.Index(self.categories)
        codes = index.get_indexer(series)
        unknown = (codes < 0) & series.notna().to_numpy()
        if unknown.any():
            bad = pd.unique(series[unknown])[:5]
            raise ValidationError(
                f"Column '{self.name}' holds values outside the categories you gave: "
                f"{', '.join(map(str, bad))}.",
                column=self.name,
                value=bad[0],
                hint="Add them to the column's categories (hierarchy), or fix the data.",
            )
        if self.missing or rng is None:
            codes[codes < 0] = len(self.categories)
        else:
            gaps = codes < 0
            codes[gaps] = rng.integers(0, len(self.categories), int(gaps.sum()))
        return codes

    def labels(self, codes: np.ndarray, dtype: object) -> pd.Series:
        """Category values for ``codes``, in the column's original dtype."""
        values = np.array([*self.categories, None], dtype=object)[codes]
        try:
            return pd.Series(values, dtype=dtype, name=self.name)
        except (TypeError, ValueError):
            return pd.Series(values, name=self.name)


def column_domains(
    frame: pd.DataFrame,
    bounds: Mapping[str, tuple[float, float]],
    categories: Mapping[str, Sequence[object]] | None = None,
    *,
    known: set[str] | frozenset[str] = frozenset(),
    facts: Mapping[str, Mapping[str, object]] | None = None,
    private: bool = True,
) -> list[ColumnDomain]:
    """One ColumnDomain per column of ``frame``; user knowledge first, else read from the data.

    ``facts`` are ``ProtectionSettings.domain`` (categories there win over ``categories``). A
    column may be missing only when its facts say so, except with ``private=False`` (ε = ∞,
    nothing to protect), where the data decides. Bounds, categories or facts for a column
    neither in ``frame`` nor ``known`` (e.g. left out as an identifier) are refused as a typo.
    """
    facts = facts or {}
    stated = {c: f["categories"] for c, f in facts.items() if f.get("categories") is not None}
    categories = {**(categories or {}), **stated}
    for name, given in (("bounds", bounds), ("categories", categories), ("public facts", facts)):
        unknown = sorted(set(given) - set(frame.columns) - set(known))
        if unknown:
            raise ConfigError(
                f"There are {name} for column(s) not in the table: {', '.join(unknown)}.",
                hint=f"Columns: {', '.join(map(str, frame.columns))}.",
            )
    domains = []
    for c in frame.columns:
        given = facts.get(c, {})
        may_miss = given.get("may_be_missing")
        if may_miss is None:
            may_miss = False if private else bool(frame[c].isna().any())
        domains.append(
            _domain(frame[c], bounds.get(c), categories.get(c), bool(may_miss), given.get("number"))
        )
    return domains


def too_diverse(
    frame: pd.DataFrame, categories: Mapping[str, Sequence[object]] | None = None
) -> list[str]:
    """Text columns (no categories given) with more than MAX_CATEGORIES distinct values:
    free text or identifier-like, which randomized response would release word for word."""
    categories = categories or {}
    return [
        str(name)
        for name in frame.columns
        if name not in categories
        and not numeric_or_date(frame[name])
        and frame[name].nunique(dropna=True) > MAX_CATEGORIES
    ]


def ranged_columns(frame: pd.DataFrame, roles: Mapping[str, Role | str]) -> list[str]:
    """The columns a DP release of ``frame`` keeps as numbers or dates, in table order: each
    needs a range known without the data (``ProtectionSettings.bounds``), else its range is
    read from the data and leaks. Identifier columns are never released."""
    return [
        str(c)
        for c in frame.columns
        if roles.get(c) not in (Role.IDENTIFIER, Role.LEAVE_OUT) and numeric_or_date(frame[c])
    ]


def numeric_or_date(series: pd.Series) -> bool:
    """Released with a range (numbers, dates) rather than categories (text, booleans)."""
    return _number(series) or pd.api.types.is_datetime64_any_dtype(series)


def _number(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _domain(
    series: pd.Series,
    bounds: tuple[float, float] | None,
    categories: Sequence[object] | None,
    missing: bool,
    number: object = None,
) -> ColumnDomain:
    name = str(series.name)
    if pd.api.types.is_datetime64_any_dtype(series):
        if categories is not None:
            raise ConfigError(
                f"Categories were given for date column '{name}'.",
                hint="Give its range instead, e.g. 1900-01-01 to 2026-12-31.",
            )
        return _date_domain(series, name, bounds, missing)
    if numeric_or_date(series) and categories is None:
        return _numeric_domain(series, name, bounds, missing, number)
    if bounds is not None:
        raise ConfigError(
            f"Bounds were given for column '{name}', which is not numeric.",
            hint="Give categories (a hierarchy) for text columns instead.",
        )
    source = USER if categories is not None else DATA
    values = list(categories) if categories is not None else _observed(series)
    values = [v for v in dict.fromkeys(values) if not pd.isna(v)]
    if len(values) > MAX_CATEGORIES:
        raise ValidationError(
            f"Column '{name}' has {len(values)} different values; DP cannot release a column "
            f"with more than {MAX_CATEGORIES} categories usefully.",
            column=name,
            hint="Generalize it (e.g. ZIP code to its first digits) or mark it as an identifier.",
        )
    missing = missing or not values  # no category at all: "missing" is the only value
    return ColumnDomain(name, "categorical", source, categories=tuple(values), missing=missing)


def _observed(series: pd.Series) -> list[object]:
    values = series.dropna().unique()
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=str)


def _whole_floats(series: pd.Series) -> bool:
    """Integers stored as floats because some are missing (how tables load)."""
    if not pd.api.types.is_float_dtype(series):
        return False
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    finite = values[np.isfinite(values)]
    return len(finite) > 0 and bool(np.all(finite == np.round(finite)))


def _numeric_domain(
    series: pd.Series, name: str, bounds: tuple[float, float] | None, missing: bool, number: object
) -> ColumnDomain:
    if number is None:
        integer = pd.api.types.is_integer_dtype(series) or _whole_floats(series)
    else:
        integer = number == "integer"
    source = USER
    if bounds is None:
        if series.isna().all():
            raise ValidationError(
                f"Column '{name}' has no values to read bounds from.",
                column=name,
                hint="Give its range (the lowest and highest possible values) or leave it out.",
            )
        source = DATA
        lo, hi = float(series.min()), float(series.max())
        bounds = (lo, hi if hi > lo else lo + 1)
    lo, hi = float(bounds[0]), float(bounds[1])
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ConfigError(f"The bounds of column '{name}' must be finite numbers: {lo}:{hi}.")
    if integer:
        lo, hi = math.ceil(lo), math.floor(hi)
        if lo > hi:
            raise ConfigError(
                f"The bounds {bounds[0]}:{bounds[1]} of integer column '{name}' hold no integer.",
                hint="Widen them to whole numbers.",
            )
    kind = "integer" if integer else "float"
    stated = number is not None
    return ColumnDomain(name, kind, source, (lo, hi), missing=missing, number_stated=stated)


def _date_domain(
    series: pd.Series, name: str, bounds: tuple[float, float] | None, missing: bool
) -> ColumnDomain:
    unit = "D"
    if bounds is not None:
        lo, hi = (dates.year_to_day(b, name) for b in bounds)
        source = USER
    elif series.isna().all():
        raise ValidationError(
            f"Column '{name}' has no dates to read bounds from.",
            column=name,
            hint="Give its range (e.g. 1900-01-01 to 2026-12-31) or leave it out.",
        )
    else:
        unit = dates.resolution(series)
        units = dates.to_units(series, unit)
        lo, hi = int(np.nanmin(units)), int(np.nanmax(units))
        hi, source = max(hi, lo + 1), DATA
    if not dates.fits((lo, hi), unit, series.dtype):
        raise ConfigError(
            f"The bounds of date column '{name}' lie outside the dates its type can hold.",
            hint="Give bounds between the years 1678 and 2261.",
        )
    return ColumnDomain(name, "date", source, bounds=(lo, hi), missing=missing, unit=unit)


def from_hierarchies(
    frame: pd.DataFrame, hierarchies: Mapping[str, object]
) -> tuple[dict[str, tuple[float, float]], dict[str, list[str]]]:
    """(bounds, categories) from the hierarchies (``core.hierarchy.Hierarchy``) written from
    domain knowledge (``knowledge_hierarchies``); the others are skipped. Numeric columns get
    the range of their hierarchy's values, text columns its values.
    """
    from core.hierarchy.keys import MISSING

    bounds: dict[str, tuple[float, float]] = {}
    categories: dict[str, list[str]] = {}
    for column, hierarchy in knowledge_hierarchies(hierarchies).items():
        if column not in frame.columns:
            continue
        values = [v for v in hierarchy.values if v != MISSING]
        series = frame[column]
        if _number(series):
            numbers = pd.to_numeric(pd.Series(values), errors="coerce")
            if len(numbers) and numbers.notna().all() and numbers.min() < numbers.max():
                bounds[column] = (float(numbers.min()), float(numbers.max()))
        elif pd.api.types.is_string_dtype(series):
            categories[column] = values
    return bounds, categories


def knowledge_hierarchies(hierarchies: Mapping[str, object]) -> dict[str, object]:
    """The hierarchies written from domain knowledge: imported from a file (maybe edited).

    One that Veil built from the column's values (it has a ``builder``), edited or not, only
    lists the data's own values: its range or categories would be a leak passed off as
    knowledge.
    """
    return {
        c: h
        for c, h in hierarchies.items()
        if h is not None and getattr(h, "builder", None) is None
    }
