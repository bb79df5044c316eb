"""Window polish: the title, the proposed project name, the footer after an export, a missing
export folder created on request, and the drop highlight."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.schema import Role
from tests.ui.test_columns_step import credit_table
from tests.ui.test_gate_dialog import _protect_and_assess, names_window  # noqa: F401
from ui.qt import QtCore, QtGui, QtWidgets

Buttons = QtWidgets.QMessageBox.StandardButton


def shown_title(window) -> str:
    """The title as Qt shows it: [*] resolved, the display name appended unless it ends it."""
    title = window.windowTitle().replace("[*]", "*" if window.isWindowModified() else "")
    name = QtWidgets.QApplication.applicationDisplayName()
    return title if title.endswith(name) else f"{title} — {name}"


@pytest.fixture
def german(window, qtbot, tmp_path):
    window.open_path(credit_table(tmp_path / "german.csv", extra=2))
    qtbot.waitUntil(lambda: window.session.loaded is not None, timeout=60_000)
    return window


@pytest.fixture
def veil_display_name():
    """The name ui.application.make_app gives a real run (the tests share pytest-qt's app)."""
    app = QtWidgets.QApplication.instance()
    before = app.applicationDisplayName()
    app.setApplicationDisplayName("Veil")
    yield
    app.setApplicationDisplayName(before)


def test_title_names_the_file_once_and_marks_changes_the_qt_way(german, veil_display_name):
    assert german.windowTitle() == "german.csv[*]"
    assert shown_title(german) == "german.csv — Veil"
    german.session.set_role("purpose", Role.LEAVE_OUT)
    assert german.isWindowModified() and shown_title(german) == "german.csv* — Veil"


def test_save_dialog_proposes_a_name_from_the_data_file(german, monkeypatch):
    offered = []

    def dialog(_parent, _caption, start, _filter):
        offered.append(Path(start))
        return "", ""

    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", dialog)
    assert german.save_project_as() is False
    assert offered[0].name == "german.veil.json"


@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")
def test_drop_highlight_while_a_file_is_dragged_over(window, qtbot, tmp_path):
    path = credit_table(tmp_path / "dropped.csv", extra=1)
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(path))])
    pos = QtCore.QPointF(window.width() / 2, window.height() / 2)
    actions = QtCore.Qt.DropAction.CopyAction
    buttons, mods = QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier

    def enter():
        event = QtGui.QDragEnterEvent(pos.toPoint(), actions, mime, buttons, mods)
        QtWidgets.QApplication.sendEvent(window, event)
        assert event.isAccepted()

    enter()
    assert window.stack.property("dropping") and "dashed" in window.stack.styleSheet()
    QtWidgets.QApplication.sendEvent(window, QtGui.QDragLeaveEvent())
    assert not window.stack.property("dropping") and window.stack.styleSheet() == ""
    enter()
    QtWidgets.QApplication.sendEvent(window, QtGui.QDropEvent(pos, actions, mime, buttons, mods))
    assert not window.stack.property("dropping") and window.stack.styleSheet() == ""
    qtbot.waitUntil(lambda: window.session.loaded is not None, timeout=60_000)


def test_export_creates_a_new_folder_and_the_footer_names_the_project_copy(
    names_window,  # noqa: F811
    qtbot,
    tmp_path,
    monkeypatch,
):
    w = names_window
    _protect_and_assess(w, qtbot)
    report = w.panels["report"]
    assert "not saved yet" in w.project_label.text()
    chosen, answers = [], []
    monkeypatch.setattr(QtWidgets.QFileDialog, "getExistingDirectory", lambda *_a: str(chosen[-1]))
    monkeypatch.setattr(QtWidgets.QMessageBox, "question", lambda *_a: answers.pop(0))
    monkeypatch.setattr("ui.gate_dialog.confirm_release", lambda _parent, gate: gate.lines)

    chosen.append(tmp_path / "refused" / "new")
    answers.append(Buttons.Cancel)
    report.export_all()
    assert not (tmp_path / "refused").exists() and not report.runner.busy

    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    chosen.append(blocker / "new")
    answers.append(Buttons.Yes)
    report.export_all()
    assert report.banner.kind == "error" and str(blocker) in report.banner.text()
    assert not report.runner.busy

    chosen.append(tmp_path / "exports" / "first")
    answers.append(Buttons.Yes)
    with qtbot.waitSignal(report.runner.finished, timeout=120_000):
        report.export_all()
    assert (tmp_path / "exports" / "first" / "release.csv").exists()
    footer = w.project_label.text()
    assert "not saved yet" not in footer and "first/project.veil.json" in footer, footer
