"""resources/schema/assessment.schema.json: versioned; it holds for what Veil writes."""

from __future__ import annotations

import copy
import json

import pytest

from core.settings import AssessmentSettings, ProtectionSettings
from core.workflow import Workflow
from resources import resource_path
from tests.assessment_schema import check, problems
from tests.core.workflow_tables import people, write_cp1252


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """A document written by the workflow's export (every attack) and read back."""
    folder = tmp_path_factory.mktemp("schema")
    wf = Workflow()
    wf.load(write_cp1252(people(120, seed=8), folder / "t.csv"))
    wf.set_protection(ProtectionSettings(method="mondrian", k=3))
    wf.set_assessment_settings(
        AssessmentSettings(target="outcome", sensitive="diagnosis", repeats=2)
    )
    wf.protect()
    wf.assess()
    wf.export(folder / "out", accept_risk=True)
    return json.loads((folder / "out" / "assessment.json").read_text(encoding="utf-8"))


def test_the_schema_is_versioned():
    schema = json.loads(resource_path("schema", "assessment.schema.json").read_text("utf-8"))
    assert schema["$id"].endswith(":1") and schema["x-schema-version"] == 1


def test_a_written_document_follows_the_schema(written):
    check(written)
    assert written["repeats"]["n"] == 2 and written["after"]["membership"]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("warnings",), None, "$.warnings"),
        (("after", "reidentification", "highest_risk"), 1.5, "highest_risk"),
        (("release", "sha256"), "not a hash", "$.release.sha256"),
        (("roles", "age"), "secret", "$.roles.age"),
    ],
)
def test_a_broken_document_is_caught(written, path, value, expected):
    broken = copy.deepcopy(written)
    node = broken
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert any(expected in p for p in problems(broken))


def test_a_document_missing_a_section_is_caught(written):
    broken = {k: v for k, v in written.items() if k != "dataset"}
    assert any("'dataset' is a required property" in p for p in problems(broken))
