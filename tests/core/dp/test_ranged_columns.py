"""core.dp.domains.ranged_columns: the columns a DP release needs ranges for are the ones the
engine releases with a range (the GUI's ranges box asks for exactly these)."""

from __future__ import annotations

import pandas as pd
import pytest

from core.demo import demo_path, demo_project
from core.dp.domains import ranged_columns
from core.io import load_table
from core.protect import protect
from core.schema import Role
from core.settings import ProtectionSettings

from .conftest import ADULT_BOUNDS


@pytest.mark.parametrize("method", ["dp-noise", "dp-synthetic"])
def test_the_demo_needs_ranges_for_what_the_engine_releases_with_one(method):
    frame, roles = load_table(demo_path()).frame, demo_project().roles
    ranged = ranged_columns(frame, roles)
    assert ranged == ["date_of_birth", "length_of_stay"]  # identifiers and text left out
    result = protect(frame, roles, ProtectionSettings(method=method, epsilon=2.0), seed=1)
    with_range = [m.target for m in result.mechanisms if m.bounds is not None]
    assert sorted(set(with_range)) == ranged
    assert set(result.bounds_from_data) >= set(ranged), "no ranges given: read from the data"


def test_adult_needs_ranges_for_its_numbers_and_none_for_an_identifier(adult_full):
    assert ranged_columns(adult_full, {}) == list(ADULT_BOUNDS)
    roles = {"fnlwgt": Role.IDENTIFIER, "age": "quasi_identifier"}
    assert "fnlwgt" not in ranged_columns(adult_full, roles)
    flags = pd.DataFrame({"flag": [True, False], "n": [1.5, 2.0]})
    assert ranged_columns(flags, {}) == ["n"], "booleans have categories, not a range"
