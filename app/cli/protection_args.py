"""Protection flags shared by `protect`, `assess` and friends, parsed into ProtectionSettings."""

from __future__ import annotations

import argparse
import math
from collections.abc import Mapping
from typing import Any

from core import methods
from core.bounds import BOUNDS
from core.errors import ConfigError
from core.settings import (
    L_VARIANTS,
    METRICS,
    ProtectionSettings,
    bound_value,
)


def add_protection_arguments(parser: argparse.ArgumentParser, *, default_method: str) -> None:
    """Add every protection flag; ``default_method`` is ``core.methods.DEFAULT`` for protect,
    ``core.methods.NONE`` for assess; the ``--method`` choices are the registry's names."""
    g = parser.add_argument_group("protection")
    g.add_argument(
        "--method",
        choices=methods.names(),
        default=default_method,
        help="; ".join(f"{m.name}: {m.title}" for m in methods.REGISTRY.values()),
    )
    g.add_argument("--k", type=number, default=None, help="k-anonymity: every group has >= k rows")
    g.add_argument("--l", type=number, default=None, help="l-diversity on the sensitive column")
    g.add_argument("--l-variant", choices=L_VARIANTS, default="distinct")
    g.add_argument("--c", type=number, default=3.0, help="c of recursive (c,l)-diversity")
    g.add_argument("--t", type=number, default=None, help="t-closeness on the sensitive column")
    g.add_argument(
        "--suppression", type=number, default=0.0, help="fraction of rows that may be removed"
    )
    g.add_argument("--metric", choices=METRICS, default="loss")
    g.add_argument("--max-nodes", type=number, default=None, help="bound for the heuristic search")
    g.add_argument("--pseudonymize", action="store_true", help="pseudonymize identifiers")
    g.add_argument("--key-file", default=None, help="file holding the pseudonymization key")
    g.add_argument("--epsilon", type=number, default=None, help="privacy budget (or 'inf')")
    g.add_argument("--delta", type=number, default=0.0)
    g.add_argument(
        "--bounds",
        action="append",
        default=[],
        metavar="COL=LO:HI",
        help="public bounds of a column: numbers, or ISO dates for a date column "
        "(date_of_birth=1900-01-01:2026-12-31)",
    )
    g.add_argument(
        "--categories",
        action="append",
        default=[],
        metavar="COL=A|B|C",
        help="public categories of a text column, for differential privacy (sex=Female|Male)",
    )
    g.add_argument(
        "--may-be-missing",
        default=None,
        metavar="COL,COL",
        help="columns that may be missing (DP releases blanks only in these)",
    )
    g.add_argument(
        "--number",
        action="append",
        default=[],
        metavar="COL=integer|decimal",
        help="whether a number column holds whole numbers or decimals (DP)",
    )
    g.add_argument("--rows", type=number, default=None, help="rows of the DP synthetic table")


def settings_from_args(args: argparse.Namespace) -> ProtectionSettings:
    """Build validated ProtectionSettings from parsed flags (k defaults to 5 for k-methods);
    a number outside its range (``core.bounds``) is refused naming the flag."""
    check_flags(args, PROTECTION_FLAGS)
    k = args.k
    if k is None and methods.generalizes(args.method):
        k = 5
    return ProtectionSettings(
        method=args.method,
        k=k,
        l=args.l,
        l_variant=args.l_variant,
        c=args.c,
        t=args.t,
        suppression=args.suppression,
        metric=args.metric,
        max_nodes=args.max_nodes,
        identifiers="pseudonymize" if args.pseudonymize else "remove",
        epsilon=args.epsilon,
        delta=args.delta,
        bounds=dict(parse_bounds(b) for b in args.bounds),
        rows=args.rows,
        domain=domain_from_args(args),
    )


