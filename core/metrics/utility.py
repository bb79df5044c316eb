"""Classification quality of the proxy model: accuracy, balanced accuracy, ROC AUC."""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.metrics import balanced_accuracy_score, roc_auc_score


def classification_scores(codes: np.ndarray, proba: np.ndarray) -> dict[str, float | None]:
    """Scores of predicted class probabilities ``proba`` (n × C) against true class ``codes``.

    A code of -1 (a label the model never saw) counts as a miss; ROC AUC is one-vs-rest
    for more than two classes and None when the test labels hold a single class.
    """
    if len(codes) == 0:
        return {"accuracy": None, "balanced_accuracy": None, "roc_auc": None}
    predicted = proba.argmax(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # classes absent from the test labels
        balanced = balanced_accuracy_score(codes, predicted)
    return {
        "accuracy": float(np.mean(predicted == codes)),
        "balanced_accuracy": float(balanced),
        "roc_auc": _roc_auc(codes, proba),
    }


def _roc_auc(codes: np.ndarray, proba: np.ndarray) -> float | None:
    known = codes >= 0
    codes, proba = codes[known], proba[known]
    present = np.unique(codes)
    if len(present) < 2:
        return None
    if proba.shape[1] == 2:
        return float(roc_auc_score(codes, proba[:, 1]))
    # one-vs-rest over the classes present in the test labels, weighted by prevalence
    sub = proba[:, present]
    sub = sub / np.clip(sub.sum(axis=1, keepdims=True), 1e-12, None)
    if len(present) == 2:
        return float(roc_auc_score(codes == present[1], sub[:, 1]))
    return float(roc_auc_score(codes, sub, multi_class="ovr", average="weighted", labels=present))


def majority_accuracy(codes: np.ndarray, train_codes: np.ndarray) -> float | None:
    """Accuracy of always predicting the most common training label (the naive baseline)."""
    if len(codes) == 0 or len(train_codes) == 0:
        return None
    majority = np.bincount(train_codes[train_codes >= 0]).argmax()
    return float(np.mean(codes == majority))
