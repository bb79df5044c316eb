"""What a text column's values look like: e-mail, phone, IBAN, street, postcode, ID, names.

Pure pattern checks on a sample of the values (``core.io.parse.sample``), vectorized with the
pandas string methods; ``core.roles`` turns the findings into suggested roles.
"""

from __future__ import annotations

import pandas as pd

from core.colcache import nunique
from core.colcache import present as count_present
from core.io.parse import DistinctSample, stripped_sample
from core.schema import Role

PATTERN_SHARE = 0.9  # share of values that must match a pattern
NAME_SHARE = 0.9  # share of values that must look like a person's name
NAME_MIN_DISTINCT = 20  # fewer distinct values are categories, not names
NAME_MIN_RATIO = 0.05  # ... and so is a handful of values repeated over a big table
ID_MIN_RATIO = 0.9  # codes with letters and digits, this unique, are record numbers

STREET_WORDS = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|"
    r"square|sq|terrace|close|crescent|rue|avenida|calle|via|viale|piazza|rua|laan|straat|"
    r"gracht|plein|weg"
)
# (pattern, what it is, the role it points to); the first that fits most values wins.
VALUE_PATTERNS: tuple[tuple[str, str, Role], ...] = (
    (r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", "e-mail", Role.IDENTIFIER),
    (r"\d{3}-\d{2}-\d{4}", "a social security number", Role.IDENTIFIER),
    (r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?", "an IBAN", Role.IDENTIFIER),
    (
        r"(\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){3,7}",
        "an IP address",
        Role.IDENTIFIER,
    ),
    (r"\d{4}([ -]?\d{4}){3}", "a card number", Role.IDENTIFIER),
    (r"(?=(\D*\d){7,15}\D*$)\+?\(?\d[\d\s().-]{5,}\d", "a phone number", Role.IDENTIFIER),
    (
        rf"(?i)(\d+[a-z]?,? [^\d,]*\b({STREET_WORDS})\b\.?[^\d]*"
        rf"|[^\d,]*(straße|strasse|str\.|gasse|platz|weg|straat|laan|gade|vej|gatan)\s*\d+[a-z]?"
        rf"|({STREET_WORDS})\b[^\d]+,? ?\d+[a-z]?)",
        "a street address",
        Role.IDENTIFIER,
    ),
    (r"(?i)[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", "a UK postcode", Role.QUASI_IDENTIFIER),
    (r"\d{5}(-\d{4})?|\d{4} ?[A-Z]{2}", "a postcode", Role.QUASI_IDENTIFIER),
)
ID_CODE = r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]+([-/_.][A-Za-z0-9]+){0,3}"
WORD = r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?"
PERSON_NAME = rf"{WORD}(?:,? {WORD}){{0,3}}"
INITIALS = r"(?:^|(?<=[\s-]))([^\W\d_])[^\s-]*"


def value_pattern(column: pd.Series) -> tuple[str, float, Role] | None:
    """(what the values look like, share matching, role) when most values fit a pattern."""
    values = _texts(column)
    if values.empty:
        return None
    for pattern, what, role in VALUE_PATTERNS:
        share = values.share_matching(pattern)
        if share >= PATTERN_SHARE:
            return what, share, role
    return None


def looks_like_codes(column: pd.Series) -> float:
    """Share of values that are codes mixing letters and digits (e.g. 'AB-10234'), when they
    are nearly all distinct; 0 otherwise."""
    values = _texts(column)
    if values.empty or len(values.distinct) < ID_MIN_RATIO * values.total:
        return 0.0
    share = values.share_matching(ID_CODE)
    return share if share >= PATTERN_SHARE else 0.0


def looks_like_person_names(column: pd.Series) -> float:
    """Share of values that read like people's names (capitalised words, no digits) when the
    column also has many distinct values; 0 otherwise."""
    values = _texts(column)
    distinct = nunique(column)
    present = count_present(column)
    if values.empty or distinct < NAME_MIN_DISTINCT or distinct < NAME_MIN_RATIO * present:
        return 0.0
    texts = values.distinct
    shaped = texts.str.fullmatch(PERSON_NAME)
    initials = texts.str.replace(INITIALS, r"\1", regex=True).str.replace(r"[\s,-]", "", regex=True)
    capitalised = initials.str.isupper() & ~texts.str.isupper()
    share = values.share(shaped & capitalised)
    return share if share >= NAME_SHARE else 0.0


def _texts(column: pd.Series) -> DistinctSample:
    """The column's stripped sample, drawn once per column for all the checks."""
    if not (
        pd.api.types.is_string_dtype(column.dtype) or isinstance(column.dtype, pd.CategoricalDtype)
    ):
        return DistinctSample(pd.Series([], dtype="str"))
    return stripped_sample(column)
