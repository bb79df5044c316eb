"""`veil-cli inspect DATA`: rows, columns, inferred types, suggested roles and reasons."""

from __future__ import annotations

import argparse
import json
import sys

from app.cli.loading_args import add_loading_arguments


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "inspect",
        help="show the columns of a table with their types and suggested roles",
        description="Load a table and show its size, the inferred type and distinct count of "
        "every column, and the privacy role Veil suggests for it, with the reason.",
    )
    parser.add_argument("data", nargs="?", help="CSV/TSV/Excel/Parquet/Stata/SPSS/SAS file")
    add_loading_arguments(parser)
    parser.add_argument(
        "--demo", action="store_true", help="inspect the built-in synthetic demo data"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def run(args: argparse.Namespace) -> int:
    from core.demo import DEMO_LABEL, demo_path, is_demo
    from core.errors import ConfigError
    from core.io import load_table
    from core.roles import suggest_roles, target_note

    if bool(args.data) == bool(args.demo):
        raise ConfigError(
            "Give either a data file or --demo.", hint="Example: veil-cli inspect data.csv"
        )
    table = load_table(
        demo_path() if args.demo else args.data, rename_duplicates=args.rename_duplicates
    )
    suggestions = suggest_roles(table.frame, table.types)
    if args.format == "json":
        print(json.dumps(as_json(table.rows, suggestions), indent=2, ensure_ascii=False))
        for warning in table.warnings:
            print(f"veil-cli: warning: {warning}", file=sys.stderr)
        return 0
    label = DEMO_LABEL if args.demo or is_demo(table.path) else None
    print(as_text(table, suggestions, label))
    notes = [target_note(suggestions), *uniqueness_lines(table.frame, suggestions)]
    if any(notes):
        print("\n" + "\n".join(n for n in notes if n))
    return 0


def uniqueness_lines(frame, suggestions) -> list[str]:
    """The kept columns that add most to uniqueness, with what would help."""
    from core.uniqueness import contributions, worst

    roles = {s.column: s.role for s in suggestions}
    found = worst(contributions(frame, roles))
    if not found:
        return []
    head = "Kept as is but adding to the records made unique by the quasi-identifiers:"
    return [head] + [f"  - {c.sentence()}" for c in found]


def as_json(rows: int, suggestions) -> dict:
    """The stable JSON shape: {"rows", "columns": [{"name", "type", ...}]}."""
    return {
        "rows": rows,
        "columns": [
            {
                "name": s.column,
                "type": s.type.value,
                "suggested_role": s.role.value,
                "reason": s.reason,
                "distinct": s.distinct,
            }
            for s in suggestions
        ],
    }


def as_text(table, suggestions, label: str | None) -> str:
    how = table.format if table.encoding is None else (
        f"{table.format}, {table.encoding}, delimiter {table.delimiter!r}"
    )  # fmt: skip
    lines = [f"{table.path.name}: {table.rows:,} rows × {len(suggestions)} columns ({how})"]
    if label:
        lines.append(label)
    width = max([len(s.column) for s in suggestions] + [6])
    lines += [
        "",
        f"{'column':<{width}}  {'type':<11}  {'distinct':>8}  {'suggested role':<16}  reason",
    ]
    for s in suggestions:
        lines.append(
            f"{s.column:<{width}}  {s.type.value:<11}  {s.distinct:>8,}  "
            f"{s.role.value:<16}  {s.reason}"
        )
    if table.warnings:
        lines += ["", "Warnings:"] + [f"  - {w}" for w in table.warnings]
    return "\n".join(lines)
