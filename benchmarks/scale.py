"""Scale benchmark (issue 17): `veil-cli protect` on 1 M, 10 M and 50 M rows, whole process.

Makes its own big table in a temporary folder: Adult replicated, 10 % of the cells re-sampled
from their column's marginal (seeded), as ';'-separated CSV and as Parquet. For each size and
format, k = 5 at 0 % and 5 % over the 9 QIs with ARX's hierarchies, it runs `veil-cli protect`
in a fresh process and prints wall time, peak RSS and the optimum; with ``--arx`` it runs ARX
3.9.2's whole process (../shared/arx, `--e2e`) beside it on the CSV while the table is at most
``--arx-max-rows`` (ARX is in memory only). Targets on 2 cores: 10 M rows in < 60 s with peak
RSS < 2 GB; 50 M rows completes with peak RSS < 3 GB.

    python -m benchmarks.scale [--sizes 1M,10M] [--formats csv,parquet] [--engine duckdb]
                               [--arx] [--arx-max-rows 10M] [--arx-heap 18g] [--folder DIR]
                               [--memory-limit 1GB]
                               [--cancel-after 2]

``--cancel-after S`` also presses Cancel S seconds into a read of each table by the DuckDB
engine and prints how long it took to stop (target: within a second). ``--phases`` also runs
the DuckDB engine's steps in this process and prints the seconds of each (frequency table,
search, release).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADULT = ROOT.parent / "shared" / "datasets" / "adult"
ARX = ROOT.parent / "shared" / "arx"
QIS = [
    "sex", "age", "race", "marital-status", "education",
    "native-country", "workclass", "occupation", "salary-class",
]  # fmt: skip
SEED = 20261205
RESAMPLED = 0.10
CASES = {"k=5, 0%": ("0", "a"), "k=5, 5%": ("0.05", "b")}  # label: (suppression, ARX case)
TARGETS = {10_000_000: (60.0, 2048), 50_000_000: (None, 3072)}  # rows: (seconds, peak MB)
# Runs a command and prints its peak RSS (KB): a fresh process, so RUSAGE_CHILDREN is that one.
PEAK = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(u.ru_maxrss, u.ru_utime + u.ru_stime, r.returncode, file=sys.stderr)"
)


def rows_of(text: str) -> int:
    """'1M' → 1,000,000; '500k' → 500,000."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * scale)


def make_table(rows: int, folder: Path, formats: list[str]) -> dict[str, Path]:
    """Adult replicated to ``rows`` rows, 10 % of each column's cells drawn from the column."""
    import duckdb

    paths = {fmt: folder / f"adult-{rows}.{fmt}" for fmt in formats}
    if all(p.exists() for p in paths.values()):
        return paths
    con = duckdb.connect()
    con.execute(f"SET temp_directory = '{folder / 'spill'}'")
    con.execute("SET enable_progress_bar = false")
    con.execute(
        "CREATE TABLE adult AS SELECT row_number() OVER () - 1 AS rid, * FROM "
        f"read_csv('{ADULT / 'adult.csv'}', delim=';', header=true, all_varchar=true)"
    )
    n = con.execute("SELECT count(*) FROM adult").fetchone()[0]
    lists = ", ".join(f'list("{c}" ORDER BY rid) AS "{c}"' for c in QIS)
    cells = []
    for j, c in enumerate(QIS):
        pick = f"hash(i, {SEED + j})"
        draw = f"CAST(hash(i, {SEED + 100 + j}) % {n} AS BIGINT)"
        cells.append(
            f'CASE WHEN {pick} % 1000 < {int(RESAMPLED * 1000)} THEN l."{c}"[{draw} + 1] '
            f'ELSE l."{c}"[i % {n} + 1] END AS "{c}"'
        )
    query = (
        f"SELECT {', '.join(cells)} FROM range({rows}) t(i), (SELECT {lists} FROM adult) l "
        "ORDER BY i"
    )
    for fmt, path in paths.items():
        options = "FORMAT csv, HEADER true, DELIMITER ';'" if fmt == "csv" else "FORMAT parquet"
        con.execute(f"COPY ({query}) TO '{path}' ({options})")
    con.close()
    return paths


def measured(command: list[str]) -> tuple[float, float, float, int]:
    """(wall seconds, peak RSS MB, CPU seconds, exit code) of ``command`` in a fresh
    process (CPU seconds move less than wall time with other users' load)."""
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-c", PEAK, *command], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    peak_kb, cpu, code = run.stderr.strip().splitlines()[-1].split()
    if int(code) != 0:
        print(run.stderr[-2000:], file=sys.stderr)
    return wall, int(peak_kb) / 1024, float(cpu), int(code)


