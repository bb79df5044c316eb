"""Time from launching `veil` to its window being painted on screen (target < 1.5 s).

    python benchmarks/startup.py [--runs 7]

Each run starts a fresh Python process that goes through the real entry point
(``app.main.main``), notes when the main window receives its first paint, and reports which
heavy libraries were imported by then (none should be). Uses QT_QPA_PLATFORM=offscreen
unless a display is set (run under ``xvfb-run -a`` for a real X server).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "sklearn", "diffprivlib", "scipy", "matplotlib")
TARGET = 1.5

CHILD = r"""
import os, sys, time, json
t0 = float(os.environ["VEIL_BENCH_T0"])
import ui.application as application
build = application.build_window

def build_and_watch():
    from ui.qt import QtCore, QtWidgets
    window = build()

    class FirstPaint(QtCore.QObject):
        def eventFilter(self, obj, event):
            if event.type() == QtCore.QEvent.Type.Paint and obj.isWindow() is False:
                heavy = [m for m in HEAVY if m in sys.modules]
                print(json.dumps({"visible": time.time() - t0, "heavy": heavy}), flush=True)
                os._exit(0)
            return False

    watcher = FirstPaint(window)
    QtWidgets.QApplication.instance().installEventFilter(watcher)
    window._bench_watcher = watcher
    return window

application.build_window = build_and_watch
HEAVY = %r
from app.main import main
main([])
"""


def one_run() -> dict:
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["VEIL_BENCH_T0"] = repr(time.time())
    out = subprocess.run(
        [sys.executable, "-c", CHILD % (HEAVY,)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise SystemExit(f"the child did not report a paint:\n{out.stdout}\n{out.stderr}")
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    one_run()  # warm the OS file cache; not counted
    runs = [one_run() for _ in range(args.runs)]
    times = [r["visible"] for r in runs]
    heavy = sorted({m for r in runs for m in r["heavy"]})
    platform = (
        "offscreen"
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen"
        or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        else "display"
    )
    print(f"veil startup to first paint ({platform}, {args.runs} runs):")
    print(
        f"  median {statistics.median(times):.3f} s   min {min(times):.3f} s   "
        f"max {max(times):.3f} s   target < {TARGET} s"
    )
    print(f"  heavy libraries imported by then: {', '.join(heavy) or 'none'}")
    return 0 if statistics.median(times) < TARGET and not heavy else 1


if __name__ == "__main__":
    raise SystemExit(main())
