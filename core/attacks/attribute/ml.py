"""ML inference: a classifier trained on the release predicts the sensitive value from the
quasi-identifiers the adversary knows."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.jobs import Monitor
from core.model.coder import ColumnCoder
from core.model.estimators import ModelRecipe
from core.model.proxy import train
from core.model.space import FeatureSpace

ATTACK_MODEL = ModelRecipe("rf", n_trees=50)


def ml_guesses(
    release: pd.DataFrame,
    space: FeatureSpace,
    sensitive: ColumnCoder,
    targets: Sequence[pd.DataFrame],
    *,
    seed: int,
    monitor: Monitor | None = None,
) -> list[np.ndarray]:
    """Most probable sensitive code for every target, from its QIs (``space``) alone."""
    x = space.encode(release, released=True, dense=False)
    model = train(
        ATTACK_MODEL, space, sensitive, x, sensitive.release_codes(release[sensitive.name]),
        seed=seed, monitor=monitor,
    )  # fmt: skip
    return [model.proba_original(t).argmax(axis=1) for t in targets]
