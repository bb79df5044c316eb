"""The proxy model families: scikit-learn (rf, hgb, logreg) and diffprivlib (dp-*)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from core.bounds import random_state
from core.errors import ConfigError

N_JOBS = 2  # joblib threads (never processes: they fail inside the frozen app)
DENSE_MODELS = frozenset({"logreg", "dp-logreg", "dp-nb", "dp-rf"})


@dataclass(frozen=True)
class ModelRecipe:
    """How to build a fresh, unfitted estimator of one family (for targets and references)."""

    name: str
    epsilon: float | None = None
    n_trees: int = 100

    @property
    def dense(self) -> bool:
        return self.name in DENSE_MODELS

    @property
    def is_dp(self) -> bool:
        return self.name.startswith("dp-")

    def build(
        self,
        *,
        n_columns: int,
        n_features: int,
        n_classes: int,
        categorical: np.ndarray | None,
        seed: int,
    ) -> Any:
        """A new estimator; features are expected in [0, 1] for the dense families."""
        seed = random_state(seed)  # derived seeds (seed + 101 + r) may pass 2³²−1
        if self.is_dp:
            return _dp_model(self.name, self.epsilon, n_columns, n_features, n_classes, seed)
        if self.name == "rf":
            from sklearn.ensemble import RandomForestClassifier

            return RandomForestClassifier(
                n_estimators=self.n_trees, n_jobs=N_JOBS, random_state=seed
            )
        if self.name == "hgb":
            from sklearn.ensemble import HistGradientBoostingClassifier

            cats = categorical if categorical is not None and categorical.any() else None
            return HistGradientBoostingClassifier(categorical_features=cats, random_state=seed)
        if self.name == "logreg":
            from sklearn.linear_model import LogisticRegression

            return LogisticRegression(max_iter=500)
        raise ConfigError(f"Unknown proxy model '{self.name}'.")


def recipe(name: str, epsilon: float | None) -> ModelRecipe:
    """Validate the model choice; DP models need a finite or infinite positive epsilon."""
    if name.startswith("dp-") and (epsilon is None or not epsilon > 0):
        raise ConfigError(
            f"The DP proxy model '{name}' needs a privacy budget.",
            hint="Give --epsilon (e.g. 1.0) or model_epsilon in the assessment settings.",
        )
    return ModelRecipe(name=name, epsilon=epsilon if name.startswith("dp-") else None)


def _dp_model(
    name: str, epsilon: float | None, n_columns: int, n_features: int, n_classes: int, seed: int
) -> Any:
    """A diffprivlib estimator on features in [0, 1] (one-hot labels, scaled numbers): its
    bounds, norm and classes are then public, not read from the members."""
    from core.dp.models import make_dp_model, unit_features_norm

    return make_dp_model(
        name,
        epsilon=float(epsilon) if epsilon is not None else 1.0,
        bounds=(np.zeros(n_features), np.ones(n_features)),
        data_norm=unit_features_norm(max(n_columns, 1)),
        classes=np.arange(n_classes),
        random_state=seed,
    )


def one_thread() -> Any:
    """Keep OpenMP/BLAS inside the current thread to one core.

    Veil parallelizes across models with joblib threads; OpenMP teams on top of that (or
    on a busy machine) spin-wait and can run many times slower than one thread.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)
