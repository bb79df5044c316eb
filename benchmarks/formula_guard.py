"""Time of the formula-injection guard and of writing a release, on Adult replicated to N rows.

    .venv/bin/python benchmarks/formula_guard.py [ROWS]   (default 1,000,000)

Best of three for each case: text columns as pandas str, the same with half of one column
risky, and text columns as object dtype (what a protection step may hand over).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ADULT = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "adult" / "adult.csv"


def main(rows: int = 1_000_000) -> None:
    import pandas as pd

    from core.export import neutralize_formulas, write_table
    from core.io import load_table

    base = load_table(ADULT).frame
    frame = pd.concat([base] * (rows // len(base) + 1), ignore_index=True).iloc[:rows]
    frame = frame.reset_index(drop=True)
    risky = frame.copy()
    odd = risky.index % 2 == 1
    risky["occupation"] = ("-" + risky["occupation"]).where(~odd, risky["occupation"])
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    objects = frame.astype(dict.fromkeys(text, object))
    cases = {"str": frame, "str, half of a column risky": risky, "object": objects}
    print(f"{len(frame):,} rows x {frame.shape[1]} columns, guard only (best of 3):")
    for name, data in cases.items():
        print(f"  {name}: {_best(neutralize_formulas, data):.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        total = _best(write_table, frame, Path(tmp) / "release.csv")
    print(f"write_table to CSV, guard included: {total:.2f} s")


def _best(fn, *args) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return min(times)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
