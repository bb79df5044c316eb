"""The public domain spec of a DP release: ProtectionSettings.domain, checked and stored."""

import numpy as np
import pandas as pd
import pytest

from core.dp import release
from core.errors import ConfigError, ValidationError
from core.settings import ProtectionSettings


def test_facts_are_checked_and_round_trip_and_absent_ones_are_not_written():
    s = ProtectionSettings(
        method="dp-noise",
        epsilon=1.0,
        domain={
            "sex": {"categories": [" F", "M "], "may_be_missing": True},
            "age": {"number": "integer"},
        },
    )
    assert s.domain["sex"] == {"categories": ("F", "M"), "may_be_missing": True}
    assert ProtectionSettings.from_dict(s.to_dict()) == s
    assert "domain" not in ProtectionSettings(method="dp-noise", epsilon=1.0).to_dict()


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ({"sex": {"categories": "F|M"}}, "list of texts"),
        ({"sex": {"categories": []}}, "empty"),
        ({"sex": {"categories": ["F", ""]}}, "blank"),
        ({"sex": {"categories": ["F", "F"]}}, "repeat F"),
        ({"sex": {"may_be_missing": "yes"}}, "true or false"),
        ({"age": {"number": "round"}}, "Unknown number kind"),
        ({"age": {"range": [0, 1]}}, "Cannot read the public facts"),
        ({"age": ["integer"]}, "Cannot read the public facts"),
    ],
)
def test_wrong_facts_are_refused_with_the_column_named(domain, message):
    with pytest.raises(ConfigError, match=message):
        ProtectionSettings(method="dp-noise", epsilon=1.0, domain=domain)


def test_stated_facts_win_over_the_data_and_values_outside_are_refused():
    frame = pd.DataFrame({"sex": ["F", "M"] * 20, "score": [1.5, 2.25] * 20})
    settings = ProtectionSettings(
        method="dp-noise",
        epsilon=1.0,
        bounds={"score": (0, 10)},
        domain={"sex": {"categories": ["F"]}},
    )
    with pytest.raises(ValidationError, match="outside the categories you gave: M"):
        release(frame, roles={}, settings=settings)
    with pytest.raises(ConfigError, match="not in the table: sexx"):
        release(
            frame,
            roles={},
            settings=settings.__class__(
                method="dp-noise", epsilon=1.0, domain={"sexx": {"may_be_missing": True}}
            ),
        )


def test_an_integer_column_stated_as_such_is_released_as_whole_numbers_whatever_the_data():
    frame = pd.DataFrame({"n": [1.5, np.nan, 3.25] * 100})
    settings = ProtectionSettings(
        method="dp-noise", epsilon=5.0, bounds={"n": (0, 5)}, domain={"n": {"number": "integer"}}
    )
    r = release(frame, roles={}, settings=settings, seed=0)
    assert r.data["n"].dtype == "int64" and r.data["n"].between(0, 5).all()
    assert "'n' holds whole numbers (given)" in r.guarantee
    assert "ranges of 'n' (given by you)" in r.guarantee
