"""The hostile-project corpus through ``load_project``: each case refused with one line naming
the field (and its range), before any work; the valid ones load with the right values."""

from __future__ import annotations

import json
import os

import pytest

from core.errors import ConfigError
from core.jsondoc import max_depth
from core.project import load_project
from tests.hostile_projects import cases, refusals, write_case


@pytest.mark.parametrize("case", refusals(), ids=lambda c: c.name)
def test_each_hostile_project_is_refused_in_one_line_naming_the_field(case, tmp_path):
    path = write_case(case, tmp_path)
    with pytest.raises(ConfigError) as caught:
        load_project(path)
    message = str(caught.value)
    assert case.expect in message
    assert "\n" not in message and len(message) < 400


def test_the_corpus_covers_every_number_and_the_audits_cases():
    names = {c.name for c in cases()}
    changed = {c.change[0] for c in cases() if c.change}
    for field in ("k", "l", "c", "t", "suppression", "max_nodes", "epsilon", "delta", "rows"):
        assert f"protection.{field}" in changed
    for field in ("model_epsilon", "member_fraction", "population_size", "repeats"):
        assert f"assessment.{field}" in changed
    audit = {"nesting_100000_deep", "dp_rows_negative", "levels_not_a_list", "input_path_nul",
             "k_nan", "protection.epsilon-2", "protection.epsilon-3", "seed-0"}  # fmt: skip
    assert audit <= names


def test_a_whole_float_is_read_as_the_whole_number_and_true_is_refused(tmp_path):
    by_name = {c.name: c for c in cases()}
    project = load_project(write_case(by_name["k_whole_float"], tmp_path / "a"))
    assert project.protection.k == 3 and type(project.protection.k) is int
    assert project.protection.to_dict()["k"] == 3
    with pytest.raises(ConfigError, match=r"protection\.k must be a whole number"):
        load_project(write_case(by_name["protection.k-3"], tmp_path / "b"))  # "k": true


@pytest.mark.parametrize("name", ["valid", "epsilon_inf_text", "nulls_for_empty_sections"])
def test_valid_documents_load(name, tmp_path):
    case = next(c for c in cases() if c.name == name)
    project = load_project(write_case(case, tmp_path))
    assert project.input_path == tmp_path / "table.csv"
    assert project.warnings == ()


def test_depth_is_measured_without_parsing_and_ignores_brackets_in_text():
    assert max_depth('{"a": [[1], "[[[[{{"], "b": {"c": "\\"]]"}}') == 3
    assert max_depth("[" * 100_000 + "]" * 100_000) == 100_000
    assert max_depth('"just text"') == 0


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.veil.json"
    with open(path, "wb") as f:
        f.truncate(65 * 2**20)  # sparse: no disk used
    with pytest.raises(ConfigError, match=r"big\.veil\.json is 65 MB; the limit is 64 MB"):
        load_project(path)


def test_bytes_that_are_not_utf8_name_the_file(tmp_path):
    path = tmp_path / "latin.veil.json"
    path.write_bytes(b'{"format": "veil-project", "version": 2, "veil_version": "\xe9"}')
    with pytest.raises(ConfigError, match=r"latin\.veil\.json cannot be read"):
        load_project(path)


def test_an_input_outside_the_project_folder_loads_with_a_warning(tmp_path):
    """Allowed: Veil itself saves such paths (a shared data folder), nothing leaves the
    machine, and the sha256 pins the file; but the user is told which file is read."""
    case = next(c for c in cases() if c.name == "valid")
    write_case(case, tmp_path / "data")
    project_dir = tmp_path / "study"
    path = write_case(case, project_dir)
    (project_dir / "table.csv").unlink()
    text = path.read_text(encoding="utf-8").replace('"table.csv"', '"../data/table.csv"')
    path.write_text(text, encoding="utf-8")
    project = load_project(path)
    assert project.input_path == tmp_path / "data" / "table.csv"
    (warning,) = project.warnings
    assert f"outside its own folder: {tmp_path / 'data' / 'table.csv'}." in warning


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_link_inside_the_folder_to_a_file_outside_names_the_real_file(tmp_path):
    case = next(c for c in cases() if c.name == "valid")
    write_case(case, tmp_path / "data")
    path = write_case(case, tmp_path / "study")
    link = tmp_path / "study" / "table.csv"
    link.unlink()
    link.symlink_to(tmp_path / "data" / "table.csv")
    (warning,) = load_project(path).warnings
    assert str(tmp_path / "data" / "table.csv") in warning and f"through the link {link}" in warning
    inside = tmp_path / "study" / "copy.csv"
    inside.symlink_to(link.resolve())
    link.unlink()
    link.symlink_to(inside)  # a chain of links that ends outside the folder: still named
    assert load_project(path).warnings
    link.unlink()
    (tmp_path / "study" / "real.csv").write_text("a\n1\n", encoding="utf-8")
    link.symlink_to(tmp_path / "study" / "real.csv")  # a link within the folder: no warning
    assert load_project(path).warnings == ()


V1 = {"format": "veil-project", "version": 1, "input": "table.csv", "qis": ["age"], "k": 3}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"qis": "age"}, "'qis' in bad.veil.json must be a list of column names"),
        ({"identifiers": [["name"]]}, "'identifiers' in bad.veil.json must be a list"),
        ({"sensitive": ["diagnosis"]}, "'sensitive' in bad.veil.json must be a column name"),
        ({"k": True}, r"protection\.k must be a whole number"),
        ({"k": 2.5}, r"protection\.k must be a whole number"),
        ({"input": 5}, r"input\.path must be a file path"),
        ({"seed": 2**32}, "seed must be a whole number from 0 to 4,294,967,295"),
    ],
)
def test_old_v1_documents_are_checked_as_closely(change, message, tmp_path):
    path = tmp_path / "bad.veil.json"
    path.write_text(json.dumps(V1 | change), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_project(path)
