"""diffprivlib, and the scikit-learn pieces the DP models need, imported in one place.

Both libraries' package ``__init__`` imports their own submodules, so two threads importing
different submodules at once can deadlock (each holds an import lock the other needs). Every
``core.dp`` module takes these names from here: the first thread imports the packages whole
while any other waits on this module's lock.
"""

import diffprivlib  # noqa: F401 — the whole package first: its __init__ imports the rest
from diffprivlib.accountant import BudgetAccountant
from diffprivlib.mechanisms import (
    Binary,
    Exponential,
    ExponentialHierarchical,
    GeometricTruncated,
    LaplaceBoundedDomain,
)
from diffprivlib.models import GaussianNB, LogisticRegression, RandomForestClassifier
from diffprivlib.tools import histogram, histogramdd
from diffprivlib.utils import BudgetError, DiffprivlibCompatibilityWarning, PrivacyLeakWarning
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

__all__ = [
    "BaseEstimator",
    "Binary",
    "BudgetAccountant",
    "BudgetError",
    "ClassifierMixin",
    "DiffprivlibCompatibilityWarning",
    "Exponential",
    "ExponentialHierarchical",
    "GaussianNB",
    "GeometricTruncated",
    "LaplaceBoundedDomain",
    "LogisticRegression",
    "PrivacyLeakWarning",
    "RandomForestClassifier",
    "check_is_fitted",
    "histogram",
    "histogramdd",
]
