"""The distinguishing game: a meta-classifier tells models trained at one share from models
trained at another, from their outputs alone; its accuracy on models it never saw."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.metrics.intervals import wilson_interval
from core.model.estimators import one_thread
from core.results import ResultMixin

FOLDS = 4


@dataclass(frozen=True)
class GameScore(ResultMixin):
    """Accuracy of the meta-classifier on shadow models held out of its training (k-fold),
    with a Wilson 95 % interval; chance is 0.5."""

    accuracy: float
    interval: tuple[float, float]
    models: int


def play(features: np.ndarray, labels: np.ndarray, *, seed: int) -> GameScore:
    """Each model is judged by a meta-classifier trained on the other folds' models only."""
    n = len(labels)
    order = np.random.default_rng(seed).permutation(n)
    right = 0
    with one_thread():
        for fold in range(FOLDS):
            test = order[fold::FOLDS]
            train = np.setdiff1d(order, test)
            meta = fit_meta(features[train], labels[train])
            right += int(np.sum(meta_predict(meta, features[test]) == labels[test]))
    lo, hi = wilson_interval(right, n)
    return GameScore(right / n, (lo, hi), n)


def fit_meta(features: np.ndarray, labels: np.ndarray):
    """Logistic regression on standardized features; a constant guess when one class is seen
    (callers keep BLAS to one thread around it)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if len(np.unique(labels)) < 2:
        return int(labels[0]) if len(labels) else 0
    meta = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
    return meta.fit(features, labels)


def meta_predict(meta, features: np.ndarray) -> np.ndarray:
    return meta_proba(meta, features).round().astype(int)


def meta_proba(meta, features: np.ndarray) -> np.ndarray:
    """Probability that each model was trained at the shifted share."""
    if isinstance(meta, int):
        return np.full(len(features), float(meta))
    return meta.predict_proba(features)[:, 1]
