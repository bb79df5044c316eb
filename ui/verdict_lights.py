"""Three traffic lights (re-identification, membership, attribute), each with a word and why."""

from __future__ import annotations

import html

from ui import theme
from ui.qt import Qt, QtWidgets

LEVEL_COLOURS = {
    "low": theme.VERDICT_COLOURS["good"],
    "moderate": theme.VERDICT_COLOURS["caution"],
    "high": theme.VERDICT_COLOURS["bad"],
}
LEVEL_WORDS = {"low": "Low risk", "moderate": "Moderate risk", "high": "High risk"}


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
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        col = QtWidgets.QVBoxLayout(self)
        col.addWidget(self.title)
        col.addWidget(self.level)
        col.addWidget(self.sentence, 1)
        self.level_key = "not assessed"

    def set_light(self, title: str, level: str, sentence: str, threshold: str = "") -> None:
        self.level_key = level
        colour = LEVEL_COLOURS.get(level, theme.VERDICT_COLOURS["none"])
        self.title.setText(f"<b>{html.escape(title)}</b>")
        word = LEVEL_WORDS.get(level, "Not measured")
        self.level.setText(
            f"<span style='color:{colour}; font-size:18pt'>●</span> "
            f"<span style='font-size:12pt; font-weight:600'>{word}</span>"
        )
        self.sentence.setText(html.escape(sentence))
        self.setToolTip(threshold)
        self.setStyleSheet(
            f"QFrame#lightCard {{ border: 1px solid palette(mid); border-left: 6px solid {colour};"
            " border-radius: 6px; }"
        )


class VerdictLights(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.cards = [LightCard() for _ in range(3)]
        for card in self.cards:
            row.addWidget(card, 1)

    def set_assessment(self, assessment: dict) -> None:
        """Lights as the report states them (core.report.verdict), so the two never disagree."""
        from core.report.verdict import verdicts

        for card, light in zip(self.cards, verdicts(assessment), strict=True):
            card.set_light(light.risk, str(light.level), light.sentence, light.threshold)

    def levels(self) -> list[str]:
        return [c.level_key for c in self.cards]
