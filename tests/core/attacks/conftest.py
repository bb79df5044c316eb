"""Assessments on the real Adult data shared by the attack tests (computed once)."""

import pandas as pd
import pytest

from core.assess import assess
from core.settings import AssessmentSettings, ProtectionSettings
from tests.conftest import adult_roles


@pytest.fixture(scope="package")
def adult_full_10k(adult_full_csv) -> pd.DataFrame:
    return pd.read_csv(adult_full_csv).sample(10_000, random_state=0)


def membership_only(frame: pd.DataFrame, model: str, epsilon: float | None = None):
    """~5,000 members, ~2,500 evaluated members and non-members, method none."""
    return assess(
        frame,
        adult_roles(target="income"),
        ProtectionSettings(method="none"),
        AssessmentSettings(model=model, model_epsilon=epsilon, attacks=("membership",)),
        seed=0,
    )
