"""Checking assessment documents against resources/schema/assessment.schema.json (tests only)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from resources import resource_path


@cache
def validator():
    import jsonschema

    schema = json.loads(resource_path("schema", "assessment.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def problems(document: Mapping[str, Any]) -> list[str]:
    """Every way ``document`` breaks the schema, each with its JSON path."""
    return [f"{e.json_path}: {e.message}" for e in validator().iter_errors(document)]


def check(document: Mapping[str, Any]) -> None:
    found = problems(document)
    assert not found, "assessment.json breaks its schema:\n" + "\n".join(found[:10])
