"""The hostile-project corpus: malformed or malicious project files, each with the words its
refusal must contain (the field, and the range for a number), or None for a correct run."""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEED_MAX = 2**32 - 1
TABLE = "age,sex,zip,diagnosis\n" + "".join(
    f"{20 + i % 50},{'FM'[i % 2]},{1000 + i % 7},{('flu', 'cold', 'asthma')[i % 3]}\n"
    for i in range(60)
)
LEVELS = [[str(1000 + i), "10**", "*"] for i in range(7)]


@dataclass(frozen=True)
class Case:
    name: str
    expect: str | None  # words of the one-line refusal; None = a correct run
    change: tuple[str, Any] | None = None  # (dotted path, value) set in the base document
    text: str | None = None  # the file's whole text instead (for what JSON cannot hold)
    schema_expressible: bool = True  # False: only Veil's code can check it (see the schema)


def base_document() -> dict[str, Any]:
    """A valid version-2 project on ``table.csv`` beside it (``write_case`` writes both)."""
    return {
        "format": "veil-project",
        "version": 2,
        "veil_version": "0.1.0",
        "input": {"path": "table.csv", "sha256": None},
        "roles": {"age": "quasi_identifier", "zip": "quasi_identifier", "diagnosis": "sensitive"},
        "hierarchies": {"zip": {"version": 1, "name": "zip", "levels": LEVELS}},
        "protection": {"method": "optimal", "k": 2, "suppression": 0.1},
        "assessment": {"target": "sex", "attacks": ["reidentification"]},
        "seed": 0,
    }


def _nest(depth: int) -> str:
    return "[" * depth + "]" * depth


def _bad(name: str, path: str, value: Any, expect: str, **kw: Any) -> Case:
    return Case(name, expect, change=(path, value), **kw)


def _number_cases() -> list[Case]:
    rng = {  # field: (words of its range, bad values)
        "protection.k": ("whole number from 1 to 1,000,000", [0, -3, 2.5, True, "5", [5], 10**12]),
        "protection.l": ("whole number from 1 to 10,000", [0, 1.5, False]),
        "protection.c": ("number above 0 and at most 1,000", [0, -1, None, "3"]),
        "protection.t": ("number above 0 and at most 1", [0, 1.5, "x", True]),
        "protection.suppression": ("number at least 0 and below 1", [1, -0.1, True, None]),
        "protection.max_nodes": ("whole number from 1 to 10,000,000", [0, 2.5, "all"]),
        "protection.epsilon": (
            "number from 0.001 to 10,000, or inf",
            [0, -1, 1e308, 1e-300, "lots"],
        ),
        "protection.delta": ("number at least 0 and below 1", [1, -1e-9, None]),
        "protection.rows": ("whole number from 1 to 10,000,000", [-5, 0, 1e9, 2.5]),
        "assessment.model_epsilon": ("number from 0.001 to 10,000, or inf", [0, 1e308, False]),
        "assessment.member_fraction": ("number above 0 and below 1", [0, 1, True, "half"]),
        "assessment.population_size": ("whole number from 1 to 100,000,000,000", [0, 1.5]),
        "assessment.repeats": ("whole number from 1 to 100", [0, 10**9, True, 2.5]),
        "seed": ("whole number from 0 to 4,294,967,295", [SEED_MAX + 1, -1, 1.5, True, "0", None]),
    }
    out = []
    for path, (words, values) in rng.items():
        for i, value in enumerate(values):
            out.append(_bad(f"{path}-{i}", path, value, f"{path} must be a {words}"))
    dp = {"method": "dp-synthetic", "epsilon": 1.0, "rows": -5, "bounds": {"age": [0, 120]}}
    out.append(_bad("dp_rows_negative", "protection", dp, "protection.rows must be"))
    return out


def _raw_cases() -> list[Case]:
    doc = json.dumps(base_document())
    k = '"k": 2'
    return [
        Case(
            "nesting_100000_deep",
            "nests objects or lists 100,000 levels deep",
            text=_nest(100_000),
            schema_expressible=False,
        ),
        Case(
            "nesting_in_a_field",
            "levels deep; the limit is 32",
            text=doc.replace(k, f'"k": {_nest(40)}'),
        ),
        Case(
            "k_nan",
            "protection.k in bad.veil.json must be a whole number",
            text=doc.replace(k, '"k": NaN'),
        ),
        Case(
            "k_infinity",
            "protection.k in bad.veil.json must be",
            text=doc.replace(k, '"k": Infinity'),
        ),
        Case(
            "epsilon_1e999",
            "protection.epsilon in bad.veil.json must be a number from 0.001",
            text=doc.replace(k, '"k": 2, "epsilon": 1e999'),
        ),
        Case(
            "k_5000_digits",
            "protection.k in bad.veil.json must be",
            text=doc.replace(k, '"k": ' + "9" * 5000),
        ),
        Case(
            "seed_nan",
            "seed in bad.veil.json must be a whole number from 0",
            text=doc.replace('"seed": 0', '"seed": NaN'),
        ),
        Case(
            "nan_in_builder",
            "hierarchies.zip.builder.x in bad.veil.json is NaN",
            text=doc.replace('"name": "zip",', '"name": "zip", "builder": {"x": NaN},'),
        ),
        Case(
            "duplicate_key",
            "The key 'k' appears twice",
            text=doc.replace(k, '"k": 2, "k": 50'),
            schema_expressible=False,
        ),
        Case("not_json", "is not valid JSON", text=doc[:-3]),
        Case("empty_file", "is not valid JSON", text=""),
    ]


