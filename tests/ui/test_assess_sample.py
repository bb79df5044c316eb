"""The Assess step says when the attacks ran on a sample of a larger table."""

from __future__ import annotations

from dataclasses import replace

from ui.qt import Qt


def _assess(panel, qtbot, attacks=("reidentification", "attribute")) -> None:
    form = panel.form
    form.model_box.setCurrentIndex(form.model_box.findData("logreg"))
    for name, check in form.attack_checks.items():
        check.setChecked(name in attacks)  # keep the test short
    with qtbot.waitSignal(panel.runner.finished, timeout=600_000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)


def test_the_assess_step_says_measured_on_a_sample(loaded_demo, qtbot):
    w, s = loaded_demo, loaded_demo.session
    w.go_to("assess")
    panel = w.panels["assess"]
    rows = len(s.workflow.loaded.frame)
    assert rows == 10_000
    s.set_assessment_settings(replace(s.assessment_settings, attack_sample=2000))
    _assess(panel, qtbot)
    data = s.assessment_data
    assert data["sample"] == {"rows": 2000, "of": rows, "seed": s.seed}
    assert s.assessment_settings.attack_sample == 2000  # the form kept it
    assert not panel.sample_note.isHidden()
    assert panel.sample_note.text() == "Attacks measured on a sample of 2,000 of 10,000 records."


def test_no_sentence_when_the_whole_table_was_attacked(loaded_demo, qtbot):
    w, s = loaded_demo, loaded_demo.session
    w.go_to("assess")
    panel = w.panels["assess"]
    _assess(panel, qtbot, attacks=("reidentification",))
    assert "sample" not in s.assessment_data
    assert panel.sample_note.isHidden()
