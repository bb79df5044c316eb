"""The formula-injection guard: text a spreadsheet would run as a formula gets a leading quote.

Rules (OWASP "CSV Injection", defusedcsv): a text value is risky when, after any leading
Unicode whitespace or invisible format characters, it starts with = + - @ | % or their
full-width / small forms, or when it starts with a tab or carriage return. Risky values are
prefixed with a single quote. Values that are plain numbers written as text ("-1", "+3.5")
are left alone, as defusedcsv does: a spreadsheet reads them as the number they are.
Only text is touched, decided by each value's type: numeric, date and boolean columns and
non-text values in mixed columns pass unchanged. Column names get the same treatment.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


def _chars(*spans: str) -> str:
    """The characters of single letters and 'a-z' style spans."""
    out = []
    for span in spans:
        if len(span) == 3 and span[1] == "-":
            out += [chr(c) for c in range(ord(span[0]), ord(span[2]) + 1)]
        else:
            out += list(span)
    return "".join(out)


# Python's str.isspace() set, spelled out: RE2 (pyarrow) reads \s as ASCII only.
SPACES = _chars("\t\n\x0b\x0c\r", "\x1c-\x1f", " \x85\xa0\u1680", "\u2000-\u200a",
                "\u2028\u2029\u202f\u205f\u3000")  # fmt: skip
# Invisible characters spreadsheets may drop: zero-width, word joiner, BOM, bidi controls.
INVISIBLE = _chars("\u180e", "\u200b-\u200f", "\u202a-\u202e", "\u2060-\u2064",
                   "\u2066-\u2069", "\ufeff")  # fmt: skip
# = + - @ | % and their full-width, small and minus-sign forms.
TRIGGERS = "=+-@|%\uff1d\uff0b\uff0d\uff20\uff5c\uff05\ufe62\ufe63\ufe66\ufe6b\u2212"
FIRST_CHARACTERS = frozenset(SPACES + INVISIBLE + TRIGGERS)  # a risky value starts with one
_PLAIN_NUMBER = r"[+\-]?(?:\d[\d,]*\.?\d*|\.\d+)(?:[eE][+\-]?\d+)?"


def _klass(chars: str) -> str:
    return "[" + "".join("\\" + c if c in "\\]^-[" else c for c in chars) + "]"


RISKY = f"^(?:[\t\r]|{_klass(SPACES + INVISIBLE)}*{_klass(TRIGGERS)})"
SAFE_NUMBER = f"^{_klass(SPACES)}*{_PLAIN_NUMBER}{_klass(SPACES)}*$"
_FIRST = sorted(FIRST_CHARACTERS)
_RISKY_RE = re.compile(RISKY)
_SAFE_NUMBER_RE = re.compile(SAFE_NUMBER)


def is_risky(value: object) -> bool:
    """True when ``value`` is text that a spreadsheet could run as a formula."""
    return (
        isinstance(value, str)
        and _RISKY_RE.match(value) is not None
        and _SAFE_NUMBER_RE.match(value) is None
    )


def neutralize(value: object) -> object:
    """``value`` with a leading quote when it is risky text, else unchanged."""
    return "'" + value if is_risky(value) else value  # type: ignore[operator]


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A new frame whose risky text cells and column names carry a leading quote.

    Vectorized over text columns only; numbers (negative ones included) stay numbers.
    """
    out = frame.copy(deep=False)
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        fixed = _neutralize_column(column)
        if fixed is not None:
            out.isetitem(i, fixed)
    names = [neutralize(name) for name in out.columns]
    if names != list(out.columns):
        out.columns = names
    return out


def _neutralize_column(column: pd.Series) -> pd.Series | None:
    """The column with risky text quoted, or None when nothing needs to change."""
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype(object)
    if pd.api.types.is_object_dtype(column.dtype):
        if pd.api.types.infer_dtype(column, skipna=True) != "string":
            return _neutralize_mixed(column)
        risky = _risky_text(column.astype("str"))
    elif pd.api.types.is_string_dtype(column.dtype):
        risky = _risky_text(column)
    else:
        return None  # numbers, dates, booleans: nothing a spreadsheet would run
    if risky is None:
        return None
    fixed = column.copy()
    fixed.iloc[risky] = "'" + column.iloc[risky].astype("str")
    return fixed


def _risky_text(text: pd.Series) -> np.ndarray | None:
    """Positions of the risky values of a text column (vectorized), or None.

    A cheap first pass keeps the values whose first character could start a formula; the
    regular expressions then run on those few only.
    """
    first = _first_risky(text)
    if not first.any():
        return None
    positions = np.flatnonzero(first)
    candidates = text.iloc[positions]
    risky = candidates.str.contains(RISKY, regex=True, na=False).to_numpy(bool)
    number = candidates.str.contains(SAFE_NUMBER, regex=True, na=False).to_numpy(bool)
    positions = positions[risky & ~number]
    return positions if positions.size else None


# A value whose first UTF-8 byte is one of these may start with one of FIRST_CHARACTERS
# (every byte of a multi-byte character is 0x80 or above).
_RISKY_BYTE = np.zeros(256, dtype=bool)
_RISKY_BYTE[[ord(c) for c in FIRST_CHARACTERS if ord(c) < 0x80]] = True
_RISKY_BYTE[0x80:] = True


def _first_risky(text: pd.Series) -> np.ndarray:
    """Per value: whether its first character could start a formula (a superset for Arrow
    text, decided from the first byte read off Arrow's buffers, with no copy of the text)."""
    if type(text.array).__name__ != "ArrowStringArray":
        return text.str.slice(0, 1).isin(_FIRST).to_numpy(bool)
    parts = [_first_bytes(chunk) for chunk in text.array.__arrow_array__().chunks]
    first = np.concatenate(parts) if parts else np.zeros(0, np.uint8)
    return _RISKY_BYTE[first]


def _first_bytes(chunk) -> np.ndarray:
    """The first byte of every value of an Arrow (large_)string array; 0 when it is empty."""
    import pyarrow as pa

    _, offsets, data = chunk.buffers()
    out = np.zeros(len(chunk), np.uint8)
    if data is None or not len(chunk):
        return out
    kind = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    ends = np.frombuffer(offsets, kind)[chunk.offset : chunk.offset + len(chunk) + 1]
    starts = ends[:-1]
    text = np.frombuffer(data, np.uint8)
    if not text.size:
        return out
    first = text[np.minimum(starts, text.size - 1)]
    return np.where(ends[1:] > starts, first, out)


def _neutralize_mixed(column: pd.Series) -> pd.Series | None:
    """Numbers beside text in one column: decided per value by its type."""
    positions = np.flatnonzero(column.map(is_risky).to_numpy(bool))
    if not positions.size:
        return None
    fixed = column.copy()
    fixed.iloc[positions] = "'" + column.iloc[positions].astype(str)
    return fixed
