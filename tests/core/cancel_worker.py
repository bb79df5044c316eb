"""Run in a child process: fit the proxy forest on Adult ×N, cancel after a delay, then idle.

Prints ``cancelled <seconds after cancel>`` or ``finished`` and sleeps so the parent can
measure this process's CPU time after Cancel.
"""

from __future__ import annotations

import sys
import threading
import time

import pandas as pd

from core.errors import JobCancelled
from core.jobs import Monitor
from core.model.estimators import ModelRecipe
from core.model.proxy import fit_proxy
from core.model.space import ReleaseLink


def main(csv: str, copies: int, cancel_after: float) -> None:
    frame = pd.concat([pd.read_csv(csv)] * copies, ignore_index=True)
    features = [c for c in frame.columns if c != "income"]
    monitor = Monitor()
    outcome: list[str] = []

    def work() -> None:
        try:
            fit_proxy(
                frame, frame, target="income", features=features,
                recipe=ModelRecipe("rf", n_trees=400), link=ReleaseLink(), seed=0,
                monitor=monitor,
            )  # fmt: skip
            outcome.append("finished")
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
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
