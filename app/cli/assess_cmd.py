"""`veil-cli assess DATA --qi … --target COL --out DIR`: attack the table before and after
protection and write DIR/assessment.json."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.loading_args import add_loading_arguments
from app.cli.protect_cmd import add_leave_out_argument
from app.cli.protection_args import (
    add_protection_arguments,
    check_flags,
    leak_hint,
    number,
    settings_from_args,
    split_columns,
)
from core import methods
from core.settings import ATTACK_SAMPLE

if TYPE_CHECKING:
    from core.settings import AssessmentSettings

ASSESSMENT_FLAGS = (
    "model_epsilon", "member_fraction", "population_size", "repeats", "attack_sample",
)  # fmt: skip
MODELS = ("rf", "hgb", "logreg", "dp-logreg", "dp-nb", "dp-rf")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "assess",
        help="measure re-identification, membership, attribute, model-extraction and property "
        "inference attacks before and after",
        description="Split the table into members (protected and released) and held-out "
        "non-members, protect the members, and attack the members as they are (before) and "
        "the protected release (after): re-identification risk, a proxy model's utility, "
        "membership inference (threshold, shadow models, LiRA, distance) and attribute "
        "inference (linkage, ML, model inversion), model extraction (query budgets, fidelity of a "
        "copy) and property inference (shadow models at two shares), each with confidence "
        "intervals. Writes "
        "DIR/assessment.json.",
    )
    parser.add_argument("data", help="CSV/TSV/Excel/Parquet/Stata/SPSS/SAS file")
    add_loading_arguments(parser)
    parser.add_argument("--qi", required=True, metavar="COLS", help="quasi-identifiers, a,b,c")
    parser.add_argument(
        "--target", required=True, metavar="COL", help="label the proxy model predicts"
    )
    parser.add_argument("--sensitive", default=None, metavar="COL", help="sensitive column")
    parser.add_argument(
        "--identifier", action="append", default=[], metavar="COLS",
        help="direct identifier column(s), removed or pseudonymized (repeatable, a,b)",
    )  # fmt: skip
    add_leave_out_argument(parser)
    parser.add_argument(
        "--hierarchy", action="append", default=[], metavar="COL=FILE",
        help="ARX hierarchy CSV for a quasi-identifier (repeatable); others are built",
    )  # fmt: skip
    parser.add_argument("--model", choices=MODELS, default="rf", help="proxy model (default rf)")
    parser.add_argument(
        "--model-epsilon", type=number, default=None, metavar="E",
        help="privacy budget of a dp-* proxy model (default: --epsilon)",
    )  # fmt: skip
    parser.add_argument(
        "--attacks", default=None, metavar="LIST",
        help=f"which families to run (default all): {','.join(_family_names())}",
    )  # fmt: skip
    parser.add_argument(
        "--property", default=None, metavar="COL=VALUE",
        help="property inference: the share of VALUE in COL (default: the most frequent value "
        "of --sensitive)",
    )  # fmt: skip
    parser.add_argument(
        "--extraction-budgets", default=None, metavar="LIST",
        help="model extraction: query budgets, increasing, e.g. 10,30,100 (default 10,30,100,"
        "300,1000,3000,10000, capped at the attacker's pool; larger budgets are refused)",
    )  # fmt: skip
    parser.add_argument(
        "--member-fraction", type=number, default=0.5, metavar="F",
        help="share of the rows that are protected and released (default 0.5)",
    )  # fmt: skip
    parser.add_argument(
        "--population-size", type=number, default=None, metavar="N",
        help="people in the population the table was drawn from (journalist risk)",
    )  # fmt: skip
    parser.add_argument(
        "--sweep", action="store_true", help="also sweep k and epsilon (privacy-utility points)"
    )
    parser.add_argument(
        "--repeats", type=number, default=1, metavar="N",
        help="repeat the rehearsal with seeds SEED … SEED+N−1 and report each figure's spread "
        "across the runs (default 1)",
    )  # fmt: skip
    parser.add_argument(
        "--attack-sample", type=number, default=ATTACK_SAMPLE, metavar="N",
        help="attack a uniform random sample of N rows of a larger table (default "
        f"{ATTACK_SAMPLE:,}); re-identification is measured on every row",
    )  # fmt: skip
    parser.add_argument("--seed", type=number, default=0)
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for assessment.json")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    add_protection_arguments(parser, default_method=methods.NONE)
    return parser


def run(args: argparse.Namespace) -> int:
    from app.cli.protect_cmd import (
        build_roles,
        input_files,
        print_warnings,
        read_hierarchies,
        read_key,
    )
    from app.cli.run_cmd import StepPrinter
    from core.assess import assess
    from core.errors import ConfigError
    from core.export import refuse_outputs_over_inputs, write_text_atomic
    from core.io import load_table
    from core.jobs import Monitor
    from core.pipeline import to_json

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} is a file.", hint="Give a folder for assessment.json.")
    refuse_outputs_over_inputs((out / "assessment.json",), input_files(args))
    protection = settings_from_args(args)
    assessment = assessment_from_args(args)
    table = load_table(args.data, rename_duplicates=args.rename_duplicates)
    roles = build_roles(table.frame.columns, args)
    roles = _with_target(roles, args.target, table.frame.columns)
    hierarchies = read_hierarchies(args.hierarchy, roles)
    key = read_key(args.key_file) if protection.identifiers == "pseudonymize" else None
    result = assess(
        table.frame, roles, protection, assessment, hierarchies=hierarchies, key=key,
        monitor=Monitor(None if args.quiet else StepPrinter(sys.stderr)), seed=args.seed,
        dataset={"name": table.path.name, "sha256": table.sha256, "format": table.format},
    )  # fmt: skip
    document = result.to_dict()
    path = out / "assessment.json"
    write_text_atomic(path, to_json(document))
    print_warnings((*table.warnings, *document["warnings"]), leak_hint(document.get("protection")))
    print(summary_line(document, path))
    return 0


def assessment_from_args(args: argparse.Namespace) -> AssessmentSettings:
    """Validated AssessmentSettings from parsed flags; a number outside ``core.bounds`` is
    refused naming its flag."""
    from core.capacity import check_seeds
    from core.settings import AssessmentSettings

    check_flags(args, ASSESSMENT_FLAGS)
    check_seeds(args.seed, args.repeats)
    prop = (None, None)
    if getattr(args, "property", None):
        from core.attacks.property.spec import parse_property

        prop = parse_property(args.property)
    return AssessmentSettings(
        target=args.target,
        sensitive=args.sensitive,
        model=args.model,
        model_epsilon=_model_epsilon(args),
        attacks=_attacks(args.attacks),
        member_fraction=args.member_fraction,
        population_size=args.population_size,
        sweep=args.sweep,
        repeats=args.repeats,
        attack_sample=args.attack_sample,
        property_column=prop[0],
        property_value=prop[1],
        extraction_budgets=_budgets(getattr(args, "extraction_budgets", None)),
    )


def _budgets(text: str | None) -> tuple[int, ...] | None:
    """'10,30,100' → (10, 30, 100); a part that is not a whole number is refused by name."""
    from core.errors import ConfigError

    if text is None:
        return None
    parts = [p.strip().replace("_", "") for p in text.split(",")]
    if not all(p.isdigit() for p in parts):
        raise ConfigError(
            f"Cannot read --extraction-budgets '{text}'.",
            hint="Give increasing whole numbers of queries separated by commas, e.g. 10,30,100.",
        )
    return tuple(int(p) for p in parts)


def _model_epsilon(args: argparse.Namespace) -> float | None:
    if args.model_epsilon is not None:
        return args.model_epsilon
    return args.epsilon if args.model.startswith("dp-") else None


def _family_names() -> tuple[str, ...]:
    from core.assessment.families import NAMES

    return NAMES


def _attacks(text: str | None) -> tuple[str, ...]:
    """The families asked for; every family when the flag is left out."""
    from core.errors import ConfigError

    names = _family_names()
    if text is None:
        return names
    chosen = tuple(split_columns(text))
    unknown = [a for a in chosen if a not in names]
    if unknown or not chosen:
        raise ConfigError(
            f"Unknown --attacks '{text}'.",
            hint=f"Give a comma-separated list of: {', '.join(names)}.",
        )
    return chosen


def _with_target(roles: dict, target: str, columns) -> dict:
    from core.errors import ConfigError
    from core.schema import Role

    if target not in {str(c) for c in columns}:
        raise ConfigError(
            f"Target column '{target}' is not in the table.",
            hint=f"Columns are: {', '.join(map(str, columns))}.",
        )
    if roles.get(target) == Role.SENSITIVE:
        return roles  # predicted and attacked at once: settings name it as the target
    if target in roles:
        raise ConfigError(
            f"Column '{target}' is the target and also given as {roles[target].value}.",
            hint="The target is what the proxy model predicts: give it one role only.",
        )
    return {**roles, target: Role.TARGET}


def summary_line(document: dict, path: Path) -> str:
    """'Wrote DIR/assessment.json: average re-identification risk 0.45 → 0.01; …'."""
    parts = []
    before, after = document["before"], document["after"]
    pairs = [
        ("average re-identification risk", ("reidentification", "average_risk")),
        ("proxy accuracy", ("utility", "accuracy")),
        ("LiRA membership AUC", ("membership", "lira", "auc")),
        ("linkage attribute risk", ("attribute", "linkage", "risk")),
        ("model copy agreement", ("extraction", "curves", "pool", -1, "fidelity")),
        ("property game accuracy", ("property", "game", "accuracy")),
    ]
    for label, keys in pairs:
        b, a = _dig(before, keys), _dig(after, keys)
        if b is not None and a is not None:
            parts.append(f"{label} {b:.3f} → {a:.3f}{_spread(after, keys)}")
    line = f"Wrote {path}" + (": " + "; ".join(parts) if parts else "") + "."
    return line + _sample_words(document)


def _sample_words(document: dict) -> str:
    """' Attacks measured on a sample of 2,000 of 30,162 records.' when they were."""
    from core.report.sections.summary import sample_sentence

    sentence = sample_sentence(document)
    return f" Attacks {sentence[0].lower()}{sentence[1:]}" if sentence else ""


def _spread(side: dict, keys: tuple[str, ...]) -> str:
    """' (mean of 3 rehearsals 0.512, range 0.498–0.527)' when the figure was repeated."""
    block = _dig_block(side, keys[:-1])
    stats = block.get(keys[-1]) if isinstance(block, dict) else None
    if not isinstance(stats, dict) or stats.get("mean") is None:
        return ""
    span = f"{stats['min']:.3f}–{stats['max']:.3f}"
    return f" (mean of {block.get('n')} rehearsals {stats['mean']:.3f}, range {span})"


def _dig_block(doc: dict | None, keys: tuple[str, ...]) -> dict | None:
    for k in (*keys, "repeats"):
        if not isinstance(doc, dict):
            return None
        doc = doc.get(k)
    return doc if isinstance(doc, dict) else None


def _dig(doc: dict | list | None, keys: tuple) -> float | None:
    for k in keys:
        if isinstance(doc, list) and isinstance(k, int) and doc:
            doc = doc[k]
            continue
        if not isinstance(doc, dict):
            return None
        doc = doc.get(k)
    return doc if isinstance(doc, int | float) else None
