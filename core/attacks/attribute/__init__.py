"""Attribute inference of the sensitive column: linkage, ML inference, model inversion."""

from core.attacks.attribute.inversion import inversion_guesses
from core.attacks.attribute.linkage import linkage_guesses
from core.attacks.attribute.ml import ml_guesses
from core.attacks.attribute.result import AttributeResult, attack_risk, attribute_result

__all__ = [
    "AttributeResult",
    "attack_risk",
    "attribute_result",
    "inversion_guesses",
    "linkage_guesses",
    "ml_guesses",
]
