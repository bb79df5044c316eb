"""Shokri et al. (2017): learn what a member's prediction looks like from shadow models whose
training rows are known, then apply that attack model to the target model's predictions."""

from __future__ import annotations

import numpy as np

from core.attacks.membership.data import Outputs
from core.attacks.membership.reference import ReferenceOutputs
from core.bounds import random_state
from core.jobs import Monitor
from core.model.estimators import one_thread
from core.model.proxy import true_confidence
from core.model.stoppable import fit_stoppable

_EPS = 1e-6


def prediction_features(proba: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """What the attack model sees of one prediction: confidence on the true label (logit),
    top confidence, entropy, whether it is right, and the label itself."""
    p_true = np.clip(true_confidence(proba, codes), _EPS, 1 - _EPS)
    top = np.clip(proba.max(axis=1), _EPS, 1 - _EPS)
    entropy = -(proba * np.log(np.clip(proba, _EPS, 1))).sum(axis=1)
    correct = proba.argmax(axis=1) == codes
    return np.column_stack(
        [np.log(p_true / (1 - p_true)), np.log(top / (1 - top)), entropy, correct, codes]
    )


def shadow_scores(
    target: Outputs, refs: ReferenceOutputs, *, seed: int, monitor: Monitor | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Attack-model probability of membership for every evaluation record; ``monitor``:
    Cancel between boosting rounds of the attack model."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = np.concatenate([prediction_features(p, refs.pool_codes) for p in refs.pool])
    y = refs.pool_in.ravel()
    categorical = np.array([False, False, False, False, True])
    n_labels = int(max(refs.pool_codes.max(initial=0), 0)) + 1
    attack = HistGradientBoostingClassifier(
        max_iter=100,
        categorical_features=categorical if n_labels <= 250 else None,
        random_state=random_state(seed),
    )
    known = x[:, -1] >= 0
    with one_thread():
        fit_stoppable(attack, x[known], y[known], monitor)
        col = list(attack.classes_).index(True)
        return tuple(
            attack.predict_proba(prediction_features(p, c))[:, col]
            for p, c in (
                (target.members, target.member_codes),
                (target.non_members, target.non_member_codes),
            )
        )
