"""When Qt cannot open the window, `veil` says why on the console, naming the missing system
library and its package; scripts/setup.sh installs every library the window needs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import qt_check
from app.startup import QT_FAILED_EXIT
from tests.conftest import REPO, console_script

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="ldd and xcb are Linux things")
HIDDEN = ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")  # what a minimal Debian lacked


def fake_ldd(folder: Path, hidden: tuple[str, ...]) -> Path:
    """An ``ldd`` that reports ``hidden`` as not found, as on a machine without them."""
    folder.mkdir()
    edits = " ".join(f"-e 's#^\\(\\s*\\){re.escape(n)} => .*#\\1{n} => not found#'" for n in hidden)
    script = folder / "ldd"
    script.write_text(f'#!/bin/sh\n{qt_check.shutil.which("ldd")} "$@" | sed {edits}\n')
    script.chmod(0o755)
    return folder


def start_veil(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """`veil` with the X11 plugin and no screen: Qt cannot start."""
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environ |= {"QT_QPA_PLATFORM": "xcb", "VEIL_LOG_DIR": str(tmp_path / "log"), **env}
    return subprocess.run(
        [console_script("veil")], cwd=tmp_path, env=environ, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


@linux_only
def test_a_missing_xcb_library_is_named_on_the_console_with_its_package(tmp_path):
    bin_dir = fake_ldd(tmp_path / "bin", HIDDEN)
    out = start_veil(tmp_path, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert out.returncode == QT_FAILED_EXIT, out.stderr
    assert "Veil could not open its window" in out.stderr
    assert "lacks these system libraries: libxcb-icccm.so.4, libxcb-keysyms.so.1." in out.stderr
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in out.stderr
    assert "Traceback" not in out.stderr and "core dumped" not in out.stderr
    log = (tmp_path / "log" / "veil.log").read_text(encoding="utf-8")
    assert "no Qt platform plugin could be initialized" in log  # Qt's own words stay in the log
    assert "told the user that Qt cannot start" in log and "libxcb-icccm4" in log


@linux_only
def test_no_screen_at_all_is_said_in_plain_words(tmp_path):
    plugin = qt_check.plugin_file("xcb", qt_check.platforms_folder())
    if plugin is None or qt_check.missing_libraries(plugin):
        pytest.skip("this machine cannot load the xcb plugin anyway")
    out = start_veil(tmp_path)
    assert out.returncode == QT_FAILED_EXIT, out.stderr
    assert "No screen was found (DISPLAY is not set)" in out.stderr
    assert f"Details are in the log: {tmp_path / 'log' / 'veil.log'}" in out.stderr


def test_qt_own_libraries_missing_means_reinstall_not_apt(tmp_path, monkeypatch):
    folder = tmp_path / "platforms"
    folder.mkdir()
    (folder / "libqxcb.so").write_bytes(b"")
    monkeypatch.setattr(qt_check, "missing_libraries", lambda _p: ["libQt6XcbQpa.so.6"])
    text = qt_check.explain_failure(
        [f'Could not load the Qt platform plugin "xcb" in "{folder}" even though it was found.'],
        {"DISPLAY": ":0"},
    )
    assert "libQt6XcbQpa.so.6" in text and "Reinstall Veil" in text and "apt-get" not in text


def test_a_plugin_that_is_not_there_is_said_plainly(tmp_path):
    text = qt_check.explain_failure(
        [f'Could not find the Qt platform plugin "wayland" in "{tmp_path}"'], {}
    )
    assert '"wayland" screen support' in text and "not part of this installation" in text


def setup_packages() -> set[str]:
    script = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    body = re.search(r"^qt_libs=\(([^)]*)\)", script, re.MULTILINE)
    assert body is not None, "setup.sh lists the window's libraries in qt_libs=(...)"
    return set(body.group(1).split())


@linux_only
def test_setup_installs_every_system_library_the_window_plugins_need():
    folder = qt_check.platforms_folder()
    assert folder is not None
    ldd = qt_check.shutil.which("ldd")
    needed: set[str] = set()
    for name in ("xcb", "wayland"):
        plugin = qt_check.plugin_file(name, folder)
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, check=True)
        needed |= set(re.findall(r"^\s*(\S+\.so\S*)", out.stdout, re.MULTILINE))
    graphics = {n for n in needed if re.match(r"lib(xcb|X11|xkb|EGL|GL|wayland|fontc)", n)}
    assert graphics - set(qt_check.PACKAGES) == set(), "a library with no package to suggest"
    wanted = {qt_check.PACKAGES[n] for n in needed if n in qt_check.PACKAGES}
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0"} <= wanted
    assert wanted - setup_packages() == set(), "setup.sh would not install these"
    assert set(qt_check.PACKAGES.values()) <= setup_packages()
    demo = (REPO / "scripts" / "run-demo.sh").read_text(encoding="utf-8")
    assert "scripts/setup.sh\n" in demo, "run-demo.sh installs the window's libraries first"
