"""Shared fixtures: the real Adult data beside the project, offscreen Qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Must be set before any QApplication exists (pytest-qt creates it lazily).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
ADULT_DIR = REPO.parent / "shared" / "datasets" / "adult"


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
