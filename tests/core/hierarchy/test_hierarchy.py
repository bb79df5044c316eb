"""Hierarchy: ARX CSV in and out, project specs, generalization, and malformed input."""

import json

import numpy as np
import pandas as pd
import pytest

from core.errors import InputError, ValidationError
from core.hierarchy import MISSING, Hierarchy

# Levels per column as documented in the dataset README (original value = level 0).
ADULT_DEPTHS = {
    "age": 5,
    "education": 4,
    "workclass": 3,
    "marital-status": 3,
    "native-country": 3,
    "occupation": 3,
    "race": 2,
    "sex": 2,
    "salary-class": 2,
}


def test_the_nine_adult_hierarchies_load_as_they_are(adult_hierarchy_files, adult_frame):
    for column, path in adult_hierarchy_files.items():
        h = Hierarchy.from_arx_csv(path)
        raw = pd.read_csv(path, sep=";", header=None, dtype=str, keep_default_na=False)
        assert h.depth == ADULT_DEPTHS[column] == raw.shape[1]
        assert h.values == raw[0].tolist()
        assert set(h.labels(h.depth - 1)) == {"*"}
        # every value of the data is covered, and generalizes as the file says
        out = h.generalize(adult_frame[column], 1)
        lookup = dict(zip(raw[0], raw[1], strict=True))
        assert out.tolist() == [lookup[str(v)] for v in adult_frame[column]]


def test_arx_csv_round_trip_is_atomic_and_identical(adult_hierarchy_files, tmp_path):
    h = Hierarchy.from_arx_csv(adult_hierarchy_files["education"])
    target = tmp_path / "education.csv"
    target.write_text("old")
    h.to_arx_csv(target)
    assert Hierarchy.from_arx_csv(target) == h
    source_lines = adult_hierarchy_files["education"].read_text().split()
    assert target.read_text().split() == source_lines
    assert [p.name for p in tmp_path.iterdir()] == ["education.csv"]


def test_spec_round_trip_through_json(adult_hierarchy_files):
    h = Hierarchy.from_arx_csv(adult_hierarchy_files["age"])
    spec = json.loads(json.dumps(h.to_spec()))
    again = Hierarchy.from_spec(spec)
    assert again == h
    assert again.name == "age"
    # as the ARX file has it: 50 sits in the 45-49 band and the 40-49 decade
    assert again.generalize(pd.Series([39, 50]), 2).tolist() == ["30-39", "40-49"]


def test_level_zero_is_unchanged_and_levels_are_checked(adult_hierarchy_files, adult_frame):
    h = Hierarchy.from_arx_csv(adult_hierarchy_files["age"])
    same = h.generalize(adult_frame["age"], 0)
    pd.testing.assert_series_equal(same, adult_frame["age"])
    with pytest.raises(ValidationError, match="levels 0 to 4"):
        h.generalize(adult_frame["age"], 5)


def test_value_missing_from_hierarchy_is_named(adult_hierarchy_files):
    h = Hierarchy.from_arx_csv(adult_hierarchy_files["sex"], name="sex")
    with pytest.raises(ValidationError, match=r"Column 'sex'.*'Unknown'") as err:
        h.generalize(pd.Series(["Male", "Unknown"], name="sex"), 1)
    assert err.value.column == "sex" and err.value.value == "Unknown"


def test_missing_cells_get_their_own_group_up_to_the_top(adult_hierarchy_files):
    h = Hierarchy.from_arx_csv(adult_hierarchy_files["education"])
    s = pd.Series(["Bachelors", None, "HS-grad"], name="education")
    assert h.generalize(s, 1).tolist() == ["Undergraduate", MISSING, "High School"]
    assert h.generalize(s, 2).tolist() == ["Higher education", MISSING, "Secondary education"]
    assert h.generalize(s, 3).tolist() == ["*", "*", "*"]


def test_uneven_depths_name_the_file_and_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a;x;*\nb;x;*\nc;*\n")
    with pytest.raises(InputError, match=r"bad\.csv.*uneven depths: row 3 \('c'\) has 2"):
        Hierarchy.from_arx_csv(path)


def test_non_tree_duplicate_and_empty_hierarchies_are_refused(tmp_path):
    with pytest.raises(ValidationError, match="'x' at level 1 generalizes to both"):
        Hierarchy([["a", "x", "p", "*"], ["b", "x", "q", "*"]], name="h")
    with pytest.raises(ValidationError, match="lists the value 'a' more than once"):
        Hierarchy([["a", "*"], ["a", "*"]])
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n")
    with pytest.raises(InputError, match="empty"):
        Hierarchy.from_arx_csv(empty)
    with pytest.raises(InputError, match="not found"):
        Hierarchy.from_arx_csv(tmp_path / "nope.csv")


def test_quoted_semicolons_and_bom_are_read(tmp_path):
    path = tmp_path / "q.csv"
    path.write_bytes('\ufeff"a;1";grp;*\nb;grp;*\n'.encode())
    h = Hierarchy.from_arx_csv(path)
    assert h.values == ["a;1", "b"]
    out = tmp_path / "out.csv"
    h.to_arx_csv(out)
    assert Hierarchy.from_arx_csv(out) == h


def test_level_codes_follow_the_table(adult_hierarchy_files):
    h = Hierarchy.from_arx_csv(adult_hierarchy_files["occupation"])
    codes, labels = h.level_codes(1)
    assert np.array_equal(labels[codes], h.labels(1))
    assert len(labels) == len(set(h.labels(1)))
