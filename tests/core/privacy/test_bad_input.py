"""Bad input is refused before any work, with a message naming the column or value."""

import numpy as np
import pandas as pd
import pytest

from core.errors import ConfigError, InputError, ValidationError, VeilError
from core.hierarchy import Hierarchy
from core.jobs import Monitor
from core.privacy import anonymize
from core.settings import ProtectionSettings
from tests.corpus import cases


@pytest.fixture(scope="module")
def hierarchies(adult_hierarchy_files):
    return {c: Hierarchy.from_arx_csv(p) for c, p in adult_hierarchy_files.items()}


@pytest.fixture
def small(adult_frame):
    return adult_frame.head(200).copy()


def run(frame, qis, settings=None, sensitive=None, hierarchies=None):
    seen = []
    monitor = Monitor(lambda f, m: seen.append(f))
    try:
        return anonymize(
            frame,
            qis=qis,
            sensitive=sensitive,
            hierarchies=hierarchies or {},
            settings=settings or ProtectionSettings(k=2),
            monitor=monitor,
        )
    finally:
        assert max(seen, default=0.0) <= 0.05  # refused before the search started


def test_value_missing_from_its_hierarchy(small, hierarchies):
    small.loc[5, "race"] = "Martian"
    with pytest.raises(ValidationError, match=r"'race' has 1 value\(s\) missing.*'Martian'") as e:
        run(small, ["race", "sex"], hierarchies=hierarchies)
    assert e.value.column == "race" and e.value.value == "Martian"


def test_uneven_hierarchy(small, tmp_path):
    with pytest.raises(ValidationError, match="uneven depths: row 2"):
        Hierarchy([["Male", "*"], ["Female", "Person", "*"]], name="sex")
    path = tmp_path / "sex.csv"
    path.write_text("Male;*\nFemale;Person;*\n")
    with pytest.raises(InputError, match=r"sex\.csv: .*uneven depths"):
        Hierarchy.from_arx_csv(path)


def test_k_larger_than_the_table(small):
    with pytest.raises(ValidationError, match=r"k = 500 is larger than the table \(200 rows\)"):
        run(small, ["age", "sex"], ProtectionSettings(k=500))


def test_l_larger_than_the_sensitive_values(small):
    with pytest.raises(ValidationError, match=r"l = 3 .* 'salary-class' \(2\)") as e:
        run(small, ["age", "sex"], ProtectionSettings(k=2, l=3), sensitive="salary-class")
    assert e.value.column == "salary-class"


@pytest.mark.parametrize("t", [0.0, -0.1, 1.5])
def test_t_outside_zero_one(t):
    with pytest.raises(ConfigError, match="t must be a number above 0 and at most 1"):
        ProtectionSettings(k=2, t=t)


def test_all_missing_qi_and_single_row_and_empty(small):
    small["empty"] = np.nan
    with pytest.raises(ValidationError, match="'empty' is empty") as e:
        run(small, ["age", "empty"])
    assert e.value.column == "empty"
    with pytest.raises(ValidationError, match="single row"):
        run(small.head(1), ["age", "sex"])
    with pytest.raises(ValidationError, match="no rows"):
        run(small.head(0), ["age", "sex"])


def test_configuration_mistakes_are_named(small):
    with pytest.raises(ConfigError, match="No quasi-identifier"):
        run(small, [])
    with pytest.raises(ConfigError, match="'height'"):
        run(small, ["age", "height"])
    with pytest.raises(ConfigError, match="both a quasi-identifier and the sensitive"):
        run(small, ["age", "sex"], ProtectionSettings(k=2, l=2), sensitive="sex")
    with pytest.raises(ConfigError, match="none was chosen"):
        run(small, ["age", "sex"], ProtectionSettings(k=2, t=0.3))
    with pytest.raises(ConfigError, match="listed twice"):
        run(small, ["age", "age"])
    with pytest.raises(ConfigError, match="not 'dp-noise'"):
        run(small, ["age"], ProtectionSettings(method="dp-noise", epsilon=1.0))


def test_models_no_transformation_can_meet(adult_frame):
    # salary-class is 75% / 25%: its entropy is below log 2 even in the whole table
    with pytest.raises(ValidationError, match="even with every quasi-identifier fully"):
        anonymize(
            adult_frame,
            qis=["age", "sex"],
            sensitive="salary-class",
            settings=ProtectionSettings(k=2, l=2, l_variant="entropy"),
        )


def test_missing_cells_are_released_as_their_own_group(small, hierarchies):
    small.loc[small.index[:30], "education"] = None
    before = small.copy()
    result = anonymize(
        small, qis=["education", "sex"], hierarchies=hierarchies, settings=ProtectionSettings(k=3)
    )
    pd.testing.assert_frame_equal(small, before)  # the input is never modified
    if result.transformation["education"] < 3:
        assert (result.data["education"] == "(missing)").sum() == 30


def test_degenerate_corpus_tables_give_a_result_or_a_clear_error(tmp_path):
    from core.io import load_table

    for case in cases():
        if case.expect_error:
            continue
        path = case.make(tmp_path)
        if case.skip(path):
            continue
        frame = load_table(path).frame
        qis = [str(c) for c in frame.columns]
        try:
            result = anonymize(frame, qis=qis, settings=ProtectionSettings(k=2))
        except VeilError as exc:
            assert str(exc), case.name
            if case.name == "one_row":
                assert "single row" in str(exc)
            if case.name == "all_missing_column":
                assert exc.column == "notes"
            continue
        assert result.data.groupby(qis, dropna=False).size().min() >= 2, case.name
