"""The whole workflow on the demo data, driven by clicks, waiting for each background job."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from core.provenance import sha256_file
from core.report import verdicts
from core.schema import Role
from ui.qt import Qt, QtCore, QtWidgets

pytestmark = pytest.mark.slow
LONG = 600_000  # ms; the assessment trains several models


def click(qtbot, widget, pos=None):
    assert widget.isVisible() and widget.isEnabled(), widget
    if pos is None and isinstance(widget, QtWidgets.QCheckBox | QtWidgets.QRadioButton):
        pos = QtCore.QPoint(8, widget.height() // 2)  # on the box, not past the label
    if pos is None:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def click_point(qtbot, chart, x, y):
    """Click the canvas where data point (x, y) of its first axes is drawn."""
    canvas = chart.canvas
    canvas.draw()
    ax = chart.figure.axes[0]
    px, py = ax.transData.transform((x, y)) / canvas.device_pixel_ratio
    click(qtbot, canvas, QtCore.QPoint(round(px), round(canvas.height() - py)))


def test_walkthrough_load_columns_protect_assess_report(window, qtbot, tmp_path, monkeypatch):
    w, s = window, window.session
    load, columns, protect = w.panels["load"], w.panels["columns"], w.panels["protect"]
    assess, report = w.panels["assess"], w.panels["report"]

    # 1. Load: the demo, labelled synthetic, in the big-table preview
    with qtbot.waitSignal(load.runner.finished, timeout=60_000):
        click(qtbot, load.drop_zone.demo_button)
    assert s.is_demo and "no real person" in load.banner.text()
    assert load.model.rowCount() == 10_000 and load.model.columnCount() == 11
    demo_sha = sha256_file(s.loaded.path)
    click(qtbot, load.next_button)
    assert w.current_key == "columns"

    # 2. Columns: suggested roles with reasons; change one by its dropdown, hierarchy built
    assert {c for c, r in s.roles.items() if r == Role.IDENTIFIER} == {"name", "email", "phone"}
    assert s.roles["diagnosis"] == Role.SENSITIVE and s.roles["zip_code"] == Role.QUASI_IDENTIFIER
    reasons = {columns.table.item(r, 0).text(): columns.table.item(r, 3).text()
               for r in range(columns.table.rowCount())}  # fmt: skip
    assert "e-mail" in reasons["email"]
    box = columns.role_boxes["length_of_stay"]
    box.setCurrentIndex(box.findData(Role.QUASI_IDENTIFIER))
    assert s.roles["length_of_stay"] == Role.QUASI_IDENTIFIER
    assert "length_of_stay" in columns.overview.text()
    box.setCurrentIndex(box.findData(Role.INSENSITIVE))
    row = next(r for r in range(columns.table.rowCount())
               if columns.table.item(r, 0).text() == "zip_code")  # fmt: skip
    columns.table.selectRow(row)
    editor = columns.hierarchy_editor
    click(qtbot, editor.auto_button)
    assert "zip_code" in s.hierarchies and editor.grid.rowCount() == 200
    assert editor.grid.item(0, editor.grid.columnCount() - 1).text() == "*"
    click(qtbot, columns.next_button)
    assert w.current_key == "protect"

    # 3. Protect: k = 5 with the demo's 5% suppression; every released group has >= 5 people
    assert protect.form.k_spin.value() == 5
    with qtbot.waitSignal(protect.runner.finished, timeout=120_000):
        click(qtbot, protect.run_button)
    release = s.protection_result.data
    qis = s.columns_with(Role.QUASI_IDENTIFIER)
    assert release.groupby(qis, dropna=False).size().min() >= 5
    assert not set(release.columns) & {"name", "email", "phone"}
    assert 9_000 <= len(release) <= 10_000 and protect.after_model.rowCount() == len(release)
    suppressed = s.protection_result.to_dict()["suppressed_records"]
    assert len(release) == len(s.frame) - suppressed  # the whole table, not a half
    saved_table = tmp_path / "protected" / "patients-protected.xlsx"
    with qtbot.waitSignal(protect.runner.finished, timeout=120_000):
        protect.save_table(saved_table)
    assert len(pd.read_excel(saved_table)) == len(release) and protect.banner.kind == "success"
    saved_csv = tmp_path / "protected" / "patients-protected.csv"
    with qtbot.waitSignal(protect.runner.finished, timeout=120_000):
        protect.save_table(saved_csv)
    assert protect.chart.figure.axes and "Smallest group" in protect.summary.text()
    assert w.stepper.buttons["protect"].status.state == "done"
    click(qtbot, protect.next_button)
    assert w.current_key == "assess"

    # 4. Assess, with the trade-off sweep; lights, charts and frontier shown
    assert assess.form.target_box.currentData() == "readmitted_30d"
    assert assess.form.sensitive_box.currentData() == "diagnosis"
    click(qtbot, assess.form.sweep_check)
    assert s.assessment_settings.sweep
    with qtbot.waitSignal(assess.runner.finished, timeout=LONG):
        click(qtbot, assess.run_button)
    levels = assess.lights.levels()
    assert len(levels) == 3 and all(lv in ("low", "moderate", "high") for lv in levels)
    assert all(assess.charts[k].figure.axes for k in ("roc", "attribute", "utility"))
    roc_page = assess.chart_pages["roc"]
    assert assess.tabs.isTabVisible(assess.tabs.indexOf(roc_page))
    assess.tabs.setCurrentWidget(roc_page)
    assert assess.roc_caption.isVisibleTo(window) and assess.roc_caption.parent() is roc_page
    assert "outsiders wrongly flagged" in assess.roc_caption.text()
    assert "diagonal is guessing" in assess.roc_caption.text()
    roc_axes = assess.charts["roc"].figure.axes[0]
    assert roc_axes.get_xlabel() == "Outsiders wrongly flagged as in the data"
    assert roc_axes.get_ylabel() == "People in the data correctly found"
    assert s.assessment_data["after"]["reidentification"]["highest_risk"] <= 1 / 5  # rehearsal
    assert s.assessment_data["release"]["reidentification"]["highest_risk"] <= 1 / 5
    assert w.stepper.buttons["assess"].status.state == "done"

    # 5. Report: preview, then export everything into a folder
    click(qtbot, assess.next_button)
    assert w.current_key == "report"
    assert "Privacy risk report" in report.preview.toPlainText()
    assert "sha256" not in s.assessment_data["release"], "no fingerprint before the file exists"
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(QtWidgets.QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    from ui.gate_dialog import GateDialog

    asked: list[list[str]] = []  # the release gate: HIGH lights must be confirmed by name

    def release_anyway(dialog):
        asked.append(dialog.lines)
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(GateDialog, "exec", release_anyway)
    with qtbot.waitSignal(report.runner.finished, timeout=120_000):
        click(qtbot, report.export_all_button)
    files = {p.name: p for p in out.iterdir()}
    assert set(files) == {
        "release.csv",
        "assessment.json",
        "report.html",
        "report.pdf",
        "project.veil.json",
    }  # fmt: skip — the folder `veil-cli run` writes
    assert files["report.pdf"].read_bytes()[:4] == b"%PDF"
    saved = json.loads(files["assessment.json"].read_text(encoding="utf-8"))
    highs = [lt.risk for lt in verdicts(s.assessment_data) if lt.level == "high"]
    assert saved["release"]["confirmed_risks"] == (asked[0] if asked else [])
    assert len(asked) == (1 if highs else 0)
    assert all(any(r in line for line in saved["release"]["confirmed_risks"]) for r in highs)
    assert saved["dataset"]["synthetic"] is True and saved["dataset"]["name"] == "patients.csv"
    released = pd.read_csv(files["release.csv"])
    assert len(released) == saved["release"]["rows"] == 10_000 - suppressed
    assert files["release.csv"].read_bytes() == saved_csv.read_bytes(), "what Protect saved"
    assert saved["release"]["protection"]["suppressed_records"] == suppressed
    assert saved["rehearsal_release"]["rows"] == len(s.assessment.release) < len(released)
    assert saved["release"]["sha256"] == sha256_file(files["release.csv"])
    assert released.groupby(qis, dropna=False).size().min() >= 5
    real = saved["release"]["reidentification"]
    assert real["equivalence_classes"] == released.groupby(qis, dropna=False).ngroups
    assert f"in the released table ({len(released):,} of 10,000 records)" in (
        report.preview.toPlainText()
    ), "the preview's re-identification light describes the exported table"
    assert saved["release"]["sha256"] in report.preview.toPlainText(), "fingerprint once written"
    assert s.assessment_data["release"]["sha256"] == saved["release"]["sha256"]
    assert report.done_label.text().startswith("Saved 5 files")
    assert "pseudonymization_key" not in files["project.veil.json"].read_text(encoding="utf-8")
    assert sha256_file(s.loaded.path) == demo_sha, "the input file is never modified"
    assert [b.status.state for b in w.stepper.buttons.values()] == ["done"] * 5

    # Back to the trade-off: clicking another point adopts its settings
    w.go_to("assess")
    assess.tabs.setCurrentWidget(assess.frontier)
    points = assess.frontier.points
    assert len(points) >= 3 and assess.frontier.current_index() is not None
    canvas = assess.frontier.chart.canvas
    canvas.draw()
    boxes = [t.get_window_extent(canvas.get_renderer()) for t in canvas.figure.axes[0].texts]
    assert len(boxes) == len(points), "every point is labelled"
    assert not [
        (i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes[:i]) if a.overlaps(b)
    ]
    target = next(p for p in points if p["method"] == "optimal" and p.get("k") not in (None, 5))
    click_point(qtbot, assess.frontier.chart, target["advantage"], target["accuracy"])
    assert s.protection.k == target["k"] and s.protection.method == "optimal"
    assert protect.form.k_spin.value() == target["k"]
    assert s.protection_result is None and s.assessment is None
    assert "Protect and assess again" in assess.banner._action.text()
    assert w.stepper.buttons["assess"].status.state == "stale"


def test_cancel_mid_assessment_leaves_the_window_idle(loaded_demo, qtbot):
    w = loaded_demo
    w.go_to("assess")
    panel = w.panels["assess"]
    with qtbot.waitSignal(panel.runner.progress, timeout=120_000):
        click(qtbot, panel.run_button)  # protects the whole table first, then assesses it
    assert w.session.protection_result is not None
    assert panel.progress.isVisible() and not panel.run_button.isEnabled()
    assert w.stepper.buttons["assess"].status.text == "Attacking…"
    with qtbot.waitSignal(panel.runner.cancelled, timeout=5_000):
        click(qtbot, panel.progress.cancel_button)
    assert not panel.runner.busy and panel.progress.isHidden() and panel.run_button.isEnabled()
    assert panel.banner.isHidden(), "a cancelled job is not an error"
    assert w.session.assessment is None and panel.result_stack.currentIndex() == 0
    assert w.stepper.buttons["assess"].status.state == "ready"
    assert panel.runner.wait(120), "the worker stops at its next cancel point"
    qtbot.wait(100)
    assert w.session.assessment is None, "the late result was dropped"
    # the window still works: other steps run while nothing is busy
    with qtbot.waitSignal(w.panels["protect"].runner.finished, timeout=120_000):
        w.go_to("protect")
        click(qtbot, w.panels["protect"].run_button)
    assert w.session.protection_result is not None


def test_protecting_again_makes_the_assessment_and_report_stale(loaded_demo, qtbot):
    w, s = loaded_demo, loaded_demo.session
    protect, assess = w.panels["protect"], w.panels["assess"]
    w.go_to("protect")
    with qtbot.waitSignal(protect.runner.finished, timeout=120_000):
        click(qtbot, protect.run_button)
    w.go_to("assess")
    with qtbot.waitSignal(assess.runner.finished, timeout=LONG):
        click(qtbot, assess.run_button)
    assert s.assessment_data["release"]["rows"] == len(s.protection_result.data)
    w.go_to("protect")
    with qtbot.waitSignal(protect.runner.finished, timeout=120_000):
        click(qtbot, protect.run_button)  # a new release: the report described the old one
    assert s.assessment is None and s.report is None
    assert w.stepper.buttons["assess"].status.state == "stale"
    assert w.stepper.buttons["report"].status.state == "blocked"
