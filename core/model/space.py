"""The feature space of a release: every column's coder, fitted on the members' release only,
turning released tables and original records alike into model matrices."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.model.coder import ColumnCoder, Generalizer, fit_coder, one_hot, scaled

MAX_ONE_HOT = 100  # most frequent labels kept as their own column; the rest share one
HGB_MAX_CATEGORIES = 250

Coded = dict[str, np.ndarray]


@dataclass(frozen=True)
class ReleaseLink:
    """What ties a release to the members it came from. ``aligned``: released rows keep the
    members' row labels (generalization), so original → released labels can be learned;
    ``generalizers``: public hierarchies at the released level, per column."""

    aligned: bool = False
    generalizers: Mapping[str, Generalizer] = field(default_factory=dict)


@dataclass(frozen=True)
class FeatureSpace:
    """Coders in column order; ``code_*`` then ``matrix`` gives the model input."""

    coders: tuple[ColumnCoder, ...]

    @property
    def columns(self) -> list[str]:
        return [c.name for c in self.coders]

    def coder(self, name: str) -> ColumnCoder:
        return next(c for c in self.coders if c.name == name)

    @classmethod
    def fit(
        cls,
        release: pd.DataFrame,
        columns: Sequence[str],
        *,
        members: pd.DataFrame | None = None,
        link: ReleaseLink = ReleaseLink(),
        categorical: Collection[str] = (),
        bounds: Mapping[str, tuple[float, float]] | None = None,
    ) -> FeatureSpace:
        """Fit on ``release``; ``members`` are the same people before release (their dtypes
        tell numbers from labels; ``link`` says how their rows relate to the release)."""
        bounds = bounds or {}
        coders = []
        for col in columns:
            original = members[col] if members is not None else None
            aligned = link.aligned and original is not None
            same_rows = original.loc[release.index] if aligned else None
            coders.append(
                fit_coder(
                    col,
                    release[col],
                    original=original,
                    aligned_original=same_rows,
                    categorical=col in categorical,
                    bounds=bounds.get(col),
                    generalize=link.generalizers.get(col),
                )
            )
        return cls(tuple(coders))

    def code(self, frame: pd.DataFrame, *, released: bool) -> Coded:
        """Per column: label codes (categorical) or numbers (numeric, interval midpoints)."""
        out: Coded = {}
        for c in self.coders:
            s = frame[c.name]
            if c.kind == "categorical":
                out[c.name] = c.release_codes(s) if released else c.original_codes(s)
            else:
                out[c.name] = c.release_numbers(s) if released else c.original_numbers(s)
        return out

    def matrix(self, coded: Coded, *, dense: bool, one_hot_value: float = 1.0) -> np.ndarray:
        """Ordinal matrix (codes, NaN when unknown; for trees) or dense matrix in [0, 1]
        (one-hot labels, scaled numbers; for linear models, naive Bayes and distances)."""
        blocks = []
        for c in self.coders:
            v = coded[c.name]
            if c.kind == "categorical":
                if dense:
                    blocks.append(one_hot(v, min(c.n_categories, MAX_ONE_HOT)) * one_hot_value)
                else:
                    blocks.append(np.where(v >= 0, v, np.nan)[:, None])
            else:
                blocks.append((scaled(v, c) if dense else v)[:, None])
        if not blocks:
            return np.zeros((0, 0))
        return np.hstack(blocks).astype(np.float64, copy=False)

    def hgb_categorical(self) -> np.ndarray:
        """Which ordinal columns histogram gradient boosting may treat as categories."""
        return np.array(
            [c.kind == "categorical" and c.n_categories <= HGB_MAX_CATEGORIES for c in self.coders],
            dtype=bool,
        )

    def encode(self, frame: pd.DataFrame, *, released: bool, dense: bool) -> np.ndarray:
        return self.matrix(self.code(frame, released=released), dense=dense)
