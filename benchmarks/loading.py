"""Loading, type inference and role suggestion on large tables.

    python benchmarks/loading.py [--mb 200] [--rows 1000000]

1. Writes a ~200 MB CSV (demo rows repeated) to a temporary folder and loads it with
   ``load_table`` in a fresh process: wall time, peak memory (RSS) against the in-memory size
   of the frame, number of progress ticks and the longest pause between two ticks.
2. ``infer_types`` on 1M rows, once on the raw text frame (as ``pd.read_csv(dtype=str)``
   gives it) and once on the converted frame; ``suggest_roles`` on the converted frame.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, time
from core.io import load_table
from core.jobs import Monitor
ticks = []
start = time.perf_counter()
table = load_table(sys.argv[1], monitor=Monitor(lambda f, m: ticks.append(time.perf_counter())))
elapsed = time.perf_counter() - start
gaps = [b - a for a, b in zip([start] + ticks, ticks)]
print(json.dumps({
    "seconds": elapsed, "rows": len(table.frame), "ticks": len(ticks), "longest_gap": max(gaps),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "frame_mb": table.frame.memory_usage(deep=True).sum() / 2**20,
}))
"""


def write_csv(folder: Path, megabytes: int) -> Path:
    sys.path.insert(0, str(REPO))
    from core.demo import demo_path

    header, body = demo_path().read_bytes().split(b"\n", 1)
    path = folder / "large.csv"
    with open(path, "wb") as f:
        f.write(header + b"\n")
        for _ in range(max(1, megabytes * 2**20 // len(body))):
            f.write(body)
    return path


def bench_load(path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], cwd=REPO, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def bench_inference(path: Path, rows: int) -> dict:
    import pandas as pd

    from core.io import infer_types, load_table
    from core.roles import suggest_roles

    raw = pd.read_csv(path, dtype=str, nrows=rows)
    start = time.perf_counter()
    infer_types(raw)
    raw_seconds = time.perf_counter() - start
    table = load_table(path)
    frame = table.frame.head(rows)
    start = time.perf_counter()
    types = infer_types(frame)
    typed_seconds = time.perf_counter() - start
    start = time.perf_counter()
    suggest_roles(frame, types)
    roles_seconds = time.perf_counter() - start
    return {"rows": len(frame), "infer_raw_text_s": raw_seconds,
            "infer_converted_s": typed_seconds, "suggest_roles_s": roles_seconds}  # fmt: skip


def bench_wide(folder: Path, columns: int = 3000, rows: int = 30) -> float:
    """CPU seconds to load a table whose header line is far wider than 64 KiB (issue 19.4)."""
    from core.io import load_table

    names = [f"m{i:04d}" for i in range(columns)]
    lines = [",".join(str((r * 13 + c) % 997 - 400) for c in range(columns)) for r in range(rows)]
    path = folder / "wide.csv"
    path.write_text(",".join(names) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    load_table(path)  # the first call pays the imports
    start = time.process_time()
    table = load_table(path)
    seconds = time.process_time() - start
    assert table.frame.shape == (rows, columns), table.frame.shape
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(Path(tmp), args.mb)
        size = path.stat().st_size / 2**20
        load = bench_load(path)
        print(
            f"load_table  {size:.0f} MB, {load['rows']:,} rows: {load['seconds']:.1f} s, "
            f"peak RSS {load['peak_rss_mb']:.0f} MB for a {load['frame_mb']:.0f} MB frame, "
            f"{load['ticks']} progress ticks, longest pause {load['longest_gap']:.2f} s"
        )
        inf = bench_inference(path, args.rows)
        print(
            f"infer_types {inf['rows']:,} rows: {inf['infer_raw_text_s']:.2f} s on raw text, "
            f"{inf['infer_converted_s']:.2f} s on converted columns; "
            f"suggest_roles {inf['suggest_roles_s']:.2f} s"
        )
        print(f"load_table  3,000 columns x 30 rows: {bench_wide(Path(tmp)):.2f} s of CPU")


if __name__ == "__main__":
    main()
