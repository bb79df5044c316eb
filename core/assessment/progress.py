"""Progress messages that say which part of the assessment is running."""

from __future__ import annotations

from core.jobs import Monitor


class Labelled(Monitor):
    """A view of ``monitor`` that prefixes every message with ``label``."""

    def __init__(self, monitor: Monitor, label: str) -> None:
        self._inner, self._label = monitor, label

    def progress(self, fraction: float, message: str = "") -> None:
        self._inner.progress(fraction, f"{self._label}{message}" if message else message)

    def check_cancelled(self) -> None:
        self._inner.check_cancelled()

    def sub(self, start: float, end: float) -> Monitor:
        return Labelled(self._inner.sub(start, end), self._label)

    def cancel(self) -> None:
        self._inner.cancel()

    @property
    def cancelled(self) -> bool:
        return self._inner.cancelled
