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
