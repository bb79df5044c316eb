"""Small reusable widgets: job progress with Cancel, headings, hints, key-value summaries."""

from __future__ import annotations

import html

from ui import theme
from ui.jobs import JobRunner
from ui.qt import Qt, QtWidgets


class JobProgress(QtWidgets.QWidget):
    """A progress bar, what is happening, and a Cancel button; visible only while busy."""

    def __init__(self, runner: JobRunner, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.bar = QtWidgets.QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.message = QtWidgets.QLabel("Starting…")
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop this task; nothing is changed (Esc).")
        self.cancel_button.setShortcut("Esc")
        self.cancel_button.clicked.connect(runner.cancel)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        col = QtWidgets.QVBoxLayout()
        col.setSpacing(2)
        col.addWidget(self.message)
        col.addWidget(self.bar)
        row.addLayout(col, 1)
        row.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignBottom)
        runner.busy_changed.connect(self._on_busy)
        runner.progress.connect(self._on_progress)
        self.hide()

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self.bar.setValue(0)
            self.message.setText("Starting…")
        self.setVisible(busy)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(int(fraction * 1000))
        if message:
            self.message.setText(f"{message} ({fraction:.0%})")


def heading(text: str, scale: float = 1.5) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def hint(text: str) -> QtWidgets.QLabel:
    """Secondary explanatory text that wraps."""
    label = QtWidgets.QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.muted(label)};")
    return label


def info_button(tip: str) -> QtWidgets.QToolButton:
    """A small (?) button whose tooltip explains a term; clicking shows it too."""
    button = QtWidgets.QToolButton()
    button.setText("?")
    button.setAutoRaise(True)
    button.setToolTip(tip)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(
        lambda: QtWidgets.QToolTip.showText(button.mapToGlobal(button.rect().center()), tip)
    )
    return button


class FactGrid(QtWidgets.QWidget):
    """Facts (label → value) laid out in two column pairs, so a long list stays short."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QtWidgets.QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 4)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(2)

    def set_items(self, items: list[tuple[str, str]]) -> None:
        while self._grid.count():
            self._grid.takeAt(0).widget().deleteLater()
        half = (len(items) + 1) // 2
        for i, (label, value) in enumerate(items):
            row, pair = (i, 0) if i < half else (i - half, 1)
            name = QtWidgets.QLabel(label)
            name.setStyleSheet(f"color: {theme.muted(self)};")
            shown = QtWidgets.QLabel(f"<b>{html.escape(value)}</b>")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._grid.addWidget(name, row, pair * 2)
            self._grid.addWidget(shown, row, pair * 2 + 1)
        self._grid.setColumnStretch(1, 1)
        self._grid.setColumnStretch(3, 1)

    def text(self) -> str:
        labels = [self._grid.itemAt(i).widget().text() for i in range(self._grid.count())]
        return " ".join(html.unescape(t.replace("<b>", "").replace("</b>", "")) for t in labels)


def card(title: str = "") -> tuple[QtWidgets.QGroupBox, QtWidgets.QVBoxLayout]:
    """A titled group box with a vertical layout."""
    box = QtWidgets.QGroupBox(title)
    layout = QtWidgets.QVBoxLayout(box)
    return box, layout
