"""Suggesting a privacy role for every column, offline, with a reason a person understands.

Evidence, strongest first: what the values look like (e-mail, phone, SSN, IP, card number),
what the column name says (name, date of birth, ZIP, age, sex, diagnosis, salary, outcome…),
how unique the values are, and how many more records become unique when the column joins
the quasi-identifiers already found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.io.parse import sample
from core.results import ResultMixin
from core.schema import ColumnType, Role

PATTERN_SHARE = 0.9  # share of values that must match a pattern
NAME_HINT_RATIO = 0.3  # identifier-like names need at least this share of distinct values
QI_GAIN = 0.1  # share of records newly made unique that makes a column a quasi-identifier
QI_MAX_DISTINCT = 100  # columns with more distinct values are measurements, not known facts
TARGET_MAX_DISTINCT = 20

VALUE_PATTERNS = (
    (r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", "e-mail"),
    (r"\d{3}-\d{2}-\d{4}", "a social security number"),
    (r"(\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){3,7}", "an IP address"),
    (r"\d{4}([ -]?\d{4}){3}", "a card number"),
    (r"(?=(\D*\d){7,15}\D*$)\+?\(?\d[\d\s().-]{5,}\d", "a phone number"),  # 7-15 digits
)
# (words in the column name, what to tell the user); matched on name tokens and on the name
# with separators removed ("dateOfBirth" -> "dateofbirth").
IDENTIFIER_NAMES = (
    ({"email", "mail", "emailaddress"}, "e-mail"),
    ({"phone", "telephone", "tel", "mobile", "cell", "fax", "phonenumber"}, "a phone number"),
    (
        {"ssn", "nin", "nino", "nhs", "passport", "socialsecurity", "nationalid", "taxid"},
        "a national id",
    ),
    ({"ip", "ipaddress", "ipv4", "ipv6"}, "an IP address"),
    (
        {
            "name",
            "surname",
            "firstname",
            "lastname",
            "fullname",
            "forename",
            "givenname",
            "familyname",
            "username",
            "patientname",
        },
        "a person's name",
    ),
    (
        {
            "id",
            "mrn",
            "record",
            "recordnumber",
            "patientid",
            "uuid",
            "guid",
            "account",
            "accountnumber",
            "customerid",
            "identifier",
        },
        "a record number",
    ),
    ({"address", "street", "addr"}, "an address"),
)
SENSITIVE_NAMES = {
    "diagnosis", "diagnoses", "disease", "condition", "icd", "illness", "medication", "drug",
    "treatment", "procedure", "hiv", "health", "disability", "salary", "income", "wage",
    "earnings", "religion", "sexual", "orientation", "criminal", "conviction", "offence",
    "genetic", "political",
}  # fmt: skip
QI_NAMES = (
    (
        {"dob", "birth", "birthdate", "dateofbirth", "birthday", "yob", "birthyear"},
        "date of birth",
        0.95,
    ),
    ({"zip", "zipcode", "postcode", "postal", "postalcode", "plz"}, "ZIP/postcode", 0.95),
    ({"age"}, "age", 0.95),
    ({"sex", "gender"}, "sex/gender", 0.95),
    ({"race", "ethnicity", "ethnic"}, "ethnicity/race", 0.85),
    ({"marital", "married"}, "marital status", 0.85),
    ({"country", "nationality", "citizenship", "birthplace"}, "country of origin", 0.85),
    (
        {"city", "town", "county", "state", "region", "municipality", "district"},
        "place of residence",
        0.85,
    ),
    (
        {"education", "occupation", "job", "profession", "workclass", "employer"},
        "often known about a person",
        0.7,
    ),
)
TARGET_NAMES = {"target", "label", "outcome", "readmitted", "readmission", "churn", "response"}


@dataclass(frozen=True)
class RoleSuggestion(ResultMixin):
    """A suggested role for one column and why; ``confidence`` in [0, 1]."""

    column: str
    type: ColumnType
    role: Role
    reason: str
    distinct: int
    confidence: float


def suggest_roles(
    frame: pd.DataFrame, types: dict[str, ColumnType] | None = None
) -> list[RoleSuggestion]:
    """One suggestion per column of ``frame``, in column order."""
    if types is None:
        from core.io import infer_types

        types = infer_types(frame)
    first = {str(c): _by_evidence(frame[c], str(c), types[str(c)]) for c in frame.columns}
    qis = [c for c, s in first.items() if s is not None and s.role == Role.QUASI_IDENTIFIER]
    base = _group_ids(frame, qis)
    return [first[c] or _by_uniqueness(frame[c], c, types[c], base, qis) for c in first]


def name_tokens(name: str) -> set[str]:
    """Lower-case words of a column name, plus the name with separators removed."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    words = [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]
    return {*words, "".join(words)}


