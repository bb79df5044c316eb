"""DP proxy models: diffprivlib's LogisticRegression, GaussianNB and RandomForestClassifier
behind one scikit-learn compatible classifier with explicit privacy parameters.

Expected features: numbers in a range known without looking at the data, e.g. categorical
columns one-hot encoded (0/1) and numeric columns min-max scaled to [0, 1] with PUBLIC bounds
(the same ``--bounds`` as the release, clipped). Then ``bounds=(0, 1)`` (dp-nb, dp-rf) and
``data_norm=unit_features_norm(number of original columns)`` (dp-logreg) leak nothing.
When the caller lacks them, ``fit`` reads them from the data it is given, which must be the
MEMBER (training) rows only, and says so in ``warnings_``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from core.dp.backend import (
    BaseEstimator,
    ClassifierMixin,
    GaussianNB,
    LogisticRegression,
    RandomForestClassifier,
    check_is_fitted,
)
from core.dp.ledger import BudgetLedger
from core.dp.result import LEAK_PREFIX, privacy_warnings
from core.errors import ConfigError, ValidationError

MODELS = {
    "dp-logreg": LogisticRegression,
    "dp-nb": GaussianNB,
    "dp-rf": RandomForestClassifier,
}
Bounds = tuple[float | Sequence[float], float | Sequence[float]]


def unit_features_norm(columns: int) -> float:
    """Largest row norm of one-hot + [0, 1]-scaled features from ``columns`` original columns."""
    return math.sqrt(columns)


def make_dp_model(
    name: str,
    *,
    epsilon: float,
    bounds: Bounds | None = None,
    data_norm: float | None = None,
    classes: Sequence[object] | None = None,
    random_state: int | None = None,
    ledger: BudgetLedger | None = None,
) -> DPClassifier:
    """A DP classifier; dp-logreg needs ``data_norm``, dp-nb and dp-rf need ``bounds``."""
    return DPClassifier(
        name,
        epsilon=epsilon,
        bounds=bounds,
        data_norm=data_norm,
        classes=classes,
        random_state=random_state,
        ledger=ledger,
    )


class DPClassifier(ClassifierMixin, BaseEstimator):
    """scikit-learn classifier around a diffprivlib model; spends ``epsilon`` per ``fit``.

    After ``fit``: ``model_`` (the diffprivlib estimator), ``classes_``, ``bounds_`` /
    ``data_norm_`` as used, and ``warnings_`` (what was read from the data).
    """

    def __init__(
        self,
        name: str = "dp-logreg",
        *,
        epsilon: float = 1.0,
        bounds: Bounds | None = None,
        data_norm: float | None = None,
        classes: Sequence[object] | None = None,
        random_state: int | None = None,
        ledger: BudgetLedger | None = None,
    ) -> None:
        self.name = name
        self.epsilon = epsilon
        self.bounds = bounds
        self.data_norm = data_norm
        self.classes = classes
        self.random_state = random_state
        self.ledger = ledger

    def fit(self, X: Any, y: Any) -> DPClassifier:
        """Fit on the member rows; the spend is refused before any work if it does not fit."""
        _check_choice(self.name, self.epsilon)
        X, y = _features(X), np.asarray(y)
        notes: list[str] = []
        classes = self._classes(y, notes)
        ledger = self.ledger if self.ledger is not None else BudgetLedger()
        model = self._model(X, len(classes), ledger, notes)
        # diffprivlib's forest compares string labels with their codes: give it codes only
        codes = np.searchsorted(classes, y)
        with privacy_warnings() as leaks, ledger.charge(f"proxy model {self.name}", self.epsilon):
            model.fit(X, codes)
        self.model_ = model
        self.classes_ = classes
        self.n_features_in_ = X.shape[1]
        self.warnings_ = tuple(notes + leaks)
        return self

    def predict(self, X: Any) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities for every class of ``classes_``, including ones unseen in training."""
        check_is_fitted(self, "model_")
        proba = self.model_.predict_proba(_features(X))
        full = np.zeros((proba.shape[0], len(self.classes_)))
        full[:, self.model_.classes_.astype(int)] = proba
        return full

    def _classes(self, y: np.ndarray, notes: list[str]) -> np.ndarray:
        if self.classes is None:
            notes.append(
                f"{self.name}: the class labels were read from the member data; give them "
                "(the target's categories) to keep a class seen only there private."
            )
            return np.unique(y)
        classes = np.unique(np.asarray(self.classes))
        unknown = np.setdiff1d(np.unique(y), classes)
        if unknown.size:
            raise ValidationError(
                f"The target holds labels outside the classes given: {unknown[:5].tolist()}.",
                value=unknown[0],
                hint="Add them to the classes, or fix the target column.",
            )
        return classes

    def _model(
        self, X: np.ndarray, n_classes: int, ledger: BudgetLedger, notes: list[str]
    ) -> BaseEstimator:
        common = {
            "epsilon": self.epsilon,
            "random_state": self.random_state,
            "accountant": ledger.accountant,
        }
        if self.name == "dp-logreg":
            self.data_norm_ = self.data_norm
            if self.data_norm_ is None:
                self.data_norm_ = float(np.linalg.norm(X, axis=1).max())
                notes.append(_read_from_data(self.name, "data_norm", self.data_norm_))
            return LogisticRegression(data_norm=self.data_norm_, **common)
        self.bounds_ = self.bounds
        if self.bounds_ is None:
            self.bounds_ = (X.min(axis=0), X.max(axis=0))
            notes.append(_read_from_data(self.name, "feature bounds", "per-column min/max"))
        if self.name == "dp-nb":
            return GaussianNB(bounds=self.bounds_, **common)
        return RandomForestClassifier(bounds=self.bounds_, classes=np.arange(n_classes), **common)


def _features(X: Any) -> np.ndarray:
    try:
        X = np.asarray(X, dtype="float64")
    except (TypeError, ValueError):
        raise ValidationError(
            "The DP models need numeric features.",
            hint="One-hot encode the categorical columns and scale numeric ones to [0, 1].",
        ) from None
    if X.ndim != 2 or not np.isfinite(X).all():
        raise ValidationError(
            "The DP models need a 2-D table of finite numbers (no missing values).",
            hint="Impute or drop missing values before fitting.",
        )
    return X


def _check_choice(name: str, epsilon: float | None) -> None:
    if name not in MODELS:
        choices = ", ".join(MODELS)
        raise ConfigError(f"Unknown DP model '{name}'.", hint=f"Choose one of: {choices}.")
    if epsilon is None or not epsilon > 0:
        raise ConfigError(
            f"The DP model {name} needs a positive privacy budget ε, not {epsilon}.",
            hint="Set model_epsilon, e.g. 1.",
        )


def _read_from_data(name: str, what: str, value: object) -> str:
    return (
        f"{LEAK_PREFIX}{name} read its {what} ({value}) from the member data, outside the ε "
        "guarantee. Give it from domain knowledge for a private model."
    )
