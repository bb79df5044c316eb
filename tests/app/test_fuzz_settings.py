"""Hypothesis fuzz over project documents and command-line flags (parse and validate only,
no protection is run): every input ends in a Project/settings or a VeilError, never anything
else, and for documents the JSON Schema agrees with Veil."""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import assess_cmd, protection_args
from core import jsondoc
from core.bounds import BOUNDS
from core.errors import VeilError
from core.project import Project
from tests.hostile_projects import base_document

FIELDS = [
    "format", "version", "veil_version", "input", "input.path", "input.sha256", "roles",
    "roles.age", "hierarchies", "hierarchies.zip", "hierarchies.zip.levels",
    "hierarchies.zip.name", "hierarchies.zip.builder", "hierarchies.zip.version", "protection",
    "protection.method", "protection.k", "protection.l", "protection.l_variant", "protection.c",
    "protection.t", "protection.suppression", "protection.metric", "protection.max_nodes",
    "protection.identifiers", "protection.epsilon", "protection.delta", "protection.bounds",
    "protection.rows", "assessment", "assessment.target", "assessment.sensitive",
    "assessment.model", "assessment.model_epsilon", "assessment.attacks",
    "assessment.member_fraction", "assessment.population_size", "assessment.sweep",
    "assessment.repeats", "assessment.sweep_figure", "seed", "pseudonymization_key", "unknown",
]  # fmt: skip
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, 2, 5, 0.5, 1e-300, 1e308, 2**32, 2**32 - 1, -1, 3.0, 1e9]),
)
SCALARS = st.one_of(
    st.none(), st.booleans(), NUMBERS, st.text(max_size=12),
    st.sampled_from(["inf", "optimal", "dp-synthetic", "quasi_identifier", "1900-01-01"]),
    st.just("ab" * 16),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)


def _set(doc: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    node = doc
    for key in parents:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[last] = value


@functools.cache
def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    from resources import resource_path

    schema = json.loads(resource_path("schema", "project.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(changes=st.lists(st.tuples(st.sampled_from(FIELDS), VALUES), min_size=1, max_size=3))
def test_fuzzed_project_documents_end_in_a_project_or_a_clear_refusal(changes, tmp_path):
    doc = base_document()
    for path, value in changes:
        _set(doc, path, value)
    text = json.dumps(doc)  # NaN and Infinity are written as the literals JSON lacks
    try:
        parsed = jsondoc.parse(text, "fuzz.veil.json")
        Project.from_document(parsed, tmp_path, source="fuzz.veil.json")
        veil = True
    except VeilError as exc:
        assert "\n" not in str(exc)
        veil = False
    lenient = json.loads(text, parse_constant=jsondoc.NotJson, parse_float=jsondoc._float,
                         parse_int=jsondoc._int)  # fmt: skip
    if not _inexpressible(doc):
        assert _validator().is_valid(lenient) == veil, (changes, veil)


def _inexpressible(doc: dict) -> bool:
    """What the schema cannot say (see its description): low < high and real calendar dates
    in bounds, equal-length hierarchy rows, a key of under 16 bytes is still hex."""
    bounds = (
        (doc.get("protection") or {}).get("bounds")
        if isinstance(doc.get("protection"), dict)
        else None
    )
    if isinstance(bounds, dict) and bounds:
        return True
    zip_spec = (
        (doc.get("hierarchies") or {}).get("zip")
        if isinstance(doc.get("hierarchies"), dict)
        else None
    )
    levels = zip_spec.get("levels") if isinstance(zip_spec, dict) else None
    return isinstance(levels, list) and len({len(r) for r in levels if isinstance(r, list)}) > 1


FLAG_NAMES = ["--k", "--l", "--c", "--t", "--suppression", "--max-nodes", "--epsilon",
              "--delta", "--rows", "--seed", "--model-epsilon", "--member-fraction",
              "--population-size", "--repeats"]  # fmt: skip
FLAG_TEXT = st.one_of(
    st.text(max_size=12),
    NUMBERS.map(str),
    st.sampled_from(["inf", "-inf", "nan", "1e999", "0x10", "1_000", " 5 ", "５", "true"]),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="veil-cli", exit_on_error=False)
    sub = parser.add_subparsers(dest="command")
    assess_cmd.add_parser(sub)
    return parser


@settings(max_examples=2000, deadline=None)
@given(
    flags=st.lists(st.tuples(st.sampled_from(FLAG_NAMES), FLAG_TEXT), max_size=4),
    method=st.sampled_from(["none", "optimal", "mondrian", "dp-noise", "dp-synthetic"]),
)
def test_fuzzed_flags_end_in_settings_or_a_clear_refusal(flags, method):
    argv = ["assess", "data.csv", "--qi", "a", "--target", "b", "--out", "o", "--method", method]
    argv += [f"{name}={value}" for name, value in flags]
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            args = _parser().parse_args(argv)
    except (SystemExit, argparse.ArgumentError):
        return  # argparse's own refusal (e.g. text it cannot split), exit code 2
    try:
        protection = protection_args.settings_from_args(args)
        assessment = assess_cmd.assessment_from_args(args)
    except VeilError as exc:
        assert "\n" not in str(exc) and ("--" in str(exc) or "seed" in str(exc))
        return
    for name in ("k", "l", "c", "t", "suppression", "max_nodes", "epsilon", "delta", "rows"):
        value = getattr(protection, name)
        assert value is None or (not isinstance(value, bool) and BOUNDS[name].contains(value))
    for name in ("model_epsilon", "member_fraction", "population_size", "repeats"):
        value = getattr(assessment, name)
        assert value is None or (not isinstance(value, bool) and BOUNDS[name].contains(value))
    assert type(assessment.repeats) is int and (protection.k is None or type(protection.k) is int)
