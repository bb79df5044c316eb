"""The release gate in the window, on a table with people's names: the Columns step flags
them and names the columns that make records unique; keeping a name column as it is makes
the export ask first, and going back writes nothing."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from core.schema import Role
from core.settings import AssessmentSettings
from ui.gate_dialog import GateDialog
from ui.qt import Qt, QtCore, QtWidgets

N = 300
GIVEN = ["Anna", "Bernd", "Chloé", "Diego", "Emma", "Femke", "Gustav", "Hugo", "Inès", "Jonas"]
FAMILY = ["Müller", "Dubois", "García", "Jansen", "Smith", "Rossi", "Novák", "Berg", "Lund"]


def names_csv(folder) -> str:
    rng = np.random.default_rng(11)
    frame = pd.DataFrame(
        {
            "col_1": [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}{rng.choice(['', 'er', 'i'])}"
                      for _ in range(N)],
            "first": [f"{rng.choice(GIVEN)}{rng.choice(['', 'a', 'o', 'ine'])}" for _ in range(N)],
            "last": [f"{rng.choice(FAMILY)}{rng.choice(['', 'er', 'i', 'sen'])}" for _ in range(N)],
            "sex": rng.choice(["Female", "Male"], N),
            "age": rng.integers(20, 70, N),
            "weight_g": rng.integers(40_000, 120_000, N),
            "outcome": rng.integers(0, 2, N),
        }
    )  # fmt: skip
    path = folder / "people.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture
def names_window(window, qtbot, tmp_path):
    load = window.panels["load"]
    with qtbot.waitSignal(load.runner.finished, timeout=60_000):
        load.open_path(names_csv(tmp_path))
    window.go_to("columns")
    qtbot.waitUntil(lambda: not window.panels["columns"].runner.busy, timeout=30_000)
    return window


def _cell(columns, column: str, index: int) -> str:
    row = next(
        r for r in range(columns.table.rowCount()) if columns.table.item(r, 0).text() == column
    )
    item = columns.table.item(row, index)
    return item.text() if item else ""


def test_columns_step_flags_names_and_names_unique_kept_columns(names_window, qtbot):
    columns = names_window.panels["columns"]
    for column in ("col_1", "first", "last"):
        assert columns.role_boxes[column].role() == Role.IDENTIFIER, column
    assert "people's names" in _cell(columns, "col_1", 3)
    assert "person's name" in _cell(columns, "first", 3)
    assert columns.role_boxes["outcome"].role() == Role.TARGET
    assert _cell(columns, "weight_g", 5).startswith("+")
    assert "weight_g" in columns.uniqueness.text() and "remove it" in columns.uniqueness.text()
    assert _cell(columns, "sex", 5) == "", "quasi-identifiers are not 'kept as is'"
    box = columns.role_boxes["last"]
    box.setCurrentIndex(box.findData(Role.INSENSITIVE))
    qtbot.waitUntil(lambda: _cell(columns, "last", 5).startswith("+"), timeout=30_000)


def _protect_and_assess(window, qtbot):
    s = window.session
    s.set_assessment_settings(AssessmentSettings(attacks=("reidentification",), target=None))
    protect, assess = window.panels["protect"], window.panels["assess"]
    window.go_to("protect")
    with qtbot.waitSignal(protect.runner.finished, timeout=120_000):
        protect.run()
    window.go_to("assess")
    with qtbot.waitSignal(assess.runner.finished, timeout=120_000):
        assess.run()
    assert s.report is not None
    window.go_to("report")


def test_a_name_kept_as_is_triggers_the_dialog_and_going_back_writes_nothing(
    names_window, qtbot, tmp_path, monkeypatch
):
    w = names_window
    box = w.panels["columns"].role_boxes["last"]
    box.setCurrentIndex(box.findData(Role.INSENSITIVE))
    _protect_and_assess(w, qtbot)
    shown: list[str] = []

    def go_back(dialog):
        shown.append(dialog.text())
        assert not dialog.release_button.isEnabled(), "nothing released without the tick"
        return QtWidgets.QDialog.DialogCode.Rejected

    monkeypatch.setattr(GateDialog, "exec", go_back)
    out = tmp_path / "out"
    out.mkdir()
    report = w.panels["report"]
    report.export_to(out)
    assert len(shown) == 1 and "Column 'last'" in shown[0] and "Column 'weight_g'" in shown[0]
    assert not report.runner.busy and list(out.iterdir()) == [], "cancelling writes nothing"

    def release_anyway(dialog):
        dialog.confirm_check.setChecked(True)
        assert dialog.release_button.isEnabled()
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(GateDialog, "exec", release_anyway)
    with qtbot.waitSignal(report.runner.finished, timeout=120_000):
        report.export_to(out)
    saved = json.loads((out / "assessment.json").read_text(encoding="utf-8"))
    confirmed = saved["release"]["confirmed_risks"]
    assert any("'last'" in c for c in confirmed) and any("'weight_g'" in c for c in confirmed)
    assert "last" in pd.read_csv(out / "release.csv").columns
    assert report.banner.kind == "warning" and "you confirmed" in report.banner.text()


def test_saving_the_protected_table_asks_too(names_window, qtbot, tmp_path, monkeypatch):
    w = names_window
    box = w.panels["columns"].role_boxes["first"]
    box.setCurrentIndex(box.findData(Role.INSENSITIVE))
    protect = w.panels["protect"]
    w.go_to("protect")
    with qtbot.waitSignal(protect.runner.finished, timeout=120_000):
        protect.run()
    seen = []
    monkeypatch.setattr(
        GateDialog, "exec", lambda d: seen.append(d.text()) or QtWidgets.QDialog.DialogCode.Rejected
    )
    protect.save_table(tmp_path / "x.csv")
    assert seen and "Column 'first'" in seen[0] and not (tmp_path / "x.csv").exists()


def test_the_dialog_lists_every_concern_and_defaults_to_going_back(qtbot):
    dialog = GateDialog(["Column 'a' is released as it is.", "Re-identification risk is HIGH."])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.concerns.count() == 2 and dialog.cancel_button.isDefault()
    assert not dialog.release_button.isEnabled()
    qtbot.mouseClick(dialog.confirm_check, Qt.MouseButton.LeftButton, pos=QtCore.QPoint(5, 5))
    assert dialog.release_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Rejected
