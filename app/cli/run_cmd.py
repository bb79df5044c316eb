"""`veil-cli run PROJECT.veil.json --out DIR` (or `--demo`): protect, assess and report."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "run",
        help="run a project end to end: protected table, assessment, HTML and PDF report",
        description="Load the project's table and protect the whole of it (release.csv); measure "
        "its re-identification risk; rehearse the membership and attribute attacks on a random "
        "half protected the same way, with the other half as the control; and write "
        "release.csv, assessment.json, report.html, report.pdf and a copy of the project "
        "(without its pseudonymization key) into the output folder. A differentially private "
        "release draws fresh noise on every run; the rehearsal is seeded.",
    )
    parser.add_argument("project", nargs="?", help="project file (*.veil.json)")
    parser.add_argument(
        "--demo", action="store_true", help="run the built-in synthetic demo project"
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder")
    parser.add_argument("--quiet", action="store_true", help="print only the file list")
    add_accept_risk(parser)
    return parser


def add_accept_risk(parser: argparse.ArgumentParser) -> None:
    """The --accept-risk flag of the commands that write a release."""
    parser.add_argument(
        "--accept-risk",
        action="store_true",
        help="write the release even when Veil finds a column kept as it is that looks "
        "identifying, or a HIGH risk light (recorded as confirmed); without it such a "
        "release is refused with exit code 3",
    )


def refused(exc) -> int:
    """Print a refused release, one line per concern, on stderr; the exit code."""
    print(f"veil-cli: {exc}", file=sys.stderr)
    for line in exc.gate.lines:
        print(f"veil-cli: refused: {line}", file=sys.stderr)
    from core.release_gate import EXIT_CODE

    return EXIT_CODE


def run(args: argparse.Namespace) -> int:
    from app.cli.protect_cmd import print_warnings
    from app.cli.protection_args import leak_hint
    from core.errors import ConfigError
    from core.jobs import Monitor
    from core.pipeline import run_demo, run_project
    from core.project import load_project
    from core.release_gate import ReleaseRefused

    if bool(args.project) == bool(args.demo):
        raise ConfigError(
            "Give either a project file or --demo.",
            hint="Example: veil-cli run --demo --out results",
        )
    monitor = Monitor(None if args.quiet else StepPrinter(sys.stderr))
    try:
        if args.demo:
            result = run_demo(args.out, monitor=monitor, accept_risk=args.accept_risk)
        else:
            project = load_project(args.project)
            print_warnings(project.warnings)  # e.g. an input outside the project's folder
            result = run_project(
                project, args.out, project_file=args.project,
                monitor=monitor, accept_risk=args.accept_risk,
            )  # fmt: skip
    except ReleaseRefused as exc:
        return refused(exc)
    for line in result.assessment["release"].get("confirmed_risks") or ():
        print(f"veil-cli: accepted risk: {line}", file=sys.stderr)
    if not args.quiet:
        released, total = result.assessment["release"]["rows"], result.assessment["dataset"]["rows"]
        print(f"Released the whole table, protected: {released:,} of {total:,} records.")
        print(engine_line(result.assessment))
        for light in result.verdicts:
            print(f"{light.risk}: {light.label.upper()} — {light.sentence}")
        protection = result.assessment["release"].get("protection")
        print_warnings(result.warnings, leak_hint(protection, project=True), prefix="")
        print()
    for path in (result.release, result.assessment_json, result.report_html, result.report_pdf,
                 result.project_copy):  # fmt: skip
        print(path)
    return 0


def engine_line(document: dict) -> str:
    """'Processed out of memory with DuckDB.': the engine the release was computed with."""
    from core.project_engine import engine_label

    engine = (document["release"].get("protection") or {}).get("engine") or "pandas"
    return f"Processed {engine_label(engine)}."


class StepPrinter:
    """A Monitor callback printing '[ 42%] message' on stderr each time the step changes."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = ""

    def __call__(self, fraction: float, message: str) -> None:
        if message and message != self.last:
            self.last = message
            print(f"[{fraction * 100:3.0f}%] {message}", file=self.stream, flush=True)
