"""Veil against ARX 3.9.2, measured in the same run: every speed figure is a ratio (issue 17).

ARX runs through ``../shared/arx/`` (its harness is compiled into a temporary folder with
javac). For each case on Adult (30,162 rows, ARX's hierarchies) Veil and ARX are timed in
alternating pairs, both warm, and the medians are compared:

    a k=5 0% · b k=5 5% · b2 k=5 2% · c k=10 + distinct 2-diversity on salary-class, 8 QIs, 5%
    c0 the same at 0% · e k=5 + equal-distance t-closeness 0.2 · f2 k=5 + entropy 2-diversity
    on occupation, 5% · g prosecutor-risk summary, every column a QI

Timed for Veil: ``anonymize()`` (encoding, search, the released frame) or ``reidentification()``;
for ARX: Data.create + dictionary encoding + anonymize + output and its class statistics (the
"total"; ARX's search alone is printed too). Both start from rows held in memory.

Whole-process runs (1 M and 5 M rows: Adult replicated, 10 % of each column's cells re-sampled
from the column, seeded, written to a temporary folder): ``veil-cli protect`` against
``java Harness --e2e``, each a fresh process that reads the CSV, anonymizes and writes the
release (k=5 at 0 % and 5 %).

Both optima, losses and suppressed counts are printed side by side; a mismatch makes the
script exit with status 1.

    python -m benchmarks.anonymization [--runs 5] [--cases a,b,...] [--big 1m,5m] [--big-runs 1]
        [--big-cases a,b] [--keep-big DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ADULT = SHARED / "datasets" / "adult"
ARX = SHARED / "arx"
COLUMNS = [
    "sex", "age", "race", "marital-status", "education",
    "native-country", "workclass", "occupation", "salary-class",
]  # fmt: skip
RESAMPLED, SEED = 0.10, 20240630
# name: (settings, sensitive column or None); the QIs are every other column
CASES = {
    "a": (dict(k=5), None),
    "b": (dict(k=5, suppression=0.05), None),
    "b2": (dict(k=5, suppression=0.02), None),
    "c": (dict(k=10, l=2, suppression=0.05), "salary-class"),
    "c0": (dict(k=10, l=2), "salary-class"),
    "e": (dict(k=5, t=0.2, suppression=0.05), "salary-class"),
    "f2": (dict(k=5, l=2, l_variant="entropy", suppression=0.05), "occupation"),
}
BIG = {"1m": 1_000_000, "5m": 5_000_000}
BIG_CASES = ("a", "b")


# ---- ARX ------------------------------------------------------------------------------------
def arx_classpath(build: Path) -> str:
    """Compile Harness.java into ``build``; the class path to run it."""
    jars = [ARX / "jars" / "arx-core.jar", *sorted((ARX / "jars" / "lib").glob("*.jar"))]
    cp = os.pathsep.join(str(j) for j in jars)
    subprocess.run(
        ["javac", "-encoding", "UTF-8", "--release", "17", "-nowarn", "-d", str(build),
         "-cp", cp, str(ARX / "Harness.java")],
        check=True, capture_output=True,
    )  # fmt: skip
    return cp + os.pathsep + str(build)


class ArxServer:
    """``java Harness --serve``: one JSON answer per command line."""

    def __init__(self, classpath: str) -> None:
        self.proc = subprocess.Popen(
            ["java", "-cp", classpath, "Harness", "--serve", "--hier", str(ADULT)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
        )  # fmt: skip
        self._read()  # {"ready":true}

    def ask(self, line: str) -> dict:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self._read()

    def _read(self) -> dict:
        answer = json.loads(self.proc.stdout.readline())
        if "error" in answer:
            raise RuntimeError(f"ARX: {answer['error']}")
        return answer

    def close(self) -> None:
        self.proc.stdin.write("QUIT\n")
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def arx_seconds(answer: dict) -> float:
    return (answer["load_ms"] + answer["anon_ms"] + answer.get("out_ms", 0.0)) / 1000


# ---- Veil -----------------------------------------------------------------------------------
def load_adult():
    from core.hierarchy import Hierarchy
    from core.io import load_table

    frame = load_table(ADULT / "adult.csv").frame
    hierarchies = {c: Hierarchy.from_arx_csv(ADULT / f"adult_hierarchy_{c}.csv") for c in COLUMNS}
    return frame, hierarchies


def veil_case(frame, hierarchies, name: str):
    """One timed Veil run of case ``name``: (seconds, result)."""
    from core.privacy import anonymize
    from core.settings import ProtectionSettings

    kw, sensitive = CASES[name]
    qis = [c for c in COLUMNS if c != sensitive]
    settings = ProtectionSettings(**kw)
    given = {c: hierarchies[c] for c in qis}
    start = time.perf_counter()
    result = anonymize(frame, qis=qis, sensitive=sensitive, hierarchies=given, settings=settings)
    return time.perf_counter() - start, result


def veil_risk(frame):
    from core.metrics.reidentification import reidentification

    start = time.perf_counter()
    result = reidentification(frame, COLUMNS)
    return time.perf_counter() - start, result


# ---- comparing ------------------------------------------------------------------------------
def same_optimum(veil: dict, arx: dict) -> list[str]:
    """Differences between Veil's and ARX's optimum (transformation, loss, suppressed)."""
    problems = []
    levels = [veil["transformation"].get(q) for q in arx["qis"]]
    if levels != arx["levels"]:
        problems.append(f"transformation {levels} != ARX {arx['levels']}")
    loss = float(arx["il"])
    if abs(veil["loss"] - loss) > 5e-5 * max(1.0, abs(loss)):
        problems.append(f"loss {veil['loss']:.5f} != ARX {loss:.5f}")
    if veil["suppressed"] != arx["suppressed"]:
        problems.append(f"suppressed {veil['suppressed']} != ARX {arx['suppressed']}")
    return problems


def optimum_of(result) -> dict:
    return {
        "transformation": dict(result.transformation),
        "loss": float(result.info_loss["loss"]),
        "suppressed": int(result.suppressed_records),
    }


def same_risk(veil, arx: dict) -> list[str]:
    pairs = {
        "classes": (veil.equivalence_classes, arx["classes"]),
        "uniques": (veil.unique_fraction, arx["uniques"]),
        "highest": (veil.highest_risk, arx["highest"]),
        "average": (veil.average_risk, arx["average"]),
    }
    return [f"{k} {v:.6g} != ARX {a:.6g}" for k, (v, a) in pairs.items() if abs(v - a) > 1e-6]


def levels_text(levels) -> str:
    return "".join(str(v) for v in levels)


def print_row(name, veil_s, arx_s, arx_search, veil_opt, arx_opt) -> None:
    ratio = veil_s / arx_s if arx_s else float("nan")
    print(
        f"{name:<8}{veil_s:>9.3f}{arx_s:>9.3f}{arx_search:>9.3f}{ratio:>8.2f}  "
        f"{veil_opt:<26}{arx_opt}"
    )


def opt_text(o: dict) -> str:
    return f"{levels_text(o['levels'])} {o['loss']:.5f} {o['suppressed']:,}"


def both_texts(veil: dict, arx: dict) -> tuple[str, str]:
    """'levels loss suppressed' of both optima, levels in ARX's QI order."""
    levels = [veil["transformation"][q] for q in arx["qis"]]
    arx_opt = {"levels": arx["levels"], "loss": float(arx["il"]), "suppressed": arx["suppressed"]}
    return opt_text({**veil, "levels": levels}), opt_text(arx_opt)


