"""How a protected release relates to the members it came from: row alignment and the
public hierarchies that map an original value onto its released label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from core import methods
from core.model.coder import Generalizer, keys
from core.model.space import ReleaseLink
from core.settings import ProtectionSettings

if TYPE_CHECKING:
    from core.hierarchy import Hierarchy


def release_link(
    protection: ProtectionSettings,
    result: Any,
    release: pd.DataFrame,
    members: pd.DataFrame,
    hierarchies: Mapping[str, Hierarchy] | None,
) -> ReleaseLink:
    """Aligned for generalization methods whose rows keep the members' labels; with the
    given hierarchies at the levels of a global recoding (optimal) as generalizers."""
    if not methods.generalizes(protection.method) or not same_rows(release, members):
        return ReleaseLink()
    generalizers: dict[str, Generalizer] = {}
    if methods.method(protection.method).global_recoding:
        levels = getattr(result, "transformation", None) or {}
        for column, level in levels.items():
            h = (hierarchies or {}).get(column)
            if h is not None and level > 0:
                generalizers[column] = hierarchy_generalizer(h, level)
    return ReleaseLink(aligned=True, generalizers=generalizers)


def same_rows(release: pd.DataFrame, members: pd.DataFrame) -> bool:
    """Release rows carry the row labels of the members they came from."""
    return bool(release.index.is_unique and np.all(release.index.isin(members.index)))


def hierarchy_generalizer(hierarchy: Hierarchy, level: int) -> Generalizer:
    """Original values → their label at ``level``; values the hierarchy lacks → NA."""
    known = pd.Index(hierarchy.values, dtype=str)

    def generalize(series: pd.Series) -> pd.Series:
        inside = keys(series).isin(known).to_numpy()
        out = pd.Series(pd.NA, index=series.index, dtype="string")
        if inside.any():
            labels = hierarchy.generalize(series[inside], level)
            out[inside] = labels.astype("string").to_numpy()
        return out

    return generalize
