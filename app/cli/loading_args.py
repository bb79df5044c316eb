"""Command-line options about how the input table is read, shared by inspect/protect/assess."""

from __future__ import annotations

import argparse

RENAME_HELP = (
    "load a table whose header repeats a column name with the repeats renamed "
    "(name, name.2, …) instead of refusing it; a warning lists every renamed column"
)


def add_loading_arguments(parser: argparse.ArgumentParser) -> None:
    """--rename-duplicates."""
    parser.add_argument("--rename-duplicates", action="store_true", help=RENAME_HELP)
