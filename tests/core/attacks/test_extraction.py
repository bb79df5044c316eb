"""Model extraction on the real Adult data: an overfit forest is copied from its answers."""

import numpy as np
import pandas as pd
import pytest

from core.attacks.extraction import ExtractionInputs, extraction_attack
from core.attacks.extraction.surrogate import answers, fit_surrogate
from core.errors import ValidationError
from core.jobs import Monitor
from tests.core.attacks.families_setup import target_model


@pytest.fixture(scope="module")
def forest(adult_full_csv):
    frame = pd.read_csv(adult_full_csv).sample(24_000, random_state=1)
    return target_model(frame)


def inputs(setup) -> ExtractionInputs:
    return ExtractionInputs(
        pool=setup.part("pool"), test=setup.part("eval_non_members"),
        members=setup.part("eval_members"), non_members=setup.part("eval_non_members"),
        normal=setup.part("members"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def extracted(forest):
    messages = []
    monitor = Monitor(lambda f, m: messages.append(m))
    return extraction_attack(forest.model, inputs(forest), seed=0, monitor=monitor), messages


def test_an_overfit_forest_is_copied_to_90_percent_from_pool_queries(extracted):
    result, messages = extracted
    pool = result.curves["pool"]
    assert pool[-1].queries == result.pool_size == 6000  # 10,000 capped at the pool, stated
    assert result.capped and result.budgets[:5] == (10, 30, 100, 300, 1000)
    assert pool[-1].fidelity >= 0.90
    assert result.queries_for["0.9"] is not None and result.queries_for["0.9"] <= 6000
    assert pool[-1].fidelity > pool[0].fidelity  # more queries, a better copy
    lo, hi = pool[-1].fidelity_interval
    assert lo <= pool[-1].fidelity <= hi and pool[-1].draws == 3
    assert "6,000" in result.advice
    assert sum("Model extraction: " in m and "queries" in m for m in messages) == 14


def test_made_up_queries_do_worse_than_pool_queries(extracted):
    result, _ = extracted
    pool = [p.fidelity for p in result.curves["pool"]]
    made_up = [p.fidelity for p in result.curves["made_up"]]
    assert made_up[-1] < pool[-1]
    assert np.mean(made_up[2:]) < np.mean(pool[2:])


def test_the_copy_opens_a_weaker_membership_attack_and_the_detector_is_calibrated(extracted):
    result, _ = extracted
    assert result.membership_auc_direct > 0.55  # the overfit forest leaks directly
    assert abs(result.membership_auc_surrogate - 0.5) < abs(result.membership_auc_direct - 0.5)
    assert result.detector_false_alarms == pytest.approx(0.01, abs=0.005)
    # pool-like queries look like normal use: flagged about as often as normal records
    assert result.flagged["pool"] < 0.05


def test_a_random_copy_scores_the_majority_agreement_not_more(forest):
    model = forest.model
    pool = forest.part("pool")
    test = forest.part("eval_non_members")
    asked = model.matrix(model.space.code(pool, released=False))
    target = answers(model.proba(model.matrix(model.space.code(test, released=False))))
    shuffled = np.random.default_rng(0).permutation(answers(model.proba(asked)))
    copy = fit_surrogate(asked, shuffled, model.n_classes, seed=0)
    guess = answers(copy.predict_proba(model.matrix(model.space.code(test, released=False))))
    fidelity = np.mean(guess == target)
    majority = np.bincount(target).max() / len(target)
    assert fidelity <= majority + 0.01
    from core.attacks.extraction.surrogate import fit_probability_surrogate

    said = model.proba(asked)
    mixed = said[np.random.default_rng(1).permutation(len(said))]  # answers owe nothing to asks
    by_proba = fit_probability_surrogate(asked, mixed, seed=0)
    test_rows = model.matrix(model.space.code(test, released=False))
    assert np.mean(answers(by_proba.predict_proba(test_rows)) == target) <= majority + 0.01


def test_same_seed_same_figures(forest):
    small = ExtractionInputs(
        pool=forest.part("pool").iloc[:400], test=forest.part("eval_non_members").iloc[:300],
        members=forest.part("eval_members").iloc[:300],
        non_members=forest.part("eval_non_members").iloc[:300],
        normal=forest.part("members").iloc[:500],
    )  # fmt: skip
    one, two = (extraction_attack(forest.model, small, seed=4).to_dict() for _ in range(2))
    one.pop("elapsed_seconds"), two.pop("elapsed_seconds")
    assert one == two
    assert one["budgets"] == [10, 30, 100, 300, 400]
    other = extraction_attack(forest.model, small, budgets=(10, 30), seed=5).to_dict()
    for key in ("curves", "probability_curves"):  # the seed draws the queries: it is used
        assert other[key]["pool"][:2] != one[key]["pool"][:2]


def test_explicit_budgets_larger_than_the_pool_are_refused_before_any_work(forest):
    small = ExtractionInputs(
        pool=forest.part("pool").iloc[:400], test=forest.part("eval_non_members").iloc[:300],
        members=forest.part("eval_members").iloc[:10],
        non_members=forest.part("eval_non_members").iloc[:10],
        normal=forest.part("members").iloc[:50],
    )  # fmt: skip
    calls = []
    with pytest.raises(ValidationError, match=r"1,000.*pool holds 400"):
        extraction_attack(
            forest.model, small, budgets=(100, 1000), monitor=Monitor(lambda *a: calls.append(a))
        )
    assert not calls


def test_cancel_stops_between_budgets(forest):
    import threading

    from core.errors import JobCancelled

    small = ExtractionInputs(
        pool=forest.part("pool").iloc[:400], test=forest.part("eval_non_members").iloc[:300],
        members=forest.part("eval_members").iloc[:50],
        non_members=forest.part("eval_non_members").iloc[:50],
        normal=forest.part("members").iloc[:100],
    )  # fmt: skip
    cancel, seen = threading.Event(), []

    def stop_after_first(fraction, message):
        seen.append(message)
        if "queries" in message:
            cancel.set()

    with pytest.raises(JobCancelled):
        extraction_attack(forest.model, small, monitor=Monitor(stop_after_first, cancel))
    assert seen == ["Model extraction: 10 queries"]


def test_a_copy_fitted_on_class_probabilities_has_its_own_curves(extracted):
    result, _ = extracted
    for source in ("pool", "made_up"):
        labels, proba = result.curves[source], result.probability_curves[source]
        assert [p.queries for p in proba] == [p.queries for p in labels]
        assert all(p.draws == 3 and p.fidelity_interval is not None for p in proba)
    pool = result.probability_curves["pool"]
    assert pool[-1].fidelity >= 0.90 and pool[-1].fidelity > pool[0].fidelity
    assert result.probability_curves["made_up"][-1].fidelity < pool[-1].fidelity
    needed = result.probability_queries_for["0.9"]
    assert needed is not None and needed == next(p.queries for p in pool if p.fidelity >= 0.9)
    assert result.to_dict()["probability_curves"]["pool"][-1]["fidelity"] == pool[-1].fidelity


def test_the_light_and_the_advice_rest_on_the_stronger_copy(extracted):
    result, _ = extracted
    gains = result.copy_gain_by_answers
    assert set(gains) == {"labels", "probabilities"} and result.stronger in gains
    assert result.copy_gain == gains[result.stronger]
    curves = result.curves if result.stronger == "labels" else result.probability_curves
    assert result.agreement == curves["pool"][-1].fidelity
    both = (result.queries_for, result.probability_queries_for)
    if both[0]["0.95"] == both[1]["0.95"] and both[0]["0.9"] == both[1]["0.9"]:
        assert result.copy_gain == max(gains.values())  # a tie in queries: the larger gain
    reached = [q["0.95"] for q in both if q["0.95"] is not None]
    expected = f"about {min(reached):,} queries" if reached else "not reached within 6,000"
    assert expected in result.advice


def test_the_probability_copy_learns_the_probabilities_not_only_the_labels(forest):
    from core.attacks.extraction.surrogate import fit_probability_surrogate

    model = forest.model
    asked = model.matrix(model.space.code(forest.part("pool").iloc[:3000], released=False))
    test = model.matrix(model.space.code(forest.part("eval_non_members"), released=False))
    said, truth = model.proba(asked), model.proba(test)[:, 1]
    by_label = fit_surrogate(asked, answers(said), model.n_classes, seed=0)
    by_proba = fit_probability_surrogate(asked, said, seed=0)
    error_label = np.mean(np.abs(by_label.predict_proba(test)[:, 1] - truth))
    error_proba = np.mean(np.abs(by_proba.predict_proba(test)[:, 1] - truth))
    assert error_proba < 0.8 * error_label
    assert np.allclose(by_proba.predict_proba(test).sum(axis=1), 1.0)
