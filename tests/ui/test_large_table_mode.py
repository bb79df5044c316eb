"""Large-table mode on Adult with the threshold patched small: the file opens without being
loaded (preview, row count, banner), Protect runs through DuckDB with the pandas optimum and
can be cancelled."""

from __future__ import annotations

import pytest

import core.engine.choose
from core.hierarchy import Hierarchy
from core.io import load_table
from core.pipeline import protect_release
from core.settings import ProtectionSettings
from tests.conftest import ADULT_QIS, adult_roles
from ui.qt import Qt

K5 = ProtectionSettings(method="optimal", k=5, suppression=0.05)


@pytest.fixture
def large_adult(window, qtbot, adult_csv, adult_hierarchy_files, monkeypatch):
    """Adult opened in large-table mode, with its roles, ARX's hierarchies and k = 5."""
    monkeypatch.setattr(core.engine.choose, "threshold", lambda suffix, memory=None: 1000)
    with qtbot.waitSignal(window.load_panel.runner.finished, timeout=60_000):
        window.load_panel.open_path(adult_csv)
    s = window.session
    s.set_roles(adult_roles())
    for q in ADULT_QIS:
        s.set_hierarchy(q, Hierarchy.from_arx_csv(adult_hierarchy_files[q]))
    s.set_protection(K5)
    return window


def test_a_large_file_opens_with_a_preview_its_row_count_and_a_banner(large_adult):
    w, s = large_adult, large_adult.session
    load = w.load_panel
    assert s.workflow.large.rows == 30_162
    assert len(s.loaded.frame) == load.model.rowCount() == 10_000  # the preview only
    assert load.banner.kind == "info" and not load.banner.isHidden()
    assert load.banner.text().startswith(
        "Large table: 30,162 rows. Veil processes it out of memory with DuckDB; attacks are "
        "measured on a sample of 30,162."
    )
    assert "30,162 rows × 9 columns" in load.summary.text()
    assert s.suggestions["age"].role == "quasi_identifier"
    assert "out of memory with DuckDB" in load.engine_row.note.text()
    row = load.engine_row
    row.box.setCurrentIndex(row.box.findData("pandas"))  # it cannot be: never loaded whole
    assert row.note.text() == "The table is too large for memory: it is processed with DuckDB."


def test_protect_runs_through_duckdb_with_the_pandas_optimum(
    large_adult, qtbot, adult_csv, adult_qi_hierarchies
):
    w, s = large_adult, large_adult.session
    w.go_to("protect")
    panel = w.panels["protect"]
    with qtbot.waitSignal(panel.runner.finished, timeout=120_000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    result = s.protection_result
    assert result.engine == "duckdb" and result.release_file.is_file()
    frame = load_table(adult_csv).frame
    expected = protect_release(frame, adult_roles(), K5, hierarchies=adult_qi_hierarchies)
    assert result.transformation == expected.transformation
    assert result.suppressed_records == expected.suppressed_records
    assert result.rows_out == len(expected.data) == 28_704
    assert "Released records 28,704 of 30,162" in panel.summary.text()
    assert w.stepper.buttons["protect"].status.state == "done"


def test_cancel_stops_protect_and_keeps_nothing(large_adult, qtbot):
    w, s = large_adult, large_adult.session
    w.go_to("protect")
    panel = w.panels["protect"]
    with qtbot.waitSignal(panel.runner.cancelled, timeout=60_000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        panel.runner.cancel()
    assert s.protection_result is None
    assert not panel.runner.busy


def test_a_method_duckdb_cannot_run_is_refused_on_the_step(large_adult, qtbot):
    w, s = large_adult, large_adult.session
    w.go_to("protect")
    panel = w.panels["protect"]
    s.set_protection(ProtectionSettings(method="none"))
    with qtbot.waitSignal(panel.runner.failed, timeout=60_000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.banner.kind == "error"
    assert "DuckDB runs the optimal generalization only" in panel.banner.text()
    assert s.protection_result is None


def test_the_columns_step_says_its_uniqueness_comes_from_the_first_rows(large_adult, qtbot):
    columns = large_adult.panels["columns"]
    large_adult.go_to("columns")
    qtbot.waitUntil(
        lambda: "first 10,000 of 30,162 rows" in columns.uniqueness.text(), timeout=30_000
    )
    assert "the check before export counts every record" in columns.uniqueness.text()
