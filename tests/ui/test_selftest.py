"""`veil --selftest`: the real entry point runs the workflow and says clearly when it fails."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from core.errors import VeilError
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_selftest_passes_through_the_entry_point(tmp_path):
    env = dict(os.environ, VEIL_LOG_DIR=str(tmp_path))
    env.pop("QT_QPA_PLATFORM", None)  # --selftest picks offscreen by itself
    out = subprocess.run(
        [sys.executable, "-m", "app", "--selftest"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "veil --selftest: OK" in out.stdout
    for step in ("load", "protect", "assess", "report"):
        assert f"{step} " in out.stdout
    assert "veil --selftest: OK" in (tmp_path / "veil.log").read_text(encoding="utf-8")


def test_a_failing_step_exits_non_zero_with_the_reason(window, monkeypatch, capsys, caplog):
    def broken_pdf(doc, path):
        raise VeilError("The disk is full.", hint="Free some space.")

    monkeypatch.setattr("core.report.render_pdf", broken_pdf)
    from ui.selftest import log, run_selftest

    # listen on the selftest's own logger: an earlier test may have re-routed the root's
    monkeypatch.setattr(log, "disabled", False)
    log.addHandler(caplog.handler)
    try:
        assert run_selftest(window) == 1
    finally:
        log.removeHandler(caplog.handler)
    err = capsys.readouterr().err
    assert "FAILED: the report step failed: VeilError: The disk is full." in err
    assert any("selftest failed" in r.getMessage() for r in caplog.records)
    assert not window.isVisible() and not any(p.runner.busy for p in window.panels.values())
