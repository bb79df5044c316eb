"""Membership inference: threshold (Yeom), shadow models (Shokri), LiRA offline (Carlini),
distance to the closest released record, and for synthetic releases DOMIAS (density ratio)
and TAPAS (shadow generators)."""

from core.attacks.membership.data import MembershipData, Outputs, model_outputs
from core.attacks.membership.distance import distance_scores
from core.attacks.membership.domias import domias_scores
from core.attacks.membership.lira import lira_scores
from core.attacks.membership.reference import ReferenceOutputs, train_references
from core.attacks.membership.result import MembershipResult, dp_advantage_ceiling, membership_result
from core.attacks.membership.shadow import shadow_scores
from core.attacks.membership.tapas import tapas_scores
from core.attacks.membership.threshold import threshold_scores

__all__ = [
    "MembershipData",
    "MembershipResult",
    "Outputs",
    "ReferenceOutputs",
    "distance_scores",
    "domias_scores",
    "dp_advantage_ceiling",
    "lira_scores",
    "membership_result",
    "model_outputs",
    "shadow_scores",
    "tapas_scores",
    "threshold_scores",
    "train_references",
]
