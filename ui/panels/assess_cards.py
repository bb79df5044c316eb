"""The Assess step's family cards: for each attack family its light, what the attacker knew
and did (the registry's sentence), its figure before → after protection and a link to its
chart; a family that was not run says so and how to run it."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from core.assessment.families import FAMILIES, Family, figure_value
from ui.panels.assess_form import ATTACK_LABELS
from ui.qt import Qt, QtWidgets, Signal
from ui.verdict_lights import LightCard, _tip
from ui.widgets import hint

CHART_OF = {  # the Assess step's chart tab of each family
    "reidentification": "class_sizes",
    "membership": "roc",
    "attribute": "attribute",
    "extraction": "extraction",
    "property": "property",
    "reconstruction": "reconstruction",
}
VERDICTS = ("reidentification", "membership", "attribute")  # lights in core.report.verdict
NOT_RUN = "not run"
GATE_NOTE = "A high risk here stops the release: Veil asks you to confirm before writing it."
PLAIN_FIGURE = {  # the registry's figure labels, for people who are not statisticians
    "membership": "how much better than guessing the attacker did",
    "extraction": "how close the copy came to the model",
    "property": "how often the attacker told the shares apart",
}


@dataclass(frozen=True)
class CardText:
    """What one family's card says."""

    family: str
    title: str
    level: str  # a core.report Level value, or NOT_RUN
    label: str  # the level in words when it is a range ('moderate to high')
    sentence: str  # what the attack found (the light's sentence), or how to run it
    did: str  # what the attacker knew and did (the registry's sentence)
    headline: str  # the family's figure before → after protection
    threshold: str
    ran: bool


def family_light(fam: Family, data: dict) -> Any:
    """The family's light as the report states it (core.report)."""
    if fam.name in VERDICTS:
        from core.report import verdict

        return getattr(verdict, fam.name)(data)
    return fam.load("light")(data)


def ran(fam: Family, data: dict) -> bool:
    return any(isinstance((data.get(side) or {}).get(fam.name), dict) for side in SIDES)


SIDES = ("before", "after")


def card_texts(data: dict, settings: Any) -> list[CardText]:
    """One CardText per family of the registry, in its order."""
    return [card_text(fam, data, settings) for fam in FAMILIES]


def card_text(fam: Family, data: dict, settings: Any) -> CardText:
    if not ran(fam, data):
        return CardText(
            fam.name, fam.label, NOT_RUN, "", how_to_run(fam, settings), fam.sentence, "", "", False
        )
    light = family_light(fam, data)
    return CardText(
        fam.name, fam.label, str(light.level), light.label, light.sentence, fam.sentence,
        headline(fam, data), _tip(light), True,
    )  # fmt: skip


def how_to_run(fam: Family, settings: Any) -> str:
    """Why a family has no result, and what to do about it."""
    tick = ATTACK_LABELS.get(fam.name, fam.label).split(" (")[0]
    if fam.name not in settings.attacks:
        return f"Not run. To measure it, tick “{tick}” under Attacks above and run again."
    if fam.needs_model and settings.target is None:
        return (
            "Not run: this attack needs a model. Choose a “Column to predict” above and run again."
        )
    return "Not run on this table (see the warnings above, or the report)."


def headline(fam: Family, data: dict) -> str:
    """'<figure>: 42 % before protection → 3 % after', or the one side measured."""
    if fam.figure is None:
        return ""
    words, path = fam.figure
    words = PLAIN_FIGURE.get(fam.name, words)
    before, after = data.get("before"), data.get("after")
    b = figure_value(before, path) if isinstance(before, dict) else None
    a = figure_value(after, path) if isinstance(after, dict) else None
    show = _number if fam.name == "membership" else _percent
    if b is not None and a is not None and after is not before:
        return f"{words.capitalize()}: {show(b)} before protection → {show(a)} after"
    value = a if a is not None else b
    return f"{words.capitalize()}: {show(value)}" if value is not None else ""


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _number(value: float) -> str:
    return f"{value:.2f}"


class FamilyCard(LightCard):
    """A light card that also says what the attacker did, the figure before → after, whether
    it can stop the release, and links to its chart."""

    chart_requested = Signal(str)  # a CHART_TABS kind of the Assess step

    def __init__(self, fam: Family, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.family = fam
        self.did = hint("")
        self.headline = QtWidgets.QLabel()
        self.headline.setWordWrap(True)
        self.gate = QtWidgets.QLabel(f"<i>{html.escape(GATE_NOTE)}</i>")
        self.gate.setWordWrap(True)
        self.gate.setVisible(fam.gates_release)
        self.link = QtWidgets.QLabel("<a href='chart'>See the chart →</a>")
        self.link.linkActivated.connect(lambda _: self.chart_requested.emit(CHART_OF[fam.name]))
        self.layout().insertWidget(2, self.headline)  # the figure, under the level
        for widget in (self.did, self.gate, self.link):
            self.details.addWidget(widget)
        self.show_text(CardText(fam.name, fam.label, NOT_RUN, "", "", fam.sentence, "", "", False))

    def show_text(self, text: CardText) -> None:
        level = text.level if text.ran else "not assessed"
        self.set_light(text.title, level, text.sentence, text.threshold, text.label)
        if not text.ran:
            self.word = "Not run"
            self.level.setText(f"<span style='font-size:12pt; font-weight:600'>{self.word}</span>")
        self.did.setText(text.did)
        self.headline.setText(f"<b>{html.escape(text.headline)}</b>" if text.headline else "")
        self.headline.setVisible(bool(text.headline))
        self.link.setVisible(text.ran)
        self.text = text


class FamilyCards(QtWidgets.QWidget):
    """Every family's card, three to a row, in the registry's order."""

    chart_requested = Signal(str)
    PER_ROW = 3

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QtWidgets.QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.cards: dict[str, FamilyCard] = {}
        for i, fam in enumerate(FAMILIES):
            card = FamilyCard(fam)
            card.chart_requested.connect(self.chart_requested)
            grid.addWidget(card, i // self.PER_ROW, i % self.PER_ROW)
            self.cards[fam.name] = card
        for column in range(self.PER_ROW):
            grid.setColumnStretch(column, 1)
        grid.setAlignment(Qt.AlignmentFlag.AlignTop)

    def set_assessment(self, data: dict, settings: Any) -> None:
        for text in card_texts(data, settings):
            self.cards[text.family].show_text(text)

    def shown(self) -> list[FamilyCard]:
        """The cards of the families that ran."""
        return [c for c in self.cards.values() if c.text.ran]
