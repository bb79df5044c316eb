"""Column codes reused across calls: the same encoding as computing them afresh, forgotten when
a cell changes or the data goes, and never shared between different columns."""

import gc

import numpy as np
import pandas as pd
import pytest

from core import colcache
from core.hierarchy import Hierarchy
from core.privacy import anonymize
from core.privacy.encoding import encode
from core.settings import ProtectionSettings

QIS = ["sex", "race", "marital-status", "education", "workclass"]


@pytest.fixture(scope="module")
def hierarchies(adult_hierarchy_files):
    return {c: Hierarchy.from_arx_csv(p) for c, p in adult_hierarchy_files.items()}


@pytest.fixture
def frame(adult_frame):
    colcache.clear()
    return adult_frame.sample(3000, random_state=5).reset_index(drop=True)


def _same_encoding(a, b) -> None:
    np.testing.assert_array_equal(a.row_to_base, b.row_to_base)
    np.testing.assert_array_equal(a.base.counts, b.base.counts)
    for x, y in zip(a.leaf_rows, b.leaf_rows, strict=True):
        np.testing.assert_array_equal(x, y)
    assert a.sensitive_values == b.sensitive_values


def _fresh(frame, qis, hierarchies, sensitive, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(colcache, "arrow_array", lambda series: None)  # no caching at all
        return encode(frame, qis, hierarchies, sensitive)


def test_text_columns_are_arrow_backed(frame):
    assert colcache.arrow_array(frame["education"]) is not None  # else nothing is cached


def test_a_second_encoding_reuses_the_codes_and_equals_a_fresh_one(frame, hierarchies, monkeypatch):
    first = encode(frame, QIS, hierarchies, "occupation")
    # per QI its codes and its coding through the hierarchy; the sensitive column's codes
    assert len(colcache._entries) == 2 * len(QIS) + 1
    calls = []
    monkeypatch.setattr(colcache, "_store", lambda *a: calls.append(a))
    second = encode(frame, QIS, hierarchies, "occupation")
    assert calls == []  # every column came from the cache
    _same_encoding(first, second)
    _same_encoding(second, _fresh(frame, QIS, hierarchies, "occupation", monkeypatch))


def test_setting_a_cell_is_seen(frame, hierarchies, monkeypatch):
    encode(frame, QIS, hierarchies, None)
    changed = frame.copy()
    new = "Doctorate" if frame.loc[0, "education"] != "Doctorate" else "HS-grad"
    changed.loc[0, "education"] = new
    frame.loc[0, "education"] = changed.loc[0, "education"]  # in place on the cached frame
    again = encode(frame, QIS, hierarchies, None)
    _same_encoding(again, _fresh(changed, QIS, hierarchies, None, monkeypatch))


def test_equal_texts_in_other_columns_are_not_confused(monkeypatch):
    colcache.clear()
    a = pd.DataFrame({"x": ["p", "q", "p", "q"] * 3, "y": ["q", "q", "p", "p"] * 3})
    first = encode(a, ["x"], {"x": _flat(["p", "q"])}, None)
    other = encode(a, ["y"], {"y": _flat(["p", "q"])}, None)
    assert not np.array_equal(first.leaf_rows[0], other.leaf_rows[0])
    _same_encoding(other, _fresh(a, ["y"], {"y": _flat(["p", "q"])}, None, monkeypatch))


def test_entries_go_with_their_data():
    colcache.clear()
    table = pd.DataFrame({"x": [f"v{i % 7}" for i in range(200)]})
    encode(table, ["x"], {"x": _flat([f"v{i}" for i in range(7)])}, None)
    assert len(colcache._entries) == 2  # the codes and the coding through the hierarchy
    del table
    gc.collect()
    assert len(colcache._entries) == 0


def test_cached_codes_cannot_be_written(frame, hierarchies):
    encode(frame, QIS, hierarchies, None)
    (_, value, _), *_ = colcache._entries.values()
    with pytest.raises(ValueError):
        value[0][0] = 1


def test_repeated_anonymization_gives_the_same_release(frame, hierarchies):
    settings = ProtectionSettings(k=5, l=2, suppression=0.02)
    given = {c: hierarchies[c] for c in QIS}
    first = anonymize(frame, qis=QIS, sensitive="occupation", hierarchies=given, settings=settings)
    second = anonymize(frame, qis=QIS, sensitive="occupation", hierarchies=given, settings=settings)
    assert first.transformation == second.transformation
    pd.testing.assert_frame_equal(first.data, second.data)


def test_another_hierarchy_for_the_same_column_is_not_confused(monkeypatch):
    """The coding through a hierarchy is kept per hierarchy object: an equal-looking column
    coded through a coarser hierarchy (or one that needs a '(missing)' row) is coded afresh."""
    colcache.clear()
    table = pd.DataFrame({"x": pd.array(["a", "b", None, "c", "a", "b"] * 4, dtype="str")})
    fine = Hierarchy([["a", "ab", "*"], ["b", "ab", "*"], ["c", "c", "*"]])
    coarse = Hierarchy([["a", "*", "*"], ["b", "bc", "*"], ["c", "bc", "*"]])
    first = encode(table, ["x"], {"x": fine}, None)
    second = encode(table, ["x"], {"x": coarse}, None)
    assert first.dims[0].hierarchy.labels(1).tolist() == ["ab", "ab", "c", "(missing)"]
    assert second.dims[0].hierarchy.labels(1).tolist() == ["*", "bc", "bc", "(missing)"]
    for got, hier in ((first, fine), (second, coarse)):
        again = encode(table, ["x"], {"x": hier}, None)
        fresh = _fresh(table, ["x"], {"x": hier}, None, monkeypatch)
        _same_encoding(again, fresh)
        _same_encoding(got, fresh)
        assert again.dims[0] is got.dims[0]  # from the cache
        for d, e in zip(got.dims[0].lookup, fresh.dims[0].lookup, strict=True):
            np.testing.assert_array_equal(d, e)


def _flat(values: list[str]) -> Hierarchy:
    """A two-level hierarchy: each value, then '*'."""
    return Hierarchy([[v, "*"] for v in values])


def _arrow_text(values) -> pd.Series:
    return pd.Series(pd.array(values, dtype=pd.StringDtype("pyarrow", na_value=np.nan)))


@pytest.mark.parametrize(
    "values",
    [
        ["b", "a", None, "b", "ünï€ode", "", "a", None],  # gaps, an empty string, accents
        ["only"] * 5,
        [None, None],
        [f"v{i % 300}" for i in range(900)],  # codes wider than one byte
        ["(missing)", None, "x"],  # the text of the missing key, and a missing cell
    ],
    ids=["gaps", "constant", "all-missing", "wide-codes", "missing-text"],
)
def test_seeded_codes_are_the_codes_the_search_computes(values, monkeypatch):
    """The reader's one factorization (in Arrow) leaves what coding a QI computes afresh:
    the same codes, dtype and keys, and the same distinct count."""
    from core.privacy.encoding import _column_codes

    colcache.clear()
    series = _arrow_text(values)
    assert colcache.seed_text_codes(series)
    expected = _column_codes(series)

    def recompute(s):
        raise AssertionError("computed again")

    codes, keys = colcache.cached(series, colcache.CODES, recompute)
    assert codes.dtype == expected[0].dtype
    np.testing.assert_array_equal(codes, expected[0])
    assert keys == expected[1]
    monkeypatch.setattr(series, "nunique", recompute)
    assert colcache.nunique(series) == _arrow_text(values).nunique()


def test_a_column_that_is_not_arrow_text_is_not_seeded():
    colcache.clear()
    assert not colcache.seed_text_codes(pd.Series([1, 2, 3]))
    assert not colcache.seed_text_codes(pd.Series(["a", "b"], dtype=object))
    assert not colcache._entries


def test_a_long_table_is_coded_once_from_reading_to_the_search(monkeypatch, adult_csv, hierarchies):
    """Loading a long table factorizes each text column once; encoding its QIs then reuses
    those codes (and gives what coding them afresh gives)."""
    import core.privacy.encoding as encoding
    from core.io import load_table, loader

    colcache.clear()
    monkeypatch.setattr(loader, "PARALLEL_ROWS", 1000)
    table = load_table(adult_csv).frame
    text = [c for c in QIS if pd.api.types.is_string_dtype(table[c])]
    assert text == QIS
    fresh = _fresh(table, QIS, hierarchies, None, monkeypatch)
    calls = []
    real = encoding._column_codes
    monkeypatch.setattr(encoding, "_column_codes", lambda s: calls.append(s.name) or real(s))
    got = encode(table, QIS, hierarchies, None)
    assert calls == []
    _same_encoding(got, fresh)


def test_a_column_of_many_distinct_values_keeps_its_count_but_no_text_keys(monkeypatch):
    """Names, free text, record numbers: the distinct count is kept; no text key per value
    (the search codes such a column itself if it is ever a QI); not factorized twice."""
    from core.privacy.encoding import _column_codes

    colcache.clear()
    monkeypatch.setattr(colcache, "CODES_MAX_KEYS", 4)
    series = _arrow_text([f"name {i}" for i in range(9)] + [None])
    assert colcache.seed_text_codes(series)
    assert colcache.text_codes(series) is None
    assert colcache.nunique(series) == 9
    calls = []
    monkeypatch.setattr(colcache, "_store", lambda *a: calls.append(a))
    assert colcache.seed_text_codes(series) and calls == []  # nothing computed again
    monkeypatch.undo()
    _, keys = colcache.cached(series, colcache.CODES, _column_codes)
    assert list(keys) == [f"name {i}" for i in range(9)] + ["(missing)"]


@pytest.mark.parametrize(
    "series",
    [
        _arrow_text(["a", None, "", "b", None]),
        _arrow_text([None, None]),
        pd.Series([1.0, np.nan, 3.0]),
        pd.Series(["a", None, "c"], dtype=object),
        pd.Series(pd.array([1, None, 3], dtype="Int64")),
    ],
    ids=["arrow-text", "all-missing", "floats", "objects", "nullable-ints"],
)
def test_present_counts_the_cells_that_are_not_missing(series):
    assert colcache.present(series) == int(series.notna().sum())
