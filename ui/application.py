"""Creating the QApplication and the window; heavy libraries are warmed up after it shows."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from ui.qt import QtCore, QtGui, QTimer, QtWidgets

log = logging.getLogger("veil.ui")

# imported in the background once the window is visible, so the first load feels instant
MIN_THREADS = 6
QUIT_GRACE_MS = 500  # after the window closed (itself waiting up to 1.5 s for cancelled jobs)
WARM_UP = ("pandas", "core.io", "core.roles", "matplotlib.figure")
# imported once a table is loaded: what protecting needs (scikit-learn, diffprivlib)
ENGINE = ("core.dp.engine", "core.privacy")


def make_app(argv: Sequence[str] | None = None) -> QtWidgets.QApplication:
    """The QApplication, configured once: HiDPI, names for QSettings, style, icon."""
    app = QtWidgets.QApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    QtGui.QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        QtCore.Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QtWidgets.QApplication(list(argv or ["veil"]))
    pool = QtCore.QThreadPool.globalInstance()  # one job per panel, plus cancelled ones ending
    pool.setMaxThreadCount(max(pool.maxThreadCount(), MIN_THREADS))
    app.setOrganizationName("Veil")
    app.setApplicationName("Veil")
    app.setApplicationDisplayName("Veil")
    app.setDesktopFileName("veil")
    from resources import resource_path
    from ui import theme

    theme.apply(app)
    icon = resource_path("icons", "veil.svg")
    if icon.exists():
        app.setWindowIcon(QtGui.QIcon(str(icon)))
    return app


def build_window():
    """The main window, shown; nothing heavy is imported yet."""
    from ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    return window


def warm_up(names: Sequence[str] = WARM_UP) -> threading.Thread:
    """Import the heavy libraries in a background thread while the user looks at the window
    (``core.preload``: jobs wait for it before they start)."""
    from core.preload import PRELOADER

    return PRELOADER.start(names)


def run(
    *,
    path: str | None = None,
    demo: bool = False,
    selftest: bool = False,
    log_file: Path | None = None,
    argv: Sequence[str] | None = None,
) -> int:
    """Show the window and run the event loop; ``selftest`` drives the workflow and exits."""
    app = make_app(argv)
    from ui.main_thread_gc import MainThreadCollector

    collector = MainThreadCollector(app)
    collector.start()  # jobs' threads must never finalize Qt objects
    try:
        if selftest:
            from ui.selftest import run_selftest

            return run_selftest(build_window(), log_file=log_file)
        start(path=path, demo=demo)
        return leave(app.exec())
    finally:
        collector.stop()


def leave(code: int) -> int:
    """After the event loop: a job still inside a long library call (Quit cancelled it, but a
    forest fit cannot be interrupted) must not keep the process alive; end it now."""
    pool = QtCore.QThreadPool.globalInstance()
    if pool.activeThreadCount() and not pool.waitForDone(QUIT_GRACE_MS):
        log.warning(
            "quitting with %d job(s) still running: ending the process", pool.activeThreadCount()
        )
        logging.shutdown()
        os._exit(code)
    return code


def start(*, path: str | None = None, demo: bool = False):
    """Show the window; once the event loop runs, open ``path`` or the demo, then warm up."""
    window = build_window()
    if demo:
        QTimer.singleShot(0, window.load_panel.open_demo)
    elif path:
        QTimer.singleShot(0, lambda: window.open_path(Path(path)))
    QTimer.singleShot(300, warm_up)
    return window
