"""infer_types on typed and on raw text frames, and a property: CSV round trips keep values."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from core.demo import demo_path
from core.io import infer_types, load_table
from core.schema import ColumnType as T


def test_raw_text_frame_gets_the_same_types_as_load_table():
    raw = pd.read_csv(demo_path(), dtype=str)
    assert infer_types(raw) == load_table(demo_path()).types
    assert pd.api.types.is_string_dtype(raw["date_of_birth"]), "infer_types never mutates"


def test_adult_as_pandas_reads_it(adult_frame):
    types = infer_types(adult_frame)
    assert types["age"] == T.INTEGER
    assert {t for c, t in types.items() if c != "age"} == {T.CATEGORICAL}


def test_numbers():
    n = 500
    frame = pd.DataFrame(
        {
            "record": np.arange(10_001, 10_001 + n),  # consecutive, all distinct
            "shuffled_id": np.random.default_rng(0).permutation(n) * 2,
            "count": np.arange(n) % 7,
            "whole_with_gaps": np.where(np.arange(n) % 5 == 0, np.nan, np.arange(n) % 9),
            "ratio": np.linspace(0, 1, n),
            "flag": np.arange(n) % 2 == 0,
        }
    )
    assert infer_types(frame) == {
        "record": T.IDENTIFIER, "shuffled_id": T.IDENTIFIER, "count": T.INTEGER,
        "whole_with_gaps": T.INTEGER, "ratio": T.FLOAT, "flag": T.CATEGORICAL,
    }  # fmt: skip
    assert infer_types(frame.head(50))["record"] == T.INTEGER, "too few rows to call it an id"


def test_text():
    n = 200
    words = ["the patient reported mild pain after surgery", "no complaints at discharge"]
    frame = pd.DataFrame(
        {
            "note": [words[i % 2] + f" {i}" for i in range(n)],
            "code": [f"K{i:05d}" for i in range(n)],
            "mostly_distinct": [f"A{i % 190}" for i in range(n)],
            "half_distinct": [f"B{i % 100}" for i in range(n)],
            "tiny_distinct": [f"C{i % 10}" for i in range(n)],
            "empty": pd.Series([np.nan] * n, dtype="str"),
            "visit": pd.to_datetime("2020-01-01") + pd.to_timedelta(np.arange(n), "D"),
            "visit_text": [f"2020-02-{1 + i % 28:02d}" for i in range(n)],
        }
    )
    assert infer_types(frame) == {
        "note": T.TEXT, "code": T.IDENTIFIER, "mostly_distinct": T.IDENTIFIER,
        "half_distinct": T.CATEGORICAL, "tiny_distinct": T.CATEGORICAL, "empty": T.CATEGORICAL,
        "visit": T.DATE, "visit_text": T.DATE,
    }  # fmt: skip
    assert infer_types(frame.head(15))["code"] == T.CATEGORICAL, "15 values: too few for an id"


def test_mixed_object_columns_are_read_as_text():
    frame = pd.DataFrame({"mixed": pd.Series([1, "two", 3.5, None] * 10, dtype=object)})
    assert infer_types(frame) == {"mixed": T.CATEGORICAL}


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzAEIOU", min_size=2, max_size=8).filter(
    lambda s: s.lower() not in ("na", "nan", "null")
)


@settings(max_examples=25, deadline=None)
@given(
    ints=st.lists(st.integers(-(10**9) + 1, 10**9 - 1), min_size=2, max_size=40),
    data=st.data(),
)
def test_csv_round_trip_keeps_values_and_types(tmp_path_factory, ints, data):
    n = len(ints)
    floats = data.draw(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=n, max_size=n))
    words = data.draw(st.lists(_WORD, min_size=n, max_size=n))
    frame = pd.DataFrame({"i": ints, "f": floats, "w": words})
    frame["f"] = frame["f"].round(3) + 0.5  # keep a fractional part
    path = tmp_path_factory.mktemp("rt") / "t.csv"
    frame.to_csv(path, index=False)
    table = load_table(path)
    assert table.frame["i"].tolist() == ints
    np.testing.assert_allclose(table.frame["f"], frame["f"])
    assert table.frame["w"].tolist() == words
    assert table.types["i"] in (T.INTEGER, T.IDENTIFIER)
    assert table.types["w"] in (T.CATEGORICAL, T.IDENTIFIER)
