"""Role suggestions on small tables made for the purpose: names in several languages under
neutral headers, contact details, codes, free text, many timestamps, outcome-like columns."""

import numpy as np
import pandas as pd
import pytest

from core.roles import NO_TARGET, suggest_roles, target_note
from core.schema import Role

GIVEN = {
    "en": ["James", "Mary", "Robert", "Linda", "Michael", "Susan", "David", "Karen", "Thomas"],
    "fr": ["Jean", "Marie", "Pierre", "Hélène", "Étienne", "Françoise", "Loïc", "Zoé", "Amélie"],
    "de": ["Jürgen", "Ursula", "Klaus", "Günter", "Jörg", "Bärbel", "Uwe", "Heike", "Sören"],
    "es": ["José", "María", "Ramón", "Lucía", "Íñigo", "Begoña", "Sofía", "Joaquín", "Nuria"],
    "nl": ["Jan", "Anouk", "Pieter", "Sanne", "Joost", "Femke", "Bram", "Lieke", "Daan"],
}
FAMILY = {
    "en": ["Smith", "Johnson", "O'Brien", "Williams", "Brown", "Taylor", "Davies", "Evans"],
    "fr": ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine"],
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Schäfer", "Köhler", "Groß"],
    "es": ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez"],
    "nl": ["Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos"],
}
N = 240


def _names(rng, lang: str, kind: str) -> pd.Series:
    """Plausible names: real stems with a suffix so there are many distinct values."""
    stems = (GIVEN if kind == "given" else FAMILY)[lang]
    extra = ["", "-Anne", "-Marie", "a", "e", "son", "ini", "ez", "berg", "mann", "ow", "ski"]
    values = [f"{rng.choice(stems)}{rng.choice(extra)}" for _ in range(N)]
    return pd.Series(values, dtype="str")


def _by_column(frame):
    return {s.column: s for s in suggest_roles(frame)}


@pytest.mark.parametrize("lang", sorted(GIVEN))
def test_names_under_neutral_headers_are_identifier_candidates(lang):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "col_a": _names(rng, lang, "given"),
            "col_b": _names(rng, lang, "family"),
            "col_c": pd.Series(
                [
                    f"{g} {f}"
                    for g, f in zip(
                        _names(rng, lang, "given"), _names(rng, lang, "family"), strict=True
                    )
                ],
                dtype="str",
            ),
            "col_d": pd.Series(rng.choice(["Yes", "No", "Maybe"], N), dtype="str"),
        }
    )
    got = _by_column(frame)
    for column in ("col_a", "col_b", "col_c"):
        assert got[column].role == Role.IDENTIFIER, got[column]
        assert "people's names" in got[column].reason
    assert got["col_d"].role != Role.IDENTIFIER, "three answers are not names"


@pytest.mark.parametrize(
    "header",
    ["first", "last", "given", "family", "fname", "lname", "prenom", "nom", "Vorname",
     "Nachname", "apellido", "voornaam", "achternaam", "FirstName", "last_name"],
)  # fmt: skip
def test_short_and_foreign_name_headers(header):
    rng = np.random.default_rng(2)
    values = pd.Series(
        [f"{rng.choice(FAMILY['en'])}{i % 150}".lower() for i in range(N)], dtype="str"
    )  # lower case, digits: only the header can tell
    (s,) = suggest_roles(pd.DataFrame({header: values}))
    assert s.role == Role.IDENTIFIER and "person's name" in s.reason, s


def test_headers_that_merely_contain_a_short_form_are_not_names():
    days = pd.Series(pd.date_range("2020-01-01", periods=N, freq="D"))
    frame = pd.DataFrame({"first_visit": days, "last_seen": days + pd.Timedelta(days=3)})
    got = _by_column(frame)
    assert all(s.role != Role.IDENTIFIER for s in got.values()), got


