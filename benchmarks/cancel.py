"""Cancel and Quit on a 1 M-row assessment (issue 14): how fast each long step stops.

    python benchmarks/cancel.py [--rows 1000000] [--phases proxy-hgb,distance,...]

Makes a seeded table of ``--rows`` rows from adult_full.csv (Adult repeated, 10 % of the
cells of each column re-drawn from that column's values, so rows are not just copies),
cached under the system's temp folder, never in the repository. For each phase a child
process runs ``core.assess.assess`` in a worker thread, as the GUI does, and presses Cancel
through the Monitor's cancel event a few seconds after the phase's function was entered.
Printed per phase: the step that was running, seconds from Cancel to the worker thread's
end, CPU seconds the process used in [Cancel + 2 s, Cancel + 4 s] (issue 14: about zero),
and the child's peak RSS. ``quit`` does what Quit does (``ui.application.leave``): Cancel,
wait up to 1.5 s for the job, then end the process; printed: seconds to process exit.

Phases that come late in the protocol leave out earlier steps so they are reached in
minutes: without a target column there is no proxy model (distance attack), and the
bootstrap phase runs the threshold attack only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ADULT_FULL = REPO.parent / "shared" / "datasets" / "adult" / "adult_full.csv"
QIS = ["age", "sex", "race", "marital-status", "education", "native-country", "workclass"]
GRACE = 1.5  # seconds Quit waits for cancelled jobs (ui.application.QUIT_GRACE_MS)

# phase: (function entered, module it is looked up in, seconds to Cancel after, settings)
PHASES = {
    "protection": ("protect", "core.protect", 0.5, {"method": "optimal", "model": "hgb"}),
    "proxy-rf": ("fit_proxy", "core.assessment.side", 3.0, {"model": "rf"}),
    "proxy-hgb": ("fit_proxy", "core.assessment.side", 3.0, {"model": "hgb"}),
    "boosting-rounds": ("fit_proxy", "core.assessment.side", 20.0, {"model": "hgb"}),
    "references": ("train_references", "core.assessment.membership", 3.0, {"model": "hgb"}),
    "shadow": ("shadow_scores", "core.assessment.membership", 1.0, {"model": "hgb"}),
    "distance": ("distance_scores", "core.assessment.membership", 3.0, {"target": None}),
    "distance-chunks": ("nearest_rows", "core.attacks.membership.distance", 5.0, {"target": None}),
    "bootstrap": ("_bootstrap", "core.metrics.roc", 0.3, {"model": "hgb", "only": "threshold"}),
    "quit": ("fit_proxy", "core.assessment.side", 3.0, {"model": "hgb", "quit": True}),
}


def make_table(rows: int, seed: int = 0) -> Path:
    """The seeded table as a pickle in the temp folder (made once per size and seed)."""
    import numpy as np
    import pandas as pd

    path = Path(tempfile.gettempdir()) / f"veil-cancel-{rows}-{seed}.pkl"
    if path.exists():
        return path
    adult = pd.read_csv(ADULT_FULL)
    rng = np.random.default_rng(seed)
    frame = adult.iloc[np.arange(rows) % len(adult)].reset_index(drop=True)
    for column in frame.columns:
        redraw = rng.random(rows) < 0.1
        values = adult[column].to_numpy()[rng.integers(0, len(adult), redraw.sum())]
        column_values = frame[column].to_numpy(copy=True)
        column_values[redraw] = values
        frame[column] = column_values
    frame.to_pickle(path)
    return path


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(phase: str, table: Path, timeout: float) -> dict:
    """Run one phase in a child process and measure it from outside."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--worker", phase, str(table)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    out: dict = {"phase": phase}
    try:
        events = _events(child, timeout)
        cancel = next(events, None)
        if cancel is None or cancel.get("event") != "cancel":
            out["error"] = f"no cancel before {timeout:.0f} s: {cancel}"
            return out
        pressed = time.monotonic()
        out.update(reached=cancel["step"], entered_after=cancel["after_start"])
        if phase == "quit":
            child.wait(timeout=30)
            out["exit_seconds"] = round(time.monotonic() - pressed, 2)
            out["exit_code"] = child.returncode
            return out
        time.sleep(max(0.0, pressed + 2 - time.monotonic()))
        before = _cpu_seconds(child.pid)
        time.sleep(2.0)
        out["cpu_2_4"] = round(_cpu_seconds(child.pid) - before, 2)
        out["peak_rss_mb"] = round(_peak_rss_mb(child.pid))
        stopped = next(events, {})
        out["stopped"] = stopped.get("outcome")
        out["stop_seconds"] = stopped.get("seconds")
        return out
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()


def _events(child: subprocess.Popen, timeout: float):
    deadline = time.monotonic() + timeout
    for line in child.stdout:
        if line.startswith("{"):
            yield json.loads(line)
        if time.monotonic() > deadline:
            return


def worker(phase: str, table: str) -> None:
    """In the child: run the assessment, press Cancel once the phase has run a while."""
    import importlib

    import pandas as pd

    from core.assess import assess
    from core.errors import JobCancelled
    from core.jobs import Monitor
    from core.settings import AssessmentSettings, ProtectionSettings

    name, module, delay, opts = PHASES[phase]
    began = time.monotonic()
    frame = pd.read_pickle(table)
    entered = threading.Event()
    steps: list[str] = ["start"]
    _watch(importlib.import_module(module), name, entered)
    if opts.get("only"):
        from core.assessment import side

        side.assess_side.__kwdefaults__["membership_attacks"] = (opts["only"],)
    roles = {q: "quasi_identifier" for q in QIS} | {"occupation": "sensitive"}
    if opts.get("target", "income"):
        roles["income"] = "target"
    protection = ProtectionSettings(method=opts.get("method", "none"), k=5)
    settings = AssessmentSettings(model=opts.get("model", "rf"), sweep=False)
    monitor = Monitor(lambda fraction, message: steps.append(message))
    outcome: list[tuple[str, float]] = []

    def job() -> None:
        try:
            assess(frame, roles, protection, settings, monitor=monitor, seed=0)
            outcome.append(("finished", time.monotonic()))
        except JobCancelled:
            outcome.append(("cancelled", time.monotonic()))

    thread = threading.Thread(target=job, daemon=True)
    thread.start()
    entered.wait()
    after_start = time.monotonic() - began
    time.sleep(delay)
    pressed = time.monotonic()
    monitor.cancel()
    _say(event="cancel", step=f"{name} ({steps[-1]})", after_start=round(after_start, 1))
    if opts.get("quit"):
        thread.join(GRACE)
        os._exit(0 if not thread.is_alive() else 1)  # 1: the job was still running
    thread.join(60)
    if outcome:
        _say(event="stopped", outcome=outcome[0][0], seconds=round(outcome[0][1] - pressed, 2))
    else:
        _say(event="stopped", outcome="still running after 60 s", seconds=None)
    time.sleep(10)


def _watch(module, name: str, entered: threading.Event) -> None:
    """Set ``entered`` when ``module.name`` is first called (the module's own global)."""
    original = getattr(module, name)

    def watched(*args, **kwargs):
        entered.set()
        return original(*args, **kwargs)

    setattr(module, name, watched)


def _say(**fields) -> None:
    print(json.dumps(fields), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per phase")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    if args.worker:
        worker(*args.worker)
        return 0
    table = make_table(args.rows)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Cancel on {args.rows:,} rows (load average {load})", flush=True)
    for phase in args.phases.split(","):
        print(json.dumps(measure(phase, table, args.timeout)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
