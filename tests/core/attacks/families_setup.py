"""A target model on the real Adult data for the extraction and property tests."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.assessment.split import split_members
from core.model.estimators import recipe
from core.model.proxy import TrainedModel, fit_proxy
from core.model.space import ReleaseLink


@dataclass(frozen=True)
class Setup:
    frame: pd.DataFrame
    split: object
    model: TrainedModel

    def part(self, name: str) -> pd.DataFrame:
        return self.frame.loc[getattr(self.split, name)]


def target_model(frame: pd.DataFrame, name: str = "rf", epsilon: float | None = None) -> Setup:
    """A model of ``name`` trained on half of ``frame`` (income predicted from every column);
    a forest of fully grown trees overfits its members."""
    split = split_members(frame, target="income", member_fraction=0.5, seed=0)
    members = frame.loc[split.members]
    features = [c for c in frame.columns if c != "income"]
    model = fit_proxy(
        members, members, target="income", features=features, recipe=recipe(name, epsilon),
        link=ReleaseLink(), seed=0,
    )  # fmt: skip
    return Setup(frame, split, model)
