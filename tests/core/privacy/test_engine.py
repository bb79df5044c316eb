"""anonymize() as the rest of Veil uses it: protect() on the demo, progress, cancel, summary."""

import json
import threading

import pandas as pd
import pytest

from core.errors import JobCancelled
from core.hierarchy import Hierarchy
from core.jobs import Monitor
from core.privacy import anonymize, engine
from core.settings import ProtectionSettings

QIS = ["sex", "age", "race", "marital-status", "education", "native-country", "workclass"]


@pytest.fixture(scope="module")
def hierarchies(adult_hierarchy_files):
    return {c: Hierarchy.from_arx_csv(p) for c, p in adult_hierarchy_files.items()}


def test_demo_through_protect_with_its_roles():
    from core.demo import demo_path, demo_project
    from core.protect import protect

    frame = pd.read_csv(demo_path())
    project = demo_project()
    settings = ProtectionSettings(k=5, l=2, suppression=0.05)
    result = protect(frame, project.roles, settings, seed=1)
    qis = project.columns_with(project.roles["zip_code"])
    assert result.method == "optimal" and set(qis) == set(result.qis)
    assert not {"name", "email", "phone"} & set(result.data.columns)
    classes = result.data.groupby(list(result.qis))
    assert classes.size().min() >= 5 and classes["diagnosis"].nunique().min() >= 2
    assert result.suppressed_records <= 0.05 * len(frame)
    summary = json.loads(json.dumps(result.to_dict()))
    assert summary["sensitive"] == "diagnosis" and "data" not in summary
    assert summary["hierarchy_sources"]["date_of_birth"] == "automatic (dates)"
    assert summary["class_size_histogram"]["labels"][0] == "1"


def test_heuristic_search_for_lattices_too_large(adult_frame, hierarchies, monkeypatch):
    settings = ProtectionSettings(k=10, suppression=0.02)
    exact = anonymize(adult_frame, qis=QIS, hierarchies=hierarchies, settings=settings)
    monkeypatch.setattr(engine, "EXACT_LIMIT", 100)
    quick = anonymize(adult_frame, qis=QIS, hierarchies=hierarchies, settings=settings)
    assert quick.search == "heuristic" and not quick.optimal and quick.loss_bound is None
    assert any("too many to search them all" in w for w in quick.warnings)
    assert quick.data.groupby(QIS).size().min() >= 10
    assert quick.suppressed_records <= 0.02 * len(adult_frame)
    assert quick.info_loss["loss"] >= exact.info_loss["loss"] - 1e-12


def test_progress_is_reported_and_cancel_stops_the_search(adult_frame, hierarchies):
    seen = []
    anonymize(
        adult_frame,
        qis=QIS,
        hierarchies=hierarchies,
        settings=ProtectionSettings(k=5, suppression=0.05),
        monitor=Monitor(lambda f, m: seen.append((f, m))),
    )
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] >= 0.9
    assert any("Searching" in m for _, m in seen)

    cancel = threading.Event()

    def stop_soon(fraction, message):
        if "Searching" in message:
            cancel.set()

    with pytest.raises(JobCancelled):
        anonymize(
            adult_frame,
            qis=QIS,
            hierarchies=hierarchies,
            settings=ProtectionSettings(k=5, suppression=0.05),
            monitor=Monitor(stop_soon, cancel),
        )


def test_mondrian_reports_progress_and_can_be_cancelled(adult_frame, hierarchies):
    cancel = threading.Event()
    seen = []

    def stop_midway(fraction, message):
        seen.append(message)
        if "Mondrian" in message and fraction > 0.3:
            cancel.set()

    with pytest.raises(JobCancelled):
        anonymize(
            adult_frame,
            qis=QIS,
            hierarchies=hierarchies,
            settings=ProtectionSettings(method="mondrian", k=5),
            monitor=Monitor(stop_midway, cancel),
        )
    assert sum("Mondrian" in m for m in seen) >= 2


def test_every_metric_is_reported_and_the_chosen_one_optimized(adult_frame, hierarchies):
    results = {
        m: anonymize(
            adult_frame,
            qis=QIS,
            hierarchies=hierarchies,
            settings=ProtectionSettings(k=5, suppression=0.01, metric=m),
        )
        for m in ("loss", "entropy", "discernibility", "aecs")
    }
    for m, r in results.items():
        assert set(r.info_loss) == {"loss", "entropy", "discernibility", "aecs"}
        assert r.metric == m and r.optimal
        for other in results.values():  # nobody beats the optimum on its own metric
            assert r.info_loss[m] <= other.info_loss[m] + 1e-9 * abs(other.info_loss[m])
