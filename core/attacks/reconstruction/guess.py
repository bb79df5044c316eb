"""Record reconstruction: the attacker knows a target's quasi-identifiers, finds the released
rows that share them (the nearest released class when none does) and takes that class's most
common label, or median number, as its guess for every other column."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import pairwise_distances_argmin_min

from core.jobs import Monitor
from core.metrics.classes import class_ids
from core.model.space import Coded, FeatureSpace


def reconstruct(
    release: pd.DataFrame,
    space: FeatureSpace,
    qis: Sequence[str],
    others: Sequence[str],
    targets: Sequence[pd.DataFrame],
    *,
    monitor: Monitor,
) -> list[dict[str, np.ndarray]]:
    """Guesses per target table and column: label codes (categories) or numbers."""
    coded = [space.code(release, released=True)]
    coded += [space.code(t, released=False) for t in targets]
    keys = pd.DataFrame({q: np.concatenate([c[q] for c in coded]) for q in qis})
    ids, n_classes = class_ids(keys, list(qis))
    released_ids = ids[: len(release)]
    monitor.progress(0.2, "Matching people to released rows")
    qi_space = FeatureSpace(tuple(space.coder(q) for q in qis))
    found, start = [], len(release)
    for c, t in zip(coded[1:], targets, strict=True):
        mine = ids[start : start + len(t)].copy()
        start += len(t)
        unmatched = ~np.isin(mine, released_ids)
        if unmatched.any():
            mine[unmatched] = _nearest(qi_space, coded[0], c, released_ids, unmatched)
        found.append(mine)
        monitor.check_cancelled()
    monitor.progress(0.6, "Guessing the other columns")
    guesses: list[dict[str, np.ndarray]] = [{} for _ in targets]
    for col in others:
        per_class = _per_class(released_ids, coded[0][col], n_classes, space.coder(col).kind)
        for g, mine in zip(guesses, found, strict=True):
            g[col] = per_class[mine]
    return guesses


def _nearest(
    space: FeatureSpace, released: Coded, target: Coded, released_ids: np.ndarray, rows: np.ndarray
) -> np.ndarray:
    """Class of the released row closest on the quasi-identifiers to each selected target."""
    first = np.unique(released_ids, return_index=True)[1]
    weight = 1 / math.sqrt(2)
    reps = space.matrix(
        {k: v[first] for k, v in released.items()}, dense=True, one_hot_value=weight
    )
    x = space.matrix({k: v[rows] for k, v in target.items()}, dense=True, one_hot_value=weight)
    nearest, _ = pairwise_distances_argmin_min(x, reps)
    return released_ids[first[nearest]]


def _per_class(ids: np.ndarray, values: np.ndarray, n_classes: int, kind: str) -> np.ndarray:
    """Most common code (ties: the more common overall, i.e. lower) or median number per class."""
    frame = pd.DataFrame({"c": ids, "v": values})
    if kind != "categorical":
        medians = frame.groupby("c")["v"].median()
        out = np.full(n_classes, np.nan)
        out[medians.index.to_numpy()] = medians.to_numpy()
        return out
    pairs = frame.value_counts().reset_index(name="n")
    pairs = pairs.sort_values(["c", "n", "v"], ascending=[True, False, True], kind="stable")
    top = pairs.drop_duplicates("c")
    out = np.full(n_classes, -1, dtype=np.int64)
    out[top["c"].to_numpy()] = top["v"].to_numpy()
    return out
