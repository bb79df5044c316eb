"""The attack-family registry: one entry per family drives the settings, the side, the
report and the GUI's choices."""

import dataclasses
import subprocess
import sys

import pytest

from core.assessment.families import FAMILIES, NAMES, chosen, family
from core.assessment.side import SideResult
from core.errors import ConfigError
from core.project import Project, load_project, save_project
from core.settings import ATTACKS, AssessmentSettings


def test_the_settings_and_the_side_follow_the_registry():
    assert ATTACKS == NAMES == (
        "reidentification", "membership", "attribute", "extraction", "property",
        "reconstruction",
    )  # fmt: skip
    assert AssessmentSettings().attacks == NAMES  # every family runs by default
    side_fields = {f.name for f in dataclasses.fields(SideResult)}
    assert set(NAMES) <= side_fields
    assert [f.name for f in chosen(("property", "membership"))] == ["membership", "property"]


@pytest.mark.parametrize("fam", FAMILIES, ids=lambda f: f.name)
def test_every_entry_names_functions_that_exist(fam):
    assert callable(fam.load("runner")) and callable(fam.load("section"))
    assert fam.load("light") is None or callable(fam.load("light"))
    assert fam.sentence.endswith(".") and fam.sentence.count(". ") == 0  # one plain sentence
    assert fam.needs_model == (fam.name in ("extraction", "property"))


def test_the_registry_loads_no_heavy_library():
    code = (
        "import sys, core.assessment.families, core.settings; "
        "print(sorted(m for m in ('sklearn', 'pandas', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_unknown_family_is_refused_naming_the_choices():
    with pytest.raises(ConfigError) as caught:
        AssessmentSettings(attacks=("extraction", "spying"))
    assert "property" in caught.value.hint


def test_the_property_travels_through_the_project_file(tmp_path):
    settings = AssessmentSettings(
        target="income", attacks=("extraction", "property"), property_column="sex",
        property_value="Female",
    )  # fmt: skip
    path = tmp_path / "p.veil.json"
    save_project(Project(assessment=settings), path)
    assert load_project(path).assessment == settings
    assert "property_column" not in AssessmentSettings().to_dict()  # older files unchanged
    with pytest.raises(ConfigError, match="without property_column"):
        AssessmentSettings(property_value="Female")


def test_family_lookup():
    assert family("extraction").label == "Model extraction"


def test_each_familys_frontier_figure_is_read_from_a_side():
    from core.assessment.families import figures

    side = {
        "reidentification": {"average_risk": 0.2},
        "membership": {"lira": {"advantage": 0.1}, "distance": {"advantage": 0.3}},
        "attribute": {"linkage": {"risk": None}},
        "extraction": {"copy_gain": 0.7},
        "property": {"game": {"accuracy": 0.6}},
    }
    assert figures(side) == {
        "reidentification": 0.2, "membership": 0.3, "extraction": 0.7, "property": 0.6,
    }  # fmt: skip
