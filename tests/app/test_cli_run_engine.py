"""The engine recorded in the project file: `veil-cli run` processes the table with it."""

from __future__ import annotations

import json
from dataclasses import replace

import jsonschema
import pytest

from app.cli import main
from core.errors import ConfigError
from core.project import Project, load_project, save_project
from core.project_engine import ENGINES, EngineSettings
from core.settings import ProtectionSettings
from core.workflow import Workflow
from resources import resource_path
from tests.conftest import adult_workflow

K5 = ProtectionSettings(method="optimal", k=5, suppression=0.05)
DUCKDB = EngineSettings(name="duckdb", memory_limit="1GB")
SCHEMA = json.loads(resource_path("schema", "project.schema.json").read_text(encoding="utf-8"))


def _workflow(adult_csv, hierarchy_files, engine: EngineSettings) -> Workflow:
    w = adult_workflow(adult_csv, hierarchy_files, K5, ("reidentification",), attack_sample=2000)
    w.set_engine(engine)
    return w


@pytest.fixture(scope="module")
def project_file(adult_csv, adult_hierarchy_files, tmp_path_factory):
    folder = tmp_path_factory.mktemp("engine")
    return _workflow(adult_csv, adult_hierarchy_files, DUCKDB).save_project(folder / "p.veil.json")


def test_the_project_file_records_the_engine(project_file):
    doc = json.loads(project_file.read_text(encoding="utf-8"))
    assert doc["engine"] == {"name": "duckdb", "memory_limit": "1GB"}
    jsonschema.validate(doc, SCHEMA)
    assert load_project(project_file).engine == DUCKDB


def test_run_processes_the_table_with_the_projects_engine(
    project_file, adult_csv, adult_hierarchy_files, tmp_path, capsys
):
    assert main(["run", str(project_file), "--out", str(tmp_path), "--accept-risk"]) == 0
    out = capsys.readouterr().out
    assert "Processed out of memory with DuckDB." in out
    doc = json.loads((tmp_path / "assessment.json").read_text(encoding="utf-8"))
    done = doc["release"]["protection"]
    assert done["engine"] == "duckdb"
    pandas = _workflow(adult_csv, adult_hierarchy_files, EngineSettings(name="pandas"))
    expected = pandas.protect()
    assert "engine" not in expected.to_dict()
    assert done["transformation"] == expected.transformation
    assert done["suppressed_records"] == expected.suppressed_records > 0
    assert done["info_loss"] == pytest.approx(expected.info_loss)
    assert doc["release"]["rows"] == len(expected.data) == 30_162 - expected.suppressed_records
    copy = json.loads((tmp_path / "project.veil.json").read_text(encoding="utf-8"))
    assert copy["engine"] == {"name": "duckdb", "memory_limit": "1GB"}


def test_a_named_engine_refuses_what_only_pandas_runs(project_file, tmp_path, capsys):
    project = load_project(project_file)
    other = replace(project, protection=replace(K5, method="none"))
    path = save_project(other, project_file.parent / "none.veil.json")
    assert main(["run", str(path), "--out", str(tmp_path), "--accept-risk"]) == 2
    err = capsys.readouterr().err
    assert "DuckDB runs the optimal generalization only" in err and "Traceback" not in err
    assert not (tmp_path / "release.csv").exists()


def test_auto_is_the_default_and_leaves_the_file_as_it_was():
    assert "engine" not in Project().to_document()
    assert Project.from_document(Project().to_document()).engine == EngineSettings()


@pytest.mark.parametrize(
    ("engine", "message"),
    [
        ({"name": "oracle"}, "Unknown engine 'oracle'"),
        ({"name": "duckdb", "memory_limit": "lots"}, "engine.memory_limit 'lots' is not a size"),
        ({"name": "duckdb", "threads": 4}, "Unknown key(s) in 'engine': threads"),
        ({"name": "spark", "spark_master": ""}, "engine.spark_master must be text"),
        ("duckdb", "'engine' must be an object"),
    ],
)
def test_a_bad_engine_is_refused_naming_it_and_the_schema_agrees(engine, message):
    doc = {**Project().to_document(), "engine": engine}
    with pytest.raises(ConfigError) as caught:
        Project.from_document(doc)
    assert message in caught.value.message
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(doc)


def test_the_engine_names_are_core_engines():
    from core.engine.choose import ENGINES as CORE

    assert tuple(CORE) == ENGINES


def test_run_opens_a_large_project_table_in_large_table_mode(
    project_file, tmp_path, capsys, monkeypatch
):
    import core.engine.choose

    auto = replace(load_project(project_file), engine=EngineSettings())
    path = save_project(auto, project_file.parent / "auto.veil.json")
    monkeypatch.setattr(core.engine.choose, "threshold", lambda suffix, memory=None: 1000)
    assert main(["run", str(path), "--out", str(tmp_path), "--accept-risk"]) == 0
    assert "Processed out of memory with DuckDB." in capsys.readouterr().out
    doc = json.loads((tmp_path / "assessment.json").read_text(encoding="utf-8"))
    assert doc["sample"] == {"rows": 2000, "of": 30_162, "seed": 0}
    assert doc["release"]["rows"] == 28_704 and doc["release"]["uniqueness"] == []
    assert sum(1 for _ in (tmp_path / "release.csv").open(encoding="utf-8")) == 28_704 + 1
