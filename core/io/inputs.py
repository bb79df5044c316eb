"""The data files this process has read: whatever Veil writes is refused if it is one of them.

A safety net under the explicit checks of each command: every table ``load_table`` reads is
remembered by its resolved path and its file identity (device, inode), so neither a symbolic
link, a ``..`` detour nor a hard link lets a release, report, project or assessment replace it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

_LOCK = threading.Lock()
_PATHS: set[Path] = set()
_IDS: set[tuple[int, int]] = set()


def remember_input(path: str | os.PathLike[str]) -> None:
    """Record ``path`` as an input that nothing Veil writes may replace."""
    resolved = Path(path).expanduser().resolve()
    identity = _identity(resolved)
    with _LOCK:
        _PATHS.add(resolved)
        if identity is not None:
            _IDS.add(identity)


def input_behind(target: str | os.PathLike[str]) -> Path | None:
    """The remembered input that writing ``target`` would replace, or None."""
    resolved = Path(target).expanduser().resolve()
    identity = _identity(resolved)
    with _LOCK:
        if resolved in _PATHS:
            return resolved
        if identity is not None and identity in _IDS:
            return next((p for p in _PATHS if _identity(p) == identity), resolved)
    return None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino
