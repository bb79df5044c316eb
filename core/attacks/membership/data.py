"""Who is attacked: evaluation members and non-members (original form), and the attacker's
population sample (non-members never evaluated) for shadow and reference models."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.model.proxy import TrainedModel


@dataclass(frozen=True)
class MembershipData:
    members: pd.DataFrame
    non_members: pd.DataFrame
    pool: pd.DataFrame


@dataclass(frozen=True)
class Outputs:
    """A model's class probabilities on the evaluation records, with their true label codes."""

    members: np.ndarray
    non_members: np.ndarray
    member_codes: np.ndarray
    non_member_codes: np.ndarray


def model_outputs(model: TrainedModel, data: MembershipData) -> Outputs:
    """Query ``model`` with every evaluation record, as an attacker holding them would."""
    return Outputs(
        members=model.proba_original(data.members),
        non_members=model.proba_original(data.non_members),
        member_codes=model.label_codes(data.members),
        non_member_codes=model.label_codes(data.non_members),
    )
