"""`veil-cli protect DATA --qi … --out OUT.csv --result RESULT.json`: protect one table."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.engine_args import add_engine_arguments, run_engine, say
from app.cli.loading_args import add_loading_arguments
from app.cli.protection_args import (
    add_protection_arguments,
    leak_hint,
    settings_from_args,
    split_columns,
)
from app.cli.run_cmd import add_accept_risk, refused
from core import methods


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "protect",
        help="anonymize a table (k-anonymity, l-diversity, t-closeness, Mondrian or DP)",
        description="Generalize the quasi-identifiers (or release through differential "
        "privacy), remove or pseudonymize identifiers, and write the protected table and a "
        "JSON summary. Suppressed records are left out of the protected table.",
    )
    parser.add_argument("data", help="CSV/TSV/Excel/Parquet/Stata/SPSS/SAS file")
    add_loading_arguments(parser)
    parser.add_argument("--qi", default="", metavar="COLS", help="quasi-identifiers, a,b,c")
    parser.add_argument("--sensitive", default=None, metavar="COL", help="sensitive column")
    parser.add_argument(
        "--identifier",
        action="append",
        default=[],
        metavar="COLS",
        help="direct identifier column(s), removed or pseudonymized (repeatable, a,b)",
    )
    add_leave_out_argument(parser)
    parser.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="COLS",
        help="column(s) to release as they are (repeatable, a,b); columns not named on the "
        "command line get the role Veil suggests (printed)",
    )
    parser.add_argument(
        "--hierarchy",
        action="append",
        default=[],
        metavar="COL=FILE",
        help="ARX hierarchy CSV for a quasi-identifier (repeatable); others are built",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="make DP noise reproducible (and removable by whoever knows the seed); "
        "default: fresh, unpredictable noise",
    )
    parser.add_argument("--out", required=True, metavar="OUT", help="protected table to write")
    parser.add_argument(
        "--result", required=True, metavar="RESULT.json", help="summary of what was done"
    )
    add_protection_arguments(parser, default_method=methods.DEFAULT)
    add_engine_arguments(parser)
    add_accept_risk(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    from app.cli.memory import prefer_jemalloc
    from core.engine.choose import choose_engine
    from core.errors import ConfigError
    from core.export import refuse_outputs_over_inputs, write_table, write_text_atomic
    from core.io import load_table
    from core.protect import protect
    from core.release_gate import ReleaseRefused, check_release, require_confirmation
    from core.roles import suggest_roles

    settings = settings_from_args(args)
    if Path(args.out).resolve() == Path(args.result).resolve():
        raise ConfigError("--out and --result name the same file.", hint="Use two files.")
    refuse_outputs_over_inputs((args.out, args.result), input_files(args))
    engine, why = choose_engine(args.engine, args.data)
    say(why)
    if engine != "pandas":
        return run_engine(args, settings, engine)
    prefer_jemalloc()
    # the optimal search reads each text column through its codes: no contiguous copy needed
    one_pass = methods.method(settings.method).global_recoding
    table = load_table(args.data, rename_duplicates=args.rename_duplicates, contiguous=not one_pass)
    named = build_roles(table.frame.columns, args)
    suggestions = suggest_roles(table.frame, table.types)
    roles, suggested = with_suggestions(named, suggestions)
    hierarchies = read_hierarchies(args.hierarchy, roles)
    key = read_key(args.key_file) if settings.identifiers == "pseudonymize" else None
    result = protect(table.frame, roles, settings, hierarchies=hierarchies, key=key, seed=args.seed)
    gate = check_release(
        table.frame, roles, suggestions=suggestions, released=result.data, dp=settings.is_dp
    )
    try:
        confirmed = require_confirmation(gate, args.accept_risk)
    except ReleaseRefused as exc:
        print_lines(suggested)
        return refused(exc)
    write_table(result.data, args.out, inputs=(table.path,))
    print_lines(suggested)  # after the work, so that an error stays one line
    summary = {**result.to_dict(), "confirmed_risks": confirmed}
    write_text_atomic(
        args.result, json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    )
    print_warnings((*table.warnings, *summary.get("warnings", ())), leak_hint(summary))
    print(one_line(summary, len(table.frame), len(result.data), args.out))
    return 0


def print_warnings(warnings, hint: str | None = None, *, prefix: str = "veil-cli: ") -> None:
    """Each warning on one line of stderr, then the command-line hint, if any."""
    for warning in warnings:
        print(f"{prefix}warning: {warning}", file=sys.stderr)
    if hint:
        print(f"{prefix}hint: {hint}", file=sys.stderr)


def add_leave_out_argument(parser: argparse.ArgumentParser) -> None:
    """``--leave-out COLS``: columns dropped from the release (and from the attacks' view)."""
    parser.add_argument(
        "--leave-out", action="append", default=[], metavar="COLS",
        help="column(s) not to release at all (repeatable, a,b)",
    )  # fmt: skip


def build_roles(columns, args: argparse.Namespace) -> dict:
    """Column → Role from --qi, --sensitive, --identifier, --leave-out and --keep; every name
    must exist."""
    from core.errors import ConfigError
    from core.schema import Role

    roles: dict[str, Role] = {}
    wanted = [(c, Role.IDENTIFIER) for text in args.identifier for c in split_columns(text)]
    kept = getattr(args, "keep", None) or []  # `assess` shares this and has no --keep
    wanted += [(c, Role.INSENSITIVE) for text in kept for c in split_columns(text)]
    dropped = getattr(args, "leave_out", None) or []
    wanted += [(c, Role.LEAVE_OUT) for text in dropped for c in split_columns(text)]
    wanted += [(c, Role.QUASI_IDENTIFIER) for c in split_columns(args.qi)]
    if args.sensitive:
        wanted.append((args.sensitive, Role.SENSITIVE))
    known = {str(c) for c in columns}
    for column, role in wanted:
        if column not in known:
            raise ConfigError(
                f"Column '{column}' is not in the table.",
                hint=f"Columns are: {', '.join(map(str, columns))}.",
            )
        if column in roles and roles[column] != role:
            raise ConfigError(f"Column '{column}' is given two roles ({roles[column]}, {role}).")
        roles[column] = role
    if methods.generalizes(args.method) and Role.QUASI_IDENTIFIER not in roles.values():
        raise ConfigError(
            f"--method {args.method} needs quasi-identifiers.",
            hint="Add --qi age,sex,zip (the columns an attacker could know).",
        )
    return roles


def input_files(args: argparse.Namespace) -> tuple[str, ...]:
    """Every file the command reads: the table, the hierarchies and the key file."""
    hierarchies = [spec.partition("=")[2] for spec in getattr(args, "hierarchy", ())]
    key = getattr(args, "key_file", None)
    return tuple(p for p in (args.data, *hierarchies, key) if p)


def with_suggestions(named: dict, suggestions) -> tuple[dict, list[str]]:
    """The roles named on the command line, and Veil's suggestion for every other column,
    with one line per suggestion taken (to print on stderr with its reason)."""
    roles, lines = dict(named), []
    for s in suggestions:
        if s.column not in roles:
            roles[s.column] = s.role
            lines.append(f"veil-cli: suggested role for {s.column}: {s.role.value} ({s.reason})")
    return roles, lines


def print_lines(lines: list[str]) -> None:
    """Each line on stderr."""
    for line in lines:
        print(line, file=sys.stderr)


def read_hierarchies(specs: list[str], roles: dict) -> dict:
    """Load every --hierarchy COL=FILE (ARX CSV) for a quasi-identifier."""
    from core.errors import ConfigError
    from core.hierarchy import Hierarchy
    from core.schema import Role

    out = {}
    for spec in specs:
        column, sep, path = spec.partition("=")
        if not (sep and column and path):
            raise ConfigError(
                f"Cannot read --hierarchy '{spec}'.", hint="Write it as COLUMN=FILE.csv."
            )
        if roles.get(column) not in (Role.QUASI_IDENTIFIER, Role.SENSITIVE):
            raise ConfigError(
                f"--hierarchy names column '{column}', which is not a quasi-identifier.",
                hint="Add it to --qi (or --sensitive for t-closeness) or drop the hierarchy.",
            )
        out[column] = Hierarchy.from_arx_csv(path, name=column)
    return out


def read_key(path: str | None) -> bytes:
    """The pseudonymization key (hex text); a missing file gets a fresh key, kept there."""
    from core.errors import ConfigError, InputError
    from core.export import write_text_atomic
    from core.project import new_key

    if not path:
        raise ConfigError(
            "--pseudonymize needs --key-file.",
            hint="Name a file: Veil creates the key there the first time; keep it safe.",
        )
    file = Path(path)
    if not file.exists():
        write_text_atomic(file, new_key() + "\n")
        print(f"veil-cli: created a new pseudonymization key in {file}", file=sys.stderr)
    text = file.read_text(encoding="utf-8").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise InputError(
            f"The key file {file.name} does not hold a hexadecimal key.", path=str(file)
        ) from None
    if len(key) < 16:
        raise InputError(f"The key in {file.name} is shorter than 16 bytes.", path=str(file))
    return key


def one_line(summary: dict, rows_in: int, rows_out: int, out: str) -> str:
    """'Wrote OUT.csv: 29,500 of 30,162 records; 24 groups, smallest 69; loss 0.573.'"""
    parts = [f"Wrote {out}: {rows_out:,} of {rows_in:,} records"]
    if summary.get("equivalence_classes") is not None:
        parts.append(
            f"{summary['equivalence_classes']:,} groups, smallest {summary['min_class_size']:,}"
        )
    loss = (summary.get("info_loss") or {}).get(summary.get("metric", "loss"))
    if loss is not None:
        parts.append(f"{summary.get('metric', 'loss')} {loss:.4g}")
    return "; ".join(parts) + "."
