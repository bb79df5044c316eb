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
    settings = ProtectionSettings(
        method="dp-synthetic", epsilon=1.0, bounds=bounds, domain={"age": {"number": "integer"}}
    )
    r = release(adult_frame, roles={}, settings=settings, categories=categories, seed=0)
    assert r.bounds_from_data == () and not any("Privacy leak" in w for w in r.warnings)
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


AGE_IS_WHOLE = {"age": {"number": "integer"}}


def _leaks(result) -> list[str]:
    return [w for w in result.warnings if "Privacy leak" in w]


def test_protect_takes_text_categories_from_imported_hierarchies(
    adult_frame, adult_hierarchy_files
):
    """protect() (so the CLI's --hierarchy, the pipeline and the GUI) gives the DP engine the
    categories of hand-written hierarchies: with an ARX file per text column and the range of
    age, nothing is read from the data; without the files the warning names those columns."""
    from core.protect import protect
    from core.schema import Role

    files = {c: Hierarchy.from_arx_csv(p, name=c) for c, p in adult_hierarchy_files.items()}
    text = [c for c in adult_frame.columns if c != "age"]
    roles = {c: Role.QUASI_IDENTIFIER for c in ("age", "sex", "race")}
    settings = ProtectionSettings(
        method="dp-noise", epsilon=1.0, bounds={"age": (17, 90)}, domain=AGE_IS_WHOLE
    )
    given = protect(adult_frame, roles, settings, hierarchies=files, seed=0)
    assert given.bounds_from_data == () and _leaks(given) == []
    categorical = {m.target: m for m in given.mechanisms if m.bounds is None}
    assert set(categorical) == set(text) and {m.source for m in categorical.values()} == {"user"}
    # the file's categories, not only the data's: no one in this Adult file is 'Never-worked'
    assert "Never-worked" in files["workclass"].values
    assert "Never-worked" not in set(adult_frame["workclass"])
    assert categorical["workclass"].domain_size == len(files["workclass"].values)

    bare = protect(adult_frame, roles, settings, seed=0)
    assert sorted(bare.bounds_from_data) == sorted(text)
    assert len(_leaks(bare)) == 1 and all(c in _leaks(bare)[0] for c in text)


def test_protect_reads_categories_of_built_hierarchies_from_the_data(adult_frame):
    """A hierarchy Veil built from the column's own values is no domain knowledge."""
    from core.hierarchy import auto_hierarchy
    from core.protect import protect
    from core.schema import ColumnType

    built = {"race": auto_hierarchy(adult_frame["race"], ColumnType.CATEGORICAL)}
    settings = ProtectionSettings(method="dp-synthetic", epsilon=1.0, bounds={"age": (17, 90)})
    result = protect(adult_frame, {}, settings, hierarchies=built, seed=0)
    assert "race" in result.bounds_from_data and "race" in _leaks(result)[0]
