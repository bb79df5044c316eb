"""Attacks on a large table run on a uniform random sample of its rows (seeded), drawn before
the member/control split; re-identification keeps measuring the whole table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.results import ResultMixin


@dataclass(frozen=True)
class AttackSample(ResultMixin):
    """``rows`` records of ``of`` drawn with ``seed``: assessment.json's ``sample``."""

    rows: int
    of: int
    seed: int


def draw_sample(
    frame: pd.DataFrame, size: int, seed: int
) -> tuple[pd.DataFrame, AttackSample | None]:
    """``size`` rows of ``frame`` at random (in table order), or the whole frame and None when
    it has no more rows than ``size``."""
    total = len(frame)
    if total <= size:
        return frame, None
    rng = np.random.default_rng([seed, 0x5A3])
    rows = np.sort(rng.choice(total, size=size, replace=False))
    return frame.iloc[rows], AttackSample(rows=size, of=total, seed=seed)
