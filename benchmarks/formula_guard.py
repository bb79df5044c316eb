"""Time of the formula-injection guard and of writing a release, on Adult replicated to N rows.

.venv/bin/python benchmarks/formula_guard.py [ROWS]   (default 1,000,000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ADULT = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "adult" / "adult.csv"


def main(rows: int = 1_000_000) -> None:
    from core.export import neutralize_formulas, write_table
    from core.io import load_table

    base = load_table(ADULT).frame
    import pandas as pd

    frame = pd.concat([base] * (rows // len(base) + 1), ignore_index=True).iloc[:rows]
    frame = frame.reset_index(drop=True)
    guard = _timed(neutralize_formulas, frame)
    risky = frame.copy()
    odd = risky.index % 2 == 1
    risky["occupation"] = ("-" + risky["occupation"]).where(~odd, risky["occupation"])
    risky_guard = _timed(neutralize_formulas, risky)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        write_table(frame, Path(tmp) / "release.csv")
        total = time.perf_counter() - start
    print(
        f"{len(frame):,} rows x {frame.shape[1]} columns: guard {guard:.2f} s "
        f"(half of one column risky: {risky_guard:.2f} s), "
        f"write_table (CSV, guard included) {total:.2f} s"
    )


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
