"""Distance to the closest released record: a data-level attack on the table itself (what
matters for DP synthetic data). A member's own row, or its generalized form, sits close."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sklearn.metrics import pairwise_distances_argmin_min

from core.attacks.membership.data import MembershipData
from core.model.space import FeatureSpace


def distance_scores(
    release: pd.DataFrame, space: FeatureSpace, data: MembershipData
) -> tuple[np.ndarray, np.ndarray]:
    """1 / (1 + distance to the nearest released row), in a space where a differing label
    and a full-range numeric difference weigh the same."""
    weight = 1 / math.sqrt(2)
    released = space.matrix(space.code(release, released=True), dense=True, one_hot_value=weight)
    if len(released) == 0:
        return np.zeros(len(data.members)), np.zeros(len(data.non_members))
    out = []
    for frame in (data.members, data.non_members):
        x = space.matrix(space.code(frame, released=False), dense=True, one_hot_value=weight)
        _, dist = pairwise_distances_argmin_min(x, released)
        out.append(1.0 / (1.0 + dist))
    return out[0], out[1]
