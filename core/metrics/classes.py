"""Equivalence classes: rows that agree on every quasi-identifier, as dense integer ids."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

_KEY_LIMIT = 1 << 62


def class_ids(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[np.ndarray, int]:
    """Class id (0..J-1) of every row for the combination of ``columns``, and J.

    Each column is factorized once (missing values count as a value of their own) and
    the codes are folded into one int64 key, re-compacted whenever it could overflow.
    """
    n = len(frame)
    key = np.zeros(n, dtype=np.int64)
    card = 1
    for col in columns:
        codes, uniques = pd.factorize(frame[col], use_na_sentinel=False)
        width = max(len(uniques), 1)
        if card * width >= _KEY_LIMIT:
            key, card = _compact(key)
        key = key * width + codes
        card *= width
    return _compact(key)


def _compact(key: np.ndarray) -> tuple[np.ndarray, int]:
    codes, uniques = pd.factorize(key)
    return codes.astype(np.int64, copy=False), len(uniques)


def class_sizes(ids: np.ndarray, n_classes: int) -> np.ndarray:
    """Size of each class (length J)."""
    return np.bincount(ids, minlength=n_classes)
