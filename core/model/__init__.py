"""The proxy model and the feature encoding it is trained through (fitted on members only)."""

from core.model.coder import ColumnCoder, fit_coder
from core.model.estimators import ModelRecipe, recipe
from core.model.proxy import TrainedModel, fit_proxy, train, true_confidence
from core.model.space import FeatureSpace, ReleaseLink

__all__ = [
    "ColumnCoder",
    "FeatureSpace",
    "ModelRecipe",
    "ReleaseLink",
    "TrainedModel",
    "fit_coder",
    "fit_proxy",
    "recipe",
    "train",
    "true_confidence",
]
