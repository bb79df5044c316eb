"""Model inversion (Fredrikson et al. 2014) against the proxy model: the adversary knows a
target's other features and its label, tries every value of the sensitive feature and keeps
the one that, weighted by how common it is, best explains the known label."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.model.proxy import TrainedModel, true_confidence

MAX_CANDIDATES = 30  # most common values of the sensitive column that are tried


def inversion_guesses(
    model: TrainedModel, sensitive: str, release: pd.DataFrame, targets: Sequence[pd.DataFrame]
) -> list[np.ndarray]:
    """Guessed sensitive labels (as text) per target table."""
    coder = model.space.coder(sensitive)
    k = min(coder.n_categories, MAX_CANDIDATES)
    counts = np.bincount(
        np.clip(coder.release_codes(release[sensitive]), 0, None), minlength=coder.n_categories
    )[:k]
    prior = counts / max(counts.sum(), 1)
    out = []
    for frame in targets:
        coded = model.space.code(frame, released=False)
        labels = model.label_codes(frame)
        score = np.empty((k, len(frame)))
        for v in range(k):
            coded[sensitive] = np.full(len(frame), v)
            score[v] = true_confidence(model.proba(model.matrix(coded)), labels) * prior[v]
        out.append(coder.vocab.to_numpy()[score.argmax(axis=0)])
    return out
