"""Finding the released form of an original value: the label the same members got, the
range that contains the number, the mask ('484**') the code fits, or the suppressed '*'."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.model.labels import SUPPRESSED


def learn_map(vocab: pd.Index, released: pd.Series, original: pd.Series) -> pd.Series:
    """Most frequent released label (as a vocabulary code) of each original value, over the
    same members row for row (keys of both columns, aligned)."""
    pairs = pd.DataFrame({"o": original.to_numpy(), "r": vocab.get_indexer(released)})
    counts = pairs.value_counts().reset_index(name="n")
    counts = counts.sort_values(["o", "n", "r"], ascending=[True, False, True], kind="stable")
    best = counts.drop_duplicates("o")
    return pd.Series(best["r"].to_numpy(), index=pd.Index(best["o"].to_numpy(dtype=str)))


def containing(values: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Index of the narrowest range [low, high] holding each value, else -1."""
    inside = (values[:, None] >= low[None, :]) & (values[:, None] <= high[None, :])
    width = np.where(inside, (high - low)[None, :], np.inf)
    return np.where(inside.any(axis=1), width.argmin(axis=1), -1)


def masked(values: np.ndarray, vocab: pd.Index) -> np.ndarray:
    """Index of the most specific mask in ``vocab`` each value fits ('*' matches any one
    character, lengths must agree), else -1."""
    out = np.full(len(values), -1, dtype=np.int64)
    labels = vocab.to_numpy(dtype=str)
    is_mask = (np.char.find(labels, "*") >= 0) & ~np.isin(labels, list(SUPPRESSED))
    if not is_mask.any() or not len(values):
        return out
    uniques, inverse = np.unique(values, return_inverse=True)
    best = np.full(len(uniques), -1, dtype=np.int64)
    lengths = np.char.str_len(uniques)
    for width in np.unique(lengths):
        masks = np.flatnonzero(is_mask & (np.char.str_len(labels) == width))
        rows = np.flatnonzero(lengths == width)
        if not len(masks) or width == 0:
            continue
        u = _chars(uniques[rows], width)
        m = _chars(labels[masks], width)
        fits = ((u[:, None, :] == m[None]) | (m == "*")[None]).all(axis=2)
        score = np.where(fits, (m == "*").sum(axis=1)[None, :], width + 1)
        best[rows] = np.where(fits.any(axis=1), masks[score.argmin(axis=1)], -1)
    return best[inverse.ravel()]


def suppressed_code(vocab: pd.Index) -> int:
    """Index of the release's fully suppressed label ('*'), else -1."""
    hits = np.flatnonzero(vocab.isin(list(SUPPRESSED)))
    return int(hits[0]) if len(hits) else -1


def _chars(strings: np.ndarray, width: int) -> np.ndarray:
    return strings.astype(f"U{width}").view("U1").reshape(len(strings), width)
