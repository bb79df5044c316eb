"""Yeom et al. (2018): members get more confidence on their true label than non-members."""

from __future__ import annotations

import numpy as np

from core.attacks.membership.data import Outputs
from core.model.proxy import true_confidence


def threshold_scores(outputs: Outputs) -> tuple[np.ndarray, np.ndarray]:
    """Confidence on the true label (equivalent to thresholding the loss)."""
    return (
        true_confidence(outputs.members, outputs.member_codes),
        true_confidence(outputs.non_members, outputs.non_member_codes),
    )
