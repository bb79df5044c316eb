"""Background jobs: a QRunnable on the thread pool, signals on a separate QObject.

One ``JobRunner`` per panel: starting a job cancels the previous one (its late result is
dropped), progress is throttled, ``JobCancelled`` is silent, and no widget is touched from
the worker thread — results travel back through queued signals.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from core.errors import JobCancelled
from core.jobs import Monitor
from ui.qt import QObject, QtCore, QThreadPool, Signal

log = logging.getLogger("veil.ui.jobs")

PROGRESS_INTERVAL = 0.05  # seconds between progress signals

JobFunction = Callable[[Monitor], Any]


class _JobSignals(QObject):
    """Lives in the GUI thread; the worker only emits."""

    progress = Signal(int, float, str)
    finished = Signal(int, object)
    failed = Signal(int, object)
    cancelled = Signal(int)


class _Runnable(QtCore.QRunnable):
    def __init__(
        self,
        job_id: int,
        fn: JobFunction,
        monitor: Monitor,
        signals: _JobSignals,
        done: threading.Event,
    ) -> None:
        super().__init__()
        self._id, self._fn, self._monitor, self._signals = job_id, fn, monitor, signals
        self._done = done

    def run(self) -> None:
        from core.preload import PRELOADER

        try:
            PRELOADER.wait()  # never import the engine while a preload imports it
            result = self._fn(self._monitor)
            self._monitor.check_cancelled()
        except JobCancelled:
            self._tell("cancelled", self._id)
        except BaseException as exc:  # reported to the GUI thread, never swallowed
            log.error("job %d failed", self._id, exc_info=exc)
            self._tell("failed", self._id, exc)
        else:
            self._tell("finished", self._id, result)
        finally:
            self._done.set()

    def _tell(self, name: str, *args: object) -> None:
        """Emit to the GUI; a window closed meanwhile (its signals deleted) hears nothing."""
        try:
            getattr(self._signals, name).emit(*args)
        except RuntimeError:  # "Signal source has been deleted": nobody is listening
            log.info("job %d ended after its window closed", self._id)


class _Throttle:
    """Forwards at most one progress update per interval (and always the first and last)."""

    def __init__(self, emit: Callable[[float, str], None]) -> None:
        self._emit, self._last = emit, 0.0

    def __call__(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - self._last >= PROGRESS_INTERVAL or fraction >= 1.0:
            self._last = now
            self._emit(fraction, message)


class JobRunner(QObject):
    """Runs one background job at a time for a panel and reports in the GUI thread."""

    busy_changed = Signal(bool)
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, name: str, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.name = name
        self._pool = pool or QThreadPool.globalInstance()
        self._signals = _JobSignals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)
        self._current = 0
        self._monitor: Monitor | None = None
        self._running: dict[int, threading.Event] = {}

    @property
    def busy(self) -> bool:
        return self._monitor is not None

    def start(self, fn: JobFunction) -> int:
        """Cancel any running job and run ``fn(monitor)`` in the pool; returns the job id."""
        self.cancel()
        self._current += 1
        job_id = self._current
        emit = self._signals.progress.emit
        self._monitor = Monitor(_Throttle(lambda f, m: emit(job_id, f, m)))
        done = self._running[job_id] = threading.Event()
        self._pool.start(_Runnable(job_id, fn, self._monitor, self._signals, done))
        self.busy_changed.emit(True)
        return job_id

    def cancel(self) -> None:
        """Ask the running job to stop; its late result will be dropped."""
        if self._monitor is None:
            return
        self._monitor.cancel()
        self._monitor = None
        self.busy_changed.emit(False)
        self.cancelled.emit()

    def wait(self, timeout: float = 30.0) -> bool:
        """Block until every job this runner started has returned (used when closing)."""
        deadline = time.monotonic() + timeout
        for done in list(self._running.values()):
            if not done.wait(max(0.0, deadline - time.monotonic())):
                return False
        return True

    def _finish(self, job_id: int) -> bool:
        self._running.pop(job_id, None)
        if job_id != self._current or self._monitor is None:
            return False  # a cancelled or superseded job: drop it
        self._monitor = None
        self.busy_changed.emit(False)
        return True

    def _on_progress(self, job_id: int, fraction: float, message: str) -> None:
        if job_id == self._current and self._monitor is not None:
            self.progress.emit(fraction, message)

    def _on_finished(self, job_id: int, result: object) -> None:
        if self._finish(job_id):
            self.finished.emit(result)

    def _on_failed(self, job_id: int, exc: object) -> None:
        if self._finish(job_id):
            self.failed.emit(exc)

    def _on_cancelled(self, job_id: int) -> None:
        self._finish(job_id)  # cancel() already told the panel
