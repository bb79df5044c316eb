"""Linkage / homogeneity attack: find the target's equivalence class in the release through
its (generalized) quasi-identifiers and guess the class's most common sensitive value.
A target whose combination is not released is linked to the nearest released class."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.jobs import Monitor
from core.metrics.classes import class_ids
from core.model.nearest import nearest_rows
from core.model.space import FeatureSpace


def linkage_guesses(
    release: pd.DataFrame,
    space: FeatureSpace,
    qis: Sequence[str],
    sensitive: str,
    targets: Sequence[pd.DataFrame],
    monitor: Monitor | None = None,
) -> list[np.ndarray]:
    """Guessed sensitive codes per target table (vocabularies are ordered by frequency, so
    code 0 is the release's most common value); ``monitor``: Cancel while finding the
    nearest released class."""
    coded = [space.code(release, released=True)]
    coded += [space.code(t, released=False) for t in targets]
    keys = pd.DataFrame({q: np.concatenate([c[q] for c in coded]) for q in qis})
    ids, n_classes = class_ids(keys, list(qis))
    n_release = len(release)
    released_ids = ids[:n_release]
    best = _majority_per_class(released_ids, coded[0][sensitive], n_classes)
    has_rows = np.zeros(n_classes, dtype=bool)
    has_rows[released_ids] = True
    qi_space = FeatureSpace(tuple(space.coder(q) for q in qis))
    out, start = [], n_release
    for target, c in zip(targets, coded[1:], strict=True):
        mine = ids[start : start + len(target)]
        start += len(target)
        unmatched = ~has_rows[mine]
        if unmatched.any() and n_release:
            mine = mine.copy()
            mine[unmatched] = _nearest_class(
                qi_space, coded[0], c, released_ids, unmatched, monitor
            )
        out.append(best[mine])
    return out


def _nearest_class(
    space: FeatureSpace,
    released: dict[str, np.ndarray],
    target: dict[str, np.ndarray],
    released_ids: np.ndarray,
    rows: np.ndarray,
    monitor: Monitor | None,
) -> np.ndarray:
    """Class of the released row closest to each selected target (a differing label and a
    full-range numeric difference weigh the same)."""
    first = np.unique(released_ids, return_index=True)[1]
    weight = 1 / math.sqrt(2)
    reps = space.matrix(
        {k: v[first] for k, v in released.items()}, dense=True, one_hot_value=weight
    )
    x = space.matrix({k: v[rows] for k, v in target.items()}, dense=True, one_hot_value=weight)
    nearest, _ = nearest_rows(x, reps, monitor)
    return released_ids[first[nearest]]


def _majority_per_class(ids: np.ndarray, values: np.ndarray, n_classes: int) -> np.ndarray:
    """Most common value per class (ties: the globally more common, i.e. lower, code); 0 for
    classes without released rows."""
    pairs = pd.DataFrame({"c": ids, "v": values}).value_counts().reset_index(name="n")
    pairs = pairs.sort_values(["c", "n", "v"], ascending=[True, False, True], kind="stable")
    first = pairs.drop_duplicates("c")
    best = np.zeros(n_classes, dtype=np.int64)
    best[first["c"].to_numpy()] = np.maximum(first["v"].to_numpy(), 0)
    return best
