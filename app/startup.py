"""Process set-up, run first by the `veil` GUI and the frozen `veil-cli`, before Qt or the engine.

Order: ``multiprocessing.freeze_support()`` → streams that never are None → rotating log file →
joblib on threads (applied when joblib is first imported, so start-up does not pay for it) →
Qt messages into the log (when Qt is first imported; when Qt cannot open a window, why in
plain words on the console, see app.qt_check) → exception hooks → crash log.
"""

from __future__ import annotations

import faulthandler
import importlib.abc
import logging
import multiprocessing
import os
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType, TracebackType

from app import logging_setup

log = logging.getLogger("veil.startup")

DEBUG_ENV = "VEIL_DEBUG"
DIALOG_INTERVAL = 1.0  # seconds; more errors than that are logged without a new dialog
QT_MESSAGES_KEPT = 20  # Qt's last messages, read to explain why it could not start
QT_FAILED_EXIT = 3  # exit status when Qt cannot open a window

_state: dict[str, object] = {}


def init_process(*, gui: bool = True, debug: bool | None = None) -> Path | None:
    """Prepare this process for Veil and return the log file; idempotent, cheap (no Qt/joblib).

    ``gui`` adds a WARNING-level console log when a real stderr exists (the CLI prints its own).
    """
    multiprocessing.freeze_support()
    if "log_file" in _state:
        return _state["log_file"]  # type: ignore[return-value]
    if debug is None:
        debug = os.environ.get(DEBUG_ENV, "") not in ("", "0")
    logging_setup.ensure_streams()
    path = logging_setup.setup_logging(console=gui, debug=debug)
    when_imported("joblib", use_threads_for_joblib)
    when_imported("PySide6.QtCore", route_qt_messages)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    if path is not None:
        _enable_crash_log(path.parent / logging_setup.CRASH_FILE)
    _state["log_file"] = path
    return path


# --- running code when a module is first imported -------------------------------------------


class _ThenCall(importlib.abc.Loader):
    """Wraps a module's loader: execute the module as usual, then call ``callback(module)``."""

    def __init__(self, loader: importlib.abc.Loader, callback: Callable[[ModuleType], None]):
        self._loader = loader
        self._callback = callback

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        create = getattr(self._loader, "create_module", None)
        return create(spec) if create is not None else None

    def exec_module(self, module: ModuleType) -> None:
        module.__loader__ = module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        _call_safely(self._callback, module)


class _WhenImported(importlib.abc.MetaPathFinder):
    """A one-shot finder that attaches :class:`_ThenCall` to the real spec of one module."""

    def __init__(self, name: str, callback: Callable[[ModuleType], None]):
        self.name = name
        self.callback = callback

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != self.name:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _ThenCall(spec.loader, self.callback)
                    sys.meta_path.remove(self)
                return spec
        return None


