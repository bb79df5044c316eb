"""`veil --selftest` checks that every attack family asked for left its results."""

import pytest

from ui.selftest import SelftestFailure, check_families


def test_a_missing_family_section_fails_the_selftest():
    data = {
        "settings": {"assessment": {"attacks": ["reidentification", "extraction", "property"]}},
        "after": {"reidentification": {}, "extraction": {}, "property": None},
    }
    with pytest.raises(SelftestFailure, match="'property'"):
        check_families(data)
    data["after"]["property"] = {"column": "sex"}
    check_families(data)
