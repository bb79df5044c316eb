"""Role suggestions and type inference do each column's counting once: the QIs are grouped
only when a column is left to decide by uniqueness, and distinct values are counted once per
column; the suggestions and types are those of the full computation."""

import numpy as np
import pandas as pd
import pytest

from core import colcache, roles
from core.io import load_table
from core.io.infer import _word_type, loaded_column_type
from core.schema import ColumnType, Role


@pytest.fixture(scope="module")
def adult(adult_csv):
    return load_table(adult_csv)


def test_no_grouping_when_every_column_is_decided_by_evidence(adult, monkeypatch):
    def refuse(*_):
        raise AssertionError("the QIs were grouped for nothing")

    monkeypatch.setattr(roles, "group_ids", refuse)
    found = roles.suggest_roles(adult.frame, adult.types)
    assert [s.column for s in found] == list(adult.frame.columns)
    assert {s.role for s in found} == {Role.QUASI_IDENTIFIER, Role.SENSITIVE}


def test_a_column_left_to_uniqueness_still_gets_measured(adult, monkeypatch):
    frame = adult.frame.copy()
    rng = np.random.default_rng(2)
    frame["colour"] = rng.choice(["red", "green", "blue"], len(frame))
    calls = []
    group_ids = roles.group_ids
    monkeypatch.setattr(roles, "group_ids", lambda f, q: calls.append(q) or group_ids(f, q))
    types = {**adult.types, "colour": ColumnType.CATEGORICAL}
    found = {s.column: s for s in roles.suggest_roles(frame, types)}
    assert len(calls) == 1 and "age" in calls[0]
    assert "more records unique" in found["colour"].reason


def test_distinct_values_are_counted_once_per_column(adult_csv, monkeypatch):
    colcache.clear()
    counted = []
    nunique = pd.Series.nunique

    def counting(self, *a, **k):
        counted.append(self.name)
        return nunique(self, *a, **k)

    monkeypatch.setattr(pd.Series, "nunique", counting)
    table = load_table(adult_csv)
    roles.suggest_roles(table.frame, table.types)
    text = [c for c in table.frame.columns if pd.api.types.is_string_dtype(table.frame[c])]
    assert text and all(counted.count(c) == 1 for c in text), counted


@pytest.mark.parametrize(
    "values",
    [
        ["a", "b", None, "a"] * 30,
        [f"P-{i:05d}" for i in range(300)],
        [f"P-{i:05d}" if i % 7 else None for i in range(300)],
        ["one long sentence with many words in it", None] * 50,
        ["x"] * 99 + [None],
    ],
)
def test_text_types_are_those_of_the_copying_path(values):
    column = pd.Series(values, dtype="str", name="c")
    assert loaded_column_type(column, "c") == _word_type(column.dropna())
    as_object = pd.Series(values, dtype=object, name="c")
    assert loaded_column_type(as_object, "c") == _word_type(column.dropna())


@pytest.mark.parametrize(
    "values",
    [
        [str(v) for v in range(-50, 250)],
        ["1", "-2", "+3", "007"],
        ["1", " 2"],
        ["1", "1_000"],
        ["99999999999999999999", "1"],
        ["١٢", "3"],
        ["1", None, "3"],
        ["1.5", "2"],
    ],
)
def test_integers_read_in_arrow_equal_the_general_path(values, monkeypatch):
    from core.io import parse

    column = pd.Series(values, dtype="str", name="n")
    got = _outcome(lambda: parse.to_numbers(column, "dot"))
    with monkeypatch.context() as m:
        m.setattr(parse, "_arrow_integers", lambda series: None)
        expected = _outcome(lambda: parse.to_numbers(column, "dot"))
    assert type(got) is type(expected)
    if isinstance(got, pd.Series):
        pd.testing.assert_series_equal(got, expected)


def _outcome(call):
    try:
        return call()
    except Exception as exc:  # the general path's own error, if any, must stay the same
        return exc
