"""Integer coding of the problem: each QI factorized once, per-level lookup arrays, and the
frequency table of distinct (QI combination, sensitive value) rows the search works on."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.colcache import CODES, cached
from core.hierarchy import Hierarchy
from core.hierarchy.keys import MISSING, factorize, keys_of

KEY_LIMIT = 1 << 62
INT32_LIMIT = 1 << 31
WEIGHTS = "weights"  # key of the float counts in ``Table.rolled``


@dataclass(frozen=True)
class Dimension:
    """One quasi-identifier: its hierarchy turned into integer lookups.

    ``lookup[l][leaf]`` is the code at level ``l`` of hierarchy row ``leaf``; ``sizes[l]`` the
    number of codes at that level; ``share[l][code]`` ARX's domain share of a code (leaves
    under it / all leaves); ``data_count[l][code]`` how many records carry it.
    """

    name: str
    hierarchy: Hierarchy
    lookup: tuple[np.ndarray, ...]
    sizes: tuple[int, ...]
    share: tuple[np.ndarray, ...]
    data_count: tuple[np.ndarray, ...]

    @property
    def depth(self) -> int:
        return len(self.sizes)

    def up(self, low: int, high: int) -> np.ndarray:
        """Code at level ``high`` of each code at level ``low`` (a tree makes it a function)."""
        out = np.zeros(self.sizes[low], dtype=np.int32)
        out[self.lookup[low]] = self.lookup[high]
        return out


@dataclass(frozen=True)
class Table:
    """Distinct rows at one lattice node: codes per QI (at the node's levels), record counts,
    and the sensitive code when a sensitive-attribute model is used."""

    node: tuple[int, ...]
    codes: tuple[np.ndarray, ...]
    counts: np.ndarray
    sensitive: np.ndarray | None
    # codes rolled up to coarser levels (keyed (QI, level)), kept because a table is rolled
    # up many times, and the float counts
    rolled: dict = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return int(self.counts.shape[0])

    @property
    def weights(self) -> np.ndarray:
        """``counts`` as float64, what ``np.bincount`` weighs by (converted once per table)."""
        weights = self.rolled.get(WEIGHTS)
        if weights is None:
            weights = self.rolled[WEIGHTS] = self.counts.astype(np.float64)
        return weights

    def value_weights(self, m: int) -> list[np.ndarray]:
        """``weights`` of the rows holding sensitive value v, for v < m - 1 (zero elsewhere;
        the last value's counts are what the others leave)."""
        key = ("value_weights", m)
        out = self.rolled.get(key)
        if out is None:
            weights = self.weights
            out = self.rolled[key] = [
                np.where(self.sensitive == v, weights, 0.0) for v in range(m - 1)
            ]
        return out

    @property
    def nbytes(self) -> int:
        extra = 0 if self.sensitive is None else self.sensitive.nbytes
        return sum(c.nbytes for c in self.codes if c is not None) + self.counts.nbytes + extra


@dataclass(frozen=True)
class Encoded:
    """Everything the search needs, and the row → distinct-row map for applying the result."""

    dims: tuple[Dimension, ...]
    base: Table
    row_to_base: np.ndarray
    leaf_rows: tuple[np.ndarray, ...]
    n_records: int
    sensitive_name: str | None
    sensitive_values: tuple[str, ...]
    sensitive_counts: np.ndarray | None

    @property
    def depths(self) -> tuple[int, ...]:
        return tuple(d.depth for d in self.dims)


def encode(
    frame: pd.DataFrame,
    qis: list[str],
    hierarchies: Mapping[str, Hierarchy],
    sensitive: str | None,
) -> Encoded:
    """Factorize the QIs (through their hierarchies) and the sensitive column; group rows."""
    coded = [_qi(frame[col], col, hierarchies[col]) for col in qis]
    leaves = [c.leaf for c in coded]
    dims = [c.dim for c in coded]
    n = len(frame)
    sens_codes, sens_values, sens_counts = None, (), None
    if sensitive is not None:
        sens_codes, sens_values = cached(frame[sensitive], "sorted", _sorted_codes)
        sens_counts = np.bincount(sens_codes, minlength=len(sens_values))
    # grouping by the dense rank of each present value gives the groups of the leaves (the
    # level-0 codes are one-to-one with them) with a smaller key space
    columns = [c.ranks for c in coded]
    radices = [c.n_present for c in coded]
    if sens_codes is not None:
        columns.append(sens_codes)
        radices.append(len(sens_values))
    row_to_base, rep = group_rows(columns, radices)
    counts = np.bincount(row_to_base, minlength=len(rep)).astype(np.int64)
    base = Table(
        node=(0,) * len(dims),
        codes=tuple(c.level0[rep] for c in coded),
        counts=counts,
        sensitive=None if sens_codes is None else sens_codes[rep],
    )
    return Encoded(
        dims=tuple(dims),
        base=base,
        row_to_base=row_to_base,
        leaf_rows=tuple(leaves),
        n_records=n,
        sensitive_name=sensitive,
        sensitive_values=tuple(sens_values),
        sensitive_counts=sens_counts,
    )


@dataclass(frozen=True)
class _CodedQI:
    """One QI column coded through its hierarchy (see ``_qi``)."""

    leaf: np.ndarray  # hierarchy row of every record
    level0: np.ndarray  # level-0 code of every record
    ranks: np.ndarray  # rank of every record's level-0 code among the codes present
    n_present: int
    dim: Dimension
    given: Hierarchy  # the hierarchy asked for (``dim.hierarchy`` may add '(missing)')


def _qi(column: pd.Series, name: str, hierarchy: Hierarchy) -> _CodedQI:
    """``column`` coded through ``hierarchy``; reused while both the column's Arrow array and
    the hierarchy object are the same (an entry holds its hierarchy, so no other object can
    take its id while the entry lives)."""
    entry = cached(column, f"qi\0{name}\0{id(hierarchy)}", lambda s: _code_qi(s, name, hierarchy))
    if entry[0].given is not hierarchy:  # pragma: no cover - guarded by the strong reference
        return _code_qi(column, name, hierarchy)[0]
    return entry[0]


def _code_qi(column: pd.Series, name: str, given: Hierarchy) -> tuple:
    codes, keys = cached(column, CODES, _column_codes)
    hierarchy = given.with_missing() if MISSING in keys else given
    rows = hierarchy.index_of(keys, column=name)
    leaf = rows[codes].astype(np.int32)
    dim = _dimension(name, hierarchy, leaf)
    # per distinct value, then per record: one gather over the rows each
    value_level0 = dim.lookup[0][rows]
    present = dim.data_count[0] > 0
    rank = (np.cumsum(present) - 1).astype(np.int32)
    level0 = value_level0[codes].astype(np.int32)
    ranks = rank[value_level0][codes]
    coded = _CodedQI(leaf, level0, ranks, int(present.sum()), dim, given)
    for array in (leaf, level0, ranks):
        array.flags.writeable = False
    return (coded, leaf, level0, ranks)  # the arrays are listed for the cache's byte count


def _dimension(name: str, hierarchy: Hierarchy, leaf: np.ndarray) -> Dimension:
    per_leaf = np.bincount(leaf, minlength=len(hierarchy))
    lookups, sizes, shares, data_counts = [], [], [], []
    for level in range(hierarchy.depth):
        codes, labels = hierarchy.level_codes(level)
        size = len(labels)
        leaves_under = np.bincount(codes, minlength=size)
        lookups.append(codes)
        sizes.append(size)
        shares.append(leaves_under / len(hierarchy))
        data_counts.append(np.bincount(codes, weights=per_leaf, minlength=size))
    return Dimension(
        name, hierarchy, tuple(lookups), tuple(sizes), tuple(shares), tuple(data_counts)
    )


def _column_codes(column: pd.Series) -> tuple[np.ndarray, tuple[str, ...]]:
    """``factorize`` with the codes in the smallest integer type and the keys as a tuple."""
    small = _small_integers(column)
    codes, keys = small if small is not None else factorize(column)
    return codes.astype(np.min_scalar_type(max(len(keys) - 1, 0)), copy=False), tuple(keys)


def _small_integers(column: pd.Series) -> tuple[np.ndarray, list[str]] | None:
    """Codes of a NumPy integer column over a narrow range by counting, not hashing (codes in
    ascending value order); None for any other column."""
    if not isinstance(column.dtype, np.dtype) or column.dtype.kind not in "iu" or not len(column):
        return None
    values = column.to_numpy()
    low, high = int(values.min()), int(values.max())
    if high - low > 4 * len(values) + 4096:
        return None
    if values.dtype.itemsize < 8:  # no wrap-around when shifting
        values = values.astype(np.int64)
    shifted = (values - values.dtype.type(low)).astype(np.intp, copy=False)
    present = np.bincount(shifted, minlength=high - low + 1) > 0
    rank = np.cumsum(present, dtype=np.int64) - 1
    return rank[shifted], [str(int(v) + low) for v in np.flatnonzero(present)]


def _sorted_codes(column: pd.Series) -> tuple[np.ndarray, tuple[str, ...]]:
    codes, keys = _sensitive_codes(column)
    return codes, tuple(keys)


def _sensitive_codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes of the sensitive column in ascending value order (for the ordered distance);
    a missing value is its own last code."""
    try:
        codes, uniques = pd.factorize(column, sort=True, use_na_sentinel=True)
    except TypeError:  # values of mixed types cannot be sorted: their order is irrelevant
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
    keys = keys_of(np.asarray(uniques, dtype=object))
    if (codes < 0).any():
        codes = np.where(codes < 0, len(keys), codes)
        keys.append(MISSING)
    return codes.astype(np.int32), keys


def group_rows(columns: list[np.ndarray], radices: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Group rows by several integer columns: (group of each row, one row index per group).

    Groups are numbered in order of first appearance.
    """
    key, _ = combine(columns, radices)
    codes, uniques = pd.factorize(key)
    rep = np.empty(len(uniques), dtype=np.int64)
    rep[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    return codes.astype(np.int64, copy=False), rep


def combine(columns: list[np.ndarray], radices: list[int]) -> tuple[np.ndarray, int]:
    """One integer key per row from code columns (mixed radix), and the bound of the keys.

    int32 when the key space allows it (half the memory traffic), else int64; when even
    int64 would overflow the partial key is renumbered first.
    """
    total = math.prod(radices)
    if total < INT32_LIMIT:
        key = columns[0].astype(np.int32)
        for i in range(1, len(columns)):
            key *= radices[i]
            key += columns[i]
        return key, max(total, 1)
    key = columns[0].astype(np.int64)
    span = max(int(radices[0]), 1)
    for col, radix in zip(columns[1:], radices[1:], strict=True):
        if span * radix >= KEY_LIMIT:
            codes, uniques = pd.factorize(key)
            key = codes.astype(np.int64)
            span = max(len(uniques), 1)
        key *= radix
        key += col
        span *= int(radix)
    return key, span
