"""Slim the bundle: drop Qt files Veil never uses (and libraries only they need); strip symbols;
link identical copies of a library.

Used by build.spec on PyInstaller's TOC lists of ``(dest, source, typecode)`` entries.
Not a package module on purpose: a top-level ``packaging`` package would shadow the PyPI one.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
import struct
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

Entry = tuple[str, str, str]

# Linux console/embedded platforms and their input plugins, the GTK theme (it needs the system's
# GTK and drags in cairo/pango/gdk-pixbuf), image formats Veil never reads, and Qt's own
# translations (Veil's interface is English; translated Qt buttons beside it would be odd).
UNUSED = re.compile(
    r"PySide6/Qt/(translations/"
    r"|plugins/(egldeviceintegrations|generic)/"
    r"|plugins/platforms/(lib)?q(eglfs|linuxfb|minimalegl|vkkhrdisplay|vnc)\b"
    r"|plugins/platformthemes/(lib)?qgtk3\b"
    r"|plugins/imageformats/(lib)?q(tiff|webp|tga|wbmp|gif)\b)"
)


def _norm(dest: str) -> str:
    return dest.replace("\\", "/")


def is_unused(dest: str) -> bool:
    """Whether a bundle path is one of the Qt files Veil does not need."""
    return UNUSED.search(_norm(dest)) is not None


def _closure(
    starts: Iterable[Entry], by_name: dict[str, Entry], imports_of: Callable[[str], set[str]]
) -> set[str]:
    """Destinations of every bundled library that ``starts`` need, directly or not."""
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        for name in imports_of(stack.pop()[1]):
            entry = by_name.get(name)
            if entry is not None and entry[0] not in seen:
                seen.add(entry[0])
                stack.append(entry)
    return seen


def trim(
    binaries: list[Entry], imports_of: Callable[[str], set[str]]
) -> tuple[list[Entry], list[str]]:
    """``binaries`` without the unused plugins and the libraries nothing else needs.

    ``imports_of(source_path)`` gives the file names a binary links against. Python extensions
    and libraries that no dropped plugin needs are always kept. Returns (kept, removed dests).
    """
    dropped = [e for e in binaries if is_unused(e[0])]
    files = [e for e in binaries if not is_unused(e[0]) and e[2] != "SYMLINK"]
    by_name = {posixpath.basename(_norm(e[0])): e for e in files}
    for dest, target, kind in binaries:  # links such as libQt6Core.so.6 -> PySide6/Qt/lib/...
        if kind == "SYMLINK":
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(_norm(dest)), target))
            match = next((e for e in files if _norm(e[0]) == resolved), None)
            if match is not None:
                by_name[posixpath.basename(_norm(dest))] = match
    only_theirs = _closure(dropped, by_name, imports_of)
    roots = [e for e in files if e[0] not in only_theirs or e[2] == "EXTENSION"]
    orphans = only_theirs - _closure(roots, by_name, imports_of) - {e[0] for e in roots}
    removed = {e[0] for e in dropped} | orphans
    kept = []
    for entry in binaries:
        dest, source, kind = entry
        if dest in removed:
            continue
        if kind == "SYMLINK":
            target = posixpath.normpath(posixpath.join(posixpath.dirname(_norm(dest)), source))
            if target in {_norm(r) for r in removed}:
                removed.add(dest)
                continue
        kept.append(entry)
    return kept, sorted(removed)


def _is_elf(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"\x7fELF"


def segments_aligned(path: Path) -> bool:
    """Whether every loadable segment's address and file offset agree modulo its alignment.

    The dynamic loader refuses a library otherwise ("ELF load command address/offset not
    page-aligned"), which is what ``strip`` does to some patchelf-edited wheel libraries.
    """
    data = path.read_bytes()
    if data[4] != 2:  # only 64-bit ELF is checked; others are left as they are
        return True
    order = "<" if data[5] == 1 else ">"
    (phoff,) = struct.unpack_from(order + "Q", data, 0x20)
    size, count = struct.unpack_from(order + "HH", data, 0x36)
    for i in range(count):
        kind, _, offset, vaddr, _, _, _, align = struct.unpack_from(
            order + "IIQQQQQQ", data, phoff + i * size
        )
        if kind == 1 and align > 1 and (vaddr - offset) % align:
            return False
    return True


def strip_binaries(root: Path, strip: str = "strip") -> tuple[int, list[str]]:
    """Strip the symbol tables of the ELF libraries under ``root``/_internal, in place.

    A file stays as it was when stripping would misalign it. Returns (bytes saved, files kept).
    """
    saved, kept = 0, []
    for path in sorted((root / "_internal").rglob("*")):
        if path.is_symlink() or not path.is_file() or not _is_elf(path):
            continue
        trial = path.with_name(path.name + ".strip")
        shutil.copy2(path, trial)
        ok = subprocess.run([strip, str(trial)], capture_output=True).returncode == 0
        if ok and segments_aligned(trial) and trial.stat().st_size < path.stat().st_size:
            saved += path.stat().st_size - trial.stat().st_size
            os.replace(trial, path)
        else:
            kept.append(str(path.relative_to(root)))
            trial.unlink()
    return saved, kept


def link_duplicates(root: Path) -> tuple[int, list[str]]:
    """Replace byte-identical copies of a library under ``root``/_internal by relative symbolic
    links to the first copy (numpy.libs and scipy.libs ship the same libgfortran and
    libquadmath). Returns (bytes saved, the paths now links)."""
    first: dict[tuple[int, str], Path] = {}
    saved, linked = 0, []
    for path in sorted((root / "_internal").rglob("*")):
        if path.is_symlink() or not path.is_file() or not _is_elf(path):
            continue
        with open(path, "rb") as handle:
            key = (path.stat().st_size, hashlib.file_digest(handle, "sha256").hexdigest())
        original = first.setdefault(key, path)
        if original is path:
            continue
        path.unlink()
        path.symlink_to(os.path.relpath(original, path.parent))
        saved += key[0]
        linked.append(str(path.relative_to(root)))
    return saved, linked
