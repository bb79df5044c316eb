"""resources/schema/project.schema.json: a valid JSON Schema that real project files pass, whose
numbers are core/bounds.py's, and that agrees with Veil's own checks on the hostile corpus."""

from __future__ import annotations

import json
import shutil

import pytest

jsonschema = pytest.importorskip("jsonschema")

from core import jsondoc  # noqa: E402
from core.bounds import BOUNDS, SEED_MAX  # noqa: E402
from core.demo import demo_path, demo_project  # noqa: E402
from core.errors import ConfigError  # noqa: E402
from core.project import Project, load_project, new_key, save_project  # noqa: E402
from core.settings import AssessmentSettings, ProtectionSettings  # noqa: E402
from resources import resource_path  # noqa: E402
from tests.hostile_projects import cases, write_case  # noqa: E402

SCHEMA = json.loads(resource_path("schema", "project.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def schema_accepts(doc) -> bool:
    return VALIDATOR.is_valid(doc)


def lenient(text: str):
    """Parse as Veil does (NaN, Infinity, huge numbers become markers) but without the depth,
    duplicate-key and string checks, so the schema judges the document on its own."""
    return json.loads(
        text, parse_constant=jsondoc.NotJson, parse_float=jsondoc._float, parse_int=jsondoc._int
    )


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["version"] == {"const": 2}


def test_real_project_files_pass_the_schema(tmp_path):
    demo_copy = tmp_path / "patients.csv"
    shutil.copyfile(demo_path(), demo_copy)
    full = Project(
        input_path=demo_copy,
        input_sha256=demo_project().input_sha256,
        roles=demo_project().roles,
        protection=ProtectionSettings(
            method="dp-synthetic", epsilon=2.0, delta=1e-6, rows=500,
            bounds={"age": (0, 120), "date_of_birth": ("1900-01-01", "2026-12-31")},
        ),
        assessment=AssessmentSettings(
            target="readmitted_30d", model="dp-nb", model_epsilon=1.0, repeats=3,
            population_size=1_000_000, sweep=True,
        ),
        seed=SEED_MAX,
        pseudonymization_key=new_key(),
    )  # fmt: skip
    infinite = Project(protection=ProtectionSettings(method="dp-noise", epsilon=float("inf")))
    for i, project in enumerate((demo_project(), full, infinite)):
        path = save_project(project, tmp_path / f"p{i}.veil.json")
        doc = json.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in VALIDATOR.iter_errors(doc)]
        assert errors == [], (i, errors)
        assert load_project(path) == project


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_the_schema_numbers_are_core_bounds(name):
    props = SCHEMA["properties"]
    section = {**props["protection"]["properties"], **props["assessment"]["properties"], **props}
    if name == "bounds":
        prop = section["bounds"]["additionalProperties"]["items"]["anyOf"][0]
    else:
        prop = section[name]
        prop = prop["anyOf"][0] if "anyOf" in prop else prop
    bound = BOUNDS[name]
    assert prop["type"] == ("integer" if bound.kind is int else "number")
    assert prop["exclusiveMinimum" if bound.low_open else "minimum"] == bound.low
    assert prop["exclusiveMaximum" if bound.high_open else "maximum"] == bound.high


@pytest.mark.parametrize("case", [c for c in cases() if c.schema_expressible], ids=lambda c: c.name)
def test_the_schema_and_veil_agree_on_the_hostile_corpus(case, tmp_path):
    path = write_case(case, tmp_path)
    try:
        doc = lenient(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        doc = None  # not JSON at all: the schema has nothing to judge
    try:
        load_project(path)
        veil = True
    except ConfigError:
        veil = False
    assert veil == (case.expect is None)
    if doc is not None:
        assert schema_accepts(doc) == veil
