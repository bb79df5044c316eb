"""Layout and wording that must hold in every state: a 1280-pixel screen, words that match."""

from __future__ import annotations

import pytest

SMALL_SCREEN = 1280  # px wide: the smallest common laptop screen, less nothing


@pytest.mark.parametrize("method", ["optimal", "dp-noise"])
def test_every_step_fits_a_small_screen(loaded_demo, qtbot, method):
    w = loaded_demo
    w.go_to("protect")
    w.panels["protect"].form.method_buttons[method].click()
    with qtbot.waitSignal(w.panels["protect"].runner.finished, timeout=120_000):
        w.panels["protect"].run_button.click()  # results and their banner take room too
    for key in ("load", "columns", "protect", "assess", "report"):
        w.go_to(key)
        width = w.minimumSizeHint().width()
        assert width <= SMALL_SCREEN, f"step {key} needs {width} px"


def test_the_columns_overview_says_what_the_method_does(loaded_demo):
    w = loaded_demo
    overview = w.panels["columns"].overview
    assert "will be generalized" in overview.text()
    w.panels["protect"].form.method_buttons["dp-noise"].click()
    assert "will get noise" in overview.text() and "generalized" not in overview.text()
    w.panels["protect"].form.method_buttons["dp-synthetic"].click()
    assert "will be drawn anew" in overview.text()
