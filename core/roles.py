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

from core.colcache import nunique
from core.colcache import present as count_present
from core.results import ResultMixin
from core.role_evidence import looks_like_codes, looks_like_person_names, value_pattern
from core.schema import ColumnType, Role
from core.uniqueness import combine, group_ids, unique_share

NAME_HINT_RATIO = 0.3  # identifier-like names need at least this share of distinct values
QI_GAIN = 0.1  # share of records newly made unique that makes a category a quasi-identifier
QI_MAX_DISTINCT = 100  # columns with more distinct values are measurements, not known facts
TARGET_MAX_DISTINCT = 20
NO_TARGET = (
    "No column looks like an outcome to predict or a private fact (outcome, score, diagnosis, "
    "income…): mark one yourself if the table has one."
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
            "fname",
            "lname",
            "prenom",
            "vorname",
            "nachname",
            "familienname",
            "apellido",
            "apellidos",
            "nombre",
            "voornaam",
            "achternaam",
            "cognome",
            "sobrenome",
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
# short forms that name a person only as the whole column name ("first", not "first_visit")
PERSON_NAME_ALONE = {"first", "last", "given", "family", "nom", "nome", "naam", "name", "names"}
SENSITIVE_NAMES = {
    "diagnosis", "diagnoses", "disease", "condition", "icd", "illness", "medication", "drug",
    "treatment", "procedure", "hiv", "health", "disability", "salary", "income", "wage",
    "earnings", "religion", "sexual", "orientation", "criminal", "conviction", "offence",
    "genetic", "political", "offense", "crime", "charge", "arrest", "sentence", "prison",
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
TARGET_NAMES = {
    "target", "label", "outcome", "readmitted", "readmission", "churn", "response", "recid",
    "recidivism", "reoffend", "score", "class", "result", "default", "survived",
}  # fmt: skip


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
    _one_target(first)
    qis = [c for c, s in first.items() if s is not None and s.role == Role.QUASI_IDENTIFIER]
    if all(s is not None for s in first.values()):
        return list(first.values())  # nothing left to measure: the QIs are not grouped
    base = group_ids(frame, qis)
    return [first[c] or _by_uniqueness(frame[c], c, types[c], base, qis) for c in first]


def target_note(suggestions: list[RoleSuggestion]) -> str | None:
    """A plain sentence when no column was suggested as target or sensitive, else None."""
    found = any(s.role in (Role.TARGET, Role.SENSITIVE) for s in suggestions)
    return None if found else NO_TARGET


def name_tokens(name: str) -> set[str]:
    """Lower-case words of a column name, plus the name with separators removed."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    words = [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]
    return {*words, "".join(words)}


def _by_evidence(column: pd.Series, name: str, ctype: ColumnType) -> RoleSuggestion | None:
    """A suggestion from the values and the name alone, or None to decide by uniqueness."""
    distinct = nunique(column)
    present = count_present(column)

    def make(role: Role, reason: str, confidence: float) -> RoleSuggestion:
        return RoleSuggestion(name, ctype, role, reason, distinct, round(confidence, 2))

    if present == 0:
        return make(Role.INSENSITIVE, "every value is missing", 0.9)
    if distinct == 1 and present > 1:
        return make(Role.INSENSITIVE, "the same value in every row", 0.9)
    ratio = distinct / present
    unique_note = f"{ratio:.0%} of values unique"
    tokens = name_tokens(name)
    found = value_pattern(column)
    if found and found[2] is Role.IDENTIFIER:
        return make(Role.IDENTIFIER, f"looks like {found[0]} ({found[1]:.0%} of values)", found[1])
    person = looks_like_person_names(column)
    if _names_a_person(tokens) and (
        ratio >= NAME_HINT_RATIO or distinct > QI_MAX_DISTINCT or person
    ):
        return make(Role.IDENTIFIER, f"name suggests a person's name; {unique_note}", 0.9)
    for words, what in IDENTIFIER_NAMES:
        if tokens & words and (ratio >= NAME_HINT_RATIO or ctype == ColumnType.IDENTIFIER):
            return make(Role.IDENTIFIER, f"name suggests {what}; {unique_note}", 0.9)
    private = sorted(tokens & SENSITIVE_NAMES)
    if private and ctype != ColumnType.DATE:  # the date of an offence is an event
        return make(Role.SENSITIVE, f"{private[0]}: information people keep private", 0.8)
    for words, what, confidence in QI_NAMES:
        if tokens & words:
            return make(Role.QUASI_IDENTIFIER, what, confidence)
    if tokens & TARGET_NAMES and distinct <= TARGET_MAX_DISTINCT:
        return make(Role.TARGET, f"name suggests an outcome to predict ({distinct} values)", 0.7)
    if found:
        return make(found[2], f"looks like {found[0]} ({found[1]:.0%} of values)", found[1])
    if person:
        reason = (
            f"values look like people's names (capitalised words, no digits, "
            f"{distinct:,} distinct): identifier candidate"
        )
        return make(Role.IDENTIFIER, reason, person * 0.8)
    codes = looks_like_codes(column)
    if codes:
        return make(Role.IDENTIFIER, f"codes mixing letters and digits; {unique_note}", codes)
    if ctype == ColumnType.IDENTIFIER:
        return make(Role.IDENTIFIER, unique_note, ratio)
    if ctype == ColumnType.TEXT:
        return make(
            Role.IDENTIFIER, "free text, which can contain names: identifier candidate", 0.6
        )
    if ctype == ColumnType.DATE:
        return make(
            Role.INSENSITIVE,
            "the date of an event, rarely known to an outsider: kept as is, and how much it "
            "adds to uniqueness is measured",
            0.5,
        )
    return None


def _names_a_person(tokens: set[str]) -> bool:
    words = next(w for w, what in IDENTIFIER_NAMES if what == "a person's name")
    return bool(tokens & words) or any(t in PERSON_NAME_ALONE for t in tokens if len(tokens) <= 2)


def _one_target(first: dict[str, RoleSuggestion | None]) -> None:
    """Keep the first outcome-like column as the target; later ones are decided by uniqueness."""
    targets = [c for c, s in first.items() if s is not None and s.role == Role.TARGET]
    for column in targets[1:]:
        first[column] = None


def _by_uniqueness(
    column: pd.Series, name: str, ctype: ColumnType, base: np.ndarray, qis: list[str]
) -> RoleSuggestion:
    distinct = nunique(column)
    before = unique_share(base)
    gain = unique_share(combine(base, column)) - before
    others = f"with {', '.join(qis[:3])}{'…' if len(qis) > 3 else ''}" if qis else "alone"
    measured = f"makes {gain:.0%} more records unique {others}".replace(" 0% ", " almost no ")
    if distinct > QI_MAX_DISTINCT and not pd.api.types.is_numeric_dtype(column.dtype):
        reason = f"{distinct:,} distinct texts, which can point at a person: identifier candidate"
        return RoleSuggestion(name, ctype, Role.IDENTIFIER, reason, distinct, 0.5)
    if distinct > QI_MAX_DISTINCT or ctype in (ColumnType.INTEGER, ColumnType.FLOAT):
        reason = f"a measurement rather than a known fact; {measured}"
        return RoleSuggestion(name, ctype, Role.INSENSITIVE, reason, distinct, 0.5)
    if gain >= QI_GAIN:
        return RoleSuggestion(name, ctype, Role.QUASI_IDENTIFIER, measured, distinct, 0.6)
    return RoleSuggestion(name, ctype, Role.INSENSITIVE, measured, distinct, 0.5)
