"""The Load step names every repeated column name and offers to load them renamed."""

from __future__ import annotations

from ui.project_io import session_to_project


def test_the_offer_loads_the_repeats_renamed_and_the_project_remembers(window, qtbot, tmp_path):
    path = tmp_path / "scores.csv"
    rows = [f"{20 + i % 50},{i % 10},{i % 7}" for i in range(60)]
    path.write_text("age,decile_score,decile_score\n" + "\n".join(rows) + "\n")
    panel = window.load_panel
    panel.open_path(path)
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=60_000)
    assert panel.banner.kind == "error" and window.session.loaded is None
    assert "'decile_score' (columns 2 and 3)" in panel.banner.text()
    assert panel.banner._action.text() == "Load with renamed columns"
    panel.banner._action.click()
    qtbot.waitUntil(lambda: window.session.loaded is not None, timeout=60_000)
    assert list(window.session.frame.columns) == ["age", "decile_score", "decile_score.2"]
    assert panel.banner.kind == "warning" and "decile_score.2" in panel.banner.text()
    assert session_to_project(window.session).rename_duplicates