def run_adult(cases, runs: int, warmup: int, classpath: str) -> int:
    frame, hierarchies = load_adult()
    server = ArxServer(classpath)
    server.ask(f"LOAD {ADULT / 'adult.csv'}")
    failures = 0
    try:
        for name in cases:
            failures += compare_case(name, frame, hierarchies, server, runs, warmup)
    finally:
        server.close()
    return failures


def compare_case(name, frame, hierarchies, server, runs: int, warmup: int) -> int:
    """Alternating pairs (Veil then ARX), warm-up pairs untimed; one printed row."""
    veil_times, arx_times, arx_search = [], [], []
    veil_result = arx_answer = None
    for i in range(warmup + runs):
        veil_result = None  # the previous release is not kept alive during the next run
        if name == "g":
            seconds, veil_result = veil_risk(frame)
            arx_answer = server.ask("RISK")
        else:
            seconds, veil_result = veil_case(frame, hierarchies, name)
            arx_answer = server.ask(f"RUN {name}")
        if i >= warmup:
            veil_times.append(seconds)
            arx_times.append(arx_seconds(arx_answer))
            arx_search.append(arx_answer["anon_ms"] / 1000)
    v, a, s = (statistics.median(x) for x in (veil_times, arx_times, arx_search))
    if name == "g":
        problems = same_risk(veil_result, arx_answer)
        veil_text = f"{veil_result.equivalence_classes:,} classes"
        arx_text = f"{int(arx_answer['classes']):,} classes"
    else:
        veil_opt = optimum_of(veil_result)
        problems = same_optimum(veil_opt, arx_answer)
        veil_text, arx_text = both_texts(veil_opt, arx_answer)
    print_row(name, v, a, s, veil_text, arx_text)
    for p in problems:
        print(f"{'':<8}MISMATCH: {p}")
    return len(problems)


