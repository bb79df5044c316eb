"""Trimming the bundle: unused Qt plugins and the libraries only they need; safe stripping."""

from __future__ import annotations

import ctypes
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.scripts import load

trim = load("bundle_trim")

PLUGINS = "PySide6/Qt/plugins"
QT_LIB = "PySide6/Qt/lib"
# A small bundle TOC: (dest, source, typecode); LINKS says what each source links against.
TOC = [
    (f"{PLUGINS}/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
    (f"{PLUGINS}/platforms/libqvnc.so", "/s/libqvnc.so", "BINARY"),
    (f"{PLUGINS}/platformthemes/libqgtk3.so", "/s/libqgtk3.so", "BINARY"),
    (f"{PLUGINS}/imageformats/libqsvg.so", "/s/libqsvg.so", "BINARY"),
    (f"{PLUGINS}/imageformats/libqtiff.so", "/s/libqtiff.so", "BINARY"),
    (f"{QT_LIB}/libQt6Gui.so.6", "/s/libQt6Gui.so.6", "BINARY"),
    (f"{QT_LIB}/libQt6Network.so.6", "/s/libQt6Network.so.6", "BINARY"),
    ("libQt6Network.so.6", f"{QT_LIB}/libQt6Network.so.6", "SYMLINK"),
    ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),
    ("libpng16.so.16", "/usr/lib/libpng16.so.16", "BINARY"),
    ("libz.so.1", "/usr/lib/libz.so.1", "BINARY"),
    ("PIL/_imaging.so", "/s/_imaging.so", "EXTENSION"),
]
LINKS = {
    "/s/libqxcb.so": {"libQt6Gui.so.6"},
    "/s/libqvnc.so": {"libQt6Network.so.6", "libQt6Gui.so.6"},
    "/s/libqgtk3.so": {"libcairo.so.2", "libQt6Gui.so.6"},
    "/usr/lib/libcairo.so.2": {"libpng16.so.16", "libz.so.1"},
    "/s/_imaging.so": {"libz.so.1"},
}


def test_unused_plugins_go_with_the_libraries_only_they_need():
    kept, removed = trim.trim(TOC, lambda source: LINKS.get(source, set()))
    assert removed == sorted(
        [
            f"{PLUGINS}/platforms/libqvnc.so",
            f"{PLUGINS}/platformthemes/libqgtk3.so",
            f"{PLUGINS}/imageformats/libqtiff.so",
            f"{QT_LIB}/libQt6Network.so.6",
            "libQt6Network.so.6",
            "libcairo.so.2",
            "libpng16.so.16",
        ]
    )
    kept_dests = {e[0] for e in kept}
    assert "libz.so.1" in kept_dests, "needed by a kept extension as well"
    assert f"{QT_LIB}/libQt6Gui.so.6" in kept_dests, "needed by the kept xcb plugin"
    assert f"{PLUGINS}/imageformats/libqsvg.so" in kept_dests


def test_a_library_that_nothing_dropped_needs_is_never_removed():
    kept, removed = trim.trim(TOC[:1] + TOC[5:6], lambda source: LINKS.get(source, set()))
    assert removed == [] and len(kept) == 2


def test_translations_and_platform_specific_names_are_recognised():
    assert trim.is_unused("PySide6/Qt/translations/qtbase_de.qm")
    assert trim.is_unused("PySide6\\Qt\\plugins\\imageformats\\qtiff.dll")
    assert not trim.is_unused("PySide6/Qt/plugins/platforms/qwindows.dll")
    assert not trim.is_unused("PySide6/Qt/plugins/platforms/libqxcb.so")


def elf_with_load_segment(offset: int, vaddr: int, align: int = 0x1000) -> bytes:
    """A minimal little-endian ELF64 header with one PT_LOAD program header."""
    header = bytearray(64)
    header[:6] = b"\x7fELF\x02\x01"
    struct.pack_into("<Q", header, 0x20, 64)  # e_phoff
    struct.pack_into("<HH", header, 0x36, 56, 1)  # e_phentsize, e_phnum
    segment = struct.pack("<IIQQQQQQ", 1, 5, offset, vaddr, vaddr, 0, 0, align)
    return bytes(header) + segment


@pytest.mark.parametrize(
    ("offset", "vaddr", "aligned"),
    [(0x1000, 0x1000, True), (0x15C8670, 0x15CA670, True), (0x1621098, 0x166B000, False)],
)
def test_segment_alignment_check_matches_what_the_loader_refuses(tmp_path, offset, vaddr, aligned):
    """The last pair is what `strip` did to numpy's OpenBLAS: the loader refused it."""
    path = tmp_path / "lib.so"
    path.write_bytes(elf_with_load_segment(offset, vaddr))
    assert trim.segments_aligned(path) is aligned


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("strip"), reason="ELF")
def test_stripping_a_real_wheel_library_keeps_it_loadable(tmp_path):
    import kiwisolver

    source = next(Path(kiwisolver.__file__).parent.glob("_cext*.so"))
    internal = tmp_path / "_internal"
    internal.mkdir()
    copy = internal / source.name
    shutil.copy2(source, copy)
    saved, kept = trim.strip_binaries(tmp_path)
    assert saved > 0 and kept == []
    assert copy.stat().st_size == source.stat().st_size - saved
    assert trim.segments_aligned(copy)
    ctypes.CDLL(str(copy))  # the dynamic loader still accepts it
    symbols = subprocess.run(["nm", str(copy)], capture_output=True, text=True)
    assert "no symbols" in symbols.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="symbolic links, ELF")
def test_identical_libraries_become_links_that_still_load(tmp_path):
    import kiwisolver

    source = next(Path(kiwisolver.__file__).parent.glob("_cext*.so"))
    internal = tmp_path / "_internal"
    for folder in ("a.libs", "b.libs", "c.libs"):
        (internal / folder).mkdir(parents=True)
        shutil.copy2(source, internal / folder / "lib.so")
    different = internal / "c.libs" / "lib.so"
    different.write_bytes(source.read_bytes() + b"\0")
    (internal / "b.libs" / "notes.txt").write_text("not a library")
    saved, linked = trim.link_duplicates(tmp_path)
    assert linked == [str(Path("_internal", "b.libs", "lib.so"))]
    assert saved == source.stat().st_size
    link = internal / "b.libs" / "lib.so"
    assert link.is_symlink() and link.resolve() == (internal / "a.libs" / "lib.so").resolve()
    assert not different.is_symlink() and not (internal / "a.libs" / "lib.so").is_symlink()
    ctypes.CDLL(str(link))
