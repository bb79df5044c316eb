"""Role evidence tries each pattern once per distinct sampled value, weighted by its count:
the same shares, to the last bit, as trying it on every sampled value (the former way)."""

import numpy as np
import pandas as pd
import pytest

from core import colcache, role_evidence
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
    real = role_evidence.sample
    monkeypatch.setattr(role_evidence, "sample", lambda s: drawn.append(1) or real(s))
    column = columns["names"]
    role_evidence.value_pattern(column)
    role_evidence.looks_like_person_names(column)
    role_evidence.looks_like_codes(column)
    assert drawn == [1]
