"""The main window: the step sidebar, one panel per step, menus, drag & drop, close guard."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from ui.panels.base import StepPanel
from ui.qt import QtCore, QtGui, QThreadPool, QtWidgets
from ui.session import STEPS, Session
from ui.stepper import Stepper
from ui.store import Store

log = logging.getLogger("veil.ui")


def _panel_classes() -> list[type[StepPanel]]:
    from ui.panels.assess import AssessPanel
    from ui.panels.columns import ColumnsPanel
    from ui.panels.load import LoadPanel
    from ui.panels.protect import ProtectPanel
    from ui.panels.report import ReportPanel

    return [LoadPanel, ColumnsPanel, ProtectPanel, AssessPanel, ReportPanel]


DROP_STYLE = "QStackedWidget#steps { border: 3px dashed palette(highlight); }"
QUIT_WAIT = 1.5  # seconds Quit waits for cancelled jobs; the process then ends (ui.application)


class MainWindow(QtWidgets.QMainWindow):
    """Load → Columns → Protect → Assess → Report, with the project kept in a Session."""

    def __init__(self, store: Store | None = None) -> None:
        super().__init__()
        self.store = store or Store()
        self.session = Session(self)
        self.setWindowTitle("Veil[*]")
        self.setAcceptDrops(True)
        self.stepper = Stepper(STEPS)
        self.stepper.step_chosen.connect(self.go_to)
        self.stack = QtWidgets.QStackedWidget()
        self.stack.setObjectName("steps")
        self.panels: dict[str, StepPanel] = {}
        self._pages: dict[str, QtWidgets.QScrollArea] = {}
        for cls in _panel_classes():
            panel = cls(self.session)
            self.panels[panel.key] = panel
            self._pages[panel.key] = _scrolling(panel)
            self.stack.addWidget(self._pages[panel.key])
            panel.next_requested.connect(self.go_next)
            panel.back_requested.connect(self.go_back)
            panel.go_to_requested.connect(self.go_to)
            panel.runner.busy_changed.connect(lambda _b: self.refresh_steps())
        self.load_panel = self.panels["load"]
        self.load_panel.recent_chosen.connect(self._remember)
        self.load_panel.confirm_discard = self.confirm_discard
        self.panels["assess"].rerun_requested.connect(self.rerun)
        self._build_layout()
        self._build_menus()
        self.session.changed.connect(lambda _w: self.refresh_steps())
        self.session.changed.connect(self._warm_engine)
        self._engine_warm = False
        self.session.dirty_changed.connect(self.setWindowModified)
        self._refresh_recent()
        self.load_panel.set_last_dir(self.store.last_folder())
        self._restore_state()
        for panel in self.panels.values():
            panel._session_changed("table")  # the empty state
        self.go_to("load")

    # ---- layout and menus ----------------------------------------------------------
    def _build_layout(self) -> None:
        side = QtWidgets.QFrame()
        side.setObjectName("sidebar")
        side.setStyleSheet("QFrame#sidebar { background: palette(alternate-base); }")
        side.setFixedWidth(280)
        col = QtWidgets.QVBoxLayout(side)
        col.setContentsMargins(8, 14, 8, 10)
        brand = QtWidgets.QLabel("<span style='font-size:18pt; font-weight:600'>Veil</span>")
        brand.setContentsMargins(12, 0, 0, 0)
        tagline = QtWidgets.QLabel("Protect a table of people,\nthen check what still leaks.")
        tagline.setContentsMargins(12, 0, 0, 6)
        col.addWidget(brand)
        col.addWidget(tagline)
        col.addWidget(self.stepper, 1)
        self.project_label = QtWidgets.QLabel()
        self.project_label.setWordWrap(True)
        self.project_label.setContentsMargins(12, 0, 6, 0)
        col.addWidget(self.project_label)
        central = QtWidgets.QWidget()
        row = QtWidgets.QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(side)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.resize(1280, 820)
        self.fit_screen()

    def fit_screen(self) -> None:
        """Never wider or taller than the screen's available area (a wide result scrolls)."""
        screen = self.screen() or QtGui.QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.setMaximumSize(area.width(), area.height())
        if self.width() > area.width() or self.height() > area.height():
            self.resize(min(self.width(), area.width()), min(self.height(), area.height()))

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        self.fit_screen()
        super().showEvent(event)

    def _build_menus(self) -> None:
        keys = QtGui.QKeySequence.StandardKey
        file = self.menuBar().addMenu("&File")
        self._action(file, "&Open data…", self.load_panel.choose_file, keys.Open)
        self._action(file, "Open &demo data", self.load_panel.open_demo, "Ctrl+D")
        self.recent_menu = file.addMenu("Open &recent")
        file.addSeparator()
        self._action(file, "Open &project…", self.choose_project, "Ctrl+Shift+O")
        self._action(file, "&Save project", self.save_project, keys.Save)
        self._action(file, "Save project &as…", self.save_project_as, keys.SaveAs)
        file.addSeparator()
        self._action(file, "&Quit", self.close, keys.Quit)
        self._build_edit_menu()
        go = self.menuBar().addMenu("&Go")
        for number, key in enumerate(STEPS, start=1):
            title = self.stepper.buttons[key].accessibleName()
            self._action(go, f"&{number}  {title}", lambda k=key: self.go_to(k), f"Ctrl+{number}")
        go.addSeparator()
        self._action(go, "&Next step", self.go_next, "Alt+Right")
        self._action(go, "&Previous step", self.go_back, "Alt+Left")
        from ui.help import install_help_menu

        install_help_menu(self)

    def _build_edit_menu(self) -> None:
        """Undo and Redo of role, hierarchy and protection changes; the items name the change."""
        edit = self.menuBar().addMenu("&Edit")
        history = self.session.history
        self.undo_action = history.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QtGui.QKeySequence.StandardKey.Undo)
        self.redo_action = history.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(
            [QtGui.QKeySequence("Ctrl+Shift+Z"), QtGui.QKeySequence("Ctrl+Y")]
        )
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)

    def _action(self, menu, text, slot, shortcut=None) -> QtGui.QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False: slot())
        if shortcut is not None:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        return action

    # ---- navigation ----------------------------------------------------------------
    @property
    def current_key(self) -> str:
        return self.stack.currentWidget().widget().key

    def go_to(self, key: str) -> None:
        self.stack.setCurrentWidget(self._pages[key])
        self.stepper.select(key)
        self.refresh_steps()

    def go_next(self) -> None:
        i = STEPS.index(self.current_key)
        if i + 1 < len(STEPS):
            self.go_to(STEPS[i + 1])

    def go_back(self) -> None:
        i = STEPS.index(self.current_key)
        if i > 0:
            self.go_to(STEPS[i - 1])

    def rerun(self) -> None:
        """Protect with the current settings, then assess that release once it is ready."""
        protect, runner = self.panels["protect"], self.panels["protect"].runner
        links: list[tuple[Any, Any]] = []

        def unlink(*_: Any) -> None:
            for signal, slot in links:
                signal.disconnect(slot)
            links.clear()

        def protected(_result: Any) -> None:
            unlink()
            if self.session.protection_result is not None:
                self.panels["assess"].run()

        def failed(_error: Any) -> None:
            unlink()
            self.go_to("protect")  # where the banner explains what went wrong

        protect.run()  # starting cancels an earlier job: link only to this one
        if not runner.busy:
            return
        links += [(runner.finished, protected), (runner.failed, failed), (runner.cancelled, unlink)]
        for signal, slot in links:
            signal.connect(slot)

    def _warm_engine(self, what: str) -> None:
        """Once a table is in, import the engine in the background (ui.application.ENGINE)."""
        if what == "table" and self.session.loaded is not None and not self._engine_warm:
            from ui.application import ENGINE, warm_up

            self._engine_warm = True
            warm_up(ENGINE)

    def refresh_steps(self) -> None:
        for key, panel in self.panels.items():
            self.stepper.set_status(key, panel.status())
        self._refresh_project_label()

    def _refresh_project_label(self) -> None:
        loaded = self.session.loaded
        shown = self.session.project_path or (Path(loaded.path) if loaded is not None else None)
        self.setWindowTitle(window_title(shown.name if shown else None))
        self.project_label.setText(f"<small>Project: {self._project_words()}</small>")

    def _project_words(self) -> str:
        """Where the project is kept: its file, the copy an export wrote, or nowhere yet."""
        path = self.session.project_path
        if path is not None:
            return path.name + (" (unsaved changes)" if self.session.dirty else "")
        copy = next((p for p in self.session.exported if p.name.endswith(".veil.json")), None)
        if copy is not None:
            return f"a copy (without its key) exported to {copy.parent.name}/{copy.name}"
        return "not saved yet"

    # ---- files and projects --------------------------------------------------------
    def open_path(self, path: str | Path) -> None:
        """A data file or a ``*.veil.json`` project, from the command line or a drop."""
        self.go_to("load")
        self.load_panel.open_path(path)

    def _remember(self, path: str) -> None:
        if self.session.is_demo:
            return
        self.store.add_recent(path)
        self.store.set_last_folder(path)
        self.load_panel.set_last_dir(self.store.last_folder())
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        recent = self.store.recent_files()
        self.recent_menu.clear()
        for path in recent:
            self._action(self.recent_menu, path, lambda p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(recent))
        self.load_panel.set_recent(recent)

    def choose_project(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Open a Veil project", self.store.last_folder(), "Veil projects (*.veil.json)"
        )
        if path:
            self.open_path(Path(path))

    def save_project(self) -> bool:
        if self.session.project_path is None:
            return self.save_project_as()
        return self._write_project(self.session.project_path)

    def save_project_as(self) -> bool:
        if self.session.loaded is None:
            self.panels[self.current_key].banner.show_message(
                "info", "Load a table first: a project remembers a table and your choices."
            )
            return False
        start = self.session.project_path or Path(self.store.last_folder()) / project_name(
            Path(self.session.loaded.path)
        )
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save the project", str(start), "Veil projects (*.veil.json)"
        )
        if not path:
            return False
        if not path.endswith(".veil.json"):
            path = str(Path(path).with_suffix("")) + ".veil.json"
        return self._write_project(Path(path))

    def _write_project(self, path: Path) -> bool:
        from core.errors import VeilError
        from ui.project_io import save_session

        try:
            save_session(self.session, path)
        except VeilError as exc:
            self.panels[self.current_key].banner.show_error(exc)
            return False
        self.store.add_recent(path)
        self._refresh_recent()
        self.refresh_steps()
        self.statusBar().showMessage(f"Project saved: {path}", 5000)
        return True

    def confirm_discard(self) -> bool:
        """The "unsaved changes" guard; True when it is fine to throw the current work away."""
        if not self.session.dirty or self.session.loaded is None:
            return True
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self,
            "Unsaved changes",
            "Your choices in this project are not saved. Save them first?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        if answer == buttons.Save:
            return self.save_project()
        return answer == buttons.Discard

    # ---- drag & drop ----------------------------------------------------------------
    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if _dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()
            self.set_drop_highlight(True)

    def dragLeaveEvent(self, event: QtGui.QDragLeaveEvent) -> None:
        self.set_drop_highlight(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        self.set_drop_highlight(False)
        path = _dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_path(path)

    def set_drop_highlight(self, on: bool) -> None:
        """A frame around the steps while a file is dragged over the window."""
        self.stack.setProperty("dropping", on)
        self.stack.setStyleSheet(DROP_STYLE if on else "")
        if on:
            self.statusBar().showMessage("Drop the file to open it")
        else:
            self.statusBar().clearMessage()

    # ---- state and closing ------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry, state = self.store.window_state()
        if geometry:
            self.restoreGeometry(geometry)
            self.fit_screen()
        if state:
            self.restoreState(state)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        self.shutdown(timeout=QUIT_WAIT)
        self.store.save_window_state(self.saveGeometry(), self.saveState())
        event.accept()

    def shutdown(self, timeout: float = 30.0) -> None:
        """Cancel every job and wait, ``timeout`` seconds in all, for the workers to return."""
        deadline = time.monotonic() + timeout
        for panel in self.panels.values():
            panel.shutdown()
        for panel in self.panels.values():
            panel.runner.wait(max(0.0, deadline - time.monotonic()))
        left = max(0.0, deadline - time.monotonic())
        QThreadPool.globalInstance().waitForDone(int(left * 1000))


def window_title(name: str | None) -> str:
    """The document's name with the unsaved-changes mark; Qt adds " — Veil" (the application's
    display name) itself."""
    return f"{name}[*]" if name else "Veil[*]"


def project_name(data_file: Path) -> str:
    """The project file name proposed for a data file: german.csv → german.veil.json."""
    return f"{data_file.stem or 'project'}.veil.json"


def _dropped_file(mime: QtCore.QMimeData) -> Path | None:
    urls = [u for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
    return Path(urls[0].toLocalFile()) if urls else None


def _scrolling(panel: QtWidgets.QWidget) -> QtWidgets.QScrollArea:
    """The panel in a frameless scroll area, so its width never forces the window wider."""
    area = QtWidgets.QScrollArea()
    area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(panel)
    return area
