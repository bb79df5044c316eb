"""The Assess step offers every attack family and shows each one the user ran as a card (its
light, what the attacker knew and did, its figure before → after, a link to its chart); the
families not run say so and how to run them. A HIGH reconstruction light shows on its card
and stops the release."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.assessment.families import BY_NAME, NAMES
from core.schema import Role
from core.settings import ProtectionSettings
from tests.conftest import adult_file
from ui.gate_dialog import session_gate
from ui.qt import Qt

LONG = 300_000  # ms
MEASURED = ("low", "moderate", "high")


def open_table(window, qtbot, frame: pd.DataFrame, path, roles: dict[str, Role]):
    frame.to_csv(path, index=False)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.loaded is not None, timeout=60_000)
    for column in window.session.roles:
        window.session.set_role(column, roles.get(column, Role.INSENSITIVE))
    window.go_to("assess")
    return window.panels["assess"]


def run(qtbot, panel) -> None:
    with qtbot.waitSignal(panel.runner.finished, timeout=LONG):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)


@pytest.fixture
def adult_assess(window, qtbot, tmp_path):
    """800 Adult records (seeded), three quasi-identifiers, k = 5."""
    frame = pd.read_csv(adult_file("adult.csv"), sep=";").sample(800, random_state=5)
    roles = {"age": Role.QUASI_IDENTIFIER, "sex": Role.QUASI_IDENTIFIER,
             "race": Role.QUASI_IDENTIFIER, "occupation": Role.SENSITIVE}  # fmt: skip
    panel = open_table(window, qtbot, frame, tmp_path / "adult-800.csv", roles)
    window.session.set_protection(ProtectionSettings(method="mondrian", k=5))
    return window, panel


def test_each_family_run_is_a_card_and_the_others_say_how_to_run_them(adult_assess, qtbot):
    window, panel = adult_assess
    form, s = panel.form, window.session
    assert tuple(form.attack_checks) == NAMES  # the form iterates the registry
    assert all(form.attack_checks[n].isChecked() for n in NAMES)  # every family by default
    for name in ("membership", "attribute", "reconstruction"):
        form.attack_checks[name].setChecked(False)  # keep the test short
    form.target_box.setCurrentIndex(form.target_box.findData("salary-class"))
    form.model_box.setCurrentIndex(form.model_box.findData("logreg"))
    form.property_box.setCurrentIndex(form.property_box.findData("sex"))
    assert s.assessment_settings.property_column == "sex"
    assert s.assessment_settings.attacks == ("reidentification", "extraction", "property")
    run(qtbot, panel)

    data = s.assessment_data
    assert data["after"]["property"]["column"] == "sex"
    cards = panel.cards.cards
    assert list(cards) == list(NAMES)
    for name in ("reidentification", "extraction", "property"):
        card = cards[name]
        assert card.text.ran and card.level_key in MEASURED, name
        assert card.did.text() == BY_NAME[name].sentence  # what the attacker knew and did
        assert "before protection →" in card.headline.text() and card.headline.isVisible()
        assert card.link.isVisible()
    assert "of sex = " in cards["property"].sentence.text()
    copy = cards["extraction"]
    gain = (data["before"]["extraction"]["copy_gain"], data["after"]["extraction"]["copy_gain"])
    assert f"{gain[0]:.0%} before protection → {gain[1]:.0%} after" in copy.headline.text()
    from core.report.family_lights import extraction_light

    assert copy.level_key == str(extraction_light(data).level)  # as the report states it
    for name in ("membership", "attribute", "reconstruction"):
        card = cards[name]
        assert not card.text.ran and card.word == "Not run" and not card.link.isVisible()
        assert "tick “" in card.sentence.text() and "under Attacks above" in card.sentence.text()
    assert "tick “Reconstruction”" in cards["reconstruction"].sentence.text()
    assert "Model extraction" in panel.strip.text() and "Membership" not in panel.strip.text()

    qtbot.mouseClick(panel.tabs.tabBar(), Qt.MouseButton.LeftButton)  # keep focus in the window
    copy.link.linkActivated.emit("chart")  # what clicking "See the chart" does
    assert panel.tabs.currentWidget() is panel.chart_pages["extraction"]
    assert panel.tabs.isTabVisible(panel.tabs.indexOf(panel.chart_pages["property"]))


def visits(n: int = 2000) -> pd.DataFrame:
    """Sex, age and a zip code single people out; their visits follow from them."""
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "sex": rng.choice(["F", "M"], n),
            "age": rng.integers(20, 80, n),
            "zip": [f"10{i:02d}" for i in rng.integers(0, 20, n)],
            "visits": rng.integers(0, 10, n),
        }
    )


def test_a_high_reconstruction_light_shows_on_its_card_and_stops_the_release(
    window, qtbot, tmp_path
):
    qi = Role.QUASI_IDENTIFIER
    roles = {"sex": qi, "age": qi, "zip": qi, "visits": Role.INSENSITIVE}
    panel = open_table(window, qtbot, visits(), tmp_path / "visits.csv", roles)
    window.session.set_protection(ProtectionSettings(method="none"))
    for name, check in panel.form.attack_checks.items():
        check.setChecked(name == "reconstruction")
    run(qtbot, panel)

    card = panel.cards.cards["reconstruction"]
    assert card.level_key == "high" and card.word == "High risk"
    assert card.gate.isVisible() and "stops the release" in card.gate.text()
    assert not panel.cards.cards["extraction"].gate.isVisible()  # a served model, not the table
    assert panel.lights.advice_button.text().startswith("Protect more strongly")
    gate = session_gate(window.session)
    assert not gate.clear
    assert any("Record reconstruction risk is HIGH" in line for line in gate.lines)
