"""Anonymization benchmark against ARX 3.9.2's figures (issue 3).

Prints, for Adult (30,162 rows, 9 QIs with ARX's hierarchies) the median of N runs of
(a) k=5 0%, (b) k=5 5%, (c) k=5 2%, (d) k=10 + distinct 2-diversity on salary-class over the
other 8 QIs 5%, and for 1M rows (Adult ×33, 10% of each copy's cells resampled from their
column, seeded) k=5 at 0% and 5%; then the process's peak memory. Timed: ``anonymize()``
(encoding, search, applying the transformation), not reading the files.

    python -m benchmarks.anonymization [--runs 5] [--skip-1m]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ADULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "adult"
QIS = [
    "sex", "age", "race", "marital-status", "education",
    "native-country", "workclass", "occupation", "salary-class",
]  # fmt: skip
ARX_OPTIMUM_A = {
    "sex": 0, "age": 4, "race": 1, "marital-status": 1, "education": 3,
    "native-country": 2, "workclass": 2, "occupation": 1, "salary-class": 0,
}  # fmt: skip
COPIES, RESAMPLED, SEED = 33, 0.10, 20240630
CASES = {
    # name: (settings, qis, sensitive, target seconds, big data?)
    "a  k=5, 0%": (dict(k=5), QIS, None, 0.100, False),
    "b  k=5, 5%": (dict(k=5, suppression=0.05), QIS, None, 1.7, False),
    "c  k=5, 2%": (dict(k=5, suppression=0.02), QIS, None, 1.4, False),
    "d  k=10 + 2-div, 5%": (
        dict(k=10, l=2, suppression=0.05), QIS[:-1], "salary-class", 0.85, False
    ),
    "1M k=5, 0%": (dict(k=5), QIS, None, 1.8, True),
    "1M k=5, 5%": (dict(k=5, suppression=0.05), QIS, None, 30.0, True),
}  # fmt: skip
MEMORY_TARGET_MB = 1024


def load_adult() -> tuple[pd.DataFrame, dict]:
    from core.hierarchy import Hierarchy

    frame = pd.read_csv(ADULT / "adult.csv", sep=";")
    hierarchies = {c: Hierarchy.from_arx_csv(ADULT / f"adult_hierarchy_{c}.csv") for c in QIS}
    return frame, hierarchies


def replicate(frame: pd.DataFrame, copies: int = COPIES, seed: int = SEED) -> pd.DataFrame:
    """``copies`` copies of ``frame``; in each, 10% of every column's cells are replaced by
    values drawn from that column (seeded)."""
    from core.privacy.release import text_column

    rng = np.random.default_rng(seed)
    n = len(frame)
    total = n * copies
    out = {}
    for col in frame.columns:
        codes, uniques = pd.factorize(frame[col])
        big = np.tile(codes, copies)
        hit = rng.random(total) < RESAMPLED
        big[hit] = codes[rng.integers(0, n, int(hit.sum()))]
        if pd.api.types.is_numeric_dtype(frame[col]):
            out[col] = np.asarray(uniques)[big]
        else:
            out[col] = text_column(big, np.asarray(uniques, dtype=object), pd.RangeIndex(total))
    return pd.DataFrame(out)


def run_case(frame, hierarchies, kw, qis, sensitive, runs: int):
    from core.privacy import anonymize
    from core.settings import ProtectionSettings

    settings = ProtectionSettings(**kw)
    times, result = [], None
    for _ in range(runs):
        result = None  # the previous release is not kept alive during the next run
        start = time.perf_counter()
        result = anonymize(
            frame, qis=qis, sensitive=sensitive, hierarchies=hierarchies, settings=settings
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


def peak_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-1m", action="store_true", help="Adult cases only")
    args = parser.parse_args(argv)
    load = os.getloadavg()
    print(f"CPUs: {os.cpu_count()}, load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    adult, hierarchies = load_adult()
    big = None
    print(f"{'case':<22}{'median s':>10}{'min s':>9}{'target s':>10}  "
          f"{'ok':<4}{'nodes':>7}  transformation / loss / suppressed")  # fmt: skip
    failures = 0
    for name, (kw, qis, sensitive, target, is_big) in CASES.items():
        if is_big and args.skip_1m:
            continue
        if is_big and big is None:
            big = replicate(adult)
            print(f"(1M rows: {len(big):,} rows generated, seed {SEED})")
        frame = big if is_big else adult
        median, fastest, r = run_case(frame, hierarchies, kw, qis, sensitive, args.runs)
        ok = median <= target
        failures += not ok
        levels = "".join(str(v) for v in r.transformation.values())
        print(
            f"{name:<22}{median:>10.3f}{fastest:>9.3f}{target:>10.3f}  {'yes' if ok else 'NO':<4}"
            f"{r.nodes_evaluated:>7}  {levels} / {r.info_loss['loss']:.4f} / "
            f"{r.suppressed_records:,}"
        )
        if name.startswith("a "):
            same = r.transformation == ARX_OPTIMUM_A and round(r.info_loss["loss"], 4) == 0.5732
            print(f"{'':<22}ARX's optimum (loss 0.5732, 24 classes, min 69) reproduced: "
                  f"{same} ({r.equivalence_classes} classes, min {r.min_class_size})")  # fmt: skip
            failures += not same
    memory = peak_mb()
    print(f"peak memory (max RSS of this process): {memory:.0f} MB (target < {MEMORY_TARGET_MB})")
    failures += memory >= MEMORY_TARGET_MB
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
