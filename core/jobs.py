"""Qt-free progress and cancellation for long operations (Orange3/napari style monitors)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from core.errors import JobCancelled

ProgressCallback = Callable[[float, str], None]


class Monitor:
    """Reports progress on a sub-range of [0, 1] and raises JobCancelled when asked to stop.

    Long core functions take ``monitor`` and call ``progress()`` between units of work
    (per lattice level, per attack, per fold), never per row. ``sub(a, b)`` maps a
    child step onto part of the parent's range; all children share one cancel flag.
    """

    def __init__(
        self,
        callback: ProgressCallback | None = None,
        cancel_event: threading.Event | None = None,
        *,
        start: float = 0.0,
        end: float = 1.0,
    ) -> None:
        self._callback = callback
        self._cancel = cancel_event if cancel_event is not None else threading.Event()
        self._start = start
        self._end = end

    def progress(self, fraction: float, message: str = "") -> None:
        """Report ``fraction`` (0..1) of this monitor's range done; also a cancel point."""
        self.check_cancelled()
        if self._callback is not None:
            f = min(max(float(fraction), 0.0), 1.0)
            self._callback(self._start + f * (self._end - self._start), message)

    def check_cancelled(self) -> None:
        """Raise JobCancelled if cancel() was called on this monitor or any relative."""
        if self._cancel.is_set():
            raise JobCancelled()

    def sub(self, start: float, end: float) -> Monitor:
        """A child monitor covering [start, end] of this monitor's range."""
        span = self._end - self._start
        return Monitor(
            self._callback,
            self._cancel,
            start=self._start + start * span,
            end=self._start + end * span,
        )

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


def null_monitor() -> Monitor:
    """A monitor that reports nowhere and is never cancelled (the default)."""
    return Monitor()
