"""Three traffic lights (re-identification, membership, attribute), each with a word and why."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from ui import theme
from ui.qt import Qt, QtWidgets, Signal

LEVEL_COLOURS = {
    "low": theme.VERDICT_COLOURS["good"],
    "moderate": theme.VERDICT_COLOURS["caution"],
    "high": theme.VERDICT_COLOURS["bad"],
}
LEVEL_WORDS = {
    "low": "Low risk",
    "moderate": "Moderate risk",
    "high": "High risk",
    "not applicable": "Not applicable",  # group risk of a DP release (core.report.verdict)
    "too few records": "Too few records to tell",
    "nothing released": "Nothing released",
}
# what to do next, by the worst of the three levels: (advice, button, step to go to)
ADVICE = {
    "low": ("Every risk is low: the protected table can be released. Export the report "
            "and the table for your privacy officer.", "Go to the report", "report"),
    "low, not all measured": ("Every risk Veil measured is low: the protected table can be "
                              "released. Export the report and the table for your privacy "
                              "officer.", "Go to the report", "report"),
    "leak": ("The risks measured are low, but some ranges (or whether a column holds whole "
             "numbers) were read from the data itself, and "
             "the release gives them away outside the ε guarantee (see the warning above). Type "
             "the ranges you know in Protect, choose whole numbers or decimals beside them, and "
             "protect again before a real release.",
             "Give the ranges", "protect"),
    "categories": ("The risks measured are low. The categories of text columns were read from "
                   "the data, so the release shows which values occur, rare ones included: "
                   "merge rare values first if that matters. Then export the report and the "
                   "table for your privacy officer.", "Go to the report", "report"),
    "moderate": ("Some risk remains. Share this table only with a trusted recipient under a "
                 "data-sharing agreement — or protect more strongly (a larger k, or "
                 "differential privacy) and assess again.", "Protect more strongly", "protect"),
    "too few": ("The table is too small to tell a small leak from chance, so one risk could not "
                "be judged: read that light's sentence, and treat the release as shared only "
                "with a trusted recipient.", "Go to the report", "report"),
    "nothing": ("Nothing useful was released: the protected table is empty or almost empty. "
                "Go back to Protect and choose other settings (for differential privacy, a "
                "larger ε or a stated number of rows).", "Change the protection", "protect"),
    "high": ("Do not release this table as it is: an attacker would learn too much. Go back "
             "to Protect, choose a larger k or differential privacy, and assess again.",
             "Protect more strongly", "protect"),
}  # fmt: skip
KEPT_SHOWN = 3
KEPT_TIP = (
    "Columns released exactly as they are, counted on the input table: how many more people "
    "the quasi-identifiers single out once the column is added."
)


class LightCard(QtWidgets.QFrame):
    """One light: a coloured dot, the level in words (never colour alone) and a sentence."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lightCard")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.title = QtWidgets.QLabel()
        self.level = QtWidgets.QLabel()
        self.sentence = QtWidgets.QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setTextFormat(Qt.TextFormat.PlainText)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        col = QtWidgets.QVBoxLayout(self)
        col.addWidget(self.title)
        col.addWidget(self.level)
        col.addWidget(self.sentence, 1)
        self.details = QtWidgets.QVBoxLayout()  # what subclasses add (ui.panels.assess_cards)
        self.details.setContentsMargins(0, 0, 0, 0)
        col.addLayout(self.details)
        self.level_key, self.title_text, self.word = "not assessed", "", "Not measured"

    def set_light(
        self, title: str, level: str, sentence: str, threshold: str = "", label: str = ""
    ) -> None:
        """``label``: the level in words when it is a range ('moderate to high')."""
        self.level_key, self.title_text = level, title
        colour = LEVEL_COLOURS.get(level, theme.VERDICT_COLOURS["none"])
        self.title.setText(f"<b>{html.escape(title)}</b>")
        word = LEVEL_WORDS.get(level, "Not measured")
        if label and label != level:
            word = f"{label.capitalize()} risk"
        self.word = word
        self.level.setText(
            f"<span style='color:{colour}; font-size:18pt'>●</span> "
            f"<span style='font-size:12pt; font-weight:600'>{word}</span>"
        )
        self.sentence.setText(sentence)
        self.setToolTip(threshold)
        self.setStyleSheet(
            f"QFrame#lightCard {{ border: 1px solid palette(mid); border-left: 6px solid {colour};"
            " border-top-right-radius: 6px; border-bottom-right-radius: 6px; }"
        )


