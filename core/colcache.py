"""Facts about text columns (codes, distinct counts) kept across calls on the same data:
loading, role suggestions and every run of the search factorize or count a column once.

Only columns backed by an Arrow array are cached: Arrow arrays are immutable, and pandas
replaces the array (never its buffers) when a cell is set, so the array object itself is a
safe key. An entry holds a weak reference to its array and goes when the array is collected;
the cache is bounded in bytes and forgets its oldest entries first.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

BUDGET_BYTES = 64 << 20
CODES = "codes"  # (codes in the smallest integer type, a missing cell last; keys as text)
CODES_MAX_KEYS = 1 << 16  # columns with more distinct values get no CODES entry at load

_lock = threading.RLock()  # re-entrant: a weak-reference callback may run while it is held
_entries: OrderedDict[tuple[int, str], tuple[weakref.ref, Any, int]] = OrderedDict()
_bytes = 0


def arrow_array(series: pd.Series) -> object | None:
    """The immutable Arrow array behind ``series``, or None when it has none."""
    return getattr(series.array, "_pa_array", None)


def cached(series: pd.Series, kind: str, compute: Callable[[pd.Series], tuple]) -> tuple:
    """``compute(series)``, reused while ``series`` holds the same Arrow array.

    The result must be a tuple (the numpy arrays in it are what is counted against the
    budget, and are made read-only); callers must not modify what they get back.
    """
    array = arrow_array(series)
    if array is None:
        return compute(series)
    key = (id(array), kind)
    with _lock:
        entry = _entries.get(key)
        if entry is not None and entry[0]() is array:
            _entries.move_to_end(key)
            return entry[1]
    value = compute(series)
    _store(key, array, value)
    return value


def _store(key: tuple[int, str], array: object, value: tuple) -> None:
    global _bytes
    size = sum(int(item.nbytes) for item in value if isinstance(item, np.ndarray))
    if size > BUDGET_BYTES // 4:
        return
    for item in value:
        if isinstance(item, np.ndarray):
            item.flags.writeable = False
    try:
        ref = weakref.ref(array, lambda _ref, key=key: _forget(key, _ref))
    except TypeError:  # pragma: no cover - every pyarrow array supports weak references
        return
    with _lock:
        old = _entries.pop(key, None)
        if old is not None:
            _bytes -= old[2]
        _entries[key] = (ref, value, size)
        _bytes += size
        while _bytes > BUDGET_BYTES and len(_entries) > 1:
            _, (_, _, dropped) = _entries.popitem(last=False)
            _bytes -= dropped


def present(series: pd.Series) -> int:
    """The number of cells that are not missing (an Arrow column's null count, when it has
    one: no pass over the cells)."""
    array = arrow_array(series)
    if array is not None and pd.api.types.is_string_dtype(series.dtype):
        return len(array) - array.null_count
    return int(series.notna().sum())


def nunique(series: pd.Series) -> int:
    """``series.nunique(dropna=True)``, counted once per column."""
    return cached(series, "nunique", lambda s: (int(s.nunique(dropna=True)),))[0]


def seed_text_codes(series: pd.Series) -> bool:
    """Factorize an Arrow text column once, in Arrow (the GIL released), and keep both what
    counting its distinct values and coding it as a quasi-identifier need: ``nunique`` and
    the ``CODES`` entry ``core.privacy.encoding`` reads (``factorize``'s codes, first
    appearance order, a missing cell coded after every value). False when not Arrow text."""
    array = arrow_array(series)
    if array is None or not pd.api.types.is_string_dtype(series.dtype):
        return False
    if _kept(array, "nunique") is not None:
        return True  # factorized before
    import pyarrow as pa
    import pyarrow.compute as pc

    from core.hierarchy.keys import MISSING

    encoded = array.dictionary_encode()
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks() if encoded.num_chunks else None
    if encoded is None:
        return False
    distinct = len(encoded.dictionary)
    _store((id(array), "nunique"), array, (distinct,))
    n_keys = distinct + (encoded.null_count > 0)
    small = np.min_scalar_type(max(n_keys - 1, 0))
    if n_keys > CODES_MAX_KEYS or len(encoded) * small.itemsize > BUDGET_BYTES // 4:
        return True  # names, free text, record numbers: no text key per value is kept
    keys = encoded.dictionary.to_pylist()
    indices = encoded.indices
    if indices.null_count:
        indices = pc.fill_null(indices, len(keys))
        keys.append(MISSING)
    codes = indices.to_numpy(zero_copy_only=False).astype(small, copy=False)
    _store((id(array), CODES), array, (codes, tuple(keys)))
    return True


def seed_text_columns(columns: list[pd.Series], check: Callable[[], None] | None = None) -> None:
    """``seed_text_codes`` on each column, two at a time; ``check`` (a cancel point: it
    raises to stop) is called before each column."""
    from concurrent.futures import ThreadPoolExecutor

    def seed(column: pd.Series) -> bool:
        if check is not None:
            check()
        return seed_text_codes(column)

    if len(columns) < 2:
        for column in columns:
            seed(column)
        return
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(seed, columns))


def text_codes(series: pd.Series) -> tuple[np.ndarray, tuple[str, ...]] | None:
    """The ``CODES`` entry of ``series`` when one is kept (nothing is computed), else None."""
    array = arrow_array(series)
    return None if array is None else _kept(array, CODES)


def _kept(array: object, kind: str) -> tuple | None:
    with _lock:
        entry = _entries.get((id(array), kind))
        return entry[1] if entry is not None and entry[0]() is array else None


def _forget(key: tuple[int, str], ref: weakref.ref) -> None:
    global _bytes
    with _lock:
        entry = _entries.get(key)
        if entry is not None and entry[0] is ref:
            del _entries[key]
            _bytes -= entry[2]


def clear() -> None:
    """Forget every entry (tests)."""
    global _bytes
    with _lock:
        _entries.clear()
        _bytes = 0
