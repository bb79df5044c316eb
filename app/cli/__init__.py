"""`veil-cli`: the headless face of Veil. Each subcommand lives in its own module.

A subcommand module defines ``add_parser(subparsers)`` and ``run(args) -> int`` and imports
the heavy libraries (pandas, scikit-learn) inside ``run`` only, so ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import sys
from collections.abc import Sequence

SUBCOMMANDS = ("inspect", "protect", "assess", "run", "report")

log = logging.getLogger("veil.cli")


def build_parser() -> argparse.ArgumentParser:
    from core import __version__

    parser = argparse.ArgumentParser(
        prog="veil-cli",
        description="Anonymize a table and measure how much still leaks. Runs offline.",
    )
    parser.add_argument("--version", action="version", version=f"veil {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the full traceback of unexpected errors"
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMANDS:
        if importlib.util.find_spec(f"app.cli.{name}_cmd") is None:
            continue  # subcommand not built yet
        module = importlib.import_module(f"app.cli.{name}_cmd")
        sub = module.add_parser(subparsers)
        sub.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run one subcommand; expected errors print one line, exit code 2."""
    from core.errors import JobCancelled, VeilError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except JobCancelled:
        print("veil-cli: cancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into e.g. `head`, which stopped reading: not an error.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("veil-cli: interrupted", file=sys.stderr)
        return 130
    except VeilError as exc:
        print(f"veil-cli: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        if args.debug:
            raise
        log.exception("unexpected error")
        print(
            f"veil-cli: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in Veil. Run again with --debug for details and report it.",
            file=sys.stderr,
        )
        return 1
