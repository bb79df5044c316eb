"""What both sides of an assessment share: the original table, the split, the column roles,
the model recipe and the privacy parameters that bound the attacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from core.assessment.split import Split
from core.attacks.membership.data import MembershipData
from core.attacks.property.spec import PropertySpec
from core.model.estimators import ModelRecipe
from core.settings import AssessmentSettings

N_REFERENCE_MODELS = 8
ATTRIBUTE_TARGETS = 3000  # members (and as many controls) attacked per attribute attack


@dataclass(frozen=True)
class Context:
    """Immutable inputs of one assessment; ``frame`` is the original table, identifiers
    removed, indexed by input row number."""

    frame: pd.DataFrame
    split: Split
    qis: tuple[str, ...]
    sensitive: str | None
    target: str | None
    features: tuple[str, ...]
    recipe: ModelRecipe | None
    settings: AssessmentSettings
    bounds: dict[str, tuple[float, float]]
    seed: int
    n_reference_models: int = N_REFERENCE_MODELS
    attribute_targets: int = ATTRIBUTE_TARGETS
    prop: PropertySpec | None = None  # the share property inference attacks
    # the protection re-run on other rows of ``frame`` with a seed (shadow generators);
    # None when nothing was protected
    regenerate: Callable[[pd.DataFrame, int], pd.DataFrame] | None = None

    @cached_property
    def members(self) -> pd.DataFrame:
        return self.frame.loc[self.split.members]

    @cached_property
    def non_members(self) -> pd.DataFrame:
        return self.frame.loc[self.split.non_members]

    @cached_property
    def membership_data(self) -> MembershipData:
        f, s = self.frame, self.split
        return MembershipData(f.loc[s.eval_members], f.loc[s.eval_non_members], f.loc[s.pool])

    @cached_property
    def attribute_targets_frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Members and controls attacked for the sensitive value (same rows on both sides)."""
        rng = np.random.default_rng(self.seed + 7)
        m, c = self.split.eval_members, self.split.eval_non_members
        n = min(len(m), len(c), self.attribute_targets)
        pick_m = np.sort(rng.choice(len(m), size=n, replace=False))
        pick_c = np.sort(rng.choice(len(c), size=n, replace=False))
        return self.frame.loc[m[pick_m]], self.frame.loc[c[pick_c]]

    def wants(self, attack: str) -> bool:
        return attack in self.settings.attacks
