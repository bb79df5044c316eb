"""Distance to the closest released record: a data-level attack on the table itself (what
matters for DP synthetic data). A member's own row, or its generalized form, sits close."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from core.attacks.membership.data import MembershipData
from core.jobs import Monitor
from core.model.nearest import nearest_rows
from core.model.space import FeatureSpace

CODING_BLOCK = 100_000  # rows coded between cancel checks (seconds for half a million rows)
_WEIGHT = 1 / math.sqrt(2)


def distance_scores(
    release: pd.DataFrame,
    space: FeatureSpace,
    data: MembershipData,
    monitor: Monitor | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """1 / (1 + distance to the nearest released row), in a space where a differing label
    and a full-range numeric difference weigh the same; ``monitor``: progress and Cancel
    between blocks of records."""
    check = monitor.check_cancelled if monitor is not None else lambda: None
    released = _matrix(space, release, True, check)
    if len(released) == 0:
        return np.zeros(len(data.members)), np.zeros(len(data.non_members))
    out = []
    for i, frame in enumerate((data.members, data.non_members)):
        x = _matrix(space, frame, False, check)
        part = monitor.sub(i / 2, (i + 1) / 2) if monitor is not None else None
        _, dist = nearest_rows(x, released, part)
        out.append(1.0 / (1.0 + dist))
    return out[0], out[1]


def _matrix(
    space: FeatureSpace, frame: pd.DataFrame, released: bool, check: Callable[[], None]
) -> np.ndarray:
    """The dense matrix of ``frame``, coded CODING_BLOCK rows at a time (rows are coded one
    by one, so the blocks stack to the matrix of the whole frame)."""
    blocks = []
    for start in range(0, max(len(frame), 1), CODING_BLOCK):
        check()
        part = frame.iloc[start : start + CODING_BLOCK]
        coded = space.code(part, released=released)
        blocks.append(space.matrix(coded, dense=True, one_hot_value=_WEIGHT))
    return np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