def _by_evidence(column: pd.Series, name: str, ctype: ColumnType) -> RoleSuggestion | None:
    """A suggestion from the values and the name alone, or None to decide by uniqueness."""
    distinct = int(column.nunique(dropna=True))
    present = int(column.notna().sum())

    def make(role: Role, reason: str, confidence: float) -> RoleSuggestion:
        return RoleSuggestion(name, ctype, role, reason, distinct, round(confidence, 2))

    if present == 0:
        return make(Role.INSENSITIVE, "every value is missing", 0.9)
    if distinct == 1 and present > 1:
        return make(Role.INSENSITIVE, "the same value in every row", 0.9)
    ratio = distinct / present
    unique_note = f"{ratio:.0%} of values unique"
    tokens = name_tokens(name)
    if ctype in (ColumnType.IDENTIFIER, ColumnType.TEXT, ColumnType.CATEGORICAL):
        found = _value_pattern(column)
        if found:
            what, share = found
            return make(Role.IDENTIFIER, f"looks like {what} ({share:.0%} of values)", share)
    for words, what in IDENTIFIER_NAMES:
        if tokens & words and (ratio >= NAME_HINT_RATIO or ctype == ColumnType.IDENTIFIER):
            return make(Role.IDENTIFIER, f"name suggests {what}; {unique_note}", 0.9)
    private = sorted(tokens & SENSITIVE_NAMES)
    if private:
        return make(Role.SENSITIVE, f"{private[0]}: information people keep private", 0.8)
    for words, what, confidence in QI_NAMES:
        if tokens & words:
            return make(Role.QUASI_IDENTIFIER, what, confidence)
    if tokens & TARGET_NAMES and distinct <= TARGET_MAX_DISTINCT:
        return make(Role.TARGET, f"name suggests an outcome to predict ({distinct} values)", 0.7)
    if ctype == ColumnType.IDENTIFIER:
        return make(Role.IDENTIFIER, unique_note, ratio)
    if ctype == ColumnType.TEXT:
        return make(Role.IDENTIFIER, "free text, which can contain names", 0.6)
    if ctype == ColumnType.DATE:
        return make(Role.QUASI_IDENTIFIER, "a date, which narrows people down", 0.7)
    return None


def _value_pattern(column: pd.Series) -> tuple[str, float] | None:
    values = sample(column).astype("str").str.strip()
    for pattern, what in VALUE_PATTERNS:
        share = float(values.str.fullmatch(pattern).mean()) if len(values) else 0.0
        if share >= PATTERN_SHARE:
            return what, share
    return None


def _by_uniqueness(
    column: pd.Series, name: str, ctype: ColumnType, base: np.ndarray, qis: list[str]
) -> RoleSuggestion:
    distinct = int(column.nunique(dropna=True))
    if distinct > QI_MAX_DISTINCT:
        reason = f"{distinct:,} distinct values: a measurement rather than a known fact"
        return RoleSuggestion(name, ctype, Role.INSENSITIVE, reason, distinct, 0.5)
    before = _unique_share(base)
    gain = _unique_share(_combine(base, column)) - before
    others = f"with {', '.join(qis[:3])}{'…' if len(qis) > 3 else ''}" if qis else "alone"
    reason = f"makes {gain:.0%} more records unique {others}".replace(" 0% ", " almost no ")
    if gain >= QI_GAIN:
        return RoleSuggestion(name, ctype, Role.QUASI_IDENTIFIER, reason, distinct, 0.6)
    return RoleSuggestion(name, ctype, Role.INSENSITIVE, reason, distinct, 0.5)


def _group_ids(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Dense ids of the combinations of ``columns`` (missing counts as a value)."""
    ids = np.zeros(len(frame), dtype=np.int64)
    for c in columns:
        ids = _combine(ids, frame[c])
    return ids


def _combine(ids: np.ndarray, column: pd.Series) -> np.ndarray:
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return pd.factorize(ids * (len(uniques) + 1) + codes)[0]


def _unique_share(ids: np.ndarray) -> float:
    if ids.size == 0:
        return 0.0
    return float((np.bincount(ids)[ids] == 1).mean())
