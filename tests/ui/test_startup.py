"""Fast start: the window is on screen before pandas, scikit-learn or diffprivlib load."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

HEAVY = ("pandas", "sklearn", "diffprivlib", "scipy", "matplotlib")

CHILD = f"""
import sys
from ui.application import make_app, build_window
from ui.qt import QtCore
app = make_app(["veil"])
window = build_window()
loop = QtCore.QEventLoop()
QtCore.QTimer.singleShot(500, loop.quit)  # let it show and paint, as the event loop would
loop.exec()
print("visible", window.isVisible(), window.windowHandle().isExposed())
print("heavy", ",".join(m for m in {HEAVY!r} if m in sys.modules))
window.close()
"""


def test_window_is_built_without_heavy_libraries():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
    assert lines["visible"] == "True True"
    assert lines.get("heavy", "") == "", f"imported before the window was up: {lines['heavy']}"


def test_veil_help_does_not_import_the_engine():
    code = "import sys\nfrom app.main import parse_args\nparse_args(['--demo'])\n" + (
        f"print(','.join(m for m in {HEAVY!r} + ('PySide6',) if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
