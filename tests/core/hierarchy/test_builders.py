"""Hierarchy builders (intervals, dates, masking, groups, ordinal) and automatic choice."""

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import ValidationError
from core.hierarchy import (
    MISSING,
    auto_hierarchy,
    categorical_hierarchy,
    date_hierarchy,
    guess_kind,
    interval_hierarchy,
    masking_hierarchy,
    nice_widths,
    ordinal_hierarchy,
)
from core.schema import ColumnType


@pytest.fixture(scope="module")
def demo():
    from core.demo import demo_path

    return pd.read_csv(demo_path())


def test_adult_age_gets_arx_like_nested_bands(adult_frame):
    h = auto_hierarchy(adult_frame["age"])
    assert h.builder["widths"] == [5.0, 10.0, 20.0]
    row = dict(zip(h.values, h.table.tolist(), strict=True))["39"]
    assert row == ["39", "35-39", "30-39", "20-39", "*"]
    # every data value is covered and the levels nest (the constructor checks the tree)
    assert h.generalize(adult_frame["age"], 3).nunique() == 5


@settings(max_examples=200, deadline=None)
@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(1e-3, 1e6, allow_nan=False),
)
def test_nice_widths_nest_and_stop_before_a_single_bin(low, span):
    high = low + span
    widths = nice_widths(low, high)
    assert widths[0] >= span / 20 * (1 - 1e-9)
    for a, b in itertools.pairwise(widths):
        assert b > a and abs(b / a - round(b / a)) < 1e-9
    last = widths[-1]
    assert np.floor(high / last) - np.floor(low / last) >= 1


def test_intervals_with_top_and_bottom_coding_and_missing():
    values = pd.Series([3, 12, 17, 25, 44, 88, 97, None])
    h = interval_hierarchy(values, widths=[10, 20], bottom=10, top=90)
    s = h.generalize(values, 1)
    assert s.tolist() == ["<10", "10-19", "10-19", "20-29", "40-49", "80-89", ">=90", MISSING]
    assert h.generalize(values, 2).tolist()[1:5] == ["0-19", "0-19", "20-39", "40-59"]
    assert set(h.labels(h.depth - 1)) == {"*"}


def test_float_intervals_are_half_open():
    h = interval_hierarchy([0.12, 0.5, 0.77], widths=[0.25, 0.5])
    assert h.generalize(pd.Series([0.12, 0.5, 0.77]), 1).tolist() == [
        "[0, 0.25)",
        "[0.5, 0.75)",
        "[0.75, 1)",
    ]


def test_intervals_refuse_widths_that_do_not_nest_and_text():
    with pytest.raises(ValidationError, match="divide the next"):
        interval_hierarchy([1, 50], widths=[20, 50])
    with pytest.raises(ValidationError, match="not numeric"):
        interval_hierarchy(["a", "b"], name="x")


def test_dates_go_month_year_decade_top(demo):
    h = date_hierarchy(demo["date_of_birth"], name="date_of_birth")
    first = h.table[h.values.index("1955-05-02")].tolist()
    assert first == ["1955-05-02", "1955-05", "1955", "1950s", "*"]
    stamps = pd.Series(pd.to_datetime(["2020-03-01 10:00", "2020-03-02 11:30", None]))
    h2 = date_hierarchy(stamps)
    assert h2.generalize(stamps, 1).tolist() == ["2020-03-01", "2020-03-02", MISSING]
    with pytest.raises(ValidationError, match="not dates"):
        date_hierarchy(["2020-01-01", "soon"], name="when")


def test_masking_codes_from_the_right(demo):
    h = masking_hierarchy(demo["zip_code"], name="zip_code")
    row = h.table[h.values.index("48497")].tolist()
    assert row[:4] == ["48497", "4849*", "484**", "48***"]
    assert row[-1] == "*"
    codes = pd.Series(["123", "124", "12", "13", None])
    short = masking_hierarchy(codes)
    assert short.generalize(codes, 1).tolist() == ["12*", "12*", "1*", "1*", MISSING]
    # a level that would group nobody (here '1**' / '**') is left out
    assert short.depth == 3


def test_categorical_groups_and_ordinal_order():
    h = categorical_hierarchy(
        ["flu", "cold", "HIV", "cancer"],
        [{"flu": "infection", "cold": "infection", "HIV": "infection", "cancer": "tumour"}],
    )
    assert h.generalize(pd.Series(["cold", "cancer"]), 1).tolist() == ["infection", "tumour"]
    o = ordinal_hierarchy(["none", "primary", "secondary", "bachelor", "master"], name="edu")
    assert o.generalize(pd.Series(["secondary", "master"]), 1).tolist() == [
        "secondary..bachelor",
        "master",
    ]
    assert o.generalize(pd.Series(["none"]), 2).tolist() == ["none..bachelor"]
    with pytest.raises(ValidationError, match="twice"):
        ordinal_hierarchy(["a", "a"])


def test_auto_picks_a_builder_per_demo_column(demo):
    kinds = {c: guess_kind(demo[c]) for c in demo.columns}
    assert kinds["zip_code"] == "masking"
    assert kinds["date_of_birth"] == "dates"
    assert kinds["length_of_stay"] == "intervals"
    assert kinds["sex"] == kinds["ethnicity"] == kinds["marital_status"] == "groups"
    assert guess_kind(demo["length_of_stay"], ColumnType.INTEGER) == "intervals"
    for column in ("zip_code", "date_of_birth", "sex", "length_of_stay"):
        h = auto_hierarchy(demo[column])
        assert h.generalize(demo[column], h.depth - 1).eq("*").all()
