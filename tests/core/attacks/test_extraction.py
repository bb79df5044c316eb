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
