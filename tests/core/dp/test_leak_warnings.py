"""diffprivlib's PrivacyLeakWarning never passes silently: it becomes result text."""

import warnings

import numpy as np
import pytest
from diffprivlib.tools import histogram
from diffprivlib.utils import PrivacyLeakWarning

from core.dp.result import privacy_warnings


def test_the_test_suite_turns_privacy_leaks_into_errors():
    with pytest.raises(PrivacyLeakWarning):
        histogram(np.arange(10.0), epsilon=1.0)  # range read from the data


def test_a_privacy_leak_is_captured_as_result_text_and_others_pass_through():
    with privacy_warnings() as caught, pytest.warns(UserWarning, match="unrelated"):
        histogram(np.arange(10.0), epsilon=1.0)
        warnings.warn("unrelated", UserWarning, stacklevel=1)
    assert len(caught) == 1 and caught[0].startswith("diffprivlib: Range parameter has not")


def test_data_read_ranges_and_categories_are_named_apart_in_plain_words():
    """What a privacy officer reads in the report and the window: no command-line syntax."""
    from core.demo import demo_path, demo_project
    from core.io import load_table
    from core.protect import protect
    from core.settings import ProtectionSettings

    settings = ProtectionSettings(method="dp-noise", epsilon=1.0)
    result = protect(load_table(demo_path()).frame, demo_project().roles, settings)
    leak = result.warnings[0]
    assert leak.startswith(
        "Privacy leak: the ranges of date_of_birth and length_of_stay, and the categories of "
        "zip_code, sex, ethnicity, marital_status, diagnosis and readmitted_30d, and whether "
        "length_of_stay holds whole numbers or decimals were read from the data itself, so the "
        "release gives them away (e.g. the oldest age, a rare category, one record's decimal "
        "among whole numbers)"
    )
    assert (
        "give each range, each text column's categories (its list of possible values) and "
        "whether each number column holds whole numbers or decimals from what is known" in leak
    )
    assert not any("--" in w for w in result.warnings)


def test_one_leaked_range_is_said_in_the_singular():
    from core.dp.result import leak_warning

    assert leak_warning(["age"]) == (
        "Privacy leak: the range of age was read from the data itself, so the release gives it "
        "away (e.g. the oldest age) outside the ε guarantee. For a real release, give each "
        "range from what is known without looking at the data."
    )


def test_a_number_kind_read_from_the_data_is_named_with_what_to_give():
    from core.dp.result import leak_warning

    assert leak_warning([], kinds=["age", "fnlwgt"]) == (
        "Privacy leak: whether age and fnlwgt hold whole numbers or decimals were read from the "
        "data itself, so the release gives them away (e.g. one record's decimal among whole "
        "numbers) outside the ε guarantee. For a real release, give whether each number column "
        "holds whole numbers or decimals from what is known without looking at the data."
    )
