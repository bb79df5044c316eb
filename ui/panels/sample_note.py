"""The Assess step's line saying the attacks saw a sample of a large table."""

from __future__ import annotations

from typing import Any

from ui.qt import Qt, QtWidgets

SAMPLE_TIP = (
    "The table is large: the attacks ran on records drawn at random from it, which measures "
    "the same risks in far less time. Re-identification was measured on every record."
)


def sample_label() -> QtWidgets.QLabel:
    """A hidden plain-text label for ``show_sample``."""
    label = QtWidgets.QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setToolTip(SAMPLE_TIP)
    label.hide()
    return label


def show_sample(label: QtWidgets.QLabel, document: dict[str, Any]) -> None:
    """ "Attacks measured on a sample of N of M records." when they were, else hidden."""
    from core.report.sections.summary import sample_sentence

    sentence = sample_sentence(document)
    label.setText(f"Attacks {sentence[0].lower()}{sentence[1:]}" if sentence else "")
    label.setVisible(sentence is not None)
