"""Why Qt could not open the window, in plain words: which system libraries its platform
plugin misses (read with ``ldd``) and the Debian/Ubuntu packages that provide them."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

# the shared libraries Qt's window needs beyond glibc → the Debian/Ubuntu package with each
PACKAGES = {
    "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1", "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0", "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0", "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6", "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1", "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1", "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
}  # fmt: skip
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_PLUGIN = re.compile(r'platform plugin "([^"]+)" in "([^"]*)"')


def platforms_folder() -> Path | None:
    """Where PySide6 keeps Qt's platform plugins (found without importing Qt)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    for folder in (root / "Qt" / "plugins" / "platforms", root / "plugins" / "platforms"):
        if folder.is_dir():
            return folder
    return None


def plugin_file(name: str, folder: Path | None) -> Path | None:
    """The file of platform plugin ``name`` (``xcb`` → ``libqxcb.so``) in ``folder``."""
    if folder is None:
        return None
    found = sorted(folder.glob(f"*q{name}.*"))
    return found[0] if found else None


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries ``plugin`` needs that this system lacks (empty if none or no ldd)."""
    ldd = shutil.which("ldd")
    if ldd is None or sys.platform != "linux":
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return []
    return list(dict.fromkeys(_NOT_FOUND.findall(out.stdout)))


def packages_for(libraries: Iterable[str]) -> list[str]:
    """The Debian/Ubuntu packages that provide ``libraries`` (Qt's own ones have none)."""
    packages = [PACKAGES.get(lib) for lib in libraries if not lib.startswith("libQt")]
    return list(dict.fromkeys(p for p in packages if p))


def failed_plugin(messages: Iterable[str], env: Mapping[str, str]) -> tuple[str, Path | None]:
    """The platform plugin Qt tried last and its folder, from Qt's own messages."""
    name, folder = env.get("QT_QPA_PLATFORM", "").split(":")[0] or "xcb", ""
    for message in messages:
        if match := _PLUGIN.search(message):
            name, folder = match.groups()
    return name, Path(folder) if folder else platforms_folder()


def explain_failure(messages: Iterable[str], env: Mapping[str, str] | None = None) -> str:
    """What to tell the user when Qt gave up: the missing libraries and how to install them."""
    env = os.environ if env is None else env
    messages = list(messages)
    name, folder = failed_plugin(messages, env)
    plugin = plugin_file(name, folder)
    head = f'Veil could not open its window: Qt could not start its "{name}" screen support.'
    if plugin is None:
        return (
            f"{head}\nThe file for it is not part of this installation ({folder}). Reinstall "
            "Veil, or choose another one with QT_QPA_PLATFORM (xcb or wayland)."
        )
    missing = missing_libraries(plugin)
    if missing:
        packages = packages_for(missing)
        lines = [f"{head}\nThis computer lacks these system libraries: {', '.join(missing)}."]
        if packages:
            lines.append(f"Install them with:\n    sudo apt-get install {' '.join(packages)}")
        else:
            lines.append("Reinstall Veil: its own files are incomplete.")
        lines.append("(scripts/setup.sh installs everything the window needs.)")
        return "\n".join(lines)
    if name == "xcb" and not env.get("DISPLAY"):
        return (
            f"{head}\nNo screen was found (DISPLAY is not set): start Veil from a desktop "
            "session, or use veil-cli on a machine without a screen."
        )
    said = " ".join(m.strip() for m in messages[-3:])
    return f"{head}\nQt said: {said}"
