"""Quit ends the process within 3 s, even while a job is inside one long library call."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
QUIT_WITHIN = 3.0  # seconds

SCRIPT = """
import sys
from ui.application import leave, make_app
from ui.main_window import MainWindow
from ui.qt import QtCore, QTimer
from ui.store import Store

def forest(monitor):
    import numpy as np
    from sklearn.ensemble import RandomForestClassifier

    x = np.random.default_rng(0).random((100_000, 30))
    print("computing", flush=True)
    monitor.progress(0.1, "fitting")
    # one library call of minutes: no cancel point inside
    RandomForestClassifier(n_estimators=400, n_jobs=1, random_state=0).fit(x, x[:, 0] > 0.5)
    print("the job finished", flush=True)

app = make_app()
window = MainWindow(Store(QtCore.QSettings(sys.argv[1], QtCore.QSettings.Format.IniFormat)))
window.show()
def close():
    if window.isVisible():
        print("closing", flush=True)
        window.close()

runner = window.panels["assess"].runner
runner.progress.connect(lambda *_: QTimer.singleShot(1000, close))  # once inside the fit
runner.start(forest)

sys.exit(leave(app.exec()))
"""


@pytest.mark.slow
def test_quit_ends_the_process_while_a_job_computes(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "veil.ini")],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line.strip())
            if line.strip() == "closing":
                closed = time.monotonic()
                break
        else:
            pytest.fail(f"the window never closed: {lines} {proc.stderr.read()}")
        assert "computing" in lines, "the job must be inside the long call when Quit comes"
        proc.wait(timeout=60)
        took = time.monotonic() - closed
    finally:
        proc.kill()
        proc.wait()
    assert "the job finished" not in proc.stdout.read()
    assert took < QUIT_WITHIN, f"the process lived {took:.1f} s after Quit"
