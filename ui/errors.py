"""How the GUI reports failures: known errors as banners, unknown ones as a dialog."""

from __future__ import annotations

import logging
import traceback

from core.errors import JobCancelled, VeilError
from ui.banner import Banner
from ui.qt import QtWidgets

log = logging.getLogger("veil.ui")


def log_path() -> str | None:
    """The file the application logs to, if a file handler is installed (see app.startup)."""
    for logger in (logging.getLogger("veil"), logging.getLogger()):
        for handler in logger.handlers:
            path = getattr(handler, "baseFilename", None)
            if path:
                return str(path)
    return None


def report(exc: BaseException, banner: Banner, parent: QtWidgets.QWidget | None = None) -> None:
    """Route ``exc``: cancelled → nothing, VeilError → ``banner``, anything else → dialog."""
    if isinstance(exc, JobCancelled):
        return
    if isinstance(exc, VeilError):
        banner.show_error(exc)
        return
    show_unexpected(exc, parent)


def show_unexpected(exc: BaseException, parent: QtWidgets.QWidget | None = None) -> None:
    """A bug: say so plainly, point at the log, offer the details."""
    log.error("unexpected error", exc_info=exc)
    where = log_path()
    text = (
        "Something went wrong inside Veil. This is a bug, not something you did.\n\n"
        "Your data and files were not changed."
    )
    if where:
        text += f"\n\nThe details were written to the log file:\n{where}"
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Critical)
    box.setWindowTitle("Unexpected error")
    box.setText(f"{type(exc).__name__}: {exc}")
    box.setInformativeText(text)
    box.setDetailedText("".join(traceback.format_exception(exc)))
    box.open()  # window-modal, does not block the event loop
