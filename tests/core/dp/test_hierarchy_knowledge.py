"""Bounds and categories pre-filled from ARX hierarchies: no leak left on Adult."""

import dataclasses

import pandas as pd

from core.dp import release
from core.dp.domains import from_hierarchies
from core.hierarchy import Hierarchy
from core.settings import ProtectionSettings


def test_adult_hierarchies_give_every_bound_and_category(adult_frame, adult_hierarchy_files):
    hierarchies = {c: Hierarchy.from_arx_csv(p, name=c) for c, p in adult_hierarchy_files.items()}
    bounds, categories = from_hierarchies(adult_frame, hierarchies)
    assert bounds == {"age": (1.0, 100.0)}
    assert set(categories) == set(adult_frame.columns) - {"age"}
    assert set(adult_frame["native-country"]) <= set(categories["native-country"])
    settings = ProtectionSettings(method="dp-synthetic", epsilon=1.0, bounds=bounds)
    r = release(adult_frame, roles={}, settings=settings, categories=categories, seed=0)
    assert r.bounds_from_data == () and not any("PRIVACY LEAK" in w for w in r.warnings)
    assert {m.source for m in r.mechanisms} == {"user", "none"}
    noisy = release(
        adult_frame,
        roles={},
        settings=dataclasses.replace(settings, method="dp-noise"),
        categories=categories,
        seed=0,
    )
    assert noisy.data["age"].between(1, 100).all()
    assert set(noisy.data["sex"]) <= set(categories["sex"])


def test_hierarchies_of_other_columns_or_types_are_ignored():
    frame = pd.DataFrame({"n": [1.0, 2.0], "flag": [True, False]})
    hierarchies = {
        "n": Hierarchy([["a", "*"], ["b", "*"]]),  # not numbers: no bounds
        "flag": Hierarchy([["True", "*"], ["False", "*"]]),  # not text
        "absent": Hierarchy([["x", "*"]]),
    }
    assert from_hierarchies(frame, hierarchies) == ({}, {})
