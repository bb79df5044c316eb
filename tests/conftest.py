"""Shared fixtures: the real Adult data beside the project, offscreen Qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Must be set before any QApplication exists (pytest-qt creates it lazily).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
ADULT_DIR = REPO.parent / "shared" / "datasets" / "adult"


def console_script(name: str) -> str:
    """The installed entry point ``name`` of this environment (beside its python, else on PATH)."""
    import shutil
    import sys

    exe = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if exe is None:
        pytest.fail(f"{name} is not installed in this environment (pip install -e .)")
    return exe


def adult_file(name: str) -> Path:
    """Path of a file of the shared Adult dataset; fails loudly when it is not beside the repo."""
    path = ADULT_DIR / name
    if not path.exists():
        pytest.fail(
            f"{path} not found: the shared Adult dataset must sit at ../shared/datasets/adult"
        )
    return path


@pytest.fixture(scope="session")
def adult_csv() -> Path:
    return adult_file("adult.csv")


@pytest.fixture(scope="session")
def adult_frame(adult_csv):
    import pandas as pd

    return pd.read_csv(adult_csv, sep=";")


@pytest.fixture(scope="session")
def adult_full_csv() -> Path:
    return adult_file("adult_full.csv")


@pytest.fixture(scope="session")
def adult_hierarchy_files() -> dict[str, Path]:
    cols = [
        "sex", "age", "race", "marital-status", "education",
        "native-country", "workclass", "occupation", "salary-class",
    ]  # fmt: skip
    return {c: adult_file(f"adult_hierarchy_{c}.csv") for c in cols}


# The quasi-identifiers the assessment tests attack on Adult, and roles around them.
ADULT_QIS = ["age", "sex", "race", "marital-status", "education", "native-country", "workclass"]


def adult_roles(sensitive: str = "occupation", target: str = "salary-class") -> dict[str, str]:
    """ADULT_QIS as quasi-identifiers, with a target and a sensitive column."""
    return {q: "quasi_identifier" for q in ADULT_QIS} | {target: "target", sensitive: "sensitive"}


def adult_workflow(adult_csv, hierarchy_files, protection, attacks: tuple[str, ...], **extra):
    """A Workflow on Adult with ADULT_QIS, ARX's hierarchies, ``protection`` and a logistic
    proxy model rehearsing ``attacks`` (``extra``: more AssessmentSettings fields)."""
    from core.hierarchy import Hierarchy
    from core.settings import AssessmentSettings
    from core.workflow import Workflow

    w = Workflow()
    w.load(adult_csv)
    w.set_roles(adult_roles())
    for q in ADULT_QIS:
        w.set_hierarchy(q, Hierarchy.from_arx_csv(hierarchy_files[q]))
    w.set_protection(protection)
    w.set_assessment_settings(
        AssessmentSettings(
            model="logreg", target="salary-class", sensitive="occupation", attacks=attacks, **extra
        )
    )
    return w


@pytest.fixture(scope="session")
def adult_qi_hierarchies(adult_hierarchy_files):
    """ARX's hierarchies for ADULT_QIS."""
    from core.hierarchy import Hierarchy

    return {q: Hierarchy.from_arx_csv(adult_hierarchy_files[q]) for q in ADULT_QIS}


@pytest.fixture(autouse=True)
def assessment_documents_follow_their_schema(monkeypatch):
    """Every assessment.json a test writes (all go through ``core.pipeline.to_json``) is
    checked against resources/schema/assessment.schema.json."""
    import core.pipeline
    from tests.assessment_schema import check

    to_json = core.pipeline.to_json

    def checked(document):
        if "veil_version" in document and "dataset" in document:  # an assessment document
            check(document)
        return to_json(document)

    monkeypatch.setattr(core.pipeline, "to_json", checked)
