"""The proxy model: what an analyst would train on the release, queried on original records."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from core.jobs import Monitor
from core.model.coder import ColumnCoder
from core.model.estimators import N_JOBS, ModelRecipe, one_thread
from core.model.space import Coded, FeatureSpace, ReleaseLink
from core.model.stoppable import fit_stoppable

ROWS_PER_BLOCK = 25_000  # rows one thread predicts between cancel checks


@dataclass(frozen=True)
class TrainedModel:
    """A fitted estimator with the feature space and label coder it was trained through."""

    recipe: ModelRecipe
    space: FeatureSpace
    labels: ColumnCoder
    estimator: Any
    warnings: tuple[str, ...] = ()
    # the job it was trained in: predictions on many rows stop between blocks on its Cancel
    monitor: Monitor | None = field(default=None, repr=False, compare=False)

    @property
    def n_classes(self) -> int:
        return self.labels.n_categories

    def proba(self, matrix: np.ndarray) -> np.ndarray:
        """Class probabilities (n × C) in label-code order, zero for classes never trained on."""
        out = np.zeros((len(matrix), self.n_classes))
        if len(matrix):
            out[:, self.estimator.classes_.astype(int)] = parallel_predict(
                self.estimator, matrix, monitor=self.monitor
            )
        return out

    def matrix(self, coded: Coded) -> np.ndarray:
        return self.space.matrix(coded, dense=self.recipe.dense)

    def proba_original(self, frame: pd.DataFrame) -> np.ndarray:
        return self.proba(self.matrix(self.space.code(frame, released=False)))

    def label_codes(self, frame: pd.DataFrame) -> np.ndarray:
        """True label of original records as label codes (-1: a label the release lacks)."""
        return self.labels.original_codes(frame[self.labels.name])


def train(
    recipe: ModelRecipe,
    space: FeatureSpace,
    labels: ColumnCoder,
    matrix: np.ndarray,
    codes: np.ndarray,
    *,
    seed: int,
    capture: bool = True,
    monitor: Monitor | None = None,
) -> TrainedModel:
    """Fit a fresh estimator on rows with a known label; DP warnings land on the result.

    Worker threads pass ``capture=False`` (warning filters are process-global, so the
    caller records around the whole parallel section instead). With ``monitor``, forests
    are grown in batches and Cancel stops the fit between batches.
    """
    keep = codes >= 0
    estimator = recipe.build(
        n_columns=len(space.coders),
        n_features=matrix.shape[1],
        n_classes=labels.n_categories,
        categorical=None if recipe.dense else space.hgb_categorical(),
        seed=seed,
    )
    notes: tuple[str, ...] = ()
    if capture:
        with recorded_warnings() as caught, one_thread():
            fit_stoppable(estimator, matrix[keep], codes[keep], monitor)
        notes = tuple(caught)
    else:
        with one_thread():
            fit_stoppable(estimator, matrix[keep], codes[keep], monitor)
    if hasattr(estimator, "n_jobs"):
        estimator.set_params(n_jobs=1)  # summing tree votes in one thread keeps runs identical
    notes += tuple(getattr(estimator, "warnings_", ()))
    return TrainedModel(recipe, space, labels, estimator, notes, monitor)


@contextlib.contextmanager
def recorded_warnings() -> Iterator[list[str]]:
    """Collect the privacy, convergence and compatibility warnings raised inside (in any
    thread) as messages, instead of letting them print or raise."""
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield notes
    notes.extend(dict.fromkeys(_describe(w) for w in caught if _worth_reporting(w)))


def parallel_predict(
    estimator: Any, matrix: np.ndarray, min_rows: int = 2000, monitor: Monitor | None = None
) -> np.ndarray:
    """predict_proba over row chunks in threads, one thread per estimator call: each row's
    result is summed in a fixed order, so runs are bit-for-bit identical. Chunks hold at most
    ``ROWS_PER_BLOCK`` rows; ``monitor`` is checked for Cancel before each."""
    from joblib import Parallel, delayed

    def one(chunk: np.ndarray) -> np.ndarray:
        if monitor is not None:
            monitor.check_cancelled()
        with one_thread():
            return estimator.predict_proba(chunk)

    if len(matrix) < min_rows:
        return one(matrix)
    blocks = -(-len(matrix) // ROWS_PER_BLOCK)
    chunks = np.array_split(matrix, N_JOBS * blocks)
    parts = Parallel(n_jobs=N_JOBS, backend="threading")(delayed(one)(c) for c in chunks)
    return np.concatenate(parts)


def true_confidence(proba: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Probability the model gives each record's true label (0 for unseen labels)."""
    rows = np.arange(len(codes))
    return np.where(codes >= 0, proba[rows, np.maximum(codes, 0)], 0.0)


def _worth_reporting(w: warnings.WarningMessage) -> bool:
    name = type(w.message).__name__ if isinstance(w.message, Warning) else ""
    return name in {"PrivacyLeakWarning", "ConvergenceWarning", "DiffprivlibCompatibilityWarning"}


def _describe(w: warnings.WarningMessage) -> str:
    return f"{type(w.message).__name__}: {w.message}"


def fit_proxy(
    release: pd.DataFrame,
    members: pd.DataFrame,
    *,
    target: str,
    features: list[str],
    recipe: ModelRecipe,
    link: ReleaseLink,
    categorical: tuple[str, ...] = (),
    bounds: dict[str, tuple[float, float]] | None = None,
    seed: int = 0,
    monitor: Monitor | None = None,
) -> TrainedModel:
    """Fit the feature space and the label coder on the release, then the model on it;
    ``monitor``: Cancel between these steps and while the model grows."""
    from core.model.coder import fit_coder

    check = monitor.check_cancelled if monitor is not None else lambda: None
    space = FeatureSpace.fit(
        release, features, members=members, link=link, categorical=categorical, bounds=bounds
    )
    check()
    same_rows = members[target].loc[release.index] if link.aligned else None
    labels = fit_coder(
        target, release[target], original=members[target], aligned_original=same_rows,
        categorical=True, generalize=link.generalizers.get(target),
    )  # fmt: skip
    check()
    matrix = space.encode(release, released=True, dense=recipe.dense)
    check()
    codes = labels.release_codes(release[target])
    return train(recipe, space, labels, matrix, codes, seed=seed, monitor=monitor)
