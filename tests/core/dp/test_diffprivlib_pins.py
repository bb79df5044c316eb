"""Every diffprivlib model and mechanism Veil uses imports and runs on the pinned stack
(diffprivlib 0.6.6 breaks on scikit-learn >= 1.8 and its LogisticRegression on scipy >= 1.18)."""

import importlib
from importlib.metadata import version

import numpy as np
import pytest
from diffprivlib.accountant import BudgetAccountant

USED = {
    "diffprivlib.accountant": ["BudgetAccountant"],
    "diffprivlib.mechanisms": [
        "Binary",
        "Exponential",
        "ExponentialHierarchical",
        "GeometricTruncated",
        "LaplaceBoundedDomain",
    ],
    "diffprivlib.models": ["GaussianNB", "LogisticRegression", "RandomForestClassifier"],
    "diffprivlib.tools": ["histogram", "histogramdd"],
    "diffprivlib.utils": ["BudgetError", "DiffprivlibCompatibilityWarning", "PrivacyLeakWarning"],
}


@pytest.mark.parametrize(("module", "name"), [(m, n) for m, ns in USED.items() for n in ns])
def test_diffprivlib_name_is_importable(module, name):
    assert hasattr(importlib.import_module(module), name)


def test_the_stack_is_the_pinned_one():
    assert version("diffprivlib") == "0.6.6"
    assert tuple(int(p) for p in version("scikit-learn").split(".")[:2]) < (1, 8)
    assert tuple(int(p) for p in version("scipy").split(".")[:2]) < (1, 18)


@pytest.mark.filterwarnings("ignore:.*iprint.*:DeprecationWarning")  # scipy 1.17, still works
@pytest.mark.parametrize("name", USED["diffprivlib.models"])
def test_each_model_fits_and_predicts(name):
    models = importlib.import_module("diffprivlib.models")
    rng = np.random.default_rng(0)
    X = rng.random((300, 3))
    y = (X[:, 0] > 0.5).astype(int)
    params = {
        "GaussianNB": {"bounds": (0.0, 1.0)},
        "LogisticRegression": {"data_norm": 2.0},
        "RandomForestClassifier": {"bounds": (0.0, 1.0), "classes": [0, 1]},
    }[name]
    acc = BudgetAccountant()
    model = getattr(models, name)(epsilon=5.0, random_state=0, accountant=acc, **params)
    assert model.fit(X, y).predict_proba(X).shape == (300, 2)
    assert acc.spent_budget == [(5.0, 0)]
