"""The sidebar: five numbered steps, each saying what is done and what is missing."""

from __future__ import annotations

from dataclasses import dataclass

from ui import theme
from ui.qt import Qt, QtCore, QtWidgets, Signal

TITLES = {
    "load": "Load data",
    "columns": "Columns",
    "protect": "Protect",
    "assess": "Assess risk",
    "report": "Report",
}


@dataclass(frozen=True)
class StepStatus:
    """``state`` is done / ready / blocked / stale; ``text`` says why in a few words."""

    state: str
    text: str


_BADGE = {"done": "✓", "stale": "!", "ready": "", "blocked": ""}
_BADGE_COLOUR = {"done": "#2e9d49", "stale": "#e0a526"}


class StepButton(QtWidgets.QPushButton):
    """A checkable sidebar entry: number badge, title, and a status line underneath."""

    def __init__(self, number: int, key: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.key, self.number = key, number
        self.setCheckable(True)
        self.setObjectName("stepButton")
        policy = QtWidgets.QSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Minimum
        )
        policy.setHeightForWidth(True)  # grow to fit a wrapped status line
        self.setSizePolicy(policy)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(TITLES[key])
        self._badge = QtWidgets.QLabel(str(number))
        self._badge.setFixedSize(26, 26)
        self._badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._title = QtWidgets.QLabel(TITLES[key])
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        font.setBold(True)
        self._title.setFont(font)
        self._status = QtWidgets.QLabel()
        self._status.setWordWrap(True)
        text = QtWidgets.QVBoxLayout()
        text.setSpacing(1)
        text.addWidget(self._title)
        text.addWidget(self._status)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        row.addWidget(self._badge, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        for label in (self._badge, self._title, self._status):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.status = StepStatus("blocked", "")
        self.set_status(self.status)

    def set_status(self, status: StepStatus) -> None:
        self.status = status
        self._status.setText(status.text)
        self.setToolTip(f"{TITLES[self.key]}: {status.text}")
        colour = _BADGE_COLOUR.get(status.state)
        badge = _BADGE[status.state] or str(self.number)
        self._badge.setText(badge)
        if colour:
            style = f"background:{colour}; color:white;"
        else:
            style = f"border:2px solid {theme.muted(self)}; color:palette(text);"
        self._badge.setStyleSheet(f"QLabel {{ {style} border-radius:13px; font-weight:bold; }}")
        self._status.setStyleSheet(f"color: {theme.muted(self)};")
        self._title.setEnabled(status.state != "blocked")

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.layout().totalHeightForWidth(width)

    def sizeHint(self) -> QtCore.QSize:
        width = max(self.width(), 200)
        return QtCore.QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(160, self.heightForWidth(max(self.width(), 160)))


class Stepper(QtWidgets.QWidget):
    """Vertical list of the steps; emits the key of the step the user picks."""

    step_chosen = Signal(str)

    def __init__(self, keys: tuple[str, ...], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepper")
        self.buttons: dict[str, StepButton] = {}
        group = QtWidgets.QButtonGroup(self)
        group.setExclusive(True)
        column = QtWidgets.QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(4)
        for number, key in enumerate(keys, start=1):
            button = StepButton(number, key)
            button.clicked.connect(lambda _=False, k=key: self.step_chosen.emit(k))
            group.addButton(button)
            column.addWidget(button)
            self.buttons[key] = button
        column.addStretch(1)
        self.setStyleSheet(
            "QPushButton#stepButton { text-align:left; border:none; border-radius:8px;"
            " background: transparent; }"
            " QPushButton#stepButton:hover { background: palette(midlight); }"
            " QPushButton#stepButton:checked { background: palette(highlight); }"
        )

    def select(self, key: str) -> None:
        self.buttons[key].setChecked(True)
        for k, b in self.buttons.items():
            self._paint_selected(b, k == key)

    def set_status(self, key: str, status: StepStatus) -> None:
        self.buttons[key].set_status(status)
        self._paint_selected(self.buttons[key], self.buttons[key].isChecked())

    def _paint_selected(self, button: StepButton, selected: bool) -> None:
        colour = "palette(highlighted-text)" if selected else "palette(text)"
        button._title.setStyleSheet(f"color: {colour};")
        muted = "palette(highlighted-text)" if selected else theme.muted(button)
        button._status.setStyleSheet(f"color: {muted};")
