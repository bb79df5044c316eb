"""`protect --engine …`: the large-table path (DuckDB out of memory, Spark on a cluster)."""

from __future__ import annotations

import argparse
import json
import sys

HEAD_ROWS = 10_000  # rows read to suggest roles and check the release gate


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """--engine, --spark-master, --memory-limit, --spill-folder."""
    from core.engine.choose import ENGINES

    g = parser.add_argument_group("large tables")
    g.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="where the data-heavy steps run: auto (pandas while the file fits in memory, "
        "else DuckDB), pandas, duckdb (out of memory) or spark (a cluster)",
    )
    g.add_argument(
        "--spark-master",
        default=None,
        metavar="URL",
        help="Spark master (spark://host:7077, yarn, local[4]); default: spark-submit's, "
        "else local",
    )
    g.add_argument(
        "--memory-limit", default=None, metavar="SIZE", help="DuckDB memory limit (e.g. 4GB)"
    )
    g.add_argument(
        "--spill-folder",
        default=None,
        metavar="DIR",
        help="where DuckDB spills when memory runs out (default: Veil's cache folder)",
    )


def run_engine(args: argparse.Namespace, settings, name: str) -> int:
    """Protect ``args.data`` with the engine ``name``; the exit code."""
    from app.cli.protect_cmd import (
        build_roles,
        one_line,
        print_lines,
        print_warnings,
        read_hierarchies,
        with_suggestions,
    )
    from app.cli.protection_args import leak_hint
    from app.cli.run_cmd import refused
    from core.engine import describe, make_engine, protect_file
    from core.errors import ConfigError
    from core.export import write_text_atomic
    from core.release_gate import ReleaseRefused, check_release, require_confirmation
    from core.roles import suggest_roles
    from core.schema import Role

    if settings.method != "optimal" or settings.identifiers == "pseudonymize":
        raise ConfigError(
            f"--engine {name} runs the optimal generalization, with identifiers removed.",
            hint="Use --method optimal without --pseudonymize, or --engine pandas.",
        )
    source = describe(args.data, rename_duplicates=args.rename_duplicates)
    engine = make_engine(
        name,
        master=args.spark_master,
        memory_limit=args.memory_limit,
        temp_directory=args.spill_folder,
    )
    head = typed_head(engine.head(source, HEAD_ROWS))
    named = build_roles(head.columns, args)
    suggestions = suggest_roles(head)
    roles, suggested = with_suggestions(named, suggestions)
    hierarchies = read_hierarchies(args.hierarchy, roles)
    keep = [c for c in head.columns if roles.get(c) not in (Role.IDENTIFIER, Role.LEAVE_OUT)]
    qis = [c for c in keep if roles.get(c) == Role.QUASI_IDENTIFIER]
    sensitive = next((c for c in keep if roles.get(c) == Role.SENSITIVE), None)
    gate = check_release(
        head, roles, suggestions=suggestions, released=head[keep],
        alone=whole_alone(engine, source, qis, keep, roles),
        first_rows=len(head) if len(head) == HEAD_ROWS else None,
    )  # fmt: skip
    try:
        confirmed = require_confirmation(gate, args.accept_risk)
    except ReleaseRefused as exc:
        print_lines(suggested)
        return refused(exc)
    run = protect_file(
        engine,
        source,
        args.out,
        qis=qis,
        sensitive=sensitive,
        keep=keep,
        hierarchies=hierarchies,
        settings=settings,
    )
    print_lines(suggested)
    summary = {**run.to_dict(), "confirmed_risks": confirmed}
    write_text_atomic(
        args.result, json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    )
    print_warnings(summary.get("warnings", ()), leak_hint(summary))
    print(one_line(summary, run.result.rows_in, run.rows_written, args.out))
    return 0


def whole_alone(engine, source, qis, keep, roles) -> dict[str, float] | None:
    """The share of all the records each column released as it is makes unique by itself
    (DuckDB, Spark: one aggregation over the file); None when the engine cannot say (the
    head decides)."""
    from core.engine.uniqueness import whole_table_shares
    from core.jobs import null_monitor
    from core.uniqueness import kept_columns

    kept = [c for c in kept_columns(roles) if c in keep]
    if engine.name not in ("duckdb", "spark"):
        return None
    shares = whole_table_shares(engine, source, qis, kept, null_monitor()) if kept else {}
    return {c: s.alone for c, s in shares.items()}


def typed_head(head):
    """The first rows read by an engine, typed by Veil's reader's rules."""
    from core.io.convert import convert_columns
    from core.jobs import null_monitor

    text = head.astype(object).where(head.notna(), None).astype("str")
    return convert_columns(text, null_monitor())[0]


def say(line: str | None) -> None:
    """One line on stderr (the engine auto chose, and why)."""
    if line:
        print(f"veil-cli: {line}", file=sys.stderr)