def finish(code: int | None) -> None:
    """End the frozen program once its work is done and written: flush the streams and the
    log, then leave without interpreter finalization, where a C extension's reference-count
    bug aborted a frozen run that had already succeeded ("bool_dealloc", exit -6)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    logging.shutdown()
    os._exit(code or 0)


def _call_safely(callback: Callable[[ModuleType], None], module: ModuleType) -> None:
    try:
        callback(module)
    except Exception:
        log.exception("start-up hook %s failed for %s", callback.__name__, module.__name__)


def when_imported(name: str, callback: Callable[[ModuleType], None]) -> None:
    """Call ``callback(module)`` once ``name`` is imported (now, if it already is)."""
    if name in sys.modules:
        _call_safely(callback, sys.modules[name])
    elif not any(isinstance(f, _WhenImported) and f.name == name for f in sys.meta_path):
        sys.meta_path.insert(0, _WhenImported(name, callback))


def use_threads_for_joblib(joblib: ModuleType) -> None:
    """Make every joblib pool in this process a thread pool, from any thread.

    ``parallel_config`` is thread-local, so it would not reach worker threads; the module-wide
    defaults do. Process backends (loky, multiprocessing) crash inside a PyInstaller bundle.
    """
    parallel = joblib.parallel
    threads = parallel.BACKENDS["threading"]
    for name in ("loky", "multiprocessing"):
        if name in parallel.BACKENDS:
            parallel.BACKENDS[name] = threads
    parallel.DEFAULT_BACKEND = parallel.DEFAULT_PROCESS_BACKEND = "threading"
    log.debug("joblib: all backends are thread pools")


def route_qt_messages(qtcore: ModuleType) -> None:
    """Send Qt's own warnings (missing plugins, fonts, …) to the log."""
    levels = {
        qtcore.QtMsgType.QtDebugMsg: logging.DEBUG,
        qtcore.QtMsgType.QtInfoMsg: logging.INFO,
        qtcore.QtMsgType.QtWarningMsg: logging.WARNING,
        qtcore.QtMsgType.QtCriticalMsg: logging.ERROR,
        qtcore.QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    qt_log = logging.getLogger("veil.qt")
    recent: deque[str] = deque(maxlen=QT_MESSAGES_KEPT)

    def handler(mode: object, context: object, message: str) -> None:
        qt_log.log(levels.get(mode, logging.WARNING), "%s", message)
        recent.append(message)
        if mode == qtcore.QtMsgType.QtFatalMsg and "platform plugin" in message:
            qt_cannot_start(list(recent))

    _state["qt_handler"] = handler  # keep it alive as long as Qt may call it
    qtcore.qInstallMessageHandler(handler)


def qt_cannot_start(messages: list[str]) -> None:
    """Qt is about to abort because no window can open: say why in plain words, then exit."""
    from app.qt_check import explain_failure

    text = explain_failure(messages)
    where = logging_setup.current_log_file()
    print(f"\n{text}\nDetails are in the log: {where}", file=sys.stderr, flush=True)
    if logging_setup.is_real_stream(sys.stderr):
        log.info("told the user that Qt cannot start: %s", text)
    logging.shutdown()
    os._exit(QT_FAILED_EXIT)  # instead of Qt's abort(): no core dump, a clear exit status


# --- unhandled exceptions ---------------------------------------------------------------------


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    report_unhandled(exc.with_traceback(tb), threading.current_thread().name)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    name = args.thread.name if args.thread is not None else "?"
    report_unhandled(args.exc_value.with_traceback(args.exc_traceback), name)


def report_unhandled(exc: BaseException, thread: str) -> None:
    """Log an exception nobody caught; show the error dialog if a GUI runs, else print it."""
    from core.errors import JobCancelled

    if isinstance(exc, JobCancelled):
        log.info("a cancelled job ended in thread %s", thread)
        return
    if _gui_app() is not None and _dialog_due():
        log.error("unhandled exception in thread %s (details follow)", thread)
        _show_dialog(exc)
        return
    log.critical("unhandled exception in thread %s", thread, exc_info=exc)
    if logging_setup.is_real_stream(sys.stderr):
        traceback.print_exception(exc, file=sys.stderr)
        where = logging_setup.current_log_file()
        print(f"Veil: unexpected error; details in {where}", file=sys.stderr)


def _gui_app() -> object | None:
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None:
        return None
    app = widgets.QApplication.instance()
    return app if isinstance(app, widgets.QApplication) else None


def _dialog_due() -> bool:
    now = time.monotonic()
    if now - float(_state.get("last_dialog", -DIALOG_INTERVAL)) < DIALOG_INTERVAL:
        return False
    _state["last_dialog"] = now
    return True


def _show_dialog(exc: BaseException) -> None:
    """The error dialog (ui.errors) in the GUI thread, whichever thread raised."""
    if threading.current_thread() is threading.main_thread():
        _show_now(exc)
    else:
        _main_thread_bridge().raised.emit(exc)


def _show_now(exc: BaseException) -> None:
    from ui.errors import show_unexpected

    show_unexpected(exc, _dialog_parent())


def _dialog_parent() -> object:
    """The window the user is looking at; else a hidden one, so the dialog is not collected."""
    from ui.qt import QtWidgets

    app = QtWidgets.QApplication.instance()
    windows = [w for w in app.topLevelWidgets() if w.isVisible() and w.isWindow()]
    parent = app.activeWindow() or next(
        (w for w in windows if not isinstance(w, QtWidgets.QDialog)), None
    )
    if parent is None:
        if "dialog_holder" not in _state:
            _state["dialog_holder"] = QtWidgets.QWidget()
        parent = _state["dialog_holder"]
    return parent


def _main_thread_bridge() -> object:
    """A QObject living in the GUI thread; its signal, emitted anywhere, shows the dialog there."""
    if "bridge" not in _state:
        from ui.qt import QObject, QtWidgets, Signal, Slot

        class Bridge(QObject):
            raised = Signal(object)

            @Slot(object)
            def show(self, exc: BaseException) -> None:
                _show_now(exc)

        bridge = Bridge()
        bridge.moveToThread(QtWidgets.QApplication.instance().thread())
        bridge.raised.connect(bridge.show)
        _state["bridge"] = bridge
    return _state["bridge"]


def _enable_crash_log(path: Path) -> None:
    """Hard crashes (segfaults in Qt or numpy) leave a Python traceback in ``path``."""
    try:
        stream = open(path, "a", encoding="utf-8")  # noqa: SIM115 (open for the whole process)
    except OSError:
        return
    _state["crash_stream"] = stream
    faulthandler.enable(stream)
