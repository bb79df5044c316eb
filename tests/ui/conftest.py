"""GUI fixtures: a main window with its own QSettings file, closed and joined after each test."""

from __future__ import annotations

import pytest

from ui.qt import QtCore


@pytest.fixture(scope="package", autouse=True)
def collect_in_the_gui_thread(qapp):
    """As in the app (``ui.application.run``): garbage is collected by a timer in the GUI
    thread, never in a job's worker thread (where finalizing a Qt object crashes Qt)."""
    import gc

    from ui.main_thread_gc import MainThreadCollector

    collector = MainThreadCollector(qapp)
    collector.start()
    yield collector
    collector.stop()
    gc.collect()


@pytest.fixture(scope="session", autouse=True)
def private_qsettings(tmp_path_factory):
    """Windows built without an explicit store must not touch the user's real settings."""
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QtCore.QSettings.Format.NativeFormat, QtCore.QSettings.Format.IniFormat):
        QtCore.QSettings.setPath(fmt, QtCore.QSettings.Scope.UserScope, folder)
    return folder


@pytest.fixture
def store(tmp_path):
    from ui.store import Store

    return Store(QtCore.QSettings(str(tmp_path / "veil.ini"), QtCore.QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, store):
    from ui.application import make_app
    from ui.main_window import MainWindow

    make_app()
    w = MainWindow(store)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.session.mark_dirty(False)  # no "unsaved changes" question at teardown
    w.close()
    w.deleteLater()


@pytest.fixture
def loaded_demo(window, qtbot):
    """The window after "Open demo data" was clicked and the load job finished."""
    from ui.qt import Qt

    with qtbot.waitSignal(window.load_panel.runner.finished, timeout=60_000):
        qtbot.mouseClick(window.load_panel.drop_zone.demo_button, Qt.MouseButton.LeftButton)
    return window
