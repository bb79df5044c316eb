"""The Linux tarball's menu entry and its per-user installer."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys

import pytest

from resources import resource_path
from tests.conftest import REPO

LINUX = REPO / "packaging" / "linux"


def desktop_entry(path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_has_what_menus_need():
    entry = desktop_entry(LINUX / "veil.desktop")
    assert entry["Type"] == "Application" and entry["Name"] == "Veil"
    assert entry["Exec"] == "veil %f" and entry["Icon"] == "veil"
    assert entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == "Veil"  # the window class Qt sets (applicationName)
    assert "text/csv" in entry["MimeType"].split(";")


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("awk"), reason="sh")
def test_install_script_adds_and_removes_the_menu_entry_for_an_awkward_path(tmp_path):
    folder = tmp_path / 'my "apps" $HOME'  # quotes and a dollar must survive as text
    (folder / "_internal" / "resources").mkdir(parents=True)
    shutil.copytree(resource_path("icons"), folder / "_internal" / "resources" / "icons")
    for name in ("install.sh", "veil.desktop"):
        shutil.copy2(LINUX / name, folder / name)
    (folder / "veil").write_text("#!/bin/sh\n")
    (folder / "veil").chmod(0o755)
    data = tmp_path / "data"
    env = dict(os.environ, XDG_DATA_HOME=str(data))

    subprocess.run(["sh", str(folder / "install.sh")], env=env, check=True, capture_output=True)
    installed = data / "applications" / "veil.desktop"
    entry = desktop_entry(installed)
    assert entry["Exec"] == f'"{tmp_path}/my \\\\"apps\\\\" \\\\$HOME/veil" %f'
    assert entry["TryExec"] == str(folder / "veil")
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "veil.png").is_file()

    uninstall = [str(folder / "install.sh"), "--uninstall"]
    subprocess.run(["sh", *uninstall], env=env, check=True, capture_output=True)
    assert not installed.exists()
    assert not list((data / "icons").rglob("veil.png"))