@pytest.mark.parametrize(
    ("values", "expected", "role"),
    [
        ([f"DE89 3704 0044 0532 0130 {i:02d}" for i in range(60)], "IBAN", Role.IDENTIFIER),
        ([f"GB29NWBK6016133192{i:04d}" for i in range(60)], "IBAN", Role.IDENTIFIER),
        ([f"{i + 1} High Street" for i in range(60)], "street", Role.IDENTIFIER),
        ([f"Hauptstraße {i + 1}" for i in range(60)], "street", Role.IDENTIFIER),
        ([f"{i + 3}, rue de la Paix" for i in range(60)], "street", Role.IDENTIFIER),
        ([f"SW1A {i % 9}AA" for i in range(60)], "postcode", Role.QUASI_IDENTIFIER),
        ([f"{10000 + 37 * i:05d}" for i in range(60)], "postcode", Role.QUASI_IDENTIFIER),
        ([f"CASE-{2019 + i % 5}-{1000 + i}" for i in range(60)], "codes", Role.IDENTIFIER),
        ([f"a.b{i}@example.org" for i in range(60)], "e-mail", Role.IDENTIFIER),
        ([f"(555) 010-{1000 + i}" for i in range(60)], "phone", Role.IDENTIFIER),
    ],
)
def test_value_patterns_under_neutral_headers(values, expected, role):
    (s,) = suggest_roles(pd.DataFrame({"field_7": pd.Series(values, dtype="str")}))
    assert s.role == role and expected in s.reason, s


def test_high_cardinality_text_is_never_silently_kept():
    rng = np.random.default_rng(3)
    words = ["blue", "car", "left", "store", "late", "dog", "door", "red", "note"]
    values = [" ".join(rng.choice(words, 3)) for _ in range(800)]  # ~450 distinct, lower case
    frame = pd.DataFrame({"remarks": pd.Series(values, dtype="str"), "n": rng.integers(0, 9, 800)})
    s = _by_column(frame)["remarks"]
    assert s.role == Role.IDENTIFIER and "identifier candidate" in s.reason


def _justice_table(rng) -> pd.DataFrame:
    """Like the criminal-justice file of issue 12: names, demographics, many event dates."""
    start = pd.Timestamp("2013-01-01")

    def stamps():
        return start + pd.to_timedelta(rng.integers(0, 900 * 24 * 60, N), unit="min")

    frame = pd.DataFrame(
        {
            "id": np.arange(1, N + 1),
            "first": _names(rng, "en", "given"),
            "last": _names(rng, "en", "family"),
            "sex": pd.Series(rng.choice(["Male", "Female"], N), dtype="str"),
            "dob": pd.Series(pd.Timestamp("1960-01-01") + pd.to_timedelta(
                rng.integers(0, 15000, N), unit="D")),
            "age": rng.integers(18, 70, N),
            "race": pd.Series(rng.choice(["A", "B", "C", "D"], N), dtype="str"),
            "priors_count": rng.integers(0, 20, N),
            "decile_score": rng.integers(1, 11, N),
            "two_year_recid": rng.integers(0, 2, N),
        }
    )  # fmt: skip
    for event in ("c_jail_in", "c_jail_out", "c_offense_date", "screening_date", "in_custody"):
        frame[event] = stamps()
    return frame


def test_few_quasi_identifiers_and_a_target_on_a_justice_like_table():
    rng = np.random.default_rng(4)
    frame = _justice_table(rng)
    got = _by_column(frame)
    qis = {c for c, s in got.items() if s.role == Role.QUASI_IDENTIFIER}
    assert qis == {"sex", "dob", "age", "race"}
    for event in ("c_jail_in", "c_jail_out", "c_offense_date", "screening_date", "in_custody"):
        assert got[event].role == Role.INSENSITIVE and "event" in got[event].reason
    assert {got[c].role for c in ("id", "first", "last")} == {Role.IDENTIFIER}
    targets = [c for c, s in got.items() if s.role == Role.TARGET]
    assert targets == ["decile_score"], "one target, the first outcome-like column"
    assert target_note(list(got.values())) is None


def test_no_target_is_said_plainly():
    frame = pd.DataFrame({"age": [30, 40] * 20, "city": ["Oslo", "Rome"] * 20})
    suggestions = suggest_roles(frame)
    assert not any(s.role in (Role.TARGET, Role.SENSITIVE) for s in suggestions)
    assert target_note(suggestions) == NO_TARGET


def test_a_few_capitalised_words_are_not_taken_for_names():
    frame = pd.DataFrame({"a": pd.Series(["Anna", "Berlin", "Oslo"] * 4, dtype="str")})
    (s,) = suggest_roles(frame)
    assert s.role != Role.IDENTIFIER and "names" not in s.reason, s
