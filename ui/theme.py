"""Look and feel: Fusion style, system light/dark scheme, a few semantic colours."""

from __future__ import annotations

from ui.qt import QtGui, QtWidgets

# (background, border, text) for light and dark schemes
_TONES = {
    "info": (("#e8f1fb", "#8db4e2", "#123a63"), ("#1d2f44", "#3f6a9a", "#d6e6f7")),
    "success": (("#e7f5ea", "#86c595", "#154d22"), ("#1b3522", "#3f7d4d", "#d3f0da")),
    "warning": (("#fff5dc", "#e0b84f", "#5c4200"), ("#3d3217", "#9a7a2a", "#f6e7b8")),
    "error": (("#fdeaea", "#e08c8c", "#6b1111"), ("#451f1f", "#a04848", "#f8d6d6")),
}
VERDICT_COLOURS = {"good": "#2e9d49", "caution": "#e0a526", "bad": "#d1453b", "none": "#9aa0a6"}


STYLE = """
QPushButton#primary { background: palette(highlight); color: palette(highlighted-text);
    font-weight: 600; border: 1px solid palette(highlight); border-radius: 5px;
    padding: 6px 16px; }
QPushButton#primary:hover { border: 1px solid palette(text); }
QPushButton#primary:disabled { background: palette(button); color: palette(mid);
    border: 1px solid palette(mid); }
"""


def apply(app: QtWidgets.QApplication) -> None:
    """Fusion follows the system colour scheme in Qt 6 and looks the same on every OS."""
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE)


def is_dark(widget: QtWidgets.QWidget | None = None) -> bool:
    palette = widget.palette() if widget is not None else QtGui.QGuiApplication.palette()
    return palette.color(QtGui.QPalette.ColorRole.Window).lightness() < 128


def tone(kind: str, widget: QtWidgets.QWidget | None = None) -> tuple[str, str, str]:
    """Background, border and text colour for a message of ``kind``."""
    light, dark = _TONES.get(kind, _TONES["info"])
    return dark if is_dark(widget) else light


def muted(widget: QtWidgets.QWidget) -> str:
    """A secondary text colour that reads on the current background."""
    return widget.palette().color(QtGui.QPalette.ColorRole.PlaceholderText).name()
