"""core.workflow: one Qt-free object runs every step and knows what goes stale."""

from __future__ import annotations

import json

import pytest

from core.errors import ConfigError, VeilError
from core.project import Project, load_project, save_project
from core.provenance import sha256_file
from core.roles import suggest_roles
from core.schema import Role
from core.settings import AssessmentSettings, ProtectionSettings
from core.workflow import Workflow
from tests.core.workflow_tables import people, write_cp1252, write_utf8

FAST = AssessmentSettings(attacks=("reidentification",))
MONDRIAN = ProtectionSettings(method="mondrian", k=3)


def heard(workflow: Workflow) -> list[str]:
    events: list[str] = []
    workflow.listeners.append(events.append)
    return events


@pytest.fixture
def table_a(tmp_path):
    return write_cp1252(people(80, seed=1), tmp_path / "a.csv")


@pytest.fixture
def table_b(tmp_path):
    return write_utf8(people(60, seed=2).drop(columns="outcome"), tmp_path / "b.csv")


def protected_and_assessed(path) -> Workflow:
    wf = Workflow()
    wf.load(path)
    wf.set_protection(MONDRIAN)
    wf.set_assessment_settings(FAST)
    wf.protect()
    wf.assess()
    wf.report_document()
    return wf


def test_load_takes_the_suggested_roles(table_a):
    wf = Workflow()
    events = heard(wf)
    loaded = wf.load(table_a)
    expected = {s.column: Role(s.role) for s in suggest_roles(loaded.frame, loaded.types)}
    assert wf.roles == expected
    assert events[:5] == ["table", "roles", "hierarchies", "protection", "assessment_settings"]


def test_the_assessment_document_carries_the_loaders_warnings(table_a):
    wf = protected_and_assessed(table_a)
    assert wf.loaded.warnings, "a cp1252 file must give a loader warning"
    assert wf.document["warnings"][: len(wf.loaded.warnings)] == list(wf.loaded.warnings)
    assert wf.document["dataset"]["format"] == wf.loaded.format


def test_changing_a_role_drops_the_release_and_the_assessment(table_a):
    wf = protected_and_assessed(table_a)
    events = heard(wf)
    wf.set_role("zip", Role.INSENSITIVE)
    assert wf.release is None and wf.document is None and wf.report is None
    assert {"protection_result", "assessment", "roles"} <= set(events)
    assert wf.dirty


def test_new_assessment_settings_keep_the_release(table_a):
    wf = protected_and_assessed(table_a)
    wf.set_assessment_settings(AssessmentSettings(attacks=("reidentification",), repeats=2))
    assert wf.release is not None and wf.document is None


def test_a_result_computed_from_earlier_choices_is_dropped(table_a):
    wf = Workflow()
    wf.load(table_a)
    task = wf.protect_task()  # started, then the user changes the settings
    wf.set_protection(MONDRIAN)
    from core.jobs import null_monitor

    assert wf.accept(task(null_monitor())) is False
    assert wf.release is None


def test_opening_another_file_resets_every_result(table_a, table_b, tmp_path):
    wf = protected_and_assessed(table_a)
    wf.export(tmp_path / "out", accept_risk=True)
    assert wf.exported
    events = heard(wf)
    wf.load(table_b)
    assert (wf.release, wf.rehearsal, wf.document, wf.report) == (None, None, None, None)
    assert wf.exported == [] and wf.project_path is None and not wf.dirty
    assert wf.protection == ProtectionSettings() and wf.hierarchies == {}
    assert set(wf.roles) == set(people(1).columns) - {"outcome"}
    assert {"protection_result", "assessment", "table"} <= set(events)


def test_a_reopened_project_applies_its_own_roles(table_a, tmp_path):
    wf = Workflow()
    loaded = wf.load(table_a)
    suggested = dict(wf.roles)
    changed = {c: Role.INSENSITIVE for c, r in suggested.items() if r is not Role.INSENSITIVE}
    assert changed, "the test needs roles that differ from the suggestions"
    wf.set_roles(changed)
    path = wf.save_project(tmp_path / "p.veil.json")
    other = Workflow()
    other.open_project(load_project(path), path)
    assert other.roles == {**suggested, **changed} != suggested
    assert other.to_project().roles == load_project(path).roles
    assert other.loaded.sha256 == loaded.sha256 and other.project_path == path


def test_a_project_for_another_table_changes_nothing(table_a, table_b, tmp_path):
    wf = Workflow()
    wf.load(table_b)
    project = Project(
        input_path=table_b, input_sha256=sha256_file(table_b), roles={"nope": Role.QUASI_IDENTIFIER}
    )
    save_project(project, tmp_path / "p.veil.json")
    with pytest.raises(ConfigError, match="nope"):
        wf.open_project(project, tmp_path / "p.veil.json")
    assert wf.loaded.path.name == "b.csv" and "nope" not in wf.roles


def test_export_writes_the_five_files_and_names_the_release(table_a, tmp_path):
    wf = protected_and_assessed(table_a)
    result = wf.export(tmp_path / "out", accept_risk=True)
    names = sorted(p.name for p in result.paths)
    assert names == sorted(
        ["release.csv", "assessment.json", "report.html", "report.pdf", "project.veil.json"]
    )
    saved = json.loads((tmp_path / "out" / "assessment.json").read_text(encoding="utf-8"))
    assert saved == result.document == wf.document
    assert saved["release"]["sha256"] == sha256_file(tmp_path / "out" / "release.csv")


def test_export_never_replaces_the_input(table_a):
    wf = protected_and_assessed(table_a)
    before = sha256_file(table_a)
    with pytest.raises(VeilError, match=r"project\.veil\.json"):
        wf.export(table_a.parent, project_file=table_a.with_name("project.veil.json"))
    assert not table_a.with_name("release.csv").exists()  # refused before writing anything
    with pytest.raises(VeilError):
        wf.export(table_a)  # the input file given as the output folder
    assert sha256_file(table_a) == before


def test_steps_out_of_order_say_what_to_do_first(table_a):
    wf = Workflow()
    with pytest.raises(ConfigError, match="Open a data file"):
        wf.protect()
    wf.load(table_a)
    with pytest.raises(ConfigError, match="Protect the table first"):
        wf.assess()
    with pytest.raises(ConfigError, match="Assess"):
        wf.report_document()
