"""Does Cancel really stop a long step? One harness for tests/core/test_cancel*.py.

The parent (:func:`cpu_after_cancel`) starts this file as a child process, which runs one long
step on Adult ×N in a thread, presses Cancel through the Monitor after a delay (as the GUI
does), then idles; the parent measures the child's CPU time from 2 to 4 s after Cancel.

Child usage: ``cancel_harness.py PHASE CSV COPIES CANCEL_AFTER`` with PHASE one of ``rf`` (the
proxy forest), ``hgb`` (the proxy boosting model), ``distance`` (distance-to-closest-record
attack), ``bootstrap`` (ROC intervals) or ``deaf`` (ignores Cancel: the harness's own check).
It prints ``cancel`` when Cancel is pressed, then ``cancelled <seconds>``, ``finished
<seconds>`` or ``still running``, and sleeps 8 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QUIET_FROM, QUIET_FOR = 2.0, 2.0  # seconds after Cancel: when the measurement starts, how long


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_after_cancel(phase: str, csv: Path, copies: int, cancel_after: float) -> tuple[float, str]:
    """CPU seconds the child used in [Cancel + 2 s, Cancel + 4 s], and its outcome line."""
    child = subprocess.Popen(
        [sys.executable, __file__, phase, str(csv), str(copies), str(cancel_after)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    try:
        pressed = child.stdout.readline().strip()
        assert pressed == "cancel", f"{phase}: the child said {pressed!r}, not 'cancel'"
        time.sleep(QUIET_FROM)
        before = cpu_seconds(child.pid)
        time.sleep(QUIET_FOR)
        used = cpu_seconds(child.pid) - before
        return used, child.stdout.readline().strip()
    finally:
        child.kill()
        child.wait()


# The child's side: each phase builds, from the table, a step that takes the monitor.


def rf_step(frame):
    from core.model.estimators import ModelRecipe
    from core.model.proxy import fit_proxy
    from core.model.space import ReleaseLink

    features = [c for c in frame.columns if c != "income"]
    return lambda monitor: fit_proxy(
        frame, frame, target="income", features=features,
        recipe=ModelRecipe("rf", n_trees=400), link=ReleaseLink(), seed=0, monitor=monitor,
    )  # fmt: skip


def hgb_step(frame):
    from core.model.estimators import ModelRecipe
    from core.model.proxy import fit_proxy
    from core.model.space import ReleaseLink

    features = [c for c in frame.columns if c != "occupation"]
    return lambda monitor: fit_proxy(
        frame, frame, target="occupation", features=features, recipe=ModelRecipe("hgb"),
        link=ReleaseLink(), seed=0, monitor=monitor,
    )  # fmt: skip


def distance_step(frame):
    from core.attacks.membership import distance_scores
    from core.attacks.membership.data import MembershipData
    from core.model.space import FeatureSpace, ReleaseLink

    queries = frame.sample(12_000, random_state=0)
    data = MembershipData(queries.iloc[:6000], queries.iloc[6000:], queries.iloc[:0])
    space = FeatureSpace.fit(frame, list(frame.columns), members=frame, link=ReleaseLink())
    return lambda monitor: distance_scores(frame, space, data, monitor)


def bootstrap_step(frame):
    import numpy as np

    from core.metrics.roc import summarize

    rng = np.random.default_rng(0)
    n = len(frame) // 2
    members, others = rng.normal(0.1, 1, n), rng.normal(0, 1, n)
    return lambda monitor: summarize(members, others, rng=rng, n_bootstrap=2000, monitor=monitor)


def deaf_step(frame):
    """A step that never looks at the monitor: the harness must see it keep the CPU busy (four
    threads sorting, which releases the GIL, so it shows even on a loaded machine)."""
    import numpy as np

    def sort(end: float) -> None:
        values = np.random.default_rng(0).random(1_000_000)
        while time.monotonic() < end:
            np.sort(values)

    def spin(monitor) -> None:
        end = time.monotonic() + 12
        threads = [threading.Thread(target=sort, args=(end,), daemon=True) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    return spin


PHASES: dict[str, Callable] = {
    "rf": rf_step, "hgb": hgb_step, "distance": distance_step, "bootstrap": bootstrap_step,
    "deaf": deaf_step,
}  # fmt: skip


def main(phase: str, csv: str, copies: int, cancel_after: float) -> None:
    import pandas as pd

    from core.errors import JobCancelled
    from core.jobs import Monitor

    frame = pd.concat([pd.read_csv(csv)] * copies, ignore_index=True)
    step = PHASES[phase](frame)
    monitor = Monitor()
    outcome: list[str] = []
    began = time.monotonic()

    def work() -> None:
        try:
            step(monitor)
            outcome.append(f"finished {time.monotonic() - began:.2f}")
        except JobCancelled:
            outcome.append(f"cancelled {time.monotonic() - cancelled_at:.2f}")

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    time.sleep(cancel_after)
    cancelled_at = time.monotonic()
    monitor.cancel()
    print("cancel", flush=True)
    thread.join(timeout=8)
    print(outcome[0] if outcome else "still running", flush=True)
    time.sleep(8)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
