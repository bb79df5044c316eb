"""Property inference on the real Adult data: the share of women among a model's members."""

import numpy as np
import pandas as pd
import pytest

from core.assess import assess
from core.attacks.property import (
    PropertyInputs,
    PropertySpec,
    check_property,
    play,
    property_attack,
)
from core.errors import ValidationError
from core.jobs import Monitor
from core.settings import AssessmentSettings, ProtectionSettings
from tests.conftest import adult_roles
from tests.core.attacks.families_setup import target_model

WOMEN = PropertySpec("sex", "Female")


@pytest.fixture(scope="module")
def adult_full(adult_full_csv):
    return pd.read_csv(adult_full_csv)


def attack(setup, **kw):
    data = PropertyInputs(pool=setup.part("pool"), people=setup.part("members"))
    return property_attack(setup.model, WOMEN, data, seed=0, **kw)


def test_the_game_on_an_overfit_forest_is_clearly_above_chance(adult_full):
    messages = []
    monitor = Monitor(lambda f, m: messages.append(m))
    result = attack(target_model(adult_full), monitor=monitor, time_budget=120.0)
    assert result.game.interval[0] > 0.55
    assert result.true_share == pytest.approx(0.33, abs=0.02)
    assert result.shifted_share == pytest.approx(result.true_share + 0.4)
    assert result.shadow_models == result.game.models >= 16
    assert 0 <= result.estimate <= 1 and result.error == abs(result.estimate - result.true_share)
    assert sum(m.startswith("Property inference: model") for m in messages) == result.shadow_models


def test_a_meta_classifier_on_random_features_is_at_chance():
    rng = np.random.default_rng(0)
    labels = np.arange(48) % 2
    score = play(rng.normal(size=(48, 8)), labels, seed=0)
    assert score.interval[0] <= 0.5 <= score.interval[1]


def test_a_dp_model_at_small_epsilon_leaves_the_game_at_chance(adult_full):
    result = attack(target_model(adult_full, "dp-logreg", 0.1), time_budget=120.0)
    assert result.game.interval[0] <= 0.5 <= result.game.interval[1]


def test_same_seed_same_figures(adult_full):
    setup = target_model(adult_full.sample(6000, random_state=2), "logreg")
    one, two = (attack(setup, shadows=16, time_budget=120.0).to_dict() for _ in range(2))
    one.pop("elapsed_seconds"), two.pop("elapsed_seconds")
    assert one == two and one["shadow_models"] == 16


def test_the_time_budget_bounds_the_shadow_models_and_says_so(adult_full):
    setup = target_model(adult_full.sample(6000, random_state=2), "logreg")
    result = attack(setup, shadows=200, time_budget=0.0)
    assert result.shadow_models == 16 and result.planned_models == 200
    assert result.stopped_by_time
    forest = target_model(adult_full.sample(6000, random_state=2))
    again = [attack(forest, time_budget=0.5).to_dict() for _ in range(2)]
    assert again[0]["shadow_models"] == again[1]["shadow_models"] == 22  # the estimate, not
    assert again[0]["game"] == again[1]["game"]  # the clock: the same on a busy machine


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("nope", None, "property column 'nope' is not in the table"),
        ("income", None, "is the target the model predicts"),
        ("constant", None, "same value in every row"),
        ("sex", "Other", "'Other' does not occur in column 'sex'"),
    ],
)
def test_bad_properties_are_refused_naming_the_column(adult_full, column, value, message):
    frame = adult_full.head(200).assign(constant="x")
    with pytest.raises(ValidationError, match=message) as caught:
        check_property(frame, column, value, target="income", sensitive="occupation")
    assert caught.value.hint


def test_default_property_is_the_most_frequent_value_of_the_sensitive_column(adult_full):
    spec = check_property(adult_full, None, None, target="income", sensitive="occupation")
    assert spec.column == "occupation"
    assert spec.value == adult_full["occupation"].value_counts().index[0]
    assert check_property(adult_full, "sex", None, target="income", sensitive=None) == PropertySpec(
        "sex", "Male"
    )


def test_assess_refuses_the_target_as_property_before_any_work(adult_full):
    calls = []
    with pytest.raises(ValidationError, match="target"):
        assess(
            adult_full.head(500), adult_roles(target="income"), ProtectionSettings(method="none"),
            AssessmentSettings(attacks=("property",), property_column="income"),
            monitor=Monitor(lambda *a: calls.append(a)),
        )  # fmt: skip
    assert not calls


def test_cancel_stops_between_shadow_models(adult_full):
    import threading

    from core.errors import JobCancelled

    setup = target_model(adult_full.sample(6000, random_state=2), "logreg")
    cancel, seen = threading.Event(), []

    def stop_at_third(fraction, message):
        seen.append(message)
        if message.endswith("model 3"):
            cancel.set()

    with pytest.raises(JobCancelled):
        attack(setup, monitor=Monitor(stop_at_third, cancel))
    assert len(seen) == 3


def test_an_identifier_as_property_is_refused(adult_full):
    roles = adult_roles(target="income") | {"fnlwgt": "identifier"}
    with pytest.raises(ValidationError, match="'fnlwgt' is a direct identifier"):
        assess(
            adult_full.head(500), roles, ProtectionSettings(method="none"),
            AssessmentSettings(attacks=("property",), property_column="fnlwgt"),
        )  # fmt: skip
