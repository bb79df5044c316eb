"""Role evidence tries each pattern once per distinct sampled value, weighted by its count:
the same shares, to the last bit, as trying it on every sampled value (the former way)."""

import numpy as np
import pandas as pd
import pytest

from core import colcache, role_evidence
from core.io import parse
from core.io.parse import sample


def _every_value(column: pd.Series) -> pd.Series:
    return sample(column).astype("str").str.strip()


def _pattern_by_value(column: pd.Series):
    values = _every_value(column)
    if values.empty:
        return None
    for pattern, what, role in role_evidence.VALUE_PATTERNS:
        share = float(values.str.fullmatch(pattern).mean())
        if share >= role_evidence.PATTERN_SHARE:
            return what, share, role
    return None


def _codes_by_value(column: pd.Series) -> float:
    values = _every_value(column)
    if values.empty or values.nunique() < role_evidence.ID_MIN_RATIO * len(values):
        return 0.0
    share = float(values.str.fullmatch(role_evidence.ID_CODE).mean())
    return share if share >= role_evidence.PATTERN_SHARE else 0.0


def _names_by_value(column: pd.Series) -> float:
    values = _every_value(column)
    distinct, present = column.nunique(), int(column.notna().sum())
    if values.empty or distinct < 20 or distinct < role_evidence.NAME_MIN_RATIO * present:
        return 0.0
    shaped = values.str.fullmatch(role_evidence.PERSON_NAME)
    initials = values.str.replace(role_evidence.INITIALS, r"\1", regex=True).str.replace(
        r"[\s,-]", "", regex=True
    )
    share = float((shaped & initials.str.isupper() & ~values.str.isupper()).mean())
    return share if share >= role_evidence.NAME_SHARE else 0.0


def _columns(adult_frame) -> dict[str, pd.Series]:
    rng = np.random.default_rng(3)
    n = 5000
    syllables = ["an", "na", "lu", "ké", "bo", "ri", "zo", "mü", "el", "ta"]
    first = [f"{a.title()}{b}" for a in syllables for b in syllables] + ["Jean-Luc", "O'Neil"]
    last = [f"{a.title()}{b}{c}" for a in syllables for b in syllables for c in ("", "s")]
    last += ["de Vries", "SMITH", "O’Brien", "li"]  # a particle, capitals, a small name
    names = [f"{a} {b}" for a, b in zip(rng.choice(first, n), rng.choice(last, n), strict=True)]
    names = [f"{x} {i % 997}" if i % 40 == 0 else x for i, x in enumerate(names)]
    mails = [f"user{i % 4000}@example.org" if i % 50 else f"user{i}" for i in range(n)]
    phones = [f"+41 79 {i % 1000:03d} {i % 97:02d} {i % 89:02d}" for i in range(n)]
    codes = [f"AB-{i:05d}" if i % 13 else f"{i}" for i in range(n)]
    near = ["12345" if i % 10 else "1234X" for i in range(n)]  # 90 %: on the threshold
    out = {
        "names": pd.Series(names, dtype="str"),
        "mails": pd.Series(mails, dtype="str"),
        "phones": pd.Series(phones, dtype="str"),
        "codes": pd.Series(codes, dtype="str"),
        "near-threshold": pd.Series(near, dtype="str"),
        "gaps": pd.Series(np.resize(["  x ", None, "", "y"], n), dtype="str"),
        "category": pd.Series(np.resize(["b", "a"], n)).astype("category"),
        "numbers": pd.Series(np.arange(n)),
        "empty": pd.Series([None] * 10, dtype="str"),
    }
    for c in adult_frame.columns:
        out[f"adult-{c}"] = adult_frame[c].astype("str")
    return out


@pytest.fixture(scope="module")
def columns(adult_frame):
    return _columns(adult_frame)


@pytest.mark.parametrize(
    "check",
    [
        (role_evidence.value_pattern, _pattern_by_value),
        (role_evidence.looks_like_codes, _codes_by_value),
        (role_evidence.looks_like_person_names, _names_by_value),
    ],
    ids=["value_pattern", "codes", "person_names"],
)
def test_shares_from_distinct_values_are_the_shares_over_every_value(columns, check):
    fast, reference = check
    colcache.clear()
    for name, column in columns.items():
        expected = reference(column) if column.dtype != np.int64 else fast(column)
        assert fast(column) == expected, name
        assert fast(column) == expected, name  # again, from the kept sample


def test_the_sample_is_drawn_once_per_column(columns, monkeypatch):
    colcache.clear()
    drawn = []
    real = parse.sample
    monkeypatch.setattr(parse, "sample", lambda s: drawn.append(1) or real(s))
    column = columns["names"]
    role_evidence.value_pattern(column)
    role_evidence.looks_like_person_names(column)
    role_evidence.looks_like_codes(column)
    assert drawn == [1]


def _number_style_by_value(series: pd.Series, name: str):
    values = _every_value(series)
    if (
        values.empty
        or values.str.match(parse.LEADING_ZERO).any()
        or values.str.startswith("+").any()
    ):
        return None
    if parse.share_matching(values, parse.LONG_DIGITS) > 0.5:
        return None
    if parse.share_matching(values, parse.NUMBER) >= 0.95:
        return "dot"
    if parse.share_matching(values, f"{parse.DECIMAL_COMMA}|{parse.NUMBER}") >= 0.95:
        return "comma"
    return None


def _date_format_by_value(series: pd.Series):
    values = _every_value(series)
    for pattern, fmt in parse.DATE_FORMATS:
        if parse.share_matching(values, pattern) >= 0.95:
            return parse._resolve_order(values, fmt) if fmt in ("slash", "dash") else fmt
    return None


def _typed_columns() -> dict[str, pd.Series]:
    n = 4000
    i = np.arange(n)
    texts = {
        "whole": [str(v % 90) for v in i],
        "comma": [f"{v % 50},{v % 7}" if v % 3 else str(v % 40) for v in i],
        "plus": [f"+{v % 9}" if v % 500 == 0 else str(v) for v in i],
        "zeros": [f"0{v % 9}" if v % 300 == 0 else str(v % 77) for v in i],
        "long": [f"{10**11 + v % 60}" for v in i],
        "near-95": [str(v % 30) if v % 20 else "n/a" for v in i],  # 95 %: on the threshold
        "iso": [f"2024-{v % 12 + 1:02d}-{v % 28 + 1:02d}" for v in i],
        "day-first": [f"{v % 28 + 1}/{v % 12 + 1}/2020" for v in i],
        "month-first": [f"{v % 12 + 1}/{v % 12 + 1}/2021" for v in i],
        "dash": [f" {v % 12 + 1}-{v % 28 + 1}-2019 " for v in i],
        "words": [["red", "green", "blue"][v % 3] for v in i],
    }
    return {k: pd.Series(v, dtype="str") for k, v in texts.items()}


@pytest.mark.parametrize("name", list(_typed_columns()))
def test_number_and_date_styles_from_distinct_values_are_those_over_every_value(name):
    colcache.clear()
    column = _typed_columns()[name]
    assert parse.number_style(column, name) == _number_style_by_value(column, name)
    assert parse.date_format(column) == _date_format_by_value(column)
