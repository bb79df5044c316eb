"""`veil-cli report DIR`: rebuild report.html and report.pdf from DIR/assessment.json."""

from __future__ import annotations

import argparse


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "report",
        help="re-render the HTML and PDF report from an assessment.json",
        description="Read DIR/assessment.json (written by 'veil-cli run' or 'veil-cli assess') "
        "and write DIR/report.html and DIR/report.pdf again.",
    )
    parser.add_argument("dir", metavar="DIR", help="folder holding assessment.json")
    return parser


def run(args: argparse.Namespace) -> int:
    from core.pipeline import rerender

    html, pdf = rerender(args.dir)
    print(html)
    print(pdf)
    return 0
