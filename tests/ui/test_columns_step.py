"""The Columns step through its widgets: several rows take one role, Leave out, undo and redo
(keys and the Edit menu), the Why column, no scrolling on a click, the target-leak note."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.schema import Role
from ui.qt import QtCore, QtWidgets

Qt = QtCore.Qt


def credit_table(path, n: int = 200, extra: int = 30, seed: int = 0):
    """A german-credit-like table, wide enough that the column list scrolls."""
    rng = np.random.default_rng(seed)
    data = {
        "age": rng.integers(19, 75, n),
        "sex": rng.choice(["male", "female"], n),
        "duration": rng.integers(4, 72, n),
        "purpose": rng.choice(["car", "radio/TV", "education", "business"], n),
    }
    data.update({f"attr_{i:02d}": rng.choice(["A", "B", "C"], n) for i in range(extra)})
    data["credit_risk"] = rng.choice(["good", "bad"], n)
    pd.DataFrame(data).to_csv(path, index=False)
    return path


@pytest.fixture
def columns_step(window, qtbot, tmp_path):
    window.open_path(credit_table(tmp_path / "german.csv"))
    qtbot.waitUntil(lambda: window.session.loaded is not None, timeout=60_000)
    window.go_to("columns")
    panel = window.panels["columns"]
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=60_000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is window, timeout=5_000)
    return window, panel


def click_row(qtbot, panel, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A click on the row's name cell (not on its dropdown), as the user does."""
    table = panel.table
    table.scrollToItem(table.item(row, 0)) if modifier == Qt.KeyboardModifier.NoModifier else None
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def choose(qtbot, box: QtWidgets.QComboBox, label: str) -> None:
    """Open the dropdown with a click, walk its list with the arrow keys and press Enter."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    view = box.view()
    qtbot.waitUntil(view.isVisible, timeout=5_000)
    row = box.findText(label)
    assert row >= 0, f"{label} is not offered"
    qtbot.keyClick(view, Qt.Key.Key_Home)
    for _ in range(row):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5_000)


def shortcut(qtbot, window, key, modifiers) -> None:
    qtbot.keyClick(window.focusWidget() or window, key, modifiers)


def test_shift_click_then_one_dropdown_sets_every_selected_row_in_one_undo_step(
    columns_step, qtbot
):
    window, panel = columns_step
    s = window.session
    names = ["attr_00", "attr_01", "attr_02"]
    rows = [list(s.roles).index(c) for c in names]
    before = {c: s.roles[c] for c in names}
    click_row(qtbot, panel, rows[0])
    click_row(qtbot, panel, rows[2], Qt.KeyboardModifier.ShiftModifier)
    assert panel.selected_columns() == names
    assert panel.selected_label.text() == "3 columns selected:"
    choose(qtbot, panel.role_boxes["attr_01"], "Leave out (not released)")
    assert {c: s.roles[c] for c in names} == dict.fromkeys(names, Role.LEAVE_OUT)
    assert all(panel.role_boxes[c].role() is Role.LEAVE_OUT for c in names)
    why = [panel.table.item(r, 3).text() for r in rows]
    assert why == ["You chose Leave out (not released): not released at all."] * 3
    assert "attr_00, attr_01, attr_02</b> will not be released" in panel.overview.text()
    assert s.history.count() == 1
    assert window.undo_action.text() == "&Undo roles of 3 columns"

    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {c: s.roles[c] for c in names} == before
    assert [panel.role_boxes[c].role() for c in names] == list(before.values())
    assert panel.table.item(rows[0], 3).text() == s.suggestions["attr_00"].reason
    assert window.redo_action.text() == "&Redo roles of 3 columns"
    shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    shortcut(qtbot, window, Qt.Key.Key_Z, shift)
    assert s.roles["attr_02"] is Role.LEAVE_OUT
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    shortcut(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert s.roles["attr_00"] is Role.LEAVE_OUT and s.history.index() == 1


def test_ctrl_click_and_the_bulk_dropdown(columns_step, qtbot):
    window, panel = columns_step
    s = window.session
    order = list(s.roles)
    before = (s.roles["sex"], s.roles["purpose"])
    click_row(qtbot, panel, order.index("sex"))
    click_row(qtbot, panel, order.index("purpose"), Qt.KeyboardModifier.ControlModifier)
    assert panel.selected_columns() == ["sex", "purpose"] and panel.bulk_box.isEnabled()
    choose(qtbot, panel.bulk_box, "Sensitive")
    assert s.roles["sex"] is s.roles["purpose"] is Role.SENSITIVE
    assert panel.bulk_box.currentIndex() == 0, "back to 'Set their role…'"
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    undo = next(a for a in menu.actions() if a is window.undo_action)
    assert undo.isEnabled() and undo.text() == "&Undo roles of 2 columns"
    undo.trigger()
    assert (s.roles["sex"], s.roles["purpose"]) == before
    assert not undo.isEnabled() and window.redo_action.isEnabled()


def test_one_unselected_row_changes_alone_and_why_follows(columns_step, qtbot):
    window, panel = columns_step
    s = window.session
    click_row(qtbot, panel, 0)
    row = list(s.roles).index("duration")
    choose(qtbot, panel.role_boxes["duration"], "Target")
    assert s.roles["duration"] is Role.TARGET and s.roles["age"] is s.suggestions["age"].role
    assert panel.table.item(row, 3).text().startswith("You chose Target:")
    assert window.undo_action.text() == "&Undo role of 'duration'"


def test_protection_and_hierarchy_edits_undo_and_a_new_file_clears_the_history(
    columns_step, qtbot, tmp_path
):
    window, panel = columns_step
    s = window.session
    click_row(qtbot, panel, list(s.roles).index("age"))
    choose(qtbot, panel.role_boxes["age"], "Quasi-identifier")
    qtbot.mouseClick(panel.hierarchy_editor.auto_button, Qt.MouseButton.LeftButton)
    assert "age" in s.hierarchies
    assert window.undo_action.text() == "&Undo hierarchy of 'age'"
    window.go_to("protect")
    spin = window.panels["protect"].form.k_spin
    spin.setFocus()
    for _ in range(3):
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert s.protection.k == 8
    assert window.undo_action.text() == "&Undo k (protection)", "three steps of k merge"
    window.stepper.setFocus()  # in a number field, Ctrl+Z is the field's own (as in any app)
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert s.protection.k == 5 and spin.value() == 5
    window.go_to("columns")
    window.undo_action.trigger()
    assert "age" not in s.hierarchies and panel.hierarchy_editor.grid.rowCount() == 0
    window.undo_action.trigger()
    assert s.roles["age"] is s.suggestions["age"].role
    window.redo_action.trigger()
    assert s.roles["age"] is Role.QUASI_IDENTIFIER
    s.mark_dirty(False)  # no "unsaved changes" question
    window.open_path(credit_table(tmp_path / "other.csv", seed=1))
    qtbot.waitUntil(lambda: s.loaded.path.name == "other.csv", timeout=60_000)
    assert s.history.count() == 0 and not window.undo_action.isEnabled()


def test_a_click_on_a_half_visible_row_does_not_scroll(columns_step, qtbot):
    _window, panel = columns_step
    table = panel.table
    bar = table.verticalScrollBar()
    assert bar.maximum() > 0, "the list must scroll for this test"
    height = table.viewport().height()
    half = next(
        r for r in range(table.rowCount())
        if table.rowViewportPosition(r) < height < table.rowViewportPosition(r) + table.rowHeight(r)
    )  # fmt: skip
    before = bar.value()
    y = table.rowViewportPosition(half) + 3
    x = table.columnViewportPosition(3) + 10  # the Why cell
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=QtCore.QPoint(x, y))
    qtbot.wait(QtWidgets.QApplication.doubleClickInterval() + 200)  # Qt scrolls after a delay
    assert panel.selected_columns() == [table.item(half, 0).text()]
    assert bar.value() == before


def test_a_target_restated_by_other_columns_is_named(window, qtbot, tmp_path):
    from tests.core.test_target_leak import compas_like

    path = tmp_path / "compas.csv"
    compas_like(400).drop(columns=["name"]).to_csv(path, index=False)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.loaded is not None, timeout=60_000)
    panel = window.panels["columns"]
    window.go_to("columns")
    choose(qtbot, panel.role_boxes["two_year_recid"], "Target")
    qtbot.waitUntil(lambda: not panel.runner.busy and panel.target_leak.isVisible(), timeout=60_000)
    text = panel.target_leak.text()
    assert "'event' predicts 'two_year_recid' 100% of the time" in text
    assert "'is_recid' predicts 'two_year_recid'" in text and "Leave out" in text
    choose(qtbot, panel.role_boxes["two_year_recid"], "Keep as is")
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=60_000)
    assert panel.target_leak.isHidden()
