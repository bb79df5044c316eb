"""The degenerate-input corpus through the DP methods (core.protect → core.dp.release): every
file that loads gives a release or a clear error, with one-line warnings, never a traceback."""

from __future__ import annotations

import pytest

from core.io import load_table
from core.protect import protect
from core.settings import ProtectionSettings
from tests.corpus import case, cases

LOADS = [c for c in cases() if not c.expect_error]
SEEDS = range(4)


def _release(table, method, seed, epsilon=1.0):
    roles = {str(c): "quasi_identifier" for c in table.frame.columns}
    settings = ProtectionSettings(method=method, epsilon=epsilon)
    return protect(table.frame, roles, settings, seed=seed)


@pytest.mark.parametrize("method", ["dp-noise", "dp-synthetic"])
@pytest.mark.parametrize("bad", LOADS, ids=str)
def test_each_loadable_degenerate_file_gets_a_release_with_one_line_warnings(bad, method, tmp_path):
    table = load_table(bad.make(tmp_path))
    for seed in SEEDS:
        result = _release(table, method, seed)
        data = result.data
        assert set(data.columns) <= set(table.frame.columns)
        assert result.warnings, "bounds read from the data must be warned about"
        for warning in result.warnings:
            assert isinstance(warning, str) and warning.strip() and "\n" not in warning
        assert any(w.startswith("Privacy leak") for w in result.warnings)
        left_out = set(table.frame.columns) - set(data.columns)
        for column in left_out:
            assert any(f"Column '{column}' was left out" in w for w in result.warnings)
        if method == "dp-noise":
            assert len(data) == len(table.frame)  # one noisy row per record
        elif data.empty:
            assert any("The synthetic table is empty" in w for w in result.warnings)


def test_a_synthetic_table_of_one_record_is_never_empty_and_says_its_size_is_a_floor(tmp_path):
    # issue 13: the noisy count used to give 0 rows in some seeds; it is floored now
    table = load_table(case("one_row").make(tmp_path))
    results = [_release(table, "dp-synthetic", seed) for seed in range(10)]
    assert all(not r.data.empty for r in results)
    floored = [r for r in results if any("noisy count of records" in w for w in r.warnings)]
    assert floored
    for r in floored:
        note = next(w for w in r.warnings if "noisy count of records" in w)
        assert f"so {len(r.data)} synthetic rows were drawn instead" in note and "larger ε" in note
    assert not any("is empty" in w for r in results for w in r.warnings)


@pytest.mark.parametrize("kind", ["number", "date"])
def test_a_column_with_nothing_to_read_a_range_from_is_named_in_plain_words(kind):
    import pandas as pd

    from core.errors import ValidationError

    empty = pd.Series([None, None, None], dtype="float64" if kind == "number" else "datetime64[s]")
    frame = pd.DataFrame({"stay": empty, "sex": ["F", "M", "F"]})
    with pytest.raises(ValidationError, match="'stay' has no") as caught:
        protect(frame, {}, ProtectionSettings(method="dp-noise", epsilon=1.0))
    assert "Give its range" in caught.value.hint and "--" not in str(caught.value)
