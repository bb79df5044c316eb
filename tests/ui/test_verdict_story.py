"""One story (issue 13): the GUI's lights, the HTML report and the PDF report state the same level
and the same figures for every light, on a set of assessment documents."""

from __future__ import annotations

import copy
import html
import re

import pytest

from core.report import build_report, render_html, render_pdf, verdicts
from tests.core.report.checks import pdf_text
from tests.core.report.example import (
    dp_assessment,
    example_assessment,
    minimal_assessment,
    released_assessment,
    repeated_high,
    repeated_lower,
)
from ui.verdict_lights import VerdictLights

FIGURE = re.compile(r"\d+\.\d+%?|\d+\.\d+–\d+\.\d+")


def _too_few() -> dict:
    a = example_assessment()
    for res in a["after"]["membership"].values():
        res.update(advantage=0.06, advantage_ci=[0.0, 0.15], null_advantage=0.105)
    return a


def _empty() -> dict:
    a = dp_assessment()
    a["release"]["rows"], a["after"] = 0, {}
    return a


def _below_guess() -> dict:
    a = example_assessment()
    a["after"]["attribute"]["linkage"].update(success_members=0.16, baseline=0.268)
    return a


DOCUMENTS = {
    "example": example_assessment,
    "dp": dp_assessment,
    "released": released_assessment,
    "minimal": minimal_assessment,
    "too few": _too_few,
    "empty": _empty,
    "below the guess": _below_guess,
    "repeated, wholly above": repeated_high,
    "repeated, lower": repeated_lower,
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_gui_html_and_pdf_state_the_same_levels_and_figures(name, qtbot, tmp_path):
    a = DOCUMENTS[name]()
    lights = verdicts(a)
    widget = VerdictLights()
    qtbot.addWidget(widget)
    widget.set_assessment(a)
    doc = build_report(a)
    page = _flat(html.unescape(render_html(doc)))
    pdf = _flat(pdf_text(render_pdf(doc, tmp_path / "r.pdf").read_bytes()))
    assert doc.verdicts == lights
    for light, card in zip(lights, widget.cards, strict=True):
        assert card.level_key == light.level.value
        assert card.sentence.text() == light.sentence
        if light.label in ("low", "moderate", "high") or " to " in light.label:
            assert card.word.lower().startswith(light.label)
        assert f'<div class="lamp">{light.label}</div>' in page
        assert all(word in pdf for word in light.label.upper().split())
        assert _flat(light.sentence) in page
        for figure in FIGURE.findall(light.sentence):
            assert figure in card.sentence.text() and figure in page and figure in pdf
        if light.value is not None:
            shown = f"{light.value:.2f}" if light.figure == "highest risk" else f"{light.value:.3f}"
            assert shown in light.sentence


def test_the_advice_mentions_the_trade_off_tab_only_when_it_is_shown(qtbot):
    widget = VerdictLights()
    qtbot.addWidget(widget)
    a = example_assessment()  # moderate lights, with a sweep: the tab is shown
    widget.set_assessment(a)
    assert "Trade-off tab" in widget.advice.text()
    a["sweep"] = None
    widget.set_assessment(a)
    assert "Trade-off" not in widget.advice.text()
    assert widget.advice_button.text() == "Protect more strongly →"


def test_a_card_shows_the_range_and_its_tooltip_names_the_technical_attack(qtbot):
    widget = VerdictLights()
    qtbot.addWidget(widget)
    widget.set_assessment(example_assessment())
    membership = widget.cards[1]
    assert membership.word == "Moderate to high risk"
    assert "Distance to closest record (closest record)" in membership.toolTip()
    assert "crosses the line" in membership.toolTip()
    widget.set_assessment(_empty())
    assert widget.levels() == ["nothing released"] * 3
    assert widget.advice_button.text() == "Change the protection →"


@pytest.mark.parametrize(
    ("make", "level", "word"),
    [(repeated_high, "high", "High risk"), (repeated_lower, "moderate", "Low to high risk")],
)
def test_screen_and_report_decide_membership_on_the_repeated_interval(make, level, word, qtbot):
    a = make()
    first_run = copy.deepcopy(a)
    del first_run["after"]["membership"]["distance"]["repeats"]
    assert verdicts(first_run)[1].level.value != level  # the first run alone says otherwise
    widget = VerdictLights()
    qtbot.addWidget(widget)
    widget.set_assessment(a)
    card, light = widget.cards[1], build_report(a).verdicts[1]
    assert card.level_key == light.level.value == level and card.word == word
    runs = a["repeats"]["n"]
    assert f"across {runs} rehearsals" in card.sentence.text()
