"""The GUI offers the registry's methods: a method registered in a test gets its button, its
words and its fields without any GUI code naming it."""

from __future__ import annotations

import pytest

from core import methods
from tests.core.test_methods import HALVE
from ui.panels.protect_form import ProtectionForm


@pytest.fixture
def halve(monkeypatch):
    monkeypatch.setitem(methods.REGISTRY, HALVE.name, HALVE)
    return HALVE


def test_the_form_shows_every_registered_method_in_menu_order(qtbot, halve):
    form = ProtectionForm()
    qtbot.addWidget(form)
    assert list(form.method_buttons) == [m.name for m in methods.menu()]
    assert list(form.method_buttons)[-1] == "halve"
    button = form.method_buttons["halve"]
    assert button.text() == halve.label and button.toolTip() == halve.term
    with qtbot.waitSignal(form.changed) as got:
        button.click()
    assert got.args[0].method == "halve"
    assert form.kanon_box.isHidden() and form.dp_box.isHidden()


@pytest.mark.parametrize("name", ["optimal", "dp-noise", "none"])
def test_the_form_shows_the_fields_a_method_uses(qtbot, name):
    form = ProtectionForm()
    qtbot.addWidget(form)
    form.method_buttons[name].click()
    method = methods.method(name)
    assert form.kanon_box.isHidden() != method.uses("k")
    assert form.dp_box.isHidden() != method.uses("epsilon")


def test_help_and_chart_words_come_from_the_registry(halve):
    from ui.help_window import term_title
    from ui.panels.columns import QI_VERBS
    from ui.panels.frontier import METHOD_COLOURS, METHOD_WORDS
    from ui.panels.protect_summary import describe_settings

    assert term_title("halve") == "Half (test)" == METHOD_WORDS["halve"]
    assert METHOD_COLOURS["halve"] == "#123456" and QI_VERBS["halve"] == "will be halved"
    assert term_title("dp-noise") == "Noise (ε)"
    from core.settings import ProtectionSettings

    assert describe_settings(ProtectionSettings(method="dp-synthetic", epsilon=1.0)) == (
        "Synthetic, ε = 1"
    )
