"""The GUI drives core.workflow: same document as `veil-cli run`, nothing of file A left after
opening file B, and a reopened project shows the roles Protect applies."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from core.project import Project, save_project
from core.provenance import sha256_file
from core.schema import Role
from core.settings import AssessmentSettings, ProtectionSettings
from tests.assessment_schema import check
from tests.conftest import console_script
from tests.core.workflow_tables import people, write_cp1252, write_utf8
from ui.qt import QtWidgets

LONG = 300_000
TIMINGS = {"elapsed_seconds", "created", "seconds", "fit_seconds"}


def without_timings(value):
    """The document with every timing and creation time left out."""
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items() if k not in TIMINGS}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


def run_job(qtbot, panel, start) -> object:
    with qtbot.waitSignal(panel.runner.finished, timeout=LONG) as blocker:
        start()
    return blocker.args[0]


def open_file(window, qtbot, path: Path) -> None:
    run_job(qtbot, window.load_panel, lambda: window.open_path(path))


def protect_assess_export(window, qtbot, out: Path) -> dict:
    panels = window.panels
    run_job(qtbot, panels["protect"], panels["protect"].run)
    run_job(qtbot, panels["assess"], panels["assess"].run)
    out.mkdir()
    run_job(qtbot, panels["report"], lambda: panels["report"].export_to(out, accept_risk=True))
    return json.loads((out / "assessment.json").read_text(encoding="utf-8"))


@pytest.fixture
def project_file(tmp_path) -> Path:
    """A project on a cp1252 table (the loader warns) whose roles differ from the suggestions:
    ``name`` kept as it is, ``zip`` not a quasi-identifier."""
    table = write_cp1252(people(200, seed=3), tmp_path / "people.csv")
    q = Role.QUASI_IDENTIFIER
    roles = {"name": Role.INSENSITIVE, "age": q, "sex": q, "zip": Role.INSENSITIVE,
             "diagnosis": Role.SENSITIVE, "outcome": Role.TARGET}  # fmt: skip
    project = Project(
        input_path=table,
        input_sha256=sha256_file(table),
        roles=roles,
        protection=ProtectionSettings(method="mondrian", k=4),
        assessment=AssessmentSettings(target="outcome", sensitive="diagnosis"),
        seed=7,
    )
    return save_project(project, tmp_path / "people.veil.json")


@pytest.mark.slow
def test_gui_export_and_cli_run_write_the_same_assessment(window, qtbot, tmp_path, project_file):
    open_file(window, qtbot, project_file)
    gui = protect_assess_export(window, qtbot, tmp_path / "gui")
    cli_out = tmp_path / "cli"
    done = subprocess.run(
        [console_script("veil-cli"), "run", str(project_file), "--out", str(cli_out), "--quiet",
         "--accept-risk"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    cli = json.loads((cli_out / "assessment.json").read_text(encoding="utf-8"))
    check(gui)
    check(cli)
    assert "not UTF-8" in gui["warnings"][0], "the loader's warning comes first"
    for section in ("dataset", "release", "before", "after", "warnings", "settings", "roles"):
        assert gui.get(section) is not None, f"the GUI export dropped {section}"
    assert without_timings(gui) == without_timings(cli)
    assert (tmp_path / "gui" / "release.csv").read_bytes() == (cli_out / "release.csv").read_bytes()


@pytest.mark.slow
def test_a_reopened_project_shows_the_roles_protect_applies(window, qtbot, project_file):
    open_file(window, qtbot, project_file)
    s, columns = window.session, window.panels["columns"]
    saved = json.loads(project_file.read_text(encoding="utf-8"))["roles"]
    suggested = {c: Role(sug.role) for c, sug in s.suggestions.items()}
    assert suggested["name"] is Role.IDENTIFIER and suggested != s.roles, "roles must differ"
    shown = {c: box.role() for c, box in columns.role_boxes.items()}
    assert shown == s.roles == {c: Role(r) for c, r in saved.items()}
    protect = window.panels["protect"]
    outcome = run_job(qtbot, protect, protect.run)
    release = outcome.result.data
    frame = s.frame
    for column, role in shown.items():  # what each dropdown says is what Protect did
        if role is Role.IDENTIFIER:
            assert column not in release.columns
        elif role in (Role.INSENSITIVE, Role.SENSITIVE, Role.TARGET):
            kept = release[column].reset_index(drop=True)
            original = frame.loc[release.index, column].reset_index(drop=True)
            pd.testing.assert_series_equal(kept, original, check_names=False)
    assert "name" in release.columns, "kept as it is, as the dropdown says"


@pytest.mark.slow
def test_opening_file_b_leaves_nothing_of_file_a(window, qtbot, tmp_path, monkeypatch):
    a = write_cp1252(people(200, seed=4), tmp_path / "a.csv")
    b = write_utf8(people(150, seed=5).drop(columns="outcome"), tmp_path / "b.csv")
    open_file(window, qtbot, a)
    assert "a.csv is not UTF-8" in window.load_panel.banner.text()
    protect_assess_export(window, qtbot, tmp_path / "out")
    report = window.panels["report"]
    assert "Export finished" in report.banner.text()
    window.session.set_role("zip", Role.INSENSITIVE)  # "results belong to earlier settings"
    assert not window.panels["assess"].banner.isHidden()
    monkeypatch.setattr(
        QtWidgets.QMessageBox,
        "question",
        lambda *a, **k: QtWidgets.QMessageBox.StandardButton.Discard,
    )  # do not save the changed project
    open_file(window, qtbot, b)
    s = window.session
    assert s.loaded.path == b and set(s.roles) == set(pd.read_csv(b).columns)
    assert (s.protection_result, s.assessment, s.assessment_data, s.report) == (None,) * 4
    assert s.exported == [] and s.project_path is None
    for key, panel in window.panels.items():
        assert panel.banner.isHidden(), f"{key}: {panel.banner.text()}"
        if key != "columns":  # the Columns step measures B's columns (a job of B's own)
            assert not panel.runner.busy
    assert report.done_label.text() == ""
    assert window.panels["assess"].result_stack.currentIndex() == 0
    assert report.stack.currentIndex() == 0
    assert window.panels["protect"].outcome is None
    states = [b.status.state for b in window.stepper.buttons.values()]
    assert "done" not in states[2:] and "stale" not in states, states
    text = " ".join(
        w.text() for w in window.findChildren(QtWidgets.QLabel) if w.isVisibleTo(window)
    )
    assert "a.csv" not in text and "Export finished" not in text


@pytest.mark.slow
def test_the_window_never_grows_wider_than_the_screen(window, qtbot, tmp_path):
    open_file(window, qtbot, write_cp1252(people(200, seed=6), tmp_path / "wide.csv"))
    panels = window.panels
    run_job(qtbot, panels["protect"], panels["protect"].run)
    run_job(qtbot, panels["assess"], panels["assess"].run)
    area = window.screen().availableGeometry()
    window.resize(area.width() + 600, area.height() + 400)  # as a wide result panel would
    for key, panel in panels.items():
        window.go_to(key)
        qtbot.wait(20)
        assert window.width() <= area.width() and window.height() <= area.height(), key
        # the panel scrolls rather than being cut off: never narrower than it needs
        assert panel.width() >= panel.minimumSizeHint().width(), key
    lights = panels["assess"].lights
    window.go_to("assess")
    assert lights.isVisibleTo(window) and lights.width() >= lights.minimumSizeHint().width()
