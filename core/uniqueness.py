"""How much each column kept as it is adds to the records made unique by the quasi-identifiers.

Counted on whole columns with dense group ids (``pd.factorize``), no loop over rows: a record
is unique when no other record shares its values on the columns considered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.results import ResultMixin
from core.schema import Role

KEPT_ROLES = (Role.INSENSITIVE, Role.TARGET)  # released exactly as they are
WORST_SHOWN = 5
NOTABLE_GAIN = 0.05  # a kept column adding this share of unique records is worth naming


@dataclass(frozen=True)
class Contribution(ResultMixin):
    """Records unique on the quasi-identifiers with and without ``column``, as shares in
    [0, 1]; ``alone``: share unique on the column by itself; ``action``: what would help."""

    column: str
    unique_without: float
    unique_with: float
    alone: float
    action: str

    @property
    def added(self) -> float:
        return max(0.0, self.unique_with - self.unique_without)

    def sentence(self) -> str:
        """'weight: 41% more records unique (alone 80%): generalize it or make it a QI.'"""
        return (
            f"{self.column}: {self.added:.0%} more records unique "
            f"(alone {self.alone:.0%}): {self.action}"
        )


def kept_columns(roles: Mapping[str, Role | str]) -> list[str]:
    """Columns released as they are (Keep as is and the target)."""
    return [c for c, r in roles.items() if Role(r) in KEPT_ROLES]


def contributions(
    frame: pd.DataFrame, roles: Mapping[str, Role | str], columns: Iterable[str] | None = None
) -> tuple[Contribution, ...]:
    """The contribution of every kept column (or of ``columns``), largest first."""
    qis = [c for c, r in roles.items() if Role(r) is Role.QUASI_IDENTIFIER and c in frame]
    base = group_ids(frame, qis)
    without = unique_share(base)
    wanted = kept_columns(roles) if columns is None else list(columns)
    out = []
    for column in (c for c in wanted if c in frame.columns):
        series = frame[column]
        alone = unique_share(group_ids(frame, [column]))
        with_it = unique_share(combine(base, series))
        out.append(Contribution(column, without, with_it, alone, _action(series, alone)))
    return tuple(sorted(out, key=lambda c: (-c.added, -c.alone, c.column)))


def worst(found: Iterable[Contribution], limit: int = WORST_SHOWN) -> list[Contribution]:
    """The contributions worth naming (adding at least ``NOTABLE_GAIN``), largest first."""
    notable = [c for c in found if c.added >= NOTABLE_GAIN or c.alone > 0.5]
    return notable[:limit]


def group_ids(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Dense ids of the combinations of ``columns`` (missing counts as a value)."""
    ids = np.zeros(len(frame), dtype=np.int64)
    for c in columns:
        ids = combine(ids, frame[c])
    return ids


def combine(ids: np.ndarray, column: pd.Series) -> np.ndarray:
    """Dense ids of (``ids``, ``column``) pairs."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return pd.factorize(ids * (len(uniques) + 1) + codes)[0]


def unique_share(ids: np.ndarray) -> float:
    """Share of records whose id no other record has."""
    if ids.size == 0:
        return 0.0
    return float((np.bincount(ids)[ids] == 1).mean())


def _action(series: pd.Series, alone: float) -> str:
    if alone > 0.5:
        return "remove it (role Identifier) — it alone singles out most records"
    dtype = series.dtype
    if pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype):
        return "generalize it into ranges (make it a quasi-identifier) or remove it"
    return "make it a quasi-identifier (it gets generalized) or remove it"
