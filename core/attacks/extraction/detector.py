"""The seed's defence, measured: an IsolationForest fitted on normal use (the target's training
records), its alarm line set so that 1 % of held-out normal records raise an alarm."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.bounds import random_state
from core.model.estimators import one_thread
from core.model.proxy import TrainedModel

FALSE_ALARMS = 0.01
FIT_ROWS = 5000


def flagged_shares(
    model: TrainedModel,
    normal: pd.DataFrame,
    held_out: pd.DataFrame,
    query_sets: dict[str, np.ndarray],
    *,
    seed: int,
) -> tuple[dict[str, float] | None, float | None]:
    """Share of each query set the detector flags, and its false alarms on ``held_out``."""
    from sklearn.ensemble import IsolationForest

    if len(normal) < 10 or len(held_out) < 10:
        return None, None
    rng = np.random.default_rng(seed + 5)
    rows = normal if len(normal) <= FIT_ROWS else normal.iloc[rng.choice(len(normal), FIT_ROWS)]
    fit = _finite(model.matrix(model.space.code(rows, released=False)))
    detector = IsolationForest(n_estimators=100, random_state=random_state(seed), n_jobs=1)
    with one_thread():
        detector.fit(fit)
        normal_use = model.matrix(model.space.code(held_out, released=False))
        calm = detector.score_samples(_finite(normal_use))
        line = float(np.quantile(calm, FALSE_ALARMS))
        flagged = {
            k: float(np.mean(detector.score_samples(_finite(m)) < line))
            for k, m in query_sets.items()
        }
    return flagged, float(np.mean(calm < line))


def _finite(matrix: np.ndarray) -> np.ndarray:
    return np.nan_to_num(matrix, nan=-1.0)