class VerdictLights(QtWidgets.QWidget):
    """The three lights side by side, then what to do next."""

    go_to_requested = Signal(str)

    def __init__(
        self,
        parent: QtWidgets.QWidget | None = None,
        *,
        cards: QtWidgets.QWidget | None = None,
        verdict_cards: list[LightCard] | None = None,
    ) -> None:
        """``cards``: a widget to show instead of the three cards side by side, holding
        ``verdict_cards``, the three cards the verdicts fill (the Assess step's family cards)."""
        super().__init__(parent)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        if cards is not None and verdict_cards is not None:
            self.cards = list(verdict_cards)
            outer.addWidget(cards)
        else:
            row = QtWidgets.QHBoxLayout()
            self.cards = [LightCard() for _ in range(3)]
            for card in self.cards:
                row.addWidget(card, 1)
            outer.addLayout(row)
        self.kept = QtWidgets.QLabel()
        self.kept.setWordWrap(True)
        self.kept.setTextFormat(Qt.TextFormat.RichText)
        self.kept.setToolTip(KEPT_TIP)
        self.kept.linkActivated.connect(self.go_to_requested)
        self.kept.hide()
        outer.addWidget(self.kept)
        note = QtWidgets.QLabel(
            "Each light judges the protected table against a published threshold; hover over a "
            "light to see it. The other tabs show the evidence, before and after protection."
        )
        note.setWordWrap(True)
        outer.addWidget(note)
        outer.addSpacing(12)
        self.advice = QtWidgets.QLabel()
        self.advice.setWordWrap(True)
        font = self.advice.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.advice.setFont(font)
        self.advice_button = QtWidgets.QPushButton()
        self.advice_button.setObjectName("primary")
        self.advice_button.clicked.connect(lambda: self.go_to_requested.emit(self._next_step))
        advice_row = QtWidgets.QHBoxLayout()
        advice_row.addWidget(self.advice, 1)
        advice_row.addWidget(self.advice_button, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addLayout(advice_row)
        outer.addStretch(1)
        self._next_step = "report"

    def set_assessment(self, assessment: dict) -> None:
        """Lights as the report states them (core.report.verdict), so the two never disagree."""
        from core.report.verdict import verdicts
        from core.report.views import AssessmentDoc

        for card, light in zip(self.cards, verdicts(assessment), strict=True):
            card.set_light(light.risk, str(light.level), light.sentence, _tip(light), light.label)
        kept = kept_columns_html(assessment)
        self.kept.setText(kept)
        self.kept.setVisible(bool(kept))
        text, button, self._next_step = ADVICE[advice_key(assessment)]
        if self._next_step == "protect" and AssessmentDoc(assessment).sweep:
            text += " The Trade-off tab shows what each choice costs in usefulness."
        self.advice.setText(f"<b>What next?</b> {html.escape(text)}")
        self.advice_button.setText(f"{button} →")

    def levels(self) -> list[str]:
        return [c.level_key for c in self.cards]

    def strip_html(self) -> str:
        """One line: each risk with its coloured dot and its level in words."""
        return strip_of(self.cards)


def strip_of(cards: list[LightCard]) -> str:
    """One line: each card's risk with its coloured dot and its level in words."""
    parts = []
    for card in cards:
        colour = LEVEL_COLOURS.get(card.level_key, theme.VERDICT_COLOURS["none"])
        word = card.word.replace(" risk", "")
        dot = f"<span style='color:{colour}'>●</span>"
        parts.append(f"{html.escape(card.title_text)}: {dot} <b>{word}</b>")
    return "&nbsp;&nbsp;·&nbsp;&nbsp;".join(parts)


def kept_columns_html(assessment: Mapping) -> str:
    """The worst columns kept as they are that make records unique (``release.uniqueness``),
    each with what would help; '' when none matter."""
    from core.report.views import AssessmentDoc

    rows = [u for u in AssessmentDoc(assessment).release.uniqueness if u.column is not None]
    if not rows:
        return ""
    items = "".join(f"<li>{_kept_line(u)}</li>" for u in rows[:KEPT_SHOWN])
    return (
        "<b>Re-identification: columns released as they are make people easier to pick "
        f"out.</b><ul style='margin:0'>{items}</ul>"
        "<a href='columns'>Change their roles in step 2</a>, then protect and assess again."
    )


def _kept_line(u: Any) -> str:
    """One kept column (a ``core.report.views.Uniqueness``) in words."""
    column = html.escape(str(u.column))
    figures = []
    if isinstance(u.added, int | float):
        figures.append(f"{u.added:.0%} more records unique with it")
    if isinstance(u.alone, int | float):
        figures.append(f"{u.alone:.0%} unique on it alone")
    said = f" ({', '.join(figures)})" if figures else ""
    action = html.escape(str(u.action or ""))
    return f"<b>{column}</b>{said}" + (f": {action}" if action else "")


def _tip(light) -> str:
    """The light's threshold, then the technical name of the attack it rests on."""
    from core.glossary import PLAIN_TO_TECHNICAL
    from ui.glossary import TECHNICAL, TERMS

    parts = [light.threshold]
    term = PLAIN_TO_TECHNICAL.get(light.attack)
    if term:
        parts.append(TECHNICAL[term])
    if str(light.level) == "too few records":
        parts.append(TERMS["too_few"])
    elif light.span:
        parts.append(TERMS["interval"])
    return "\n\n".join(parts)


def advice_key(assessment: dict) -> str:
    """Which advice fits: the worst level, told apart when a low verdict has a catch."""
    from core.report.verdict import release_lights

    levels = [str(light.level) for light in release_lights(assessment)]
    if "nothing released" in levels:
        return "nothing"
    worst = worst_level(assessment)
    if worst == "low" and "too few records" in levels:
        return "too few"
    if worst not in ("low", "moderate", "high"):
        return "too few" if "too few records" in levels else "moderate"
    if worst != "low":
        return worst
    protection = (assessment.get("release") or {}).get("protection") or {}
    leaked = set(protection.get("bounds_from_data") or ())
    mechanisms = protection.get("mechanisms") or ()
    ranged = any(m.get("target") in leaked and m.get("bounds") is not None for m in mechanisms)
    if ranged or protection.get("kinds_from_data"):
        return "leak"
    if leaked:
        return "categories"
    all_low = all(level == "low" for level in levels)
    return "low" if all_low else "low, not all measured"


def worst_level(assessment: dict) -> str:
    """The highest level of the lights the release gate weighs ('low' < 'moderate' < 'high'),
    or 'not assessed'."""
    from core.report.verdict import release_lights

    order = ["low", "moderate", "high"]
    levels = [str(light.level) for light in release_lights(assessment)]
    known = [lv for lv in levels if lv in order]
    return max(known, key=order.index) if known else "not assessed"
