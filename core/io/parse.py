"""Recognizing numbers and dates written as text; shared by conversion and type inference."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

SAMPLE = 2000
WINDOWS = 20
NUMBER = r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?"
DECIMAL_COMMA = r"-?\d+,\d+"
# Codes that look like numbers but are not quantities: keep them as text.
CODE_NAME = re.compile(r"(^|[^a-z])(zip|postcode|postal|plz|phone|tel|fax|mobile|ssn|code)",
                       re.IGNORECASE)  # fmt: skip
LEADING_ZERO = r"0\d"
LONG_DIGITS = r"[-+]?\d{10,}"
# (pattern of the text, strptime format or None for ISO 8601 with a time)
DATE_FORMATS = (
    (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
    (r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?", "ISO8601"),
    (r"\d{4}/\d{1,2}/\d{1,2}", "%Y/%m/%d"),
    (r"\d{1,2}\.\d{1,2}\.\d{4}", "%d.%m.%Y"),
    (r"\d{1,2}/\d{1,2}/\d{4}", "slash"),
    (r"\d{1,2}-\d{1,2}-\d{4}", "dash"),
)


def sample(series: pd.Series, size: int = SAMPLE) -> pd.Series:
    """About ``size`` non-missing values from windows spread over the column.

    Slices, not a gather: taking scattered rows from a chunked Arrow column copies all of it.
    """
    n = len(series)
    if n <= size:
        return series.dropna()
    width = size // WINDOWS
    starts = np.linspace(0, n - width, WINDOWS).astype(np.int64)
    values = pd.concat([series.iloc[s : s + width] for s in starts]).dropna()
    if values.empty:  # sparse column: fall back to the first values present
        values = series.dropna().iloc[:size]
    return values


def share_matching(values: pd.Series, pattern: str) -> float:
    if values.empty:
        return 0.0
    return float(values.str.fullmatch(pattern).mean())


class DistinctSample:
    """A sample of a column's values, stripped, held as its distinct values and how often
    each was drawn: a pattern is tried once per distinct value, and shares are weighted by
    the counts (the same shares as over every sampled value)."""

    def __init__(self, values: pd.Series) -> None:
        counts = values.value_counts(sort=False, dropna=True)
        self.distinct = pd.Series(counts.index.to_numpy(), dtype="str")
        self.counts = counts.to_numpy()
        self.total = int(self.counts.sum())

    @property
    def empty(self) -> bool:
        return self.total == 0

    def share(self, matches: pd.Series) -> float:
        """Share of the sampled values whose distinct value is flagged in ``matches``."""
        return int(self.counts[matches.to_numpy(bool)].sum()) / self.total if self.total else 0.0

    def share_matching(self, pattern: str) -> float:
        return self.share(self.distinct.str.fullmatch(pattern)) if self.total else 0.0


def stripped_sample(series: pd.Series) -> DistinctSample:
    """``sample(series)`` as text, stripped, drawn once per column (core.colcache)."""
    from core.colcache import cached

    return cached(series, "stripped-sample", _stripped_sample)[0]


def _stripped_sample(series: pd.Series) -> tuple[DistinctSample]:
    return (DistinctSample(sample(series).astype("str").str.strip()),)


def number_style(series: pd.Series, name: str) -> str | None:
    """'dot' or 'comma' when the (text) column holds numbers in that style, else None."""
    if CODE_NAME.search(name):
        return None
    if len(series) <= SMALL:
        return _number_style_small(_stripped(series))
    values = stripped_sample(series)
    if (
        values.empty
        or values.distinct.str.match(LEADING_ZERO).any()
        or values.distinct.str.startswith("+").any()
    ):
        return None
    if values.share_matching(LONG_DIGITS) > 0.5:  # mostly 10+ digits: account/phone numbers
        return None
    if values.share_matching(NUMBER) >= 0.95:
        return "dot"
    if values.share_matching(f"{DECIMAL_COMMA}|{NUMBER}") >= 0.95:
        return "comma"
    return None


def date_format(series: pd.Series) -> str | None:
    """The strptime format that fits at least 95% of the sampled (text) values, or None."""
    if len(series) <= SMALL:
        return _date_format_small(_stripped(series))
    values = stripped_sample(series)
    for pattern, fmt in DATE_FORMATS:
        if values.share_matching(pattern) >= 0.95:
            return _resolve_order(values.distinct, fmt) if fmt in ("slash", "dash") else fmt
    return None


# Small columns (wide tables have thousands): the same rules on plain Python strings, which
# costs microseconds where a pandas string operation per column costs a millisecond.
SMALL = 1000
_COMPILED: dict[str, re.Pattern[str]] = {}


def _stripped(series: pd.Series) -> list[str]:
    return [v.strip() for v in series.tolist() if isinstance(v, str)]


def _share(values: list[str], pattern: str) -> float:
    regex = _COMPILED.setdefault(pattern, re.compile(pattern))
    return sum(regex.fullmatch(v) is not None for v in values) / len(values) if values else 0.0


def _number_style_small(values: list[str]) -> str | None:
    leading_zero = _COMPILED.setdefault(LEADING_ZERO, re.compile(LEADING_ZERO))
    if not values or any(v.startswith("+") or leading_zero.match(v) for v in values):
        return None
    if sum(len(v) >= 10 for v in values) > len(values) / 2 and _share(values, LONG_DIGITS) > 0.5:
        return None
    if _share(values, NUMBER) >= 0.95:
        return "dot"
    if _share(values, f"{DECIMAL_COMMA}|{NUMBER}") >= 0.95:
        return "comma"
    return None


_INTEGER = re.compile(r"-?\d{1,18}")


def small_numbers(series: pd.Series, name: str) -> pd.Series | None:
    """A small text column whose every value is a number, as int64 (float64 with gaps or
    fractions) exactly as ``to_numbers`` would give it; None when that does not apply."""
    if CODE_NAME.search(name):
        return None
    values = series.tolist()
    present = [v.strip() for v in values if isinstance(v, str)]
    number = _COMPILED.setdefault(NUMBER, re.compile(NUMBER))
    if not present or not all(number.fullmatch(v) for v in present):
        return None
    if _number_style_small(present) != "dot":  # leading zeros, a plus sign, long codes
        return None
    if len(present) == len(values) and all(_INTEGER.fullmatch(v) for v in present):
        data = np.array([int(v) for v in present], dtype=np.int64)
    else:
        data = np.array([float(v) if isinstance(v, str) else np.nan for v in values])
    return pd.Series(data, index=series.index, name=series.name)


def _date_format_small(values: list[str]) -> str | None:
    for pattern, fmt in DATE_FORMATS:
        if _share(values, pattern) >= 0.95:
            if fmt in ("slash", "dash"):
                return _resolve_order(pd.Series(values, dtype="str"), fmt)
            return fmt
    return None


def _resolve_order(values: pd.Series, style: str) -> str:
    """Day-first or month-first for dd/mm/yyyy-like dates, from the values that settle it."""
    sep = "/" if style == "slash" else "-"
    parts = values.str.extract(r"^(\d{1,2})\D(\d{1,2})\D").astype(float)
    day_first = (parts[0] > 12).any() and not (parts[1] > 12).any()
    return f"%d{sep}%m{sep}%Y" if day_first else f"%m{sep}%d{sep}%Y"


def to_numbers(series: pd.Series, style: str) -> pd.Series:
    """Numeric values of a text column; unparseable values become NaN."""
    if style == "dot":
        whole = _arrow_integers(series)
        if whole is not None:
            return whole
        for dtype in ("int64", "float64"):  # fast paths for clean columns
            try:
                return series.astype(dtype)
            except (ValueError, TypeError):
                pass
    text = series.str.strip()
    if style == "comma":
        text = text.str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce")


def _arrow_integers(series: pd.Series) -> pd.Series | None:
    """Arrow-backed text of plain integers with no gap, cast in Arrow (no Python objects);
    through its distinct values when their codes are known (core.colcache). None when it
    does not apply or any value is not an ASCII integer, so that the general path decides."""
    if type(series.array).__name__ != "ArrowStringArray" or series.hasnans:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    from core.colcache import text_codes

    coded = text_codes(series)
    text = pa.array(series.array) if coded is None else pa.array(coded[1], pa.large_string())
    if not pc.all(pc.match_substring_regex(text, r"^[+-]?[0-9]+$")).as_py():
        return None
    try:
        numbers = pc.cast(text, pa.int64()).to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # out of the int64 range
        return None
    values = numbers if coded is None else numbers[coded[0]]
    return pd.Series(values, index=series.index, name=series.name)


def to_dates(series: pd.Series, fmt: str) -> pd.Series:
    """Dates of a text column; unparseable values become NaT."""
    fast = _arrow_dates(series, fmt)
    if fast is not None and (fast.notna() | series.isna()).all():
        return fast
    return pd.to_datetime(series.str.strip(), format=fmt, errors="coerce")


def _arrow_dates(series: pd.Series, fmt: str) -> pd.Series | None:
    """pyarrow's strptime on Arrow-backed text: no Python string objects, a fraction of the
    memory of pandas' parser on millions of rows. None when it does not apply."""
    if fmt == "ISO8601" or type(series.array).__name__ != "ArrowStringArray":
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    stamps = pc.strptime(pa.array(series.array), format=fmt, unit="us", error_is_null=True)
    return pd.Series(stamps.to_numpy(zero_copy_only=False), index=series.index, name=series.name)
