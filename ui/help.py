"""The Help menu: the guide page of the current step (F1), the guide, the glossary, the log
folder and About. ``install_help_menu(window)`` is the one call the main window makes."""

from __future__ import annotations

import logging
import platform
from pathlib import Path

from ui.qt import QtCore, QtGui, QtWidgets

log = logging.getLogger("veil.ui")


def install_help_menu(window: QtWidgets.QMainWindow) -> QtWidgets.QMenu:
    """Add the Help menu to ``window`` (which has ``current_key``, the step on screen)."""
    menu = window.menuBar().addMenu("&Help")
    menu.setObjectName("helpMenu")
    entries = (
        ("Help for this &step", lambda: show_help(window, _current_step(window)), "F1"),
        ("&Guide", lambda: show_help(window, "index"), None),
        ("G&lossary", lambda: show_help(window, "glossary"), None),
        (None, None, None),
        ("Open the &log folder", lambda: open_log_folder(window), None),
        (None, None, None),
        ("&About Veil", lambda: show_about(window), None),
    )
    for text, slot, shortcut in entries:
        if text is None:
            menu.addSeparator()
            continue
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False, s=slot: s())
        if shortcut:
            action.setShortcut(QtGui.QKeySequence(shortcut))
    return menu


def _current_step(window: QtWidgets.QWidget) -> str:
    try:
        return str(window.current_key)
    except AttributeError:
        return "index"


def help_window(window: QtWidgets.QWidget):
    """The main window's one guide window, made on first use."""
    from ui.help_window import HelpWindow

    found = window.findChild(HelpWindow, "helpWindow")
    return found if found is not None else HelpWindow(window)


def show_help(window: QtWidgets.QWidget, page: str):
    """Show guide page ``page`` (a step key, "index", "glossary" or "trouble")."""
    helper = help_window(window)
    helper.show_page(page)
    return helper


def log_file() -> Path | None:
    """The file Veil logs to in this process (set up by app.logging_setup), if any."""
    handlers = logging.getLogger().handlers
    for handler in sorted(handlers, key=lambda h: not getattr(h, "_veil", False)):
        name = getattr(handler, "baseFilename", None)
        if name:
            return Path(name)
    return None


def open_log_folder(window: QtWidgets.QWidget) -> Path | None:
    """Show the log folder in the file manager; say so plainly when there is none."""
    path = log_file()
    if path is None:
        QtWidgets.QMessageBox.information(
            window, "No log", "Veil is not writing a log in this session."
        )
        return None
    folder = path.parent
    if not QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(folder))):
        log.warning("could not open the log folder %s", folder)
        QtWidgets.QMessageBox.information(
            window, "Log folder", f"Veil writes its log to this folder:\n{folder}"
        )
    return folder


def about_text() -> str:
    from core import __version__

    path = log_file()
    where = f"<p>Log folder: {path.parent}</p>" if path else ""
    return (
        f"<b>Veil {__version__}</b><p>Anonymize a table of personal records and measure, "
        "with real attacks, how much still leaks. Everything runs on this computer.</p>"
        f"<p><small>Python {platform.python_version()}, Qt {QtCore.qVersion()}</small></p>{where}"
    )


def show_about(window: QtWidgets.QWidget) -> None:
    QtWidgets.QMessageBox.about(window, "About Veil", about_text())
