"""The Assess step's "Repeat the rehearsal" spin box, and the spread it shows, on the demo."""

from __future__ import annotations

from dataclasses import replace

from ui.qt import Qt


def _type(qtbot, box, value: int) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box.lineEdit(), str(value))
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Enter)


def test_the_spin_box_sets_the_repeats_and_keeps_them_through_other_edits(loaded_demo, qtbot):
    w, s = loaded_demo, loaded_demo.session
    w.go_to("assess")
    box = w.panels["assess"].repeats_box
    assert (box.minimum(), box.maximum(), box.value()) == (1, 20, 1)
    tip = box.toolTip()
    assert tip.endswith(".") and tip.count(". ") == 0  # one plain sentence
    _type(qtbot, box, 4)
    assert s.assessment_settings.repeats == 4
    form = w.panels["assess"].form
    form.model_box.setCurrentIndex(form.model_box.findData("logreg"))
    assert s.assessment_settings.model == "logreg" and s.assessment_settings.repeats == 4
    s.set_assessment_settings(replace(s.assessment_settings, repeats=2))  # e.g. a project opened
    assert box.value() == 2


def test_repeated_rehearsals_show_their_spread_next_to_the_lights(loaded_demo, qtbot):
    w, s = loaded_demo, loaded_demo.session
    w.go_to("assess")
    panel = w.panels["assess"]
    form = panel.form
    form.model_box.setCurrentIndex(form.model_box.findData("logreg"))
    form.attack_checks["membership"].setChecked(False)  # keep the test short
    _type(qtbot, panel.repeats_box, 2)
    assert panel.spread.isHidden()
    with qtbot.waitSignal(panel.runner.finished, timeout=600_000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    data = s.assessment_data
    assert data["repeats"]["n"] == 2 and data["repeats"]["seeds"] == [s.seed, s.seed + 1]
    assert not panel.spread.isHidden()
    text = panel.spread.text()
    assert text.startswith(f"Across 2 repeated rehearsals (seeds {s.seed}–{s.seed + 1})")
    assert "attribute risk" in text and "proxy accuracy" in text
    from core.report import verdicts

    best = data["after"]["attribute"][verdicts(data)[2].attack_key]  # the light's attack
    mean = f"{best['repeats']['risk']['mean']:.3f}"
    assert mean in text
    sentence = panel.lights.cards[2].sentence.text()  # the attribute light
    assert f"averaged {mean} (95% CI" in sentence and "across 2 rehearsals" in sentence
