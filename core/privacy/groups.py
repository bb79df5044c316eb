"""Equivalence classes of a frequency table under one transformation (the hot path)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from core.privacy.encoding import INT32_LIMIT, KEY_LIMIT, Table, combine

DENSE_SLACK = 4096  # bincount over the key space when it is at most 4 × rows + this
FEW_VALUES = 4  # up to this many sensitive values: one count per value, a classes × values matrix
HASH64 = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing multipliers
HASH32 = np.uint32(0x9E3779B1)


class Groups:
    """Classes of ``table`` once its rows are generalized to ``gen`` (codes per non-top QI).

    ``sizes[i]`` is the number of records of class ``i`` and ``cls`` the class of every
    table row; both are computed on first use (plain attributes: this runs once per node).
    """

    def __init__(
        self, table: Table, gen: list[np.ndarray], radices: list[int], n_sensitive: int = 0
    ) -> None:
        self.table = table
        self.gen = gen
        self.radices = radices
        self.n_rows = n = int(table.counts.shape[0])
        if gen:
            self.key, self.span = combine(gen, radices)
        else:
            self.key, self.span = np.zeros(n, dtype=np.int32), 1
        room = 4 * n + DENSE_SLACK
        self.dense = self.span <= room
        # the key is plain mixed radix (combine renumbered nothing): it decodes to the codes
        self.decodable = math.prod(radices) < KEY_LIMIT
        # classes and their sensitive counts in one pass, when that pass stays small
        self._joint = (
            self.dense
            and n_sensitive > 0
            and table.sensitive is not None
            and self.span * n_sensitive <= room
        )
        self._n_sensitive = n_sensitive
        # few sensitive values: a count per value over the key (no joint key to sort out)
        self._by_value = self.dense and 1 < n_sensitive <= FEW_VALUES and self._joint
        self.hist: np.ndarray | None = None  # classes × sensitive values, when _by_value
        self.estimated_classes: int | None = None  # set by certainly_over (hashed count)
        self._sizes: np.ndarray | None = None
        self._cls: np.ndarray | None = None
        self._keys: np.ndarray | None = None
        self._present: np.ndarray | None = None
        self._pairs: tuple | None = None

    @property
    def sizes(self) -> np.ndarray:
        sizes = self._sizes
        if sizes is None:
            sizes = self._sizes = self._group()
        return sizes

    def _group(self) -> np.ndarray:
        if self._by_value:
            return self._value_sizes()
        if self._joint:
            return self._joint_sizes()
        weights = self.table.weights
        if self.dense:
            counts = np.bincount(self.key, weights=weights, minlength=self.span)
            self._present = present = counts > 0
            return counts[present]
        codes, uniques = pd.factorize(self.key)
        self._cls, self._keys = codes, uniques
        return np.bincount(codes, weights=weights, minlength=len(uniques))

    def _value_sizes(self) -> np.ndarray:
        """Sizes and the classes × values matrix from one weighted count per value."""
        total = np.bincount(self.key, weights=self.table.weights, minlength=self.span)
        self._keys = present = np.flatnonzero(total)
        sizes = total[present]
        hist = np.empty((len(present), self._n_sensitive))
        rest = sizes.copy()
        for v, weights in enumerate(self.table.value_weights(self._n_sensitive)):
            count = np.bincount(self.key, weights=weights, minlength=self.span)[present]
            hist[:, v] = count
            rest -= count
        hist[:, -1] = rest
        self.hist = hist
        return sizes

    def _joint_sizes(self) -> np.ndarray:
        """Sizes from one count per (class key, sensitive value); the pairs come with them.

        The non-zero counts are read in key order, so the pairs of a class are adjacent:
        classes are numbered where the key changes, sizes are sums over each run of pairs.
        """
        m = self._n_sensitive
        joint = np.bincount(
            self.key * m + self.table.sensitive,
            weights=self.table.weights,
            minlength=self.span * m,
        )
        where = np.flatnonzero(joint)
        counts = joint[where]
        keys = where // m
        starts = np.empty(len(where), dtype=bool)
        starts[:1] = True
        np.not_equal(keys[1:], keys[:-1], out=starts[1:])
        first = np.flatnonzero(starts)
        self._keys = keys[first]
        self._pairs = (m, (np.cumsum(starts) - 1, where - keys * m, counts))
        return np.add.reduceat(counts, first) if len(first) else counts[:0]

    @property
    def class_keys(self) -> np.ndarray:
        """The key of every class, in class order."""
        if self._keys is None:
            self.sizes  # noqa: B018 - groups the rows (sets _present or _keys itself)
            if self._keys is None:
                self._keys = np.flatnonzero(self._present)
        return self._keys

    def class_codes(self, keys: np.ndarray) -> list[np.ndarray]:
        """The code of every generalized QI behind each of ``keys`` (needs ``decodable``)."""
        if self.span < INT32_LIMIT:  # int32 division is several times faster than int64
            keys = keys.astype(np.int32)
        out = []
        for radix in reversed(self.radices):
            high = keys // radix
            out.append(keys - high * radix)  # faster than np.divmod's remainder
            keys = high
        return out[::-1]

    def certainly_over(self, k: int, limit: int) -> bool:
        """True when the classes smaller than ``k`` surely hold more than ``limit`` records.

        Without grouping: rows are hashed into buckets; a bucket with fewer than k records
        holds only classes smaller than k, so its rows certainly count. False means "not
        proven" (the caller then groups exactly). Exact when ``dense``.
        """
        if self.dense:
            sizes = self.sizes
            return float(sizes.sum(where=sizes < k)) > limit
        # one small class decides a zero limit: 1-2 buckets per row find one cheaply; a
        # positive limit needs most small classes alone in their bucket (4-8 per row)
        bits = max(int(self.n_rows * (1 if limit == 0 else 4)).bit_length(), 10)
        bucket = _hash(self.key, bits)
        per_bucket = np.bincount(bucket, weights=self.table.weights, minlength=1 << bits)
        self.estimated_classes = _linear_count(int(np.count_nonzero(per_bucket)), 1 << bits)
        if limit == 0:  # a non-empty bucket under k: no need to look at the rows again
            return bool(((per_bucket > 0) & (per_bucket < k)).any())
        small = per_bucket[bucket] < k
        return int(self.table.counts.sum(where=small)) > limit

    @property
    def n_classes(self) -> int:
        return int(self.sizes.shape[0])

    @property
    def cls(self) -> np.ndarray:
        cls = self._cls
        if cls is None:
            self.sizes  # noqa: B018 - groups the rows (sets _present or _cls itself)
            cls = self._cls
            if cls is None:
                present = self._present
                if present is None:  # the joint count found the class keys directly
                    present = np.zeros(self.span, dtype=bool)
                    present[self._keys] = True
                idmap = np.cumsum(present, dtype=np.int64) - 1
                cls = self._cls = idmap[self.key]
        return cls

    def row_mask(self, class_mask: np.ndarray) -> np.ndarray:
        """Which table rows belong to the classes flagged in ``class_mask``."""
        return class_mask[self.cls]

    def pairs(self, n_sensitive: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Distinct (class, sensitive code) pairs with their record counts, sorted by class
        (computed once: the models and the cached table both need them)."""
        if self._sizes is None and self._joint:
            self.sizes  # noqa: B018 - the joint count yields the pairs with the sizes
        if self._pairs is None and self.hist is not None:
            self._pairs = (n_sensitive, hist_pairs(self.hist))
        cached = self._pairs
        if cached is None or cached[0] != n_sensitive:
            cached = self._pairs = (n_sensitive, self._pairs_of(n_sensitive))
        return cached[1]

    def _pairs_of(self, n_sensitive: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        sens = self.table.sensitive
        key = self.cls * n_sensitive + sens
        span = self.n_classes * n_sensitive
        if span <= 4 * len(key) + DENSE_SLACK:
            dense = np.bincount(key, weights=self.table.weights, minlength=span)
            where = np.flatnonzero(dense)
            return where // n_sensitive, where % n_sensitive, dense[where]
        codes, uniques = pd.factorize(key, sort=True)
        counts = np.bincount(codes, weights=self.table.weights, minlength=len(uniques))
        return uniques // n_sensitive, uniques % n_sensitive, counts


def materialize(
    groups: Groups, node: tuple[int, ...], top: list[bool], n_sensitive: int = 0
) -> Table:
    """The frequency table at ``node``: one row per class (per class and sensitive value,
    taken from the class/sensitive pairs when the models computed them, else counted
    directly on the joint key without grouping the classes first)."""
    table = groups.table
    joint = None
    if table.sensitive is None:
        counts = groups.sizes.astype(np.int64)
        sens, pair_cls = None, None
    elif groups.decodable and n_sensitive > 0 and groups._pairs is None and groups.hist is None:
        joint = _joint_pairs(groups, n_sensitive)
    if joint is not None:
        keys, sens, counts = joint
        sens = sens.astype(table.sensitive.dtype, copy=False)
    elif table.sensitive is not None:
        pair_cls, pair_sens, pair_counts = groups.pairs(n_sensitive)
        counts = pair_counts.astype(np.int64)
        sens = pair_sens.astype(table.sensitive.dtype, copy=False)
    if groups.decodable:  # the codes are read off the class keys, without touching rows
        if joint is None:
            keys = groups.class_keys if pair_cls is None else groups.class_keys[pair_cls]
        dtypes = [g.dtype for g in groups.gen]
        decoded = zip(_decode(keys, groups.radices), dtypes, strict=True)
        gen = [c.astype(t, copy=False) for c, t in decoded]
    else:
        rep = _first_rows(groups.cls, groups.n_classes)  # one table row of each class
        rep = rep if pair_cls is None else rep[pair_cls]
        gen = [g[rep] for g in groups.gen]
    it = iter(gen)
    codes = tuple(None if is_top else next(it) for is_top in top)
    return Table(node=node, codes=codes, counts=counts, sensitive=sens)


def _joint_pairs(groups: Groups, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(class key, sensitive code, records) of every pair present, from one count over the
    key ``class key × m + sensitive code``; None when that key would overflow."""
    span = groups.span * m
    if span >= KEY_LIMIT:
        return None
    table = groups.table
    key = groups.key.astype(np.int32 if span < INT32_LIMIT else np.int64)
    key *= m
    key += table.sensitive
    if span <= 4 * len(key) + DENSE_SLACK:
        dense = np.bincount(key, weights=table.counts, minlength=span)
        pair_keys = np.flatnonzero(dense)
        counts = dense[pair_keys].astype(np.int64)
    else:
        codes, pair_keys = pd.factorize(key)
        counts = np.bincount(codes, weights=table.counts, minlength=len(pair_keys))
        counts = counts.astype(np.int64)
    class_keys = pair_keys // m
    return class_keys, pair_keys - class_keys * m, counts


def hist_pairs(hist: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(class, value, records) of the non-zero cells of a classes × values matrix."""
    flat = hist.ravel()
    where = np.flatnonzero(flat)
    cls = where // hist.shape[1]
    return cls, where - cls * hist.shape[1], flat[where]


def _decode(keys: np.ndarray, radices: list[int]) -> list[np.ndarray]:
    """The code of every generalized QI behind each mixed-radix key (floor division in the
    narrowest integer type: several times faster than ``divmod`` on int64)."""
    if math.prod(radices) < INT32_LIMIT:
        keys = keys.astype(np.int32)
    out = []
    for radix in reversed(radices):
        high = keys // radix
        out.append(keys - high * radix)
        keys = high
    return out[::-1]


def _hash(key: np.ndarray, bits: int) -> np.ndarray:
    """Bucket in [0, 2**bits) of every key (multiplicative hashing, top bits)."""
    if key.dtype == np.int32:
        return ((key.view(np.uint32) * HASH32) >> np.uint32(32 - bits)).view(np.int32)
    return ((key.view(np.uint64) * HASH64) >> np.uint64(64 - bits)).view(np.int64)


def _linear_count(occupied: int, buckets: int) -> int:
    """Distinct keys behind ``occupied`` of ``buckets`` hashed buckets (linear counting)."""
    if occupied >= buckets:
        return buckets
    return round(-buckets * math.log1p(-occupied / buckets))


def _first_rows(ids: np.ndarray, n: int) -> np.ndarray:
    rep = np.empty(n, dtype=np.int64)
    rep[ids[::-1]] = np.arange(len(ids) - 1, -1, -1)
    return rep
