"""Run in a child process: one long step of an assessment on Adult ×N, cancelled after a
delay through the Monitor (as the GUI does), then idle.

Usage: ``cancel_phases.py PHASE CSV COPIES CANCEL_AFTER`` with PHASE one of ``hgb`` (the
proxy model), ``distance`` (distance-to-closest-record attack) or ``bootstrap`` (ROC
intervals). Prints ``cancel`` when Cancel is pressed, then ``cancelled <seconds>``,
``finished <seconds>`` or ``still running``, and sleeps so the parent can read this
process's CPU time after Cancel.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from core.errors import JobCancelled
from core.jobs import Monitor


def hgb_step(frame: pd.DataFrame) -> Callable[[Monitor], object]:
    from core.model.estimators import ModelRecipe
    from core.model.proxy import fit_proxy
    from core.model.space import ReleaseLink

    features = [c for c in frame.columns if c != "occupation"]

    def run(monitor: Monitor) -> object:
        return fit_proxy(
            frame, frame, target="occupation", features=features, recipe=ModelRecipe("hgb"),
            link=ReleaseLink(), seed=0, monitor=monitor,
        )  # fmt: skip

    return run


def distance_step(frame: pd.DataFrame) -> Callable[[Monitor], object]:
    from core.attacks.membership import distance_scores
    from core.attacks.membership.data import MembershipData
    from core.model.space import FeatureSpace, ReleaseLink

    queries = frame.sample(12_000, random_state=0)
    data = MembershipData(queries.iloc[:6000], queries.iloc[6000:], queries.iloc[:0])
    space = FeatureSpace.fit(frame, list(frame.columns), members=frame, link=ReleaseLink())
    return lambda monitor: distance_scores(frame, space, data, monitor)


def bootstrap_step(frame: pd.DataFrame) -> Callable[[Monitor], object]:
    from core.metrics.roc import summarize

    rng = np.random.default_rng(0)
    n = len(frame) // 2
    members, others = rng.normal(0.1, 1, n), rng.normal(0, 1, n)
    return lambda monitor: summarize(members, others, rng=rng, n_bootstrap=2000, monitor=monitor)


PHASES = {"hgb": hgb_step, "distance": distance_step, "bootstrap": bootstrap_step}


def main(phase: str, csv: str, copies: int, cancel_after: float) -> None:
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
