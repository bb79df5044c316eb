"""One column's encoding, fitted on the release (members only) and applied to records in
their original form, so that released and original values land on the same scale.

Kinds: ``numeric`` (released as numbers), ``interval`` (released as generalized ranges; a
value becomes its range's midpoint) and ``categorical`` (released as labels).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.model.labels import parse_ranges
from core.model.matching import containing, learn_map, masked, suppressed_code

MISSING = "\x00missing"
Generalizer = Callable[[pd.Series], pd.Series]  # original values → released labels (NA: unknown)
INTERVAL_SHARE = 0.9


def keys(series: pd.Series) -> pd.Series:
    """Values as comparable text: whole floats lose their '.0', missing becomes MISSING."""
    if pd.api.types.is_float_dtype(series):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        finite = values[np.isfinite(values)]
        if len(finite) and np.all(finite == np.round(finite)) and np.abs(finite).max() < 2**53:
            series = series.astype("Int64")
    return series.astype("string").fillna(MISSING)


def numbers(series: pd.Series) -> np.ndarray:
    """Numeric values (dates as fractional years); anything unreadable is NaN."""
    if pd.api.types.is_datetime64_any_dtype(series):
        dt = series.dt
        return (dt.year + (dt.day_of_year - 1) / 365.25).to_numpy(dtype=float, na_value=np.nan)
    if pd.api.types.is_bool_dtype(series):
        return series.astype(float).to_numpy()
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _is_number_like(series: pd.Series) -> bool:
    return (
        pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)
    ) and not pd.api.types.is_bool_dtype(series)


@dataclass(frozen=True)
class ColumnCoder:
    """Encoding of one column; build it with :func:`fit_coder`."""

    name: str
    kind: str
    vocab: pd.Index  # release labels, most frequent first (categorical, interval)
    midpoints: np.ndarray  # per vocab entry (interval)
    low: np.ndarray  # per vocab entry (interval)
    high: np.ndarray
    value_map: pd.Series | None  # original key → vocab code, learned on aligned members
    scale: tuple[float, float]  # numeric range mapped onto [0, 1]
    fill: float  # median numeric value, stands in for missing ones
    generalize: Generalizer | None = None  # public hierarchy at the released level

    @property
    def n_categories(self) -> int:
        return len(self.vocab)

    def release_codes(self, series: pd.Series) -> np.ndarray:
        """Vocabulary index of each released value (-1 when unknown)."""
        return self.vocab.get_indexer(keys(series)).astype(np.int64)

    def original_codes(self, series: pd.Series) -> np.ndarray:
        """Vocabulary index of the released form of each original value (-1 when none).

        The public hierarchy at the released level first, then the label the same value got
        among the members, then the value itself, then (for ranges) the narrowest released
        range containing the number, the most specific mask it fits, or the release's
        suppressed label ('*') if it has one.
        """
        k = keys(series)
        codes = self.vocab.get_indexer(k).astype(np.int64)
        if self.value_map is not None:
            mapped = k.map(self.value_map).to_numpy(dtype=float, na_value=np.nan)
            codes = np.where(np.isnan(mapped), codes, np.nan_to_num(mapped)).astype(np.int64)
        if self.generalize is not None:
            general = self.generalize(series)
            found = self.vocab.get_indexer(keys(general)).astype(np.int64)
            codes = np.where(general.notna().to_numpy() & (found >= 0), found, codes)
        if self.kind == "interval" and (codes < 0).any():
            missing = codes < 0
            codes[missing] = containing(numbers(series)[missing], self.low, self.high)
        if self.kind == "categorical" and (codes < 0).any():
            missing = codes < 0
            codes[missing] = masked(k[missing].to_numpy(dtype=str), self.vocab)
        if (codes < 0).any():
            codes[codes < 0] = suppressed_code(self.vocab)
        return codes

    def release_numbers(self, series: pd.Series) -> np.ndarray:
        if self.kind == "numeric":
            return numbers(series)
        return self._midpoints(self.release_codes(series))

    def original_numbers(self, series: pd.Series) -> np.ndarray:
        """Numbers as the release would show them: a range's midpoint (missing when the
        released form is '*'), the value itself when no released form was found."""
        if self.kind == "numeric":
            return numbers(series)
        codes = self.original_codes(series)
        return np.where(codes >= 0, self._midpoints(codes), numbers(series))

    def _midpoints(self, codes: np.ndarray) -> np.ndarray:
        table = np.append(self.midpoints, np.nan)
        return table[np.where(codes >= 0, codes, len(self.midpoints))]


def fit_coder(
    name: str,
    release: pd.Series,
    *,
    original: pd.Series | None = None,
    aligned_original: pd.Series | None = None,
    categorical: bool = False,
    bounds: tuple[float, float] | None = None,
    generalize: Generalizer | None = None,
) -> ColumnCoder:
    """Fit the coder of column ``name`` on the released values.

    ``original`` tells whether the column was numeric before release; ``aligned_original``
    holds the same members' original values row for row (generalization methods), from which
    original → released labels are learned; ``generalize`` maps original values to released
    labels by a public hierarchy. ``bounds`` are public bounds for scaling.
    """
    kind = _kind(release, original, categorical)
    if kind == "numeric":
        vals = numbers(release)
        return _coder(name, kind, pd.Index([]), np.zeros(0), np.zeros(0), vals, None, bounds)
    counts = keys(release).value_counts(sort=False)
    counts = counts.iloc[np.lexsort((counts.index.to_numpy(dtype=str), -counts.to_numpy()))]
    vocab = pd.Index(counts.index.to_numpy(dtype=str))
    low = high = np.full(len(vocab), np.nan)
    if kind == "interval":
        dates = original is not None and pd.api.types.is_datetime64_any_dtype(original)
        low, high, _ = parse_ranges(vocab.to_numpy(), dates=dates)
    value_map = (
        learn_map(vocab, keys(release), keys(aligned_original))
        if aligned_original is not None
        else None
    )
    mids = (low + high) / 2
    coder_vals = mids[vocab.get_indexer(keys(release))] if kind == "interval" else np.zeros(0)
    coder = _coder(name, kind, vocab, low, high, coder_vals, value_map, bounds)
    return dataclasses.replace(coder, generalize=generalize) if generalize else coder


def _coder(
    name: str,
    kind: str,
    vocab: pd.Index,
    low: np.ndarray,
    high: np.ndarray,
    values: np.ndarray,
    value_map: pd.Series | None,
    bounds: tuple[float, float] | None,
) -> ColumnCoder:
    finite = values[np.isfinite(values)]
    if bounds is None:
        bounds = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
    return ColumnCoder(
        name=name,
        kind=kind,
        vocab=vocab,
        midpoints=(low + high) / 2,
        low=low,
        high=high,
        value_map=value_map,
        scale=(float(bounds[0]), float(bounds[1])),
        fill=float(np.median(finite)) if len(finite) else 0.0,
    )


def _kind(release: pd.Series, original: pd.Series | None, categorical: bool) -> str:
    if categorical:
        return "categorical"
    if _is_number_like(release):
        return "numeric"
    if original is not None and _is_number_like(original):
        uniques = keys(release).unique().to_numpy(dtype=str)
        if parse_ranges(uniques, dates=pd.api.types.is_datetime64_any_dtype(original))[2] >= (
            INTERVAL_SHARE
        ):
            return "interval"
    return "categorical"


def one_hot(codes: np.ndarray, width: int) -> np.ndarray:
    """Rows of zeros with a 1 at each code below ``width``; codes beyond go to a last 'other'
    column; unknown codes (-1) stay all zero."""
    out = np.zeros((len(codes), width + 1), dtype=np.float32)
    known = codes >= 0
    out[np.flatnonzero(known), np.minimum(codes[known], width)] = 1.0
    return out


def scaled(values: np.ndarray, coder: ColumnCoder) -> np.ndarray:
    """Numbers mapped to [0, 1] by the coder's range; missing values take the median."""
    lo, hi = coder.scale
    filled = np.where(np.isnan(values), coder.fill, values)
    return np.clip((filled - lo) / (hi - lo) if hi > lo else filled * 0, 0.0, 1.0)
