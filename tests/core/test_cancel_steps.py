"""Cancel stops the long single steps of an assessment: gradient boosting (proxy and shadow
attack models), nearest-row distances (distance and linkage attacks) and the bootstrap."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import pairwise_distances_argmin_min

import core.attacks.membership.distance as distance
import core.model.nearest as nearest
from core.attacks.attribute import linkage_guesses
from core.attacks.membership import distance_scores
from core.attacks.membership.data import MembershipData
from core.errors import JobCancelled
from core.jobs import Monitor
from core.metrics.roc import summarize
from core.model.estimators import one_thread
from core.model.nearest import nearest_rows
from core.model.space import FeatureSpace, ReleaseLink
from core.model.stoppable import fit_stoppable
from tests.core.cancel_harness import cpu_after_cancel


class CancelAfter(Monitor):
    """A monitor whose Cancel is pressed at its ``n``-th cancel check (counts the checks)."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n, self.checks = n, 0

    def check_cancelled(self) -> None:
        self.checks += 1
        if self.checks >= self.n:
            self.cancel()
        super().check_cancelled()


def _coded(frame, columns) -> np.ndarray:
    return np.column_stack([frame[c].factorize()[0] for c in columns])


FEATURES = ["age", "education", "sex", "race", "native-country", "workclass"]


@pytest.mark.parametrize(
    ("rows", "early_stopping", "target"),
    [
        (2000, "auto", "salary-class"),
        (12000, "auto", "salary-class"),
        (4000, True, "marital-status"),
    ],
)  # no early stopping; early stopping on a validation split (> 10 000 rows); on the loss
def test_stoppable_boosting_is_identical_to_one_fit(adult_frame, rows, early_stopping, target):
    x, y = _coded(adult_frame, FEATURES), adult_frame[target].factorize()[0]
    kw = {"random_state": 5, "early_stopping": early_stopping, "max_iter": 20}
    kw["categorical_features"] = np.arange(x.shape[1]) > 0
    with one_thread():
        plain = HistGradientBoostingClassifier(**kw).fit(x[:rows], y[:rows])
        stepped = fit_stoppable(HistGradientBoostingClassifier(**kw), x[:rows], y[:rows], Monitor())
    assert stepped.n_iter_ == plain.n_iter_
    np.testing.assert_array_equal(stepped.predict_proba(x), plain.predict_proba(x))
    assert "_get_loss" not in vars(stepped)  # nothing of the cancel check is left behind
    assert type(stepped._loss) is type(plain._loss)


def test_cancel_stops_boosting_within_a_round(adult_frame):
    x, y = _coded(adult_frame, FEATURES), adult_frame["salary-class"].factorize()[0]
    monitor = CancelAfter(6)  # before the fit, making the loss, the baseline, then per round
    model = HistGradientBoostingClassifier(max_iter=50, early_stopping=False, random_state=0)
    with pytest.raises(JobCancelled):
        fit_stoppable(model, x, y, monitor)
    assert monitor.checks == 6
    assert len(model._predictors) == 2  # two rounds grown, the third never started


def test_chunked_nearest_rows_equal_one_computation(adult_frame, monkeypatch):
    x = _coded(adult_frame, ["age", "education", "sex", "race", "workclass"]).astype(float)
    x /= x.max(axis=0)
    reference, queries = x[:5000], x[3000:12000]  # 2000 queries have an exact twin: ties
    monkeypatch.setattr(nearest, "PAIRS_PER_CHUNK", 1000 * len(reference))
    assert nearest.chunk_rows(len(reference)) == 960
    index, dist = nearest_rows(queries, reference, Monitor())
    want_index, want_dist = pairwise_distances_argmin_min(queries, reference)
    np.testing.assert_array_equal(index, want_index)
    np.testing.assert_array_equal(dist, want_dist)


def test_cancel_stops_nearest_rows_between_chunks(monkeypatch):
    x = np.random.default_rng(0).random((3000, 4))
    monkeypatch.setattr(nearest, "PAIRS_PER_CHUNK", 256 * len(x))
    monitor = CancelAfter(3)
    with pytest.raises(JobCancelled):
        nearest_rows(x, x, monitor)
    assert monitor.checks == 3  # the third of twelve chunks never ran


def test_distance_and_linkage_attacks_unchanged_by_chunking(adult_frame, monkeypatch):
    columns = ["age", "education", "sex", "race", "salary-class"]
    release, members = adult_frame.iloc[:4000], adult_frame.iloc[:4000]
    space = FeatureSpace.fit(release, columns, members=members, link=ReleaseLink())
    data = MembershipData(adult_frame.iloc[:1500], adult_frame.iloc[20000:21500], release[:0])
    targets = [adult_frame.iloc[:1500], adult_frame.iloc[20000:21500]]
    qis = ["age", "education", "sex", "race"]
    whole_d = distance_scores(release, space, data)
    whole_l = linkage_guesses(release, space, qis, "salary-class", targets)
    monkeypatch.setattr(nearest, "PAIRS_PER_CHUNK", 256 * 4000)
    monkeypatch.setattr(distance, "CODING_BLOCK", 700)  # rows coded in blocks too
    chunked_d = distance_scores(release, space, data, Monitor())
    chunked_l = linkage_guesses(release, space, qis, "salary-class", targets, Monitor())
    for a, b in [*zip(whole_d, chunked_d, strict=True), *zip(whole_l, chunked_l, strict=True)]:
        np.testing.assert_array_equal(a, b)


def test_bootstrap_with_monitor_is_unchanged_and_stops_on_cancel():
    r = np.random.default_rng(3)
    members, others = r.normal(0.3, 1, 20000), r.normal(0, 1, 20000)
    plain = summarize(members, others, rng=np.random.default_rng(1))
    watched = summarize(members, others, rng=np.random.default_rng(1), monitor=Monitor())
    assert (watched.auc_ci, watched.advantage_ci) == (plain.auc_ci, plain.advantage_ci)
    monitor = CancelAfter(2)
    with pytest.raises(JobCancelled):
        summarize(members, others, rng=np.random.default_rng(1), monitor=monitor)
    assert monitor.checks == 2  # 40 000 scores: 100 replicates a batch; the second never ran


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize(("phase", "copies"), [("hgb", 6), ("distance", 3), ("bootstrap", 6)])
def test_cancel_drops_cpu_to_zero_within_two_seconds(adult_full_csv, phase, copies):
    used, outcome = cpu_after_cancel(phase, adult_full_csv, copies=copies, cancel_after=1.5)
    assert used < 0.2, f"{phase}: {used:.2f} s of CPU in [cancel+2 s, cancel+4 s]"
    assert outcome.startswith("cancelled"), f"{phase}: {outcome}"


def test_predictions_in_blocks_equal_one_call_and_stop_on_cancel(adult_frame, monkeypatch):
    import core.model.proxy as proxy

    x, y = _coded(adult_frame, FEATURES), adult_frame["salary-class"].factorize()[0]
    forest = RandomForestClassifier(n_estimators=10, random_state=0, n_jobs=1).fit(x, y)
    monkeypatch.setattr(proxy, "ROWS_PER_BLOCK", 1000)
    blocks = proxy.parallel_predict(forest, x, monitor=Monitor())
    np.testing.assert_array_equal(blocks, forest.predict_proba(x))
    monitor = CancelAfter(5)
    with pytest.raises(JobCancelled):
        proxy.parallel_predict(forest, x, monitor=monitor)
    assert monitor.checks < 2 * len(x) // 1000  # blocks after Cancel never started
