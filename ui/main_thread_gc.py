"""Python's cyclic garbage collection kept in the GUI thread.

A collection runs in whichever thread allocates when a threshold is crossed: in a job's worker
thread it may finalize a Qt object (a closed dialog in a reference cycle) there, and Qt
crashes. Automatic collection is turned off and a timer collects in the GUI thread instead,
generation by generation as the thresholds say (pyqtgraph's GarbageCollector pattern).
"""

from __future__ import annotations

import gc

from ui.qt import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """While started, garbage is collected only by this object's timer (the GUI thread)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def collect(self) -> int:
        """Collect the generations whose counts passed their thresholds; objects found."""
        counts, limits = gc.get_count(), gc.get_threshold()
        found = 0
        if counts[0] > limits[0]:
            generation = 0
            if counts[1] > limits[1]:
                generation = 2 if counts[2] > limits[2] else 1
            found = gc.collect(generation)
        return found