def cancel_latency(data: Path, after: float) -> tuple[float, str]:
    """Seconds from Cancel (pressed ``after`` s into the read of ``data`` by the DuckDB
    engine, as the GUI's worker thread does) to the read's end, and how it ended."""
    import threading

    from core.engine import describe, make_engine
    from core.errors import JobCancelled
    from core.jobs import Monitor

    engine, source, monitor = make_engine("duckdb"), describe(str(data)), Monitor()
    pressed: list[float] = []

    def press() -> None:
        pressed.append(time.perf_counter())
        monitor.cancel()

    timer = threading.Timer(after, press)
    timer.start()
    try:
        engine.frequencies(source, QIS, None, monitor)
        ended = "the read ended before Cancel (try a smaller --cancel-after)"
    except JobCancelled:
        ended = "cancelled"
    stop = time.perf_counter()
    timer.cancel()
    return (stop - pressed[0] if pressed else 0.0), ended


def run_veil(data: Path, case: str, args, out_dir: Path) -> dict:
    suppression, _ = CASES[case]
    result = out_dir / "result.json"
    cli = Path(sys.executable).with_name("veil-cli")
    command = [str(cli), "protect", str(data), "--qi", ",".join(QIS), "--k", "5"]
    command += ["--suppression", suppression, "--engine", args.engine, "--accept-risk"]
    command += [f"--hierarchy={c}={ADULT / f'adult_hierarchy_{c}.csv'}" for c in QIS]
    command += ["--out", str(out_dir / "out.csv"), "--result", str(result)]
    if args.memory_limit:
        command += ["--memory-limit", args.memory_limit]
    wall, peak, cpu, code = measured(command)
    summary = json.loads(result.read_text()) if code == 0 else {}
    levels = [summary.get("transformation", {}).get(c) for c in QIS]
    loss = summary.get("info_loss", {}).get("loss")
    return {"wall": wall, "peak": peak, "cpu": cpu, "levels": levels, "loss": loss,
            "suppressed": summary.get("suppressed_records"), "ok": code == 0}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M,10M", help="row counts, e.g. 1M,10M,50M")
    parser.add_argument("--formats", default="csv,parquet")
    parser.add_argument("--engine", default="duckdb", choices=("auto", "pandas", "duckdb"))
    parser.add_argument("--arx", action="store_true", help="run ARX beside Veil (CSV only)")
    parser.add_argument("--arx-max-rows", default="10M", help="largest table given to ARX")
    parser.add_argument("--arx-heap", default="18g", help="ARX's Java heap (-Xmx)")
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory limit")
    parser.add_argument("--folder", default=None, help="where the tables go (default: temp)")
    parser.add_argument(
        "--cancel-after",
        type=float,
        default=None,
        metavar="S",
        help="also press Cancel S seconds into a read of each table; print the stop latency",
    )
    parser.add_argument(
        "--phases", action="store_true", help="also time the engine's steps (read, search, write)"
    )
    args = parser.parse_args(argv)
    folder = Path(args.folder or tempfile.mkdtemp(prefix="veil-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    print(f"machine: {os.cpu_count()} cores (shared: figures move with the load); {folder}")
    header = (
        f"{'rows':>11} {'format':7} {'case':8} {'tool':5} {'wall s':>7} {'cpu s':>7} "
        f"{'peak MB':>8} {'load':>5}  optimum"
    )
    print(header)
    failed = False
    for size in [rows_of(s) for s in args.sizes.split(",")]:
        start = time.perf_counter()
        paths = make_table(size, folder, formats)
        print(f"# made {size:,} rows in {time.perf_counter() - start:.1f} s")
        for fmt, path in paths.items():
            if args.cancel_after is not None:
                latency, ended = cancel_latency(path, args.cancel_after)
                failed |= ended == "cancelled" and latency > 1.0
                print(_cancel_line(size, fmt, args.cancel_after, latency, ended))
            for case in CASES:
                with tempfile.TemporaryDirectory(dir=folder) as out:
                    veil = run_veil(path, case, args, Path(out))
                    failed |= not veil["ok"] or _missed(size, veil)
                    print(_line(size, fmt, case, "veil", veil))
                    if args.phases:
                        print(phases(path, case, Path(out), args.memory_limit))
                    if args.arx and fmt == "csv" and size <= rows_of(args.arx_max_rows):
                        arx = _arx(path, case, Path(out), args.arx_heap)
                        print(_line(size, fmt, case, "arx", arx) if arx else "  arx failed")
    return 1 if failed else 0


def phases(data: Path, case: str, out_dir: Path, memory_limit: str | None = None) -> str:
    """Seconds of each step of the DuckDB engine on ``data`` (in this process): where the
    whole-process time goes."""
    from core.engine import describe, make_engine
    from core.engine.plan import solve
    from core.hierarchy import Hierarchy
    from core.jobs import Monitor
    from core.settings import ProtectionSettings

    hierarchies = {
        c: Hierarchy.from_arx_csv(ADULT / f"adult_hierarchy_{c}.csv", name=c) for c in QIS
    }
    settings = ProtectionSettings(k=5, suppression=float(CASES[case][0]))
    engine, source = make_engine("duckdb", memory_limit=memory_limit), describe(str(data))
    marks = [time.perf_counter()]
    freq = engine.frequencies(source, QIS, None, Monitor())
    marks.append(time.perf_counter())
    plan = solve(freq, hierarchies, settings, Monitor())
    marks.append(time.perf_counter())
    engine.write_release(source, plan, list(source.columns), str(out_dir / "p.csv"), Monitor())
    marks.append(time.perf_counter())
    read, search, write = (b - a for a, b in itertools.pairwise(marks))
    return (
        f"#   phases: frequency table {read:.1f} s ({len(freq.frame):,} rows), search "
        f"{search:.1f} s, release {write:.1f} s; load {os.getloadavg()[0]:.1f}"
    )


def _arx(data: Path, case: str, out_dir: Path, heap: str = "12g") -> dict | None:
    jars = [ARX / "jars" / "arx-core.jar", *sorted((ARX / "jars" / "lib").glob("*.jar"))]
    classes = out_dir.parent / "arx-classes"
    cp = ":".join(map(str, jars))
    if not (classes / "Harness.class").exists():
        classes.mkdir(exist_ok=True)
        subprocess.run(
            ["javac", "-encoding", "UTF-8", "--release", "17", "-d", str(classes), "-cp", cp,
             str(ARX / "Harness.java")],
            check=True,
        )  # fmt: skip
    json_file = out_dir / "arx.json"
    script = (
        f"java -Xmx{heap} -cp '{cp}:{classes}' Harness --e2e {CASES[case][1]} '{data}' "
        f"'{out_dir / 'arx-out.csv'}' --hier '{ADULT}' > '{json_file}'"
    )
    wall, peak, cpu, code = measured(["sh", "-c", script])
    if code != 0:
        print(f"  arx exit {code} after {wall:.0f} s, peak {peak:,.0f} MB (heap {heap})")
        return None
    line = json.loads(json_file.read_text().strip().splitlines()[-1])
    levels = json.loads(line["levels"]) if isinstance(line["levels"], str) else line["levels"]
    return {"wall": wall, "peak": peak, "cpu": cpu, "levels": levels, "loss": line.get("il_rel"),
            "suppressed": line.get("suppressed"), "ok": True}  # fmt: skip


def _cancel_line(size: int, fmt: str, after: float, latency: float, ended: str) -> str:
    load = os.getloadavg()[0]
    if ended != "cancelled":
        return f"# {size:,} {fmt}: Cancel {after:g} s into the read: {ended}, load {load:.1f}"
    return (
        f"# {size:,} {fmt}: Cancel {after:g} s into the read: stopped {latency:.2f} s after "
        f"(target < 1 s), load {load:.1f}"
    )


def _missed(size: int, run: dict) -> bool:
    seconds, peak = TARGETS.get(size, (None, None))
    return (seconds is not None and run["wall"] > seconds) or (
        peak is not None and run["peak"] > peak
    )


def _line(size: int, fmt: str, case: str, tool: str, run: dict) -> str:
    loss = "?" if run.get("loss") is None else f"{float(run['loss']):.5f}"
    optimum = f"{run.get('levels')} loss {loss} suppressed {run.get('suppressed')}"
    mark = "  (MISSED TARGET)" if tool == "veil" and _missed(size, run) else ""
    figures = f"{run['wall']:7.1f} {run['cpu']:7.1f} {run['peak']:8.0f} {os.getloadavg()[0]:5.1f}"
    return f"{size:>11,} {fmt:7} {case:8} {tool:5} {figures}  {optimum}{mark}"


if __name__ == "__main__":
    sys.exit(main())
