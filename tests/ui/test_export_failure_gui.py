"""Issue 15 part 3 in the window: an export folder that cannot be written gets one clear line
in the Report step's banner, leaves no temporary file, and keeps the results for a retry."""

from __future__ import annotations

from tests.ui.test_gate_dialog import _protect_and_assess, names_window  # noqa: F401


def _leftovers(folder) -> list[str]:
    return [p.name for p in folder.rglob("*") if "staging" in p.name or p.suffix == ".tmp"]


def test_export_into_a_file_shows_the_folder_and_keeps_the_results(
    names_window,  # noqa: F811
    qtbot,
    tmp_path,
):
    w = names_window
    _protect_and_assess(w, qtbot)
    report, session = w.panels["report"], w.session
    kept, data = session.report, session.assessment_data
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the folder should be")
    with qtbot.waitSignal(report.runner.failed, timeout=120_000):
        report.export_to(blocker, accept_risk=True)
    text = report.banner.text()
    assert report.banner.kind == "error" and not report.banner.isHidden()
    assert str(blocker) in text, text
    assert "bug in Veil" not in text
    assert _leftovers(tmp_path) == []
    assert session.report is kept and session.assessment_data is data
    assert report.export_all_button.isEnabled(), "the export can be retried"
    good = tmp_path / "good"
    good.mkdir()
    with qtbot.waitSignal(report.runner.finished, timeout=120_000):
        report.export_to(good, accept_risk=True)
    assert (good / "release.csv").exists() and _leftovers(tmp_path) == []
