"""The ranges a differentially private release needs: which columns, what a hierarchy file
says about them, and how a range is typed and shown (dates as ISO dates).

``ProtectionSettings.bounds`` holds numbers; a date column's bounds are fractional years
(``core.settings.date_bound``), shown here as the dates they stand for.
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.errors import ValidationError
from core.schema import Role
from core.settings import date_bound


@dataclass(frozen=True)
class BoundColumn:
    """A number or date column the DP methods release, with the range its hierarchy gives."""

    name: str
    is_date: bool
    suggestion: tuple[float, float] | None = None  # from a hierarchy written from knowledge


def bounded_columns(
    frame: Any, roles: Mapping[str, Role], hierarchies: Mapping[str, Any]
) -> list[BoundColumn]:
    """Every number or date column a DP release keeps (``core.dp.domains.ranged_columns``), in
    table order, with its range from a hierarchy file (``from_hierarchies``: one Veil built
    from the values gives none)."""
    import pandas as pd

    from core.dp.domains import from_hierarchies, ranged_columns

    ranged = ranged_columns(frame, roles)
    suggested = from_hierarchies(frame, {c: h for c, h in hierarchies.items() if c in ranged})[0]
    return [
        BoundColumn(c, pd.api.types.is_datetime64_any_dtype(frame[c]), suggested.get(c))
        for c in ranged
    ]


def category_columns(frame: Any, roles: Mapping[str, Role]) -> list[str]:
    """Every text (or yes/no) column a DP release keeps, in table order: each needs its
    possible values known without the data."""
    from core.dp.domains import numeric_or_date

    return [
        str(c)
        for c in frame.columns
        if roles.get(c) not in (Role.IDENTIFIER, Role.LEAVE_OUT) and not numeric_or_date(frame[c])
    ]


def observed_values(series: Any) -> list[str]:
    """A column's distinct values as texts, sorted: what "Start from the data" fills in."""
    return sorted({str(v) for v in series.dropna().unique()})


def parse_bound(text: str, *, is_date: bool, column: str = "") -> float:
    """A typed bound as the number settings store; ValidationError says what to type."""
    text = text.strip()
    if is_date:
        try:
            return date_bound(text)
        except ValueError:
            raise ValidationError(
                f"“{text}” is not a date.", column=column or None, hint="Type it as 1900-01-31."
            ) from None
    try:
        number = float(text.replace(" ", "").replace("_", ""))
    except ValueError:
        raise ValidationError(
            f"“{text}” is not a number.", column=column or None, hint="Type digits, e.g. 120."
        ) from None
    if not math.isfinite(number):
        raise ValidationError(f"“{text}” is not a finite number.", column=column or None)
    return number


def shown_bound(value: float, *, is_date: bool) -> str:
    """A stored bound as the user typed it: '1900-01-01' for a date, '120' or '2.5'."""
    if is_date:
        try:
            return year_to_date(value).isoformat()
        except (ValueError, OverflowError):  # not a year: show the number as stored
            pass
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def year_to_date(year: float) -> datetime.date:
    """The day a fractional year stands for: the inverse of ``core.settings.date_bound``."""
    whole = math.floor(year)
    length = 366 if calendar.isleap(whole) else 365
    offset = min(round((year - whole) * 365.25), length - 1)
    return datetime.date(whole, 1, 1) + datetime.timedelta(days=offset)
