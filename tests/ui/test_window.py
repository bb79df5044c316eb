"""The main window: steps, drag & drop, recent files, project save/open, unsaved-changes guard."""

from __future__ import annotations

import json

import pytest

from core.schema import Role
from ui.qt import QtCore, QtGui, QtWidgets


def wait_loaded(window, qtbot):
    qtbot.waitUntil(lambda: not window.load_panel.runner.busy, timeout=60_000)


def test_steps_say_what_is_missing_and_block_until_ready(window, qtbot):
    states = {k: b.status.state for k, b in window.stepper.buttons.items()}
    assert states == {"load": "ready", "columns": "blocked", "protect": "blocked",
                      "assess": "blocked", "report": "blocked"}  # fmt: skip
    window.go_to("protect")
    panel = window.panels["protect"]
    assert panel.pages.currentIndex() == 0 and "no table" in panel.blocked_label.text()
    qtbot.mouseClick(panel.blocked_button, QtCore.Qt.MouseButton.LeftButton)
    assert window.current_key == "load"


@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")
def test_drop_a_file_loads_it_and_remembers_it(window, qtbot, adult_csv, store):
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(adult_csv))])
    pos = QtCore.QPointF(window.width() / 2, window.height() / 2)
    actions = QtCore.Qt.DropAction.CopyAction
    buttons, mods = QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier
    enter = QtGui.QDragEnterEvent(pos.toPoint(), actions, mime, buttons, mods)
    QtWidgets.QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QtWidgets.QApplication.sendEvent(window, QtGui.QDropEvent(pos, actions, mime, buttons, mods))
    wait_loaded(window, qtbot)
    s = window.session
    assert len(s.frame) == 30162 and s.frame.shape[1] == 9 and not s.is_demo
    assert {c for c, r in s.roles.items() if r == Role.QUASI_IDENTIFIER} >= {
        "age", "sex", "race", "marital-status", "native-country"}  # fmt: skip
    assert store.recent_files() == [str(adult_csv.resolve())]
    assert [a.text() for a in window.recent_menu.actions()] == [str(adult_csv.resolve())]
    assert window.stepper.buttons["columns"].status.state == "done"


def test_project_round_trip_and_unsaved_guard(window, qtbot, tmp_path, adult_csv, store,
                                              adult_hierarchy_files, monkeypatch):  # fmt: skip
    window.open_path(adult_csv)
    wait_loaded(window, qtbot)
    s = window.session
    assert not s.dirty, "a freshly loaded table has nothing to save yet"
    new_role = Role.INSENSITIVE if s.roles["education"] != Role.INSENSITIVE else Role.SENSITIVE
    s.set_role("education", new_role)
    assert s.dirty and window.isWindowModified()
    editor = window.panels["columns"].hierarchy_editor
    editor.show_column("age")
    editor.import_path(adult_hierarchy_files["age"])
    assert s.hierarchies["age"].depth == 5 and editor.grid.columnCount() == 5
    form = window.panels["protect"].form
    form.k_spin.setValue(7)
    assert s.protection.k == 7

    # the guard: Cancel keeps the window open, nothing is lost
    buttons = QtWidgets.QMessageBox.StandardButton
    monkeypatch.setattr(QtWidgets.QMessageBox, "question", lambda *a, **k: buttons.Cancel)
    window.close()
    assert window.isVisible()

    path = tmp_path / "adult.veil.json"
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert window.save_project()
    assert (
        not s.dirty and s.project_path == path and "adult.veil.json" in window.project_label.text()
    )
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["roles"]["education"] == new_role.value and doc["protection"]["k"] == 7

    from ui.main_window import MainWindow

    other = MainWindow(store)
    other.open_path(path)
    qtbot.waitUntil(lambda: other.session.loaded is not None, timeout=60_000)
    o = other.session
    assert o.roles == s.roles and o.protection == s.protection and o.project_path == path
    assert o.hierarchies["age"] == s.hierarchies["age"] and not o.dirty
    assert other.panels["protect"].form.k_spin.value() == 7
    assert str(path.resolve()) in store.recent_files()
    other.close()


def test_a_project_whose_table_changed_gives_a_banner(window, qtbot, tmp_path):
    from core.project import Project, save_project

    data = tmp_path / "t.csv"
    data.write_text("age,sex\n34,f\n51,m\n", encoding="utf-8")
    save_project(Project(input_path=data, input_sha256="0" * 64), tmp_path / "t.veil.json")
    window.open_path(tmp_path / "t.veil.json")
    wait_loaded(window, qtbot)
    banner = window.load_panel.banner
    assert banner.kind == "error" and "changed since the project was saved" in banner.text()
    assert window.session.loaded is None


@pytest.mark.parametrize("key", ["load", "columns", "protect", "assess", "report"])
def test_every_step_has_a_shortcut_and_tooltips(window, key):
    from ui.session import STEPS

    number = STEPS.index(key) + 1
    actions = [a for a in window.findChildren(QtGui.QAction)
               if a.shortcut().toString() == f"Ctrl+{number}"]  # fmt: skip
    assert len(actions) == 1
    actions[0].trigger()
    assert window.current_key == key
    panel = window.panels[key]
    untipped = [w for w in panel.findChildren(QtWidgets.QAbstractButton)
                if isinstance(w, QtWidgets.QRadioButton | QtWidgets.QCheckBox)
                and not w.toolTip()]  # fmt: skip
    assert untipped == []


@pytest.mark.parametrize("how", ["file", "demo"])
def test_veil_file_and_veil_demo_open_on_start(qtbot, adult_csv, how, private_qsettings):
    from pathlib import Path

    from ui.application import start

    w = start(path=str(adult_csv)) if how == "file" else start(demo=True)
    try:
        qtbot.waitUntil(lambda: w.session.loaded is not None, timeout=60_000)
        assert w.isVisible()
        if how == "file":
            assert len(w.session.frame) == 30162 and not w.session.is_demo
            assert str(adult_csv.resolve()) in w.store.recent_files()
            assert any(Path(private_qsettings).rglob("*.conf")), "settings kept in QSettings"
        else:
            assert w.session.is_demo and w.session.protection.suppression == 0.05
    finally:
        w.session.mark_dirty(False)
        w.close()