def _field_cases() -> list[Case]:
    huge = "x" * 200_000
    return [
        _bad(
            "levels_not_a_list",
            "hierarchies.zip.levels",
            "10**",
            "hierarchies.zip.levels must be a non-empty list",
        ),
        _bad("levels_empty", "hierarchies.zip.levels", [], "hierarchies.zip.levels must be"),
        _bad(
            "levels_rows_not_lists",
            "hierarchies.zip.levels",
            [1, 2],
            "hierarchies.zip.levels must be",
        ),
        _bad(
            "levels_uneven",
            "hierarchies.zip.levels",
            [["1", "*"], ["2"]],
            "rows differ in length",
            schema_expressible=False,
        ),
        _bad(
            "levels_label_object",
            "hierarchies.zip.levels",
            [[{"a": 1}, "*"]],
            "hierarchies.zip.levels holds",
        ),
        _bad(
            "levels_label_bool",
            "hierarchies.zip.levels",
            [[True, "*"]],
            "hierarchies.zip.levels holds",
        ),
        _bad(
            "hierarchy_not_object",
            "hierarchies.zip",
            ["1", "*"],
            "hierarchies.zip (the hierarchy for column",
        ),
        _bad(
            "hierarchy_unknown_key",
            "hierarchies.zip.colour",
            "blue",
            "Unknown key 'hierarchies.zip.colour'",
        ),
        _bad(
            "hierarchy_no_levels",
            "hierarchies.zip",
            {"name": "zip"},
            "hierarchies.zip.levels must be",
        ),
        _bad(
            "hierarchy_name_number", "hierarchies.zip.name", 5, "hierarchies.zip.name must be text"
        ),
        _bad(
            "hierarchy_builder_list",
            "hierarchies.zip.builder",
            [],
            "hierarchies.zip.builder must be",
        ),
        _bad(
            "hierarchy_version", "hierarchies.zip.version", 7, "hierarchies.zip.version must be 1"
        ),
        _bad(
            "hierarchies_list",
            "hierarchies",
            [],
            "'hierarchies' in bad.veil.json must be an object",
        ),
        _bad("input_path_nul", "input.path", "table\0.csv", "input.path must be a file path"),
        _bad("input_path_number", "input.path", 5, "input.path must be a file path"),
        _bad("input_path_empty", "input.path", "", "input.path must be a file path"),
        _bad(
            "input_path_huge",
            "input.path",
            "a/" * 3000,
            "input.path must be a file path of at most 4,096",
        ),
        _bad("input_string", "input", "table.csv", "'input' in bad.veil.json must be an object"),
        _bad("input_unknown_key", "input.checksum", "0", "Unknown key 'input.checksum'"),
        _bad("sha256_short", "input.sha256", "abc", "input.sha256 must be 64 hexadecimal digits"),
        _bad("sha256_number", "input.sha256", 5, "input.sha256 must be 64 hexadecimal digits"),
        _bad(
            "key_not_hex",
            "pseudonymization_key",
            "zz" * 16,
            "pseudonymization_key must be hexadecimal",
        ),
        _bad("key_number", "pseudonymization_key", 5, "pseudonymization_key must be hexadecimal"),
        _bad(
            "key_spaced",
            "pseudonymization_key",
            "ab " * 16,
            "pseudonymization_key must be hexadecimal",
        ),
        _bad(
            "key_short",
            "pseudonymization_key",
            "ab" * 8,
            "pseudonymization_key must be at least 16 bytes",
        ),
        _bad(
            "key_huge",
            "pseudonymization_key",
            "ab" * 600,
            "pseudonymization_key must be hexadecimal",
        ),
        _bad("unknown_top_key", "colour", "blue", "Unknown key 'colour'"),
        _bad("unknown_protection_key", "protection.kk", 2, "Unknown key(s) in 'protection': kk."),
        _bad(
            "unknown_assessment_key", "assessment.speed", 2, "Unknown key(s) in 'assessment': speed"
        ),
        _bad(
            "huge_unknown_key",
            "x" * 200_000,
            1,
            "A key in the file in bad.veil.json is 200,000 characters",
        ),
        _bad(
            "huge_string",
            "veil_version",
            huge,
            "veil_version in bad.veil.json is 200,000 characters",
        ),
        _bad(
            "huge_column_name",
            "roles",
            {huge: "sensitive"},
            "A key in roles in bad.veil.json is 200,000",
        ),
        _bad(
            "huge_label",
            "hierarchies.zip.levels",
            [[huge, "*"]],
            "hierarchies.zip.levels[0][0] in bad",
        ),
        _bad(
            "veil_version_number", "veil_version", 1, "veil_version in bad.veil.json must be text"
        ),
        _bad("method_unknown", "protection.method", "magic", "Unknown method 'magic'"),
        _bad("method_number", "protection.method", 5, "Unknown method 5."),
        _bad("method_huge", "protection.method", "m" * 5000, "Unknown method"),
        _bad("l_variant_list", "protection.l_variant", ["distinct"], "Unknown l_variant"),
        _bad("metric_null", "protection.metric", None, "Unknown metric None."),
        _bad("identifiers_keep", "protection.identifiers", "keep", "Unknown identifiers 'keep'"),
        _bad(
            "bounds_one_number",
            "protection.bounds",
            {"age": [0]},
            "Cannot read the bounds of column 'age'",
        ),
        _bad(
            "bounds_text",
            "protection.bounds",
            {"age": "0:120"},
            "Cannot read the bounds of column 'age'",
        ),
        _bad(
            "bounds_number_as_text",
            "protection.bounds",
            {"age": ["0", 120]},
            "Cannot read the bounds of column",
        ),
        _bad(
            "bounds_huge",
            "protection.bounds",
            {"age": [0, 1e308]},
            "Cannot read the bounds of column 'age'",
        ),
        _bad(
            "bounds_bool",
            "protection.bounds",
            {"age": [True, 5]},
            "Cannot read the bounds of column 'age'",
        ),
        _bad("bounds_not_object", "protection.bounds", 5, "bounds must map columns"),
        _bad(
            "bounds_reversed",
            "protection.bounds",
            {"age": [120, 0]},
            "must satisfy low < high",
            schema_expressible=False,
        ),
        _bad("roles_unknown", "roles", {"age": "boss"}, "Unknown role 'boss' for column 'age'"),
        _bad("roles_number", "roles", {"age": 5}, "Unknown role 5 for column 'age'"),
        _bad("roles_list", "roles", ["age"], "'roles' in bad.veil.json must be an object"),
        _bad(
            "protection_list", "protection", [], "'protection' in bad.veil.json must be an object"
        ),
        _bad(
            "assessment_number", "assessment", 5, "'assessment' in bad.veil.json must be an object"
        ),
        _bad("attacks_text", "assessment.attacks", "membership", "attacks must be a list"),
        _bad("attacks_unknown", "assessment.attacks", ["hack"], "Unknown attack 'hack'"),
        _bad("target_number", "assessment.target", 5, "target must be a column name"),
        _bad("model_unknown", "assessment.model", "gpt", "Unknown model 'gpt'"),
        _bad("sweep_text", "assessment.sweep", "yes", "sweep must be true or false"),
        _bad("version_text", "version", "2", "invalid version '2'"),
        _bad("version_future", "version", 99, "newer Veil"),
        _bad("version_bool", "version", True, "invalid version True"),
        _bad("format_missing", "format", None, "not a Veil project file"),
    ]


