"""Issue 15 part 3 in the window: an export folder that cannot be written gets one clear line
in the Report step's banner, leaves no temporary file, and keeps the results for a retry."""

from __future__ import annotations

import pytest

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


def test_export_onto_a_full_disk_shows_the_folder_and_leaves_nothing(
    names_window,  # noqa: F811
    qtbot,
    tmp_path,
):
    import subprocess

    disk = tmp_path / "tiny"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        _protect_and_assess(names_window, qtbot)
        report = names_window.panels["report"]
        kept = names_window.session.report
        with qtbot.waitSignal(report.runner.failed, timeout=120_000):
            report.export_to(disk, accept_risk=True)
        text = report.banner.text()
        assert report.banner.kind == "error" and str(disk) in text, text
        assert "bug in Veil" not in text
        assert _leftovers(disk) == [] and names_window.session.report is kept
    finally:
        subprocess.run(["umount", str(disk)], check=False)
