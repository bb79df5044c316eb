"""Adult (the 15-column UCI file) with public bounds for its numeric columns."""

from __future__ import annotations

import pandas as pd
import pytest

# Public knowledge (UCI adult.names and the census questionnaire), not read from the data.
ADULT_BOUNDS = {
    "age": (17, 90),
    "fnlwgt": (10_000, 1_500_000),
    "education-num": (1, 16),
    "capital-gain": (0, 99_999),
    "capital-loss": (0, 4_356),
    "hours-per-week": (1, 99),
}


@pytest.fixture(scope="session")
def adult_full(adult_full_csv) -> pd.DataFrame:
    return pd.read_csv(adult_full_csv)
