"""The frequency table of the quasi-identifiers: the one thing every engine computes from the
data, and the small table the search (and its roll-ups) runs on in Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.hierarchy import Hierarchy
from core.hierarchy.keys import MISSING, factorize
from core.jobs import Monitor, null_monitor
from core.privacy.encoding import Dimension, Encoded, Table, _sensitive_codes, group_rows

COUNT = "__veil_count"


@dataclass(frozen=True)
class Frequencies:
    """Distinct (QI values, sensitive value) combinations and how many records carry each.

    ``frame`` holds one column per QI (then the sensitive column), typed by Veil's rules, and
    the record count in column ``COUNT``. ``text`` (SQL engines) holds the same cells as the
    engine's text, row for row, None for a missing cell: what the release is written from.
    """

    frame: pd.DataFrame
    qis: tuple[str, ...]
    sensitive: str | None
    text: pd.DataFrame | None = None

    @property
    def columns(self) -> list[str]:
        return [*self.qis, *([self.sensitive] if self.sensitive else [])]

    @property
    def counts(self) -> np.ndarray:
        return self.frame[COUNT].to_numpy(dtype=np.int64)

    @property
    def n_records(self) -> int:
        return int(self.counts.sum())

    def keyed(self) -> pd.DataFrame:
        """Every value as its hierarchy key, equal combinations merged, sorted: the form in
        which two engines' tables are compared."""
        keys = {c: _keys(self.frame[c]) for c in self.columns}
        frame = pd.DataFrame({**keys, COUNT: self.counts})
        out = frame.groupby(self.columns, sort=True, dropna=False)[COUNT].sum().reset_index()
        return out.astype({c: "str" for c in self.columns})


def _keys(column: pd.Series) -> np.ndarray:
    codes, keys = factorize(column)
    return np.asarray(keys, dtype=object)[codes]


def frequencies_of(frame: pd.DataFrame, qis: list[str], sensitive: str | None) -> Frequencies:
    """The frequency table of an in-memory frame (the pandas engine)."""
    columns = [*qis, *([sensitive] if sensitive else [])]
    grouped = frame.groupby(columns, sort=False, dropna=False, observed=True).size()
    out = grouped.rename(COUNT).reset_index()
    return Frequencies(out, tuple(qis), sensitive)


def from_text(
    raw: pd.DataFrame, qis: list[str], sensitive: str | None, monitor: Monitor | None = None
) -> Frequencies:
    """The frequency table of an SQL engine (its cells as text, plus ``COUNT``), typed by the
    same rules as Veil's own reader; ``monitor`` is looked at for Cancel between columns."""
    from core.io.convert import convert_columns

    columns = [*qis, *([sensitive] if sensitive else [])]
    strings = raw[columns].astype("str")  # DuckDB's text already is: no copy
    text = strings.astype(object).where(strings.notna(), None)
    converted, _ = convert_columns(strings, monitor or null_monitor())
    frame = pd.DataFrame({**dict(converted.items()), COUNT: raw[COUNT].to_numpy(np.int64)})
    return Frequencies(frame, tuple(qis), sensitive, text.reset_index(drop=True))


def encode_frequencies(freq: Frequencies, hierarchies: Mapping[str, Hierarchy]) -> Encoded:
    """``core.privacy.encoding.encode`` on a frequency table: rows weighted by their count.

    The result's ``row_to_base`` maps each frequency-table row to its base row.
    """
    weights = freq.counts
    leaves, dims = [], []
    for col in freq.qis:
        codes, keys = factorize(freq.frame[col])
        hierarchy = hierarchies[col]
        if MISSING in keys:
            hierarchy = hierarchy.with_missing()
        leaf = hierarchy.index_of(keys, column=col)[codes].astype(np.int32)
        leaves.append(leaf)
        dims.append(weighted_dimension(col, hierarchy, leaf, weights))
    sens_codes, sens_values, sens_counts = None, (), None
    if freq.sensitive is not None:
        sens_codes, sens_values = _sensitive_codes(freq.frame[freq.sensitive])
        sens_counts = np.bincount(sens_codes, weights=weights, minlength=len(sens_values))
        sens_counts = sens_counts.astype(np.int64)
    columns = [*leaves, sens_codes] if sens_codes is not None else leaves
    radices = [len(d.hierarchy) for d in dims] + ([len(sens_values)] if sens_values else [])
    row_to_base, rep = group_rows(columns, radices)
    counts = np.bincount(row_to_base, weights=weights, minlength=len(rep)).astype(np.int64)
    base = Table(
        node=(0,) * len(dims),
        codes=tuple(d.lookup[0][leaf[rep]] for d, leaf in zip(dims, leaves, strict=True)),
        counts=counts,
        sensitive=None if sens_codes is None else sens_codes[rep],
    )
    return Encoded(
        dims=tuple(dims),
        base=base,
        row_to_base=row_to_base,
        leaf_rows=tuple(leaves),
        n_records=int(weights.sum()),
        sensitive_name=freq.sensitive,
        sensitive_values=tuple(sens_values),
        sensitive_counts=sens_counts,
    )


def weighted_dimension(
    name: str, hierarchy: Hierarchy, leaf: np.ndarray, weights: np.ndarray
) -> Dimension:
    """A QI's integer lookups, with ``weights`` records behind each row of ``leaf``."""
    per_leaf = np.bincount(leaf, weights=weights, minlength=len(hierarchy))
    lookups, sizes, shares, data_counts = [], [], [], []
    for level in range(hierarchy.depth):
        codes, labels = hierarchy.level_codes(level)
        size = len(labels)
        lookups.append(codes)
        sizes.append(size)
        shares.append(np.bincount(codes, minlength=size) / len(hierarchy))
        data_counts.append(np.bincount(codes, weights=per_leaf, minlength=size))
    return Dimension(
        name, hierarchy, tuple(lookups), tuple(sizes), tuple(shares), tuple(data_counts)
    )


def rollup(
    freq: Frequencies, hierarchies: Mapping[str, Hierarchy], levels: Mapping[str, int]
) -> pd.DataFrame:
    """The frequency table with each QI generalized to ``levels[qi]``: one row per class
    (labels and record count), sorted by label. The search's roll-ups, as a table."""
    labels = {}
    for col in freq.qis:
        codes, keys = factorize(freq.frame[col])
        hierarchy = hierarchies[col]
        if MISSING in keys:
            hierarchy = hierarchy.with_missing()
        rows = hierarchy.index_of(keys, column=col)
        labels[col] = hierarchy.labels(levels.get(col, 0))[rows][codes]
    frame = pd.DataFrame({**labels, COUNT: freq.counts})
    out = frame.groupby(list(freq.qis), sort=True)[COUNT].sum().reset_index()
    return out.astype({c: "str" for c in freq.qis})