# ---- whole process on big files -------------------------------------------------------------
def replicate(frame: pd.DataFrame, rows: int, seed: int = SEED) -> pd.DataFrame:
    """``rows`` rows of ``frame`` repeated; 10 % of every column's cells re-drawn from that
    column's values (its marginal), seeded."""
    rng = np.random.default_rng(seed)
    n = len(frame)
    out = {}
    for col in frame.columns:
        codes, uniques = pd.factorize(frame[col])
        big = np.resize(codes, rows)
        hit = rng.random(rows) < RESAMPLED
        big[hit] = codes[rng.integers(0, n, int(hit.sum()))]
        out[col] = np.asarray(uniques, dtype=object)[big]
    return pd.DataFrame(out)


def veil_cli() -> list[str]:
    exe = Path(sys.executable).with_name("veil-cli")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "app.cli"]


def veil_e2e(case: str, source: Path, folder: Path) -> tuple[float, dict]:
    kw, _ = CASES[case]
    out, result = folder / "veil_out.csv", folder / "veil_result.json"
    cmd = [*veil_cli(), "protect", str(source), "--qi", ",".join(COLUMNS),
           "--out", str(out), "--result", str(result), "--k", str(kw["k"]),
           "--suppression", str(kw.get("suppression", 0.0)), "--accept-risk"]  # fmt: skip
    cmd += [f"--hierarchy={c}={ADULT / f'adult_hierarchy_{c}.csv'}" for c in COLUMNS]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    summary = json.loads(result.read_text(encoding="utf-8"))
    return seconds, {
        "transformation": summary["transformation"],
        "loss": float(summary["info_loss"]["loss"]),
        "suppressed": int(summary["suppressed_records"]),
    }


def arx_e2e(case: str, source: Path, folder: Path, classpath: str) -> tuple[float, dict]:
    cmd = ["java", "-cp", classpath, "Harness", "--e2e", case, str(source),
           str(folder / "arx_out.csv"), "--hier", str(ADULT)]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, json.loads(done.stdout.strip().splitlines()[-1])


