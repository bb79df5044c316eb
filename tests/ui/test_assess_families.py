"""The Assess step offers every attack family and shows model extraction and property
inference next to the other lights, with their charts, on the demo."""

from __future__ import annotations

from core.assessment.families import NAMES
from ui.qt import Qt


def test_the_assess_step_shows_extraction_and_property(loaded_demo, qtbot):
    w, s = loaded_demo, loaded_demo.session
    w.go_to("assess")
    panel = w.panels["assess"]
    form = panel.form
    assert tuple(form.attack_checks) == NAMES  # the form iterates the registry
    assert all(form.attack_checks[n].isChecked() for n in NAMES)  # every family by default
    for name in ("membership", "attribute", "reconstruction"):
        form.attack_checks[name].setChecked(False)  # keep the test short
    form.model_box.setCurrentIndex(form.model_box.findData("logreg"))
    column = next(c for c in ("sex", "gender") if form.property_box.findData(c) >= 0)
    form.property_box.setCurrentIndex(form.property_box.findData(column))
    assert s.assessment_settings.property_column == column
    assert s.assessment_settings.attacks == ("reidentification", "extraction", "property")
    with qtbot.waitSignal(panel.runner.finished, timeout=600_000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    data = s.assessment_data
    assert data["after"]["property"]["column"] == column
    assert data["after"]["extraction"]["curves"]["pool"]
    text = panel.families.text()
    assert not panel.families.isHidden()
    assert "Model extraction: " in text and "Property inference: " in text
    assert f"of {column} = " in text
    for kind in ("extraction", "property"):
        assert panel.tabs.isTabVisible(panel.tabs.indexOf(panel.chart_pages[kind]))
