"""Importing heavy libraries ahead of use, in the background, never two imports at once.

scikit-learn and diffprivlib import their own submodules from their package ``__init__``;
two threads importing them at the same moment can deadlock. ``start(names)`` imports in a
background thread (one preload after the other); ``wait()`` returns once none is pending,
and background jobs call it before they start.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Sequence

log = logging.getLogger("veil.preload")


class Preloader:
    """Counts the preloads asked for and not yet finished; they run one at a time."""

    def __init__(self) -> None:
        self._pending = 0
        self._idle = threading.Condition()
        self._one_at_a_time = threading.Lock()

    def start(self, names: Sequence[str]) -> threading.Thread:
        """Import ``names`` in a daemon thread; ``wait()`` blocks from now until it ends."""
        with self._idle:
            self._pending += 1
        thread = threading.Thread(target=self._run, args=(tuple(names),), daemon=True,
                                  name="veil-preload")  # fmt: skip
        thread.start()
        return thread

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no preload is pending; False if ``timeout`` seconds ran out first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def _run(self, names: tuple[str, ...]) -> None:
        try:
            with self._one_at_a_time:
                for name in names:
                    try:
                        importlib.import_module(name)
                    except ImportError as exc:  # a missing optional piece shows up when used
                        log.info("preload: %s not imported (%s)", name, exc)
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()


PRELOADER = Preloader()  # the process's one import queue (imports are process-wide)
