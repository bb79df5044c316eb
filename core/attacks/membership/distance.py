"""Distance to the closest released record: a data-level attack on the table itself (what
matters for DP synthetic data). A member's own row, or its generalized form, sits close."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from core.attacks.membership.data import MembershipData
from core.jobs import Monitor
from core.model.nearest import nearest_rows
from core.model.space import FeatureSpace


def distance_scores(
    release: pd.DataFrame,
    space: FeatureSpace,
    data: MembershipData,
    monitor: Monitor | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """1 / (1 + distance to the nearest released row), in a space where a differing label
    and a full-range numeric difference weigh the same; ``monitor``: progress and Cancel
    between blocks of records."""
    weight = 1 / math.sqrt(2)
    released = space.matrix(space.code(release, released=True), dense=True, one_hot_value=weight)
    if len(released) == 0:
        return np.zeros(len(data.members)), np.zeros(len(data.non_members))
    out = []
    for i, frame in enumerate((data.members, data.non_members)):
        x = space.matrix(space.code(frame, released=False), dense=True, one_hot_value=weight)
        part = monitor.sub(i / 2, (i + 1) / 2) if monitor is not None else None
        _, dist = nearest_rows(x, released, part)
        out.append(1.0 / (1.0 + dist))
    return out[0], out[1]
