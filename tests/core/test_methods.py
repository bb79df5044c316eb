"""The protection-method registry (core.methods) is the one list of methods: the settings,
the CLI, the dispatch in core.protect and the report read it; no other module keeps its own."""

from __future__ import annotations

import ast
import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from core import methods
from core.errors import ConfigError
from core.protect import PassThroughResult, protect
from core.report import build_report
from core.schema import Role
from core.settings import ProtectionSettings
from resources import resource_path
from tests.core.report.example import example_assessment

ROOT = Path(__file__).resolve().parents[2]
NAMES = {"optimal", "mondrian", "dp-noise", "dp-synthetic"}  # "none" is a common English word
# method-name literals that must stay, per file: a method's own engine, a result's default, a
# test of the old names. A new table of methods anywhere raises a count and fails.
ALLOWED = {
    "core/methods.py": 6,  # the registry itself (and its default and sweep defaults)
    "core/privacy/engine.py": 2,  # inside the k-anonymity runner: Mondrian or the lattice
    "core/privacy/mondrian.py": 2,  # the Mondrian runner names its own result
    "core/privacy/result.py": 1,  # AnonymizationResult.method's default
    "core/privacy/checks.py": 2,  # anonymize() refuses other methods (message names them)
    "core/dp/engine.py": 3,  # inside the DP runner: noise or synthetic
    "core/dp/result.py": 1,  # DPResult.method's default
    "core/engine/plan.py": 2,  # the engine boundary runs the optimal lattice search only
    "app/cli/engine_args.py": 1,  # …so --engine refuses the other methods
    # the result's "optimal" flag (an optimum was proven), read twice: not a method name
    "core/report/sections/protection.py": 2,
}


def literals(path: Path) -> Counter:
    """Method names written as string constants in ``path`` (docstrings hold sentences)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return Counter(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in NAMES
    )


def test_no_module_outside_the_registry_lists_methods():
    found = {}
    for folder in ("core", "ui", "app"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            count = sum(literals(path).values())
            if count:
                found[path.relative_to(ROOT).as_posix()] = count
    extra = {p: n for p, n in found.items() if n > ALLOWED.get(p, 0)}
    assert not extra, f"method names outside core/methods.py (use the registry): {extra}"


def test_the_scan_sees_a_new_table(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""dp-noise and mondrian."""\nWORDS = {"mondrian": 1, "dp-noise": 2}\n')
    assert literals(module) == Counter({"mondrian": 1, "dp-noise": 1})


def test_the_project_schema_enum_is_the_registry():
    schema = json.loads(resource_path("schema", "project.schema.json").read_text("utf-8"))
    enum = schema["properties"]["protection"]["properties"]["method"]["enum"]
    assert tuple(enum) == methods.names()


def test_every_entry_is_complete_and_consistent():
    assert methods.names() == ("none", "optimal", "mondrian", "dp-noise", "dp-synthetic")
    assert methods.menu()[0].name == methods.DEFAULT
    assert methods.menu()[-1].name == methods.NONE
    settings_fields = set(ProtectionSettings.__dataclass_fields__)
    for m in methods.REGISTRY.values():
        assert m.label and m.words and m.term and m.title and m.short and m.report
        assert set(m.fields) <= settings_fields, m.name
        assert callable(m.run())
        assert m.is_dp == m.uses("epsilon") and m.generalizes == m.uses("k")
        assert ProtectionSettings(method=m.name, epsilon=1.0).is_dp == m.is_dp
    assert [m.name for m in methods.REGISTRY.values() if m.synthetic] == ["dp-synthetic"]


def test_an_unknown_method_is_refused_with_the_registry_choices():
    with pytest.raises(ConfigError) as caught:
        ProtectionSettings(method="blur")
    assert caught.value.hint == f"Choose one of: {', '.join(methods.names())}."


def keep_half(frame: pd.DataFrame, *, start: float, **_) -> PassThroughResult:
    """Runner of the method registered by the tests: the first half of the rows."""
    half = frame.head(len(frame) // 2)
    return PassThroughResult(data=half, method="halve", rows=len(half))


HALVE = methods.Method(
    name="halve",
    family=methods.NONE,
    label="Keep half the records (test)",
    words="Releases the first half of the rows.",
    term="A method registered by a test.",
    title="Half (test)",
    short="Half the rows",
    report="Half of the records, otherwise untouched",
    citations=(),
    fields=methods.IDENTIFIER_FIELDS,
    runner="tests.core.test_methods:keep_half",
    qi_fate="will be halved",
    colour="#123456",
    menu_rank=9,
)


@pytest.fixture
def halve(monkeypatch):
    monkeypatch.setitem(methods.REGISTRY, HALVE.name, HALVE)
    return HALVE


def test_a_registered_method_is_accepted_and_run_through_the_registry(halve):
    frame = pd.DataFrame({"name": ["a", "b", "c", "d"], "age": [30, 40, 50, 60]})
    settings = ProtectionSettings(method="halve")
    result = protect(frame, {"name": Role.IDENTIFIER}, settings, seed=0)
    assert result.method == "halve"
    assert list(result.data.columns) == ["age"] and list(result.data["age"]) == [30, 40]
    assert ProtectionSettings.from_dict(settings.to_dict()) == settings


def test_a_registered_method_is_a_cli_choice(halve, capsys):
    from app.cli import build_parser

    args = build_parser().parse_args(
        ["protect", "d.csv", "--method", "halve", "--out", "o.csv", "--result", "r.json"]
    )
    assert args.method == "halve"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["protect", "--help"])
    assert "halve: Half (test)" in " ".join(capsys.readouterr().out.split())


def test_a_registered_method_gets_its_words_in_the_report(halve):
    from core.report.access import METHOD_SHORT

    a = example_assessment()
    a["protection"]["method"] = a["settings"]["protection"]["method"] = "halve"
    a["sweep"][0]["method"] = "halve"
    text = json.dumps(build_report(a).to_dict(), ensure_ascii=False)
    assert METHOD_SHORT["halve"] == "Half the rows"
    assert "Half the rows" in text