def _good_cases() -> list[Case]:
    return [
        Case("valid", None),
        Case("k_whole_float", None, change=("protection.k", 3.0)),
        Case(
            "epsilon_inf_text",
            None,
            change=(
                "protection",
                {"method": "dp-noise", "epsilon": "inf", "bounds": {"age": [0, 120]}},
            ),
        ),
        Case("nulls_for_empty_sections", None, change=("hierarchies", None)),
    ]


def cases() -> list[Case]:
    """Every case: refusals first, then documents Veil must accept."""
    return [*_raw_cases(), *_number_cases(), *_field_cases(), *_good_cases()]


def refusals() -> list[Case]:
    return [c for c in cases() if c.expect is not None]


def document(case: Case) -> dict[str, Any]:
    """The base document with the case's change applied (``case.text`` cases: not used)."""
    doc = copy.deepcopy(base_document())
    if case.change is None:
        return doc
    path, value = case.change
    *parents, last = path.split(".")
    node = doc
    for key in parents:
        node = node[key]
    if value is None and last == "format":
        del node[last]
    else:
        node[last] = value
    return doc


def write_case(case: Case, folder: str | os.PathLike[str]) -> Path:
    """Write the case's project file (``bad.veil.json``) and its table into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "table.csv").write_text(TABLE, encoding="utf-8")
    path = folder / "bad.veil.json"
    text = case.text if case.text is not None else json.dumps(document(case), ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path
