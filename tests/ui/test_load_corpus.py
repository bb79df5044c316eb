"""The degenerate-input corpus through the Load step: a banner or a loaded table, no crash."""

from __future__ import annotations

import itertools
import time

import pytest

from tests.corpus import CASES
from ui.qt import QTimer

PARAMS = [pytest.param(c, id=c.name, marks=[pytest.mark.slow] if c.slow else []) for c in CASES]


@pytest.fixture
def no_crash_dialog(monkeypatch):
    """Unknown exceptions open the crash dialog; record them instead, and fail if any."""
    shown = []
    monkeypatch.setattr("ui.errors.show_unexpected", lambda exc, parent=None: shown.append(exc))
    yield shown
    assert shown == [], f"unexpected error dialog: {shown!r}"


def load(window, qtbot, path, timeout=60_000):
    panel = window.load_panel
    panel.open_path(path)
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=timeout)
    return panel


@pytest.mark.parametrize("bad", PARAMS)
def test_corpus_case_through_the_load_step(bad, window, qtbot, tmp_path, no_crash_dialog):
    path = bad.make(tmp_path)
    if reason := bad.skip(path):
        pytest.skip(reason)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(50)
    panel = load(window, qtbot, path, timeout=300_000 if bad.slow else 60_000)
    timer.stop()
    if bad.expect_error:
        assert panel.banner.isVisible() and panel.banner.kind == "error"
        assert bad.message_contains in panel.banner.text()
        assert window.session.loaded is None
        assert panel.drop_zone.isVisible() and not panel.next_button.isEnabled()
        assert window.stepper.buttons["load"].status.state == "ready"
    else:
        assert window.session.loaded is not None
        assert panel.model.rowCount() == len(window.session.frame) >= 1
        assert window.stepper.buttons["load"].status.state == "done"
        if bad.message_contains:
            assert panel.banner.kind == "warning" and bad.message_contains in panel.banner.text()
    if bad.slow:  # the window kept painting while 200 MB were read
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        assert len(ticks) > 10 and max(gaps) < 1.0, f"longest freeze {max(gaps):.2f} s"


def test_an_error_after_a_good_table_keeps_the_good_table(window, qtbot, tmp_path, adult_csv):
    load(window, qtbot, adult_csv)
    assert len(window.session.frame) == 30162
    load(window, qtbot, tmp_path / "nowhere.csv")
    assert "nowhere.csv was not found" in window.load_panel.banner.text()
    assert len(window.session.frame) == 30162 and window.load_panel.preview.isVisible()
