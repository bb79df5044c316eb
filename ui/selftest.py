"""`veil --selftest`: drive the real window through the whole workflow on the demo data.

Uses the same methods the buttons call, waits for each background job, checks the exported
files, and exits 0 — or 1 with the reason on stderr and in the log. No test-only dependency.
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ui.jobs import JobRunner
from ui.qt import QtCore, QTimer

log = logging.getLogger("veil.selftest")

STEP_TIMEOUT = 900.0  # seconds per step; the assessment is the slow one


class SelftestFailure(Exception):
    """A step did not do what it should; the message says which and why."""


def wait_for(runner: JobRunner, start, timeout: float = STEP_TIMEOUT) -> Any:
    """Call ``start()`` and spin the event loop until ``runner`` finishes; return its result."""
    loop = QtCore.QEventLoop()
    outcome: dict[str, Any] = {}

    def done(kind: str, value: Any = None) -> None:
        outcome.setdefault(kind, value)
        loop.quit()

    connections = [
        runner.finished.connect(lambda r: done("result", r)),
        runner.failed.connect(lambda e: done("error", e)),
        runner.cancelled.connect(lambda: done("cancelled")),
    ]
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: done("timeout"))
    timer.start(int(timeout * 1000))
    try:
        start()
        if not runner.busy and not outcome:
            raise SelftestFailure(f"the {runner.name} step did not start a job")
        if not outcome:
            loop.exec()
    finally:
        timer.stop()
        for signal, connection in zip(
            (runner.finished, runner.failed, runner.cancelled), connections, strict=True
        ):
            signal.disconnect(connection)
    if "error" in outcome:
        exc = outcome["error"]
        raise SelftestFailure(f"the {runner.name} step failed: {type(exc).__name__}: {exc}")
    if "timeout" in outcome:
        runner.cancel()
        raise SelftestFailure(f"the {runner.name} step took longer than {timeout:.0f} s")
    if "cancelled" in outcome:
        raise SelftestFailure(f"the {runner.name} step was cancelled")
    return outcome["result"]


def check_exports(paths: list[Path], table_rows: int, release_rows: int) -> None:
    """Every exported file exists, is not empty and is what its name says; release.csv is the
    whole protected table (``table_rows`` input records less those suppressed)."""
    files = {p.name: p for p in paths}
    expected = ("release.csv", "assessment.json", "report.html", "report.pdf", "project.veil.json")
    for name in expected:
        if name not in files or not files[name].is_file() or files[name].stat().st_size == 0:
            raise SelftestFailure(f"{name} was not exported (got {sorted(files)})")
    if not files["report.pdf"].read_bytes().startswith(b"%PDF"):
        raise SelftestFailure("report.pdf is not a PDF")
    if "<html" not in files["report.html"].read_text(encoding="utf-8")[:2000].lower():
        raise SelftestFailure("report.html is not an HTML page")
    data = json.loads(files["assessment.json"].read_text(encoding="utf-8"))
    for key in ("dataset", "before", "after", "settings", "release", "rehearsal_release"):
        if key not in data:
            raise SelftestFailure(f"assessment.json lacks the '{key}' section")
    check_families(data)
    release = data["release"]
    if release.get("name") != "release.csv":
        raise SelftestFailure("assessment.json does not name the released file")
    for key in ("protection", "reidentification"):
        if not isinstance(release.get(key), dict):
            raise SelftestFailure(f"assessment.json lacks the released table's '{key}'")
    with open(files["release.csv"], encoding="utf-8") as f:
        lines = sum(1 for _ in f) - 1
    suppressed = release["protection"].get("suppressed_records") or 0
    if not lines == release_rows == release["rows"] == table_rows - suppressed:
        raise SelftestFailure(
            f"release.csv has {lines} rows; expected {release_rows} (the protected table: "
            f"{table_rows} records less {suppressed} suppressed)"
        )


def check_families(data: dict) -> None:
    """Every attack family asked for has its section on the attacked side (a family that
    attacks the model only when there is one: the demo has a target)."""
    from core.assessment.families import FAMILIES

    asked = (data.get("settings") or {}).get("assessment", {}).get("attacks") or []
    side = data.get("after") or {}
    for fam in FAMILIES:
        if fam.name in asked and not isinstance(side.get(fam.name), dict):
            raise SelftestFailure(f"assessment.json lacks the '{fam.name}' attack results")


def workflow(window, folder: Path) -> dict[str, float]:
    """Load the demo, protect with defaults, assess, export into ``folder``; seconds per step."""
    timings: dict[str, float] = {}
    panels = window.panels

    def step(name: str, start) -> Any:
        window.go_to(name)
        t = time.perf_counter()
        result = wait_for(panels[name].runner, start)
        timings[name] = time.perf_counter() - t
        log.info("selftest: %s done in %.1f s", name, timings[name])
        return result

    step("load", panels["load"].open_demo)
    session = window.session
    if session.loaded is None or len(session.frame) == 0:
        raise SelftestFailure("the demo data did not load")
    if not session.is_demo:
        raise SelftestFailure("the demo data is not labelled as synthetic")
    window.go_to("columns")
    if not panels["columns"].next_button.isEnabled():
        raise SelftestFailure("no quasi-identifier was suggested for the demo data")
    step("protect", panels["protect"].run)
    step("assess", panels["assess"].run)
    if session.report is None:
        raise SelftestFailure("the assessment produced no report")
    # synthetic demo data: any release-gate concern is confirmed, as with --accept-risk
    exported = step("report", lambda: panels["report"].export_to(folder, accept_risk=True))
    check_exports(exported.value.paths, len(session.frame), len(session.protection_result.data))
    return timings


def run_selftest(window, *, log_file: Path | None = None) -> int:
    """Run the workflow in a temporary folder; 0 when everything worked, 1 otherwise."""
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="veil-selftest-") as tmp:
            timings = workflow(window, Path(tmp))
    except SelftestFailure as exc:
        return _fail(str(exc), log_file)
    except Exception as exc:  # a bug: report it the same way, with the traceback in the log
        log.exception("selftest crashed")
        return _fail(f"unexpected {type(exc).__name__}: {exc}", log_file)
    finally:
        window.session.mark_dirty(False)
        window.shutdown()
        window.close()
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
    message = f"veil --selftest: OK in {time.perf_counter() - started:.1f} s ({steps})"
    log.info(message)
    print(message, file=sys.stdout)
    return 0


def _fail(reason: str, log_file: Path | None) -> int:
    log.error("selftest failed: %s", reason)
    where = f" (log: {log_file})" if log_file else ""
    print(f"veil --selftest: FAILED: {reason}{where}", file=sys.stderr)
    return 1
