"""Who made a result and with what: Veil and library versions, platform, time."""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import platform
import sys
from importlib import metadata

LIBRARIES = ("numpy", "pandas", "scikit-learn", "scipy", "diffprivlib", "matplotlib", "reportlab")


def versions() -> dict[str, str]:
    """Installed versions of Veil and the libraries its results depend on."""
    from core import __version__

    found = {"veil": __version__, "python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def provenance() -> dict[str, object]:
    return {
        "versions": versions(),
        "platform": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "frozen": bool(getattr(sys, "frozen", False)),
        "created": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    }


def sha256_file(path: str | os.PathLike[str], chunk: int = 1 << 20) -> str:
    """Streamed sha256 of a file (large inputs are not read into memory at once)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()
