"""DP proxy models: explicit privacy parameters, sklearn compatibility, visible leaks."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score

from core.dp import BudgetLedger
from core.dp.models import make_dp_model, unit_features_norm
from core.errors import BudgetExceeded, ConfigError, ValidationError
from tests.core.dp.conftest import ADULT_BOUNDS

PUBLIC = {"bounds": (0.0, 1.0), "classes": ["Female", "Male"]}
TEXT = ["relationship", "marital-status", "occupation"]


@pytest.fixture(scope="module")
def features(adult_full):
    """Predict sex. One-hot text, numbers scaled to [0, 1] with public bounds: the documented
    input. (diffprivlib's random-split forest cannot beat the base rate on income.)"""
    scaled = {
        c: ((adult_full[c] - lo) / (hi - lo)).clip(0, 1)
        for c, (lo, hi) in ADULT_BOUNDS.items()
        if c in ("age", "hours-per-week")
    }
    onehot = pd.get_dummies(adult_full[TEXT], dtype=float)
    X = pd.concat([pd.DataFrame(scaled), onehot], axis=1).to_numpy()
    order = np.random.default_rng(0).permutation(len(X))
    members, others = order[:8000], order[8000:]
    y = adult_full["sex"].to_numpy()
    return X[members], y[members], X[others], y[others], len(scaled) + len(TEXT)


@pytest.mark.parametrize(("name", "floor"), [("dp-logreg", 0.80), ("dp-nb", 0.78), ("dp-rf", 0.70)])
def test_dp_models_learn_with_public_parameters_only(features, name, floor):
    X, y, X_test, y_test, columns = features
    assert (y_test == "Male").mean() < 0.67  # the base rate every floor beats
    ledger = BudgetLedger(20.0)
    model = make_dp_model(
        name,
        epsilon=10.0,
        data_norm=unit_features_norm(columns),
        random_state=0,
        ledger=ledger,
        **PUBLIC,
    ).fit(X, y)
    assert model.warnings_ == ()
    assert list(model.classes_) == ["Female", "Male"]
    assert model.score(X_test, y_test) >= floor
    proba = model.predict_proba(X_test[:50])
    assert proba.shape == (50, 2) and np.allclose(proba.sum(axis=1), 1)
    assert ledger.entries[-1].label == f"proxy model {name}" and ledger.spent()[0] == 10.0


def test_noise_grows_as_epsilon_shrinks(features):
    X, y, X_test, y_test, _ = features

    def accuracy(eps):
        models = [make_dp_model("dp-nb", epsilon=eps, random_state=s, **PUBLIC) for s in range(5)]
        return np.mean([m.fit(X, y).score(X_test, y_test) for m in models])

    assert accuracy(0.01) < accuracy(10.0) - 0.1


@pytest.mark.parametrize(
    ("name", "what"),
    [("dp-logreg", "data_norm"), ("dp-nb", "feature bounds"), ("dp-rf", "feature bounds")],
)
def test_missing_parameters_come_from_the_member_rows_with_a_loud_warning(features, name, what):
    X, y, *_ = features
    model = make_dp_model(name, epsilon=1.0, random_state=0).fit(X[:3000], y[:3000])
    assert any(what in w and "Privacy leak" in w for w in model.warnings_)
    assert any("class labels were read" in w for w in model.warnings_)
    if name == "dp-logreg":
        assert model.data_norm_ == pytest.approx(np.linalg.norm(X[:3000], axis=1).max())
    else:
        np.testing.assert_array_equal(model.bounds_[0], X[:3000].min(axis=0))
        np.testing.assert_array_equal(model.bounds_[1], X[:3000].max(axis=0))


def test_scikit_learn_can_clone_and_cross_validate_and_charges_the_same_ledger(features):
    X, y, *_ = features
    ledger = BudgetLedger(10.0)
    model = make_dp_model("dp-nb", epsilon=0.5, random_state=0, ledger=ledger, **PUBLIC)
    twin = clone(model)
    assert twin.get_params()["epsilon"] == 0.5 and twin.ledger is ledger
    cross_val_score(model, X[:4000], y[:4000], cv=3)
    assert ledger.spent()[0] == pytest.approx(1.5)  # three fits of ε = 0.5


def test_a_model_over_budget_is_refused_before_fitting(features):
    X, y, *_ = features
    model = make_dp_model("dp-rf", epsilon=2.0, ledger=BudgetLedger(1.0), **PUBLIC)
    with pytest.raises(BudgetExceeded):
        model.fit(X[:500], y[:500])
    assert not hasattr(model, "model_")


def test_bad_model_input_gets_a_clear_message(features):
    X, y, *_ = features
    with pytest.raises(ConfigError, match="Unknown DP model"):
        make_dp_model("dp-svm", epsilon=1.0).fit(X[:50], y[:50])
    with pytest.raises(ConfigError, match="positive privacy budget"):
        make_dp_model("dp-nb", epsilon=None).fit(X[:50], y[:50])
    with pytest.raises(ValidationError, match="numeric features"):
        make_dp_model("dp-nb", epsilon=1.0, **PUBLIC).fit([["a", "b"]], ["<=50K"])
    with pytest.raises(ValidationError, match="outside the classes"):
        make_dp_model("dp-nb", epsilon=1.0, bounds=(0.0, 1.0), classes=["Male"]).fit(X[:50], y[:50])


@pytest.mark.parametrize("name", ["dp-logreg", "dp-nb", "dp-rf"])
def test_the_assessment_proxy_gives_its_classes_so_nothing_is_read_from_members(name):
    """core.model builds DP proxies with the release's own label codes as classes: no note
    that class labels were read from the member data, and no leak warning."""
    from core.demo import demo_path, demo_project
    from core.io import load_table
    from core.model import ReleaseLink, fit_proxy, recipe
    from core.protect import protect
    from core.settings import ProtectionSettings

    members = load_table(demo_path()).frame.sample(3000, random_state=0)
    settings = ProtectionSettings(method="dp-synthetic", epsilon=5.0)
    release = protect(members, demo_project().roles, settings, seed=None).data
    features = ["zip_code", "date_of_birth", "sex", "ethnicity", "diagnosis", "length_of_stay"]
    trained = fit_proxy(
        release, members, target="readmitted_30d", features=features,
        recipe=recipe(name, 1.0), link=ReleaseLink(), seed=0,
    )  # fmt: skip
    assert not any("class labels were read" in w for w in trained.warnings)
    assert not any("Privacy leak" in w for w in trained.warnings)
    np.testing.assert_array_equal(trained.estimator.classes_, np.arange(trained.n_classes))
    proba = trained.proba_original(members.head(100))
    assert proba.shape == (100, 2) and np.allclose(proba.sum(axis=1), 1)
