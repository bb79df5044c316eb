"""Columns that restate the target: one column alone predicting it almost perfectly.

A usefulness figure of "99 % before / 99 % after" means little when a column such as
``is_recid`` simply repeats ``two_year_recid``. Each column is scored by the accuracy of
guessing the target as the most common target value among the records sharing the column's
value (numbers and dates cut into quantile bins), learnt on one half of the records and
checked on the other (2-fold), so a column unique per record (an ID) scores no better than
always guessing the most common target value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.results import ResultMixin

LEAK_ACCURACY = 0.98  # a single column predicting the target at least this often …
ERROR_SHARE = 0.2  # … and making at most this share of the baseline's mistakes
BINS = 20  # quantile bins for numbers and dates with more distinct values


@dataclass(frozen=True)
class TargetLeak(ResultMixin):
    """``column`` predicts ``target`` with ``accuracy``; always guessing gets ``baseline``."""

    column: str
    target: str
    accuracy: float
    baseline: float

    def sentence(self) -> str:
        return (
            f"'{self.column}' predicts '{self.target}' {self.accuracy:.0%} of the time: the "
            "usefulness figures will look better than they are; set it to Leave out if it "
            "restates the outcome."
        )


def target_leaks(
    frame: pd.DataFrame,
    target: str,
    columns: Iterable[str] | None = None,
    *,
    seed: int = 0,
) -> tuple[TargetLeak, ...]:
    """The ``columns`` (default: every other column) that alone predict ``target`` almost
    perfectly and far better than the majority baseline, most predictive first."""
    if target not in frame.columns or len(frame) < 4:
        return ()
    y = _codes(frame[target], bins=False)
    rng = np.random.default_rng(seed)
    half = rng.permutation(len(frame)) < len(frame) // 2
    baseline = float(np.bincount(y).max() / len(y))
    found = []
    for column in columns if columns is not None else frame.columns:
        if column == target or column not in frame.columns:
            continue
        accuracy = _two_fold_accuracy(_codes(frame[column], bins=True), y, half)
        if accuracy >= LEAK_ACCURACY and 1 - accuracy <= ERROR_SHARE * (1 - baseline):
            found.append(TargetLeak(str(column), str(target), accuracy, baseline))
    return tuple(sorted(found, key=lambda leak: -leak.accuracy))


def _codes(series: pd.Series, *, bins: bool) -> np.ndarray:
    """Non-negative integer codes; missing values get a code of their own."""
    if bins and _ordered(series) and series.nunique() > BINS:
        numbers = series.astype("int64") if series.dtype.kind == "M" else series
        series = pd.qcut(numbers.rank(method="first"), BINS, labels=False)
    codes = pd.factorize(series, use_na_sentinel=True)[0]
    return np.where(codes < 0, codes.max(initial=-1) + 1, codes)


def _two_fold_accuracy(x: np.ndarray, y: np.ndarray, half: np.ndarray) -> float:
    """Majority-per-value guessing learnt on one half, scored on the other, both ways."""
    hits = 0
    for test in (half, ~half):
        predicted = _guess(x[~test], y[~test], x[test])
        hits += int(np.count_nonzero(predicted == y[test]))
    return hits / len(y)


def _guess(x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray) -> np.ndarray:
    """The most common training target per value; unseen values get the overall majority."""
    n_x = int(max(x_train.max(initial=0), x_test.max(initial=0))) + 1
    n_y = int(y_train.max(initial=0)) + 1
    counts = np.bincount(x_train * n_y + y_train, minlength=n_x * n_y).reshape(n_x, n_y)
    majority = counts.argmax(axis=1)
    seen = counts.sum(axis=1) > 0
    overall = np.bincount(y_train, minlength=n_y).argmax()
    return np.where(seen[x_test], majority[x_test], overall)


def _ordered(series: pd.Series) -> bool:
    """Numbers and dates (not yes/no), cut into bins when they have many values."""
    types = pd.api.types
    numeric = types.is_numeric_dtype(series) and not types.is_bool_dtype(series)
    return numeric or types.is_datetime64_any_dtype(series)
