"""`veil`: the desktop app. `veil --demo`, `veil FILE`, `veil --selftest`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="veil", description="Protect a table of personal records and measure what leaks."
    )
    parser.add_argument("file", nargs="?", help="a table or a *.veil.json project to open")
    parser.add_argument("--demo", action="store_true", help="open the synthetic demo data")
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="run the whole workflow on the demo data without a screen, then exit (0 = ok)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Start the GUI; the window shows before pandas and scikit-learn are imported."""
    from app.startup import init_process  # process set-up (issue 8): first thing, always

    log_file = init_process(gui=True)
    args = parse_args(argv)
    if args.selftest and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.application import run

    return run(
        path=args.file, demo=args.demo, selftest=args.selftest, log_file=log_file, argv=sys.argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
