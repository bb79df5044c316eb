"""Panels on real data: hierarchy editing, engine errors as banners, bugs as a dialog, closing."""

from __future__ import annotations

import pytest

from core.hierarchy import Hierarchy
from core.schema import Role
from ui.panels.hierarchy_editor import regroup
from ui.qt import QThreadPool


@pytest.fixture
def adult_window(window, qtbot, adult_csv):
    window.open_path(adult_csv)
    qtbot.waitUntil(lambda: window.session.loaded is not None, timeout=60_000)
    return window


def test_hierarchy_import_edit_and_export(adult_window, adult_hierarchy_files, tmp_path):
    s, editor = adult_window.session, adult_window.panels["columns"].hierarchy_editor
    s.set_role("marital-status", Role.QUASI_IDENTIFIER)
    editor.show_column("marital-status")
    editor.import_path(adult_hierarchy_files["marital-status"])
    h = s.hierarchies["marital-status"]
    assert (len(h), h.depth) == (7, 3) and editor.grid.rowCount() == 7

    # rename a whole group by editing one of its cells
    row = h.values.index("Divorced")
    editor.grid.item(row, 1).setText("living alone")
    h = s.hierarchies["marital-status"]
    assert "spouse not present" not in set(h.labels(1)) and "living alone" in set(h.labels(1))
    assert h.generalize(s.frame["marital-status"], 1).isin(["spouse present", "living alone"]).all()

    # move one value only: fine while the tree holds
    editor.whole_group.setChecked(False)
    row = h.values.index("Never-married")
    editor.grid.item(row, 1).setText("spouse present")
    h = s.hierarchies["marital-status"]
    assert h.labels(1)[h.values.index("Never-married")] == "spouse present"
    assert h.labels(1)[h.values.index("Divorced")] == "living alone"

    path = tmp_path / "marital.csv"
    editor.export_path(path)
    assert Hierarchy.from_arx_csv(path) == h and editor.banner.kind == "success"


def test_an_edit_that_breaks_the_tree_is_refused_with_a_banner(adult_window):
    s, editor = adult_window.session, adult_window.panels["columns"].hierarchy_editor
    editor.show_column("age")
    editor.build_automatically()
    before = s.hierarchies["age"]
    assert before.depth >= 3 and editor.grid.rowCount() == len(before)
    # give one value's level-1 group a level-2 parent that clashes with its siblings
    rows = before.table.tolist()
    first = rows[0]
    sibling = next(r for r in rows[1:] if r[1] == first[1])
    changed = regroup(rows, rows.index(sibling), 2, "elsewhere", whole_group=False)
    assert changed[0][2] != "elsewhere"
    editor.whole_group.setChecked(False)
    editor.grid.item(rows.index(sibling), 2).setText("elsewhere")
    assert editor.banner.kind == "error" and "is not a tree" in editor.banner.text()
    assert s.hierarchies["age"] == before
    assert editor.grid.item(rows.index(sibling), 2).text() == sibling[2], "the edit is undone"


def test_engine_errors_in_protect_are_banners(loaded_demo, qtbot):
    """ℓ = 20 distinct diagnoses cannot hold: the demo has 17, so the engine refuses it."""
    w = loaded_demo
    panel = w.panels["protect"]
    w.go_to("protect")
    panel.form.l_check.setChecked(True)
    panel.form.l_spin.setValue(20)
    assert w.session.protection.l == 20
    with qtbot.waitSignal(panel.runner.failed, timeout=120_000):
        panel.run_button.click()
    assert panel.banner.kind == "error" and "diagnosis" in panel.banner.text()
    assert w.session.protection_result is None and not panel.runner.busy


def test_a_bug_in_a_job_opens_the_error_dialog_not_a_banner(window, qtbot, monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr("ui.errors.show_unexpected", lambda exc, parent=None: shown.append(exc))

    def broken(path, monitor=None, **options):
        raise KeyError("a bug")

    monkeypatch.setattr("core.io.load_table", broken)
    (tmp_path / "t.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with qtbot.waitSignal(window.load_panel.runner.failed, timeout=10_000):
        window.load_panel.open_path(tmp_path / "t.csv")
    assert [type(e) for e in shown] == [KeyError] and window.load_panel.banner.isHidden()


def test_closing_the_window_cancels_and_waits_for_running_jobs(loaded_demo, qtbot):
    w = loaded_demo
    panel = w.panels["assess"]
    with qtbot.waitSignal(panel.runner.progress, timeout=60_000):
        panel.run()
    assert panel.runner.busy
    w.close()
    assert not w.isVisible() and not panel.runner.busy
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert w.session.assessment is None


def test_numeric_columns_get_intervals_of_the_chosen_widths(adult_window):
    s, editor = adult_window.session, adult_window.panels["columns"].hierarchy_editor
    editor.show_column("sex")
    assert editor.intervals.isHidden(), "only numbers have intervals"
    editor.show_column("age")
    assert not editor.intervals.isHidden()
    editor.intervals.widths.setText("5, 10, 20")
    editor.intervals.bottom.setText("18")
    editor.intervals.top.setText("90")
    editor.intervals.button.click()
    h = s.hierarchies["age"]
    assert h.depth == 5 and editor.banner.isHidden()
    age = s.frame["age"]
    level1 = h.generalize(age, 1)
    assert set(level1[age < 18]) == {"<18"} and set(level1[age >= 90]) == {">=90"}
    assert (
        level1[age == 34].iloc[0] == "30-34" and h.generalize(age, 3)[age == 34].iloc[0] == "20-39"
    )

    for text, message in (("5, 7", "each divide the next"), ("five", "is not a number")):
        editor.intervals.widths.setText(text)
        editor.intervals.button.click()
        assert editor.banner.kind == "error" and message in editor.banner.text()
        assert s.hierarchies["age"] == h