def domain_from_args(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """The public facts of --categories, --may-be-missing and --number, per column."""
    domain: dict[str, dict[str, Any]] = {}
    for text in getattr(args, "categories", ()):
        col, values = _pair(text, "--categories", "COLUMN=A|B|C, e.g. sex=Female|Male")
        domain.setdefault(col, {})["categories"] = [v.strip() for v in values.split("|")]
    for col in split_columns(getattr(args, "may_be_missing", None)):
        domain.setdefault(col, {})["may_be_missing"] = True
    for text in getattr(args, "number", ()):
        col, kind = _pair(text, "--number", "COLUMN=integer or COLUMN=decimal, e.g. age=integer")
        domain.setdefault(col, {})["number"] = kind.strip()
    return domain


def _pair(text: str, flag: str, form: str) -> tuple[str, str]:
    col, sep, value = text.partition("=")
    if not (sep and col.strip() and value.strip()):
        raise ConfigError(f"Cannot read {flag} '{text}'.", hint=f"Write it as {form}.")
    return col.strip(), value


def parse_bounds(text: str) -> tuple[str, tuple[float, float]]:
    """'age=0:120' → ('age', (0.0, 120.0)); ISO dates become fractional years
    ('d=1900-01-01:2026-12-31' → ('d', (1900.0, 2026.9966))); a message naming the flag when
    malformed."""
    col, sep, rng = text.rpartition("=")
    lo, sep2, hi = rng.partition(":")
    try:
        if not (sep and sep2 and col):
            raise ValueError
        return col, (bound_value(lo), bound_value(hi))
    except ValueError:
        raise ConfigError(
            f"Cannot read --bounds '{text}'.",
            hint="Write it as COLUMN=LOW:HIGH, e.g. age=0:120 or "
            "date_of_birth=1900-01-01:2026-12-31.",
        ) from None


def leak_hint(protection: Mapping[str, Any] | None, *, project: bool = False) -> str | None:
    """The command-line way to stop a DP release's leak (the warning itself is in plain words):
    which flags, or project-file keys, give the ranges, categories and number kinds read from
    the data."""
    protection = protection or {}
    leaked = [str(c) for c in protection.get("bounds_from_data") or ()]
    kinds = [str(c) for c in protection.get("kinds_from_data") or ()]
    if not leaked and not kinds:
        return None
    mechanisms = protection.get("mechanisms") or ()
    ranged = {m.get("target") for m in mechanisms if m.get("bounds") is not None}
    ranges = [c for c in leaked if c in ranged]
    categories = [c for c in leaked if c not in ranged]
    if project:
        ways = [f"ranges for {', '.join(ranges)} under protection.bounds"] if ranges else []
        ways += (
            [f"categories for {', '.join(categories)} under protection.domain"]
            if categories
            else []
        )
        ways += (
            [f"integer or decimal for {', '.join(kinds)} as protection.domain.COL.number"]
            if kinds
            else []
        )
        return f"give the project {' and '.join(ways)} (or use Veil's Protect and Columns steps)."
    ways = [f"--bounds COL=LOW:HIGH for {', '.join(ranges)}"] if ranges else []
    ways += [f"--categories COL=A|B|C for {', '.join(categories)}"] if categories else []
    ways += [f"--number COL=integer|decimal for {', '.join(kinds)}"] if kinds else []
    return f"give {' and '.join(ways)}."


def split_columns(text: str | None) -> list[str]:
    """'age, sex,zip' → ['age', 'sex', 'zip']."""
    return [c.strip() for c in (text or "").split(",") if c.strip()]


PROTECTION_FLAGS = ("k", "l", "c", "t", "suppression", "max_nodes", "epsilon", "delta", "rows",
                    "seed")  # fmt: skip


def number(text: str) -> int | float | str:
    """A flag's text as a number when it reads as one ('inf' for ∞); its range is checked by
    ``check_flags``, whose message names the flag. Anything else stays text, to be refused."""
    cleaned = text.strip()
    if cleaned.lower() in ("inf", "infinity", "∞"):
        return math.inf
    for convert in (int, float):
        try:
            return convert(cleaned)
        except ValueError:
            pass
    return text


def check_flags(args: argparse.Namespace, names: tuple[str, ...]) -> None:
    """Check each flag given (not None) against ``core.bounds``; store the checked number."""
    for name in names:
        value = getattr(args, name, None)
        if value is not None:
            setattr(args, name, BOUNDS[name].check(value, flag_name(name)))


def flag_name(name: str) -> str:
    """'max_nodes' → '--max-nodes'."""
    return "--" + name.replace("_", "-")
