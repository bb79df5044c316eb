"""Role suggestions on the real data (Adult, demo) and on the value patterns and name hints."""

import numpy as np
import pandas as pd
import pytest

from core.demo import demo_path
from core.io import infer_types, load_table
from core.roles import RoleSuggestion, name_tokens, suggest_roles
from core.schema import ColumnType, Role


def _by_column(frame, types=None):
    return {s.column: s for s in suggest_roles(frame, types)}


def test_adult_quasi_identifiers(adult_csv):
    table = load_table(adult_csv)
    got = _by_column(table.frame, table.types)
    for column in ("age", "sex", "race", "marital-status", "native-country"):
        assert got[column].role == Role.QUASI_IDENTIFIER, got[column]
    assert got["age"].type == ColumnType.INTEGER and got["age"].distinct == 72
    assert got["salary-class"].role == Role.SENSITIVE
    assert not any(s.role == Role.IDENTIFIER for s in got.values()), "Adult has no direct ids"


def test_demo_roles_and_reasons():
    table = load_table(demo_path())
    got = _by_column(table.frame, table.types)
    assert [got[c].role for c in ("name", "email", "phone")] == [Role.IDENTIFIER] * 3
    assert "e-mail" in got["email"].reason and "phone" in got["phone"].reason
    assert "95% of values unique" in got["name"].reason
    for column in ("zip_code", "date_of_birth", "sex", "ethnicity", "marital_status"):
        assert got[column].role == Role.QUASI_IDENTIFIER
    assert got["diagnosis"].role == Role.SENSITIVE
    assert got["readmitted_30d"].role == Role.TARGET
    assert got["length_of_stay"].role == Role.INSENSITIVE
    assert got["zip_code"].distinct == 200
    assert all(0 <= s.confidence <= 1 and s.reason for s in got.values())


def test_adult_full_uses_uniqueness_for_unhinted_columns(adult_full_csv):
    table = load_table(adult_full_csv)
    got = _by_column(table.frame, table.types)
    assert got["fnlwgt"].role == Role.INSENSITIVE and "measurement" in got["fnlwgt"].reason
    assert got["income"].role == Role.SENSITIVE
    # a measurement an outsider rarely knows: kept as is, but its effect on uniqueness is shown
    gain = got["hours-per-week"]
    assert gain.role == Role.INSENSITIVE and "more records unique" in gain.reason


def test_uniqueness_gain_is_measured_not_guessed():
    rng = np.random.default_rng(0)
    n = 200
    frame = pd.DataFrame(
        {
            "age": rng.integers(20, 30, n),  # groups of ~20: nobody unique
            "shoe_size": rng.integers(36, 46, n),  # with age: groups of ~2, many unique
            "colour": np.where(rng.random(n) < 0.5, "red", "blue"),
            "ward": pd.Series(rng.choice(list("ABCDEFGHIJ"), n), dtype="str"),
        }
    )
    got = _by_column(frame)
    assert got["age"].role == Role.QUASI_IDENTIFIER
    sizes = frame.groupby(["age", "shoe_size"])["age"].transform("size")
    gain = (sizes == 1).mean()  # independent count: nobody is unique on age alone
    assert gain >= 0.1
    # a number is a measurement: kept as is, with the measured gain in the reason
    assert got["shoe_size"].role == Role.INSENSITIVE
    assert got["shoe_size"].reason == (
        f"a measurement rather than a known fact; makes {gain:.0%} more records unique with age"
    )
    ward = (frame.groupby(["age", "ward"])["age"].transform("size") == 1).mean()
    assert ward >= 0.1 and got["ward"].role == Role.QUASI_IDENTIFIER  # a category: a known fact
    assert got["colour"].role == Role.INSENSITIVE
    assert got["colour"].reason == "makes almost no more records unique with age"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([f"user{i}@mail.example" for i in range(50)], "e-mail"),
        ([f"{100 + i}-{10 + i % 80}-{1000 + i}" for i in range(50)], "social security"),
        ([f"10.0.{i // 250}.{i % 250}" for i in range(50)], "IP address"),
        ([f"+44 20 7946 {i:04d}" for i in range(50)], "phone"),
        ([f"4111 1111 1111 {i:04d}" for i in range(50)], "card number"),
    ],
)
def test_value_patterns_find_direct_identifiers(values, expected):
    frame = pd.DataFrame({"col_a": pd.Series(values, dtype="str")})
    (s,) = suggest_roles(frame)
    assert s.role == Role.IDENTIFIER and expected in s.reason


def test_name_hints_need_some_distinct_values():
    frame = pd.DataFrame(
        {
            "hospital_name": ["North", "South"] * 50,
            "patient_id": np.arange(1000, 1100),
            "notes": ["patient felt better after the second dose"] * 99 + ["x y z w v"],
            "admitted": pd.to_datetime(["2020-01-01", "2021-05-06"] * 50),
            "religion": ["a", "b", "c", "d"] * 25,
            "empty": [np.nan] * 100,
            "same": ["x"] * 100,
        }
    )
    got = _by_column(frame)
    assert got["hospital_name"].role != Role.IDENTIFIER, "2 hospitals are not people"
    assert got["patient_id"].role == Role.IDENTIFIER
    assert got["patient_id"].type == ColumnType.IDENTIFIER
    assert got["notes"].role == Role.IDENTIFIER and "free text" in got["notes"].reason
    assert got["admitted"].role == Role.INSENSITIVE and "event" in got["admitted"].reason
    assert got["religion"].role == Role.SENSITIVE
    assert got["empty"].reason == "every value is missing"
    assert got["same"].reason == "the same value in every row"


def test_name_tokens():
    assert {"date", "of", "birth", "dateofbirth"} <= name_tokens("dateOfBirth")
    assert "zipcode" in name_tokens("ZIP_code")
    assert "age" not in name_tokens("page_count") and "age" in name_tokens("Age (years)")


def test_types_default_and_to_dict():
    frame = pd.DataFrame({"sex": ["f", "m"] * 10})
    assert infer_types(frame) == {"sex": ColumnType.CATEGORICAL}
    (s,) = suggest_roles(frame)
    assert isinstance(s, RoleSuggestion)
    assert s.to_dict() == {
        "column": "sex", "type": "categorical", "role": "quasi_identifier",
        "reason": "sex/gender", "distinct": 2, "confidence": 0.95,
    }  # fmt: skip
