"""A binary file reader that reports progress, honours cancel and hashes what it reads."""

from __future__ import annotations

import hashlib
import io
import os

from core.jobs import Monitor

STEP = 0.01  # report at most every 1% of the file


class ProgressReader(io.RawIOBase):
    """Wraps a file opened in binary mode; every block read is a progress tick and cancel point.

    The sha256 of the bytes read is kept so that a single pass both parses and fingerprints.
    """

    def __init__(self, path: str | os.PathLike[str], monitor: Monitor, message: str) -> None:
        super().__init__()
        self._file = open(path, "rb")  # noqa: SIM115 - closed in close()
        self._size = max(os.fstat(self._file.fileno()).st_size, 1)
        self._monitor = monitor
        self._message = message
        self._hash = hashlib.sha256()
        self._reported = -1.0
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = self._file.readinto(buffer)
        self._account(memoryview(buffer)[:n] if n else b"")
        return n

    def _account(self, data) -> None:
        """Hash ``data`` (the bytes just read; empty at the end) and report progress."""
        if len(data):
            self._hash.update(data)
            self.position += len(data)
        fraction = self.position / self._size
        if fraction - self._reported >= STEP or not len(data):
            self._reported = fraction
            self._monitor.progress(fraction, self._message)

    def close(self) -> None:
        self._file.close()
        super().close()

    @property
    def complete(self) -> bool:
        """True when the whole file went through the reader (the digest covers all of it)."""
        return self.position == os.fstat(self._file.fileno()).st_size

    def sha256(self) -> str:
        return self._hash.hexdigest()


def open_with_progress(
    path: str | os.PathLike[str], monitor: Monitor, message: str
) -> tuple[io.BufferedReader, ProgressReader]:
    """A buffered handle for parsers plus the raw reader that tracks progress and the hash."""
    raw = ProgressReader(path, monitor, message)
    return io.BufferedReader(raw, buffer_size=1 << 20), raw