def big_table(label: str, folder: Path, keep: Path | None) -> Path:
    """The replicated table of size ``label``: made in ``folder``, or kept in (and reused
    from) ``keep`` when given."""
    home = keep or folder
    source = home / f"adult_{label}_{SEED}.csv"
    if keep is None or not source.exists():
        base = pd.read_csv(ADULT / "adult.csv", sep=";", dtype=str, keep_default_na=False)
        home.mkdir(parents=True, exist_ok=True)
        partial = source.with_suffix(".partial")
        replicate(base, BIG[label]).to_csv(partial, sep=";", index=False)
        partial.replace(source)
    return source


def compile_veil() -> None:
    """Write the bytecode of Veil's own modules, as an installed Veil has it (and ARX its
    compiled classes): with PYTHONDONTWRITEBYTECODE set, every fresh process would compile
    them again (~0.06 s)."""
    import compileall

    for package in ("core", "app"):
        compileall.compile_dir(ROOT / package, quiet=1)


def run_big(sizes, runs: int, classpath: str, folder: Path, cases=BIG_CASES, keep=None) -> int:
    failures = 0
    compile_veil()
    for label in sizes:
        source = big_table(label, folder, keep)
        for case in cases:
            veil_times, arx_times = [], []
            for _ in range(runs):
                v, veil_opt = veil_e2e(case, source, folder)
                a, arx_answer = arx_e2e(case, source, folder, classpath)
                veil_times.append(v)
                arx_times.append(a)
            v, a = statistics.median(veil_times), statistics.median(arx_times)
            veil_text, arx_text = both_texts(veil_opt, arx_answer)
            print_row(f"{label} {case}", v, a, float("nan"), veil_text, arx_text)
            problems = same_optimum(veil_opt, arx_answer)
            for p in problems:
                print(f"{'':<8}MISMATCH: {p}")
            failures += len(problems)
        if keep is None:
            source.unlink()
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed pairs per Adult case")
    parser.add_argument("--warmup", type=int, default=2, help="untimed pairs per Adult case")
    parser.add_argument("--cases", default="a,b,b2,c,c0,e,f2,g")
    parser.add_argument("--big", default="1m,5m", help="whole-process sizes ('' for none)")
    parser.add_argument("--big-runs", type=int, default=1, help="pairs per whole-process case")
    parser.add_argument("--big-cases", default=",".join(BIG_CASES), help="whole-process cases")
    parser.add_argument(
        "--keep-big", type=Path, default=None, metavar="DIR",
        help="make the replicated tables once in DIR and reuse them (default: a temporary "
        "folder, remade every run)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if shutil.which("javac") is None or shutil.which("java") is None:
        print("javac and java (17) are needed to run ARX beside Veil.", file=sys.stderr)
        return 2
    load = os.getloadavg()
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}; CPUs: {os.cpu_count()}, "
          f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")  # fmt: skip
    print(f"Adult: median of {args.runs} alternating pairs after {args.warmup} warm-up pairs; "
          "seconds; 'ARX srch' is ARX's search alone")  # fmt: skip
    print(f"{'case':<8}{'Veil s':>9}{'ARX s':>9}{'ARX srch':>9}{'V/ARX':>8}  "
          f"{'Veil: levels loss supp.':<26}ARX: levels loss supp.")  # fmt: skip
    failures = 0
    with tempfile.TemporaryDirectory(prefix="veil-arx-") as tmp:
        folder = Path(tmp)
        classpath = arx_classpath(folder)
        cases = [c for c in args.cases.split(",") if c]
        failures += run_adult(cases, args.runs, args.warmup, classpath)
        sizes = [s for s in args.big.split(",") if s]
        if sizes:
            print(f"Whole process (read, anonymize, write; fresh processes), median of "
                  f"{args.big_runs} alternating pair(s):")  # fmt: skip
            cases = [c for c in args.big_cases.split(",") if c]
            failures += run_big(sizes, args.big_runs, classpath, folder, cases, args.keep_big)
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("optima: all equal" if not failures else f"optima: {failures} mismatch(es)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
