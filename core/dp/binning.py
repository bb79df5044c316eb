"""Columns as small integer codes for marginals: numeric bins from the bounds, categories as is.

Dates are binned by whole days, weeks, months or years (``core.dp.dates.calendar_edges``).
Decoding draws a value uniformly inside its bin (integers stay integers, dates keep their
resolution); missing values get a code of their own when the column may be missing, else a
stand-in. Every measurement is discrete (truncated geometric counts): the values drawn inside
a public bin are post-processing, so no floating-point noise touches the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.dp import dates
from core.dp.domains import ColumnDomain

MAX_BINS = 32


@dataclass(frozen=True)
class Binning:
    """Codes 0..size-1 for one column; numeric columns carry their bin edges."""

    domain: ColumnDomain
    edges: np.ndarray | None = None

    @property
    def bins(self) -> int:
        return len(self.edges) - 1 if self.edges is not None else len(self.domain.categories)

    @property
    def size(self) -> int:
        return self.bins + int(self.domain.missing)

    def encode(self, series: pd.Series, rng: np.random.Generator) -> np.ndarray:
        """Codes; a missing value gets the missing code when the column may be missing, else
        its stand-in (the middle's bin, a random category: ``ColumnDomain.codes``)."""
        if self.edges is None:
            return self.domain.codes(series, rng)
        values = self.domain.numbers(series)
        if not self.domain.missing:
            values = np.where(np.isnan(values), self.domain.middle(), values)
        codes = np.searchsorted(self.edges, values, side="right") - 1
        codes = np.clip(codes, 0, self.bins - 1)  # values outside the bounds are clamped
        codes[np.isnan(values)] = self.bins
        return codes

    def decode(self, codes: np.ndarray, rng: np.random.Generator, dtype: object) -> pd.Series:
        name = self.domain.name
        if self.edges is None:
            return self.domain.labels(codes, dtype)
        missing = codes >= self.bins
        b = np.minimum(codes, self.bins - 1)
        left, right = self.edges[b], self.edges[b + 1]
        if self.domain.kind == "date":  # bins are [left, right) in whole units
            values = rng.integers(left.astype(np.int64), right.astype(np.int64))
            return dates.from_units(values, missing, self.domain.unit, dtype, name)
        if self.domain.kind == "integer":
            low = np.ceil(left)
            high = np.where(b == self.bins - 1, np.floor(right), np.ceil(right) - 1)
            values = rng.integers(low.astype(np.int64), np.maximum(high, low).astype(np.int64) + 1)
            if self.domain.missing:
                values = pd.array(np.where(missing, None, values), dtype="Int64")
            return pd.Series(values, name=name, dtype=self.domain.released_dtype(dtype))
        values = rng.uniform(left, right)
        values[missing] = np.nan
        return pd.Series(values, name=name, dtype="float64")


def binning(domain: ColumnDomain) -> Binning:
    """Exact integers when at most MAX_BINS of them, else MAX_BINS equal bins over the bounds;
    dates by calendar widths."""
    if not domain.numeric:
        return Binning(domain)
    lo, hi = domain.bounds
    if domain.kind == "date":
        return Binning(domain, dates.calendar_edges(int(lo), int(hi), domain.unit, MAX_BINS))
    if domain.kind == "integer" and hi - lo + 1 <= MAX_BINS:
        return Binning(domain, np.arange(lo, hi + 2, dtype="float64") - 0.5)
    return Binning(domain, np.linspace(lo, hi, MAX_BINS + 1))
