"""Property inference (Ganju et al. 2018; Suri & Evans 2022): learn a global property of the
training data, the share of one value of one column, from a model trained on it."""

from core.attacks.property.attack import PropertyInputs, property_attack
from core.attacks.property.game import GameScore, play
from core.attacks.property.result import PropertyResult
from core.attacks.property.spec import PropertySpec, check_property, default_property

__all__ = [
    "GameScore",
    "PropertyInputs",
    "PropertyResult",
    "PropertySpec",
    "check_property",
    "default_property",
    "play",
    "property_attack",
]
