"""The protocol's split: members (protected and released) and non-members (held out), the
non-members cut again into the evaluation controls and the attacker's reference pool."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from core.errors import ValidationError
from core.model.coder import keys
from core.results import ResultMixin, not_serialized

MIN_ROWS = 20
POOL_SHARE = 0.5  # of the non-members, kept aside to train shadow / reference models


@dataclass(frozen=True)
class Split(ResultMixin):
    """Row labels of each part; the evaluation members and non-members are equally many."""

    members: pd.Index = not_serialized()
    non_members: pd.Index = not_serialized()
    eval_members: pd.Index = not_serialized()
    eval_non_members: pd.Index = not_serialized()
    pool: pd.Index = not_serialized()
    stratified_on: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        q = len(self.eval_non_members)
        return {
            "members": len(self.members),
            "non_members": len(self.non_members),
            "stratified_on": self.stratified_on,
            "evaluation_members": len(self.eval_members),
            "evaluation_non_members": q,
            "reference_pool": len(self.pool),
            "lowest_resolvable_fpr": 1.0 / q if q else None,
        }


def split_members(
    frame: pd.DataFrame, *, target: str | None, member_fraction: float, seed: int
) -> Split:
    """Seeded split, stratified on ``target`` when every class has at least two rows."""
    n = len(frame)
    require_rows(n)
    rng = np.random.default_rng(seed)
    notes: list[str] = []
    labels = keys(frame[target]).to_numpy(dtype=str) if target else None
    if labels is not None and pd.Series(labels).value_counts().min() < 2:
        notes.append(f"Some values of '{target}' occur once: the split is not stratified.")
        labels = None
    member_pos = _draw(n, member_fraction, labels, rng)
    is_member = np.zeros(n, dtype=bool)
    is_member[member_pos] = True
    others = rng.permutation(np.flatnonzero(~is_member))
    n_pool = round(len(others) * POOL_SHARE)
    pool, controls = others[:n_pool], others[n_pool:]
    n_eval = min(len(controls), len(member_pos))
    eval_members = rng.choice(np.sort(member_pos), size=n_eval, replace=False)
    idx = frame.index
    return Split(
        members=idx[np.sort(member_pos)],
        non_members=idx[np.sort(others)],
        eval_members=idx[np.sort(eval_members)],
        eval_non_members=idx[np.sort(controls[:n_eval])],
        pool=idx[np.sort(pool)],
        stratified_on=target if labels is not None else None,
        warnings=tuple(notes),
    )


def require_rows(n: int, name: str | None = None) -> None:
    """Refuse a table too small to split into members and non-members."""
    if n < MIN_ROWS:
        table = f"The table {name}" if name else "The table"
        raise ValidationError(
            f"{table} has {n} row{'' if n == 1 else 's'}; an assessment needs at least {MIN_ROWS}.",
            hint="Attacks compare members with held-out records: use a larger table.",
        )


def _draw(
    n: int, fraction: float, labels: np.ndarray | None, rng: np.random.Generator
) -> np.ndarray:
    """Positions of the members: ``fraction`` of each label class (or of all rows)."""
    if labels is None:
        return rng.choice(n, size=max(1, round(n * fraction)), replace=False)
    codes, _ = pd.factorize(labels)
    order = rng.permutation(n)
    ranks = np.empty(n, dtype=np.int64)
    # position of each row among its class in random order
    sorted_codes = codes[order]
    by_class = np.argsort(sorted_codes, kind="stable")
    counts = np.bincount(codes)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    ranks[order[by_class]] = np.arange(n) - starts
    quota = np.round(counts * fraction).astype(np.int64)
    return np.flatnonzero(ranks < quota[codes])
