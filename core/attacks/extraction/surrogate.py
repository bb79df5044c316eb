"""The attacker's copy: a small, fast model trained on the target's answers (labels only, or
class probabilities)."""

from __future__ import annotations

from typing import Any

import numpy as np

from core.bounds import random_state

SURROGATE_TREES = 20


class ConstantModel:
    """A copy trained on answers that are all the same: it always gives that answer."""

    def __init__(self, label: int, n_classes: int) -> None:
        self.label, self.n_classes = label, n_classes

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        out = np.zeros((len(matrix), self.n_classes))
        out[:, self.label] = 1.0
        return out


def fit_surrogate(matrix: np.ndarray, answers: np.ndarray, n_classes: int, *, seed: int) -> Any:
    """A random forest of a few trees on the queries and the target's answers (label codes);
    one thread (n_jobs=1; callers keep BLAS/OpenMP to one thread around the attack)."""
    from sklearn.ensemble import RandomForestClassifier

    seen = np.unique(answers)
    if len(seen) < 2:
        return ConstantModel(int(seen[0]) if len(seen) else 0, n_classes)
    model = RandomForestClassifier(
        n_estimators=SURROGATE_TREES, min_samples_leaf=1, n_jobs=1, random_state=random_state(seed)
    )
    model.fit(_finite(matrix), answers)
    return _Expanded(model, n_classes)


def fit_probability_surrogate(matrix: np.ndarray, proba: np.ndarray, *, seed: int) -> Any:
    """A random forest regressor of a few trees fitted on the queries and the target's class
    probabilities (one output per class; √features per split like the label copy's forest):
    its answers are read like the target's."""
    from sklearn.ensemble import RandomForestRegressor

    model = RandomForestRegressor(
        n_estimators=SURROGATE_TREES, max_features="sqrt", n_jobs=1,
        random_state=random_state(seed),
    )  # fmt: skip
    model.fit(_finite(matrix), proba)
    return _Regressed(model, proba.shape[1])


class _Regressed:
    """A regressor's predicted class-probability vectors, as ``predict_proba``."""

    def __init__(self, model: Any, n_classes: int) -> None:
        self.model, self.n_classes = model, n_classes

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        out = self.model.predict(_finite(matrix))
        return out.reshape(len(matrix), self.n_classes)


class _Expanded:
    """Class probabilities in the target's label-code order, zero for classes never answered."""

    def __init__(self, model: Any, n_classes: int) -> None:
        self.model, self.n_classes = model, n_classes

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        out = np.zeros((len(matrix), self.n_classes))
        out[:, self.model.classes_.astype(int)] = self.model.predict_proba(_finite(matrix))
        return out


def answers(proba: np.ndarray) -> np.ndarray:
    """The label a served model answers: its most probable class."""
    return proba.argmax(axis=1)


def _finite(matrix: np.ndarray) -> np.ndarray:
    return np.nan_to_num(matrix, nan=-1.0)
