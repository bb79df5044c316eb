"""Inline message banners: what happened, in plain words, and what to do next."""

from __future__ import annotations

import html

from ui import theme
from ui.qt import Qt, QtWidgets, Signal

_ICONS = {"info": "ℹ", "success": "✓", "warning": "⚠", "error": "✖"}


class Banner(QtWidgets.QFrame):
    """A coloured strip with a message, an optional hint and an optional action button."""

    action_clicked = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.kind = "info"
        self._icon = QtWidgets.QLabel()
        self._text = QtWidgets.QLabel()
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._action = QtWidgets.QPushButton()
        self._action.clicked.connect(self.action_clicked)
        self._close = QtWidgets.QToolButton()
        self._close.setText("✕")
        self._close.setAutoRaise(True)
        self._close.setToolTip("Hide this message")
        self._close.clicked.connect(self.hide)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._text, 1)
        row.addWidget(self._action, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(
        self, kind: str, message: str, hint: str = "", *, action: str = "", closable: bool = True
    ) -> None:
        """Show ``message`` (and ``hint`` underneath) styled as info/success/warning/error."""
        self.kind = kind
        bg, border, fg = theme.tone(kind, self)
        self.setStyleSheet(
            f"QFrame#banner {{ background: {bg}; border: 1px solid {border}; border-radius: 6px; }}"
            f" QFrame#banner QLabel {{ color: {fg}; background: transparent; }}"
        )
        self._icon.setText(f"<span style='font-size:14pt'>{_ICONS.get(kind, '')}</span>")
        body = f"<b>{html.escape(message)}</b>"
        if hint:
            body += f"<br>{html.escape(hint)}"
        self._text.setText(body)
        self._action.setText(action)
        self._action.setVisible(bool(action))
        self._close.setVisible(closable)
        self.show()

    def show_error(self, exc: BaseException) -> None:
        """A known Veil error: its message and its hint."""
        message = getattr(exc, "message", None) or str(exc)
        self.show_message("error", message, getattr(exc, "hint", ""))

    def text(self) -> str:
        """The plain text shown (for tests and accessibility)."""
        doc = self._text.text().replace("<br>", "\n")
        return html.unescape(doc.replace("<b>", "").replace("</b>", ""))
