"""LiRA, offline variant (Carlini et al. 2022): compare the target model's confidence on a
record with that record's own confidence distribution under reference models that never saw
it. The per-record calibration finds members among records every model is sure about."""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

from core.attacks.membership.data import Outputs
from core.attacks.membership.reference import ReferenceOutputs
from core.model.proxy import true_confidence

_CLIP = 0.01
_MIN_STD = 1e-3


def logit_confidence(proba: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """φ = log(p / (1 − p)) of the true-label confidence, the statistic LiRA models."""
    p = np.clip(true_confidence(proba, codes), _CLIP, 1 - _CLIP)
    return np.log(p) - np.log1p(-p)


def lira_scores(target: Outputs, refs: ReferenceOutputs) -> tuple[np.ndarray, np.ndarray]:
    """One-sided likelihood of membership: Φ((φ_target − μ_out) / σ_out) per record.

    σ_out is pooled over all records (Carlini's fixed variance, robust with few models).
    """
    scores = []
    for proba, codes, ref in (
        (target.members, target.member_codes, refs.members),
        (target.non_members, target.non_member_codes, refs.non_members),
    ):
        phi_out = np.stack([logit_confidence(r, codes) for r in ref])
        scores.append((logit_confidence(proba, codes), phi_out))
    all_out = np.concatenate([s[1] for s in scores], axis=1)
    sigma = max(float(np.std(all_out - all_out.mean(axis=0), ddof=1)), _MIN_STD)
    return tuple(norm.cdf((phi - out.mean(axis=0)) / sigma) for phi, out in scores)
