"""Logging to a rotating file in the user's log folder, safe when stdout/stderr are None."""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import platform
import sys
import tempfile
from pathlib import Path

LOG_DIR_ENV = "VEIL_LOG_DIR"
LOG_FILE = "veil.log"
CRASH_FILE = "veil-crash.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"


def log_dir() -> Path:
    """The per-user folder for Veil's logs; ``$VEIL_LOG_DIR`` overrides it."""
    if override := os.environ.get(LOG_DIR_ENV):
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else home / "AppData" / "Local") / "Veil" / "Logs"
    if sys.platform == "darwin":
        return home / "Library" / "Logs" / "Veil"
    state = os.environ.get("XDG_STATE_HOME") or home / ".local" / "state"
    return Path(state) / "veil" / "log"


class _LogWriter(io.TextIOBase):
    """A text stream that turns whatever is written to it into log records, line by line."""

    def __init__(self, name: str, level: int) -> None:
        self._logger = logging.getLogger(name)
        self._level = level
        self._pending = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            if line.strip():
                self._logger.log(self._level, line.rstrip())
        return len(text)

    def flush(self) -> None:
        if self._pending.strip():
            self._logger.log(self._level, self._pending.rstrip())
        self._pending = ""


def ensure_streams() -> None:
    """Give a windowed process (where sys.stdout/sys.stderr are None) streams that log instead."""
    if sys.stdout is None:
        sys.stdout = _LogWriter("veil.stdout", logging.INFO)
    if sys.stderr is None:
        sys.stderr = _LogWriter("veil.stderr", logging.WARNING)


def is_real_stream(stream: object) -> bool:
    return stream is not None and not isinstance(stream, _LogWriter)


def _file_handler(folder: Path) -> logging.Handler:
    """A rotating handler in ``folder``, or in the temp folder when that cannot be written."""
    for candidate in (folder, Path(tempfile.gettempdir()) / "veil-logs"):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            return logging.handlers.RotatingFileHandler(
                candidate / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
        except OSError:
            continue
    return logging.NullHandler()


def current_log_file() -> Path | None:
    """The file the root logger writes to, once :func:`setup_logging` has run."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_veil", False):
            name = getattr(handler, "baseFilename", None)
            return Path(name) if name else None
    return None


def setup_logging(*, console: bool = True, debug: bool = False) -> Path | None:
    """Log to ``veil.log`` (1 MB x 3, rotating) and, if wanted and possible, WARNING+ to stderr.

    ``debug`` lowers Veil's own loggers (``veil.*``) to DEBUG; other libraries stay at INFO.

    Returns the log file (None if no folder at all could be written). Idempotent.
    """
    root = logging.getLogger()
    if any(getattr(h, "_veil", False) for h in root.handlers):
        return current_log_file()
    handler = _file_handler(log_dir())
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._veil = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if console and is_real_stream(sys.stderr):
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.WARNING)
        stream.setFormatter(logging.Formatter("veil: %(levelname)s: %(message)s"))
        root.addHandler(stream)
    root.setLevel(logging.INFO)  # other libraries' debug output (matplotlib's) drowns the log
    logging.getLogger("veil").setLevel(logging.DEBUG if debug else logging.INFO)
    logging.captureWarnings(True)
    _log_header()
    return current_log_file()


def _log_header() -> None:
    from core import __version__

    logging.getLogger("veil").info(
        "Veil %s starting: python %s, %s, frozen=%s, pid %d, executable %s",
        __version__,
        platform.python_version(),
        platform.platform(),
        bool(getattr(sys, "frozen", False)),
        os.getpid(),
        sys.executable,
    )
