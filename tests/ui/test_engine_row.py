"""The Load step shows which engine will process the file; the choice is saved with the
project and comes back when the project is opened again."""

from __future__ import annotations

import json

import core.engine.choose
from core.project_engine import EngineSettings


def _open(window, qtbot, path) -> None:
    panel = window.load_panel
    with qtbot.waitSignal(panel.runner.finished, timeout=60_000):
        panel.open_path(path)


def test_the_engine_is_shown_chosen_saved_and_reopened(window, qtbot, adult_csv, tmp_path):
    _open(window, qtbot, adult_csv)
    row = window.load_panel.engine_row
    assert not row.isHidden()
    assert row.note.text() == "Processed in memory (pandas)."
    assert row.box.currentData() == "auto"
    row.box.setCurrentIndex(row.box.findData("duckdb"))
    s = window.session
    assert s.workflow.engine == EngineSettings(name="duckdb")
    assert row.note.text() == "Processed out of memory with DuckDB."
    assert s.dirty
    path = tmp_path / "adult.veil.json"
    assert window._write_project(path)
    assert json.loads(path.read_text(encoding="utf-8"))["engine"] == {"name": "duckdb"}
    _open(window, qtbot, adult_csv)  # another table: the engine starts over
    assert row.box.currentData() == "auto"
    _open(window, qtbot, path)
    assert s.workflow.engine == EngineSettings(name="duckdb")
    assert row.box.currentData() == "duckdb"
    assert row.note.text() == "Processed out of memory with DuckDB."


def test_a_file_above_the_threshold_says_duckdb_will_process_it(
    window, qtbot, adult_csv, monkeypatch
):
    monkeypatch.setattr(core.engine.choose, "threshold", lambda suffix, memory=None: 1000)
    _open(window, qtbot, adult_csv)
    note = window.load_panel.engine_row.note.text()
    assert note.startswith("adult.csv is ") and "out of memory with DuckDB" in note
