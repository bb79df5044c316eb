"""Typed views over assessment.json: every accessor's path is declared in the schema, and the
views read a document the way ``core.report.access.get`` does (absent or null → None/empty)."""

from __future__ import annotations

import json

import pytest

from core.report import access
from core.report.views import AssessmentDoc, Entries, Field, Items, Sub, View
from resources import resource_path
from tests.core.report.example import dp_assessment, example_assessment, released_assessment
from tests.core.report.golden.make import DOCUMENTS

SCHEMA = json.loads(resource_path("schema", "assessment.schema.json").read_text("utf-8"))


def resolve(node: dict) -> dict:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def types(node: dict) -> set[str]:
    found = resolve(node).get("type", ())
    return {found} if isinstance(found, str) else set(found)


def paths(view: type[View], node: dict, prefix: str = "") -> list[tuple[str, object, dict]]:
    """(JSON path, accessor, schema node) for every accessor reachable from ``view``."""
    out = []
    for accessor in view.accessors().values():
        path = f"{prefix}/{accessor.key}"
        child = resolve(node).get("properties", {}).get(accessor.key)
        out.append((path, accessor, child))
        if child is None:
            continue
        if isinstance(accessor, Sub):
            out += paths(accessor.view, child, path)
        elif isinstance(accessor, Entries):
            entry = resolve(child).get("additionalProperties")
            assert isinstance(entry, dict), f"{path}: the schema names no entry type"
            out += paths(accessor.view, entry, f"{path}/*")
        elif isinstance(accessor, Items):
            out += paths(accessor.view, resolve(child)["items"], f"{path}/[]")
    return out


ALL = paths(AssessmentDoc, SCHEMA)


def test_the_walk_covers_every_family_of_the_document():
    walked = {p for p, _, _ in ALL}
    assert len(ALL) > 80
    for path in (
        "/after/membership/*/auc",
        "/before/attribute/*/risk",
        "/release/reidentification/highest_risk",
        "/settings/protection/epsilon",
        "/split/evaluation_members",
    ):
        assert path in walked


@pytest.mark.parametrize("path,accessor,node", ALL, ids=[p for p, _, _ in ALL])
def test_every_accessor_path_is_declared_in_the_schema(path, accessor, node):
    assert node is not None, f"{path} is read by the report but not declared in the schema"
    if isinstance(accessor, Field) and accessor.json:
        declared = set(accessor.json) | ({"integer"} if "number" in accessor.json else set())
        allowed = types(node)
        assert allowed <= declared, f"{path}: the schema allows {allowed}, the view {declared}"
    if isinstance(accessor, Sub | Entries):
        assert types(node) & {"object"}, f"{path} is not an object in the schema"
    if isinstance(accessor, Items):
        assert types(node) & {"array"}, f"{path} is not an array in the schema"


def test_a_renamed_key_is_caught(monkeypatch):
    from core.report import views

    monkeypatch.setattr(views.Utility, "accuracy", Field("acuracy", views.NUMBER))
    missing = [p for p, _, node in paths(AssessmentDoc, SCHEMA) if node is None]
    assert sorted(missing) == ["/after/utility/acuracy", "/before/utility/acuracy"]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_views_read_what_get_reads(name):
    a = DOCUMENTS[name]()
    doc = AssessmentDoc(a)
    for path, accessor, _ in ALL:
        steps = path.strip("/").split("/")
        if "*" in steps or "[]" in steps or isinstance(accessor, Entries | Items):
            continue
        value: object = doc
        for step in steps:
            value = getattr(value, step)
        want = access.get(a, *steps)
        if isinstance(value, View):
            assert dict(value) == dict(access.section(a, *steps)), path
        else:
            assert value == want, path


def test_attacks_come_in_the_fixed_order_with_unknown_ones_last():
    a = example_assessment()
    a["after"]["membership"] = {"zeta": {"auc": 0.5}, **a["after"]["membership"], "bad": 3}
    doc = AssessmentDoc(a)
    assert list(doc.side("after").membership) == list(access.attacks(a, "after", "membership"))
    assert list(doc.after.membership)[-1] == "zeta"
    assert doc.after.membership["lira"].auc == a["after"]["membership"]["lira"]["auc"]
    assert (
        doc.after.membership["lira"].tpr_at("0.01")
        == a["after"]["membership"]["lira"]["tpr_at_fpr"]["0.01"]
    )


def test_absent_null_and_wrong_sections_read_as_empty():
    doc = AssessmentDoc({"after": None, "before": {"utility": "broken"}, "settings": []})
    assert doc.after.utility.accuracy is None
    assert not doc.before.utility and doc.before.membership == {}
    assert doc.settings.protection.k is None
    assert doc.side("sideways") == {} and doc.method == "none"
    assert AssessmentDoc(None).dataset.rows is None


def dp_release(seed):
    """A released DP table whose noise was drawn with ``seed`` (None: fresh)."""
    a = released_assessment()
    a["protection"]["method"] = a["release"]["protection"]["method"] = "dp-noise"
    a["release"]["protection"]["seed"] = seed
    return a


def test_method_and_release_helpers_agree_with_access():
    assert AssessmentDoc(dp_release(None)).fresh_noise
    assert not AssessmentDoc(dp_release(7)).fresh_noise
    for a in (example_assessment(), dp_assessment(), released_assessment(), {}, dp_release(None)):
        doc = AssessmentDoc(a)
        assert doc.method == access.method(a)
        assert doc.is_dp == access.is_dp(a)
        assert dict(doc.real_release) == dict(access.real_release(a))
        assert doc.rehearsed == access.rehearsed(a)
        assert doc.fresh_noise == access.fresh_noise(a)
        assert dict(doc.applied_protection) == dict(access.applied_protection(a))
