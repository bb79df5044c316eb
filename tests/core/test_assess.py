"""The assessment protocol end to end on Adult: the assessment.json schema, reproducibility,
progress and cancel, hygiene of the split, and clear errors on bad input."""

import json
import threading

import numpy as np
import pandas as pd
import pytest

from core.assess import assess
from core.errors import ConfigError, JobCancelled, ValidationError
from core.jobs import Monitor
from core.settings import AssessmentSettings, ProtectionSettings
from tests.conftest import ADULT_QIS, adult_roles

QIS, ROLES = ADULT_QIS, adult_roles()
SIDE_KEYS = {"reidentification", "utility", "membership", "attribute", "reconstruction"}
TIMING_KEYS = {"elapsed_seconds", "created"}


@pytest.fixture(scope="module")
def sample(adult_frame):
    return adult_frame.sample(4000, random_state=5)


@pytest.fixture(scope="module")
def k5(sample, adult_qi_hierarchies):
    seen = []
    result = assess(
        sample, ROLES, ProtectionSettings(method="optimal", k=5, suppression=0.05),
        AssessmentSettings(model="rf"), hierarchies=adult_qi_hierarchies, seed=0,
        monitor=Monitor(lambda f, m: seen.append((f, m))),
        dataset={"name": "adult.csv"},
    )  # fmt: skip
    return result, seen


def test_the_document_has_the_schema_the_report_reads(k5, sample):
    result, _ = k5
    doc = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert set(doc) >= {
        "veil_version", "seed", "elapsed_seconds", "dataset", "release", "roles", "settings",
        "protection", "split", "before", "after", "sweep", "warnings", "provenance",
    }  # fmt: skip
    assert doc["dataset"]["name"] == "adult.csv" and doc["dataset"]["rows"] == 4000
    assert doc["release"]["rows"] == len(result.release) < 2000
    assert doc["split"]["members"] == 2000 and doc["split"]["non_members"] == 2000
    assert doc["split"]["stratified_on"] == "salary-class"
    assert doc["protection"]["method"] == "optimal"
    assert doc["sweep"] is None
    for side in ("before", "after"):
        s = doc[side]
        assert set(s) >= SIDE_KEYS
        r = s["reidentification"]
        assert set(r["records_at_risk"]) == {"0.5", "0.2", "0.1", "0.09", "0.05"}
        assert {"equivalence_classes", "unique_fraction", "average_risk", "highest_risk"} <= set(r)
        assert {"accuracy", "balanced_accuracy", "roc_auc"} <= set(s["utility"])
        assert set(s["membership"]) == {
            "threshold",
            "shadow",
            "lira",
            "distance",
            "domias",
            "tapas",
        }
        for m in s["membership"].values():
            assert {"auc", "auc_ci", "advantage", "advantage_ci", "null_advantage", "at_risk",
                    "roc", "warnings"} <= set(m)  # fmt: skip
            assert set(m["tpr_at_fpr"]) == {"0.01", "0.001"}
            assert len(m["roc"]["fpr"]) <= 200
        assert set(s["attribute"]) == {"linkage", "ml", "inversion"}
        for a in s["attribute"].values():
            assert {"success_members", "success_control", "baseline", "risk", "risk_ci"} <= set(a)
    assert "lost" in doc["after"]["utility"]


def test_protection_lowers_the_risks(k5):
    result, _ = k5
    before, after = result.before, result.after
    assert after.reidentification.highest_risk <= 0.2
    assert after.reidentification.average_risk < before.reidentification.average_risk / 5
    assert after.attribute["linkage"].risk < before.attribute["linkage"].risk
    assert after.membership["distance"].auc < before.membership["distance"].auc


def test_progress_rises_to_one_and_names_the_side(k5):
    _, seen = k5
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    messages = [m for _, m in seen]
    assert any(m.startswith("Before protection: Reference model") for m in messages)
    assert any(m.startswith("After protection: Linkage") for m in messages)


def test_nothing_is_fitted_on_or_leaked_from_the_non_members(k5, sample):
    result, _ = k5
    split = result.split
    members, others = set(split.members), set(split.non_members)
    assert not members & others and len(members | others) == len(sample)
    assert set(result.release.index) <= members
    assert set(split.pool).isdisjoint(split.eval_non_members)
    assert set(split.eval_members) <= members and set(split.eval_non_members) <= others
    assert len(split.eval_members) == len(split.eval_non_members)


def _without_timings(doc):
    if isinstance(doc, dict):
        return {k: _without_timings(v) for k, v in doc.items() if k not in TIMING_KEYS}
    if isinstance(doc, list):
        return [_without_timings(v) for v in doc]
    return doc


def _quick(frame, seed, **kw):
    settings = AssessmentSettings(model="rf", **kw)
    return assess(frame, ROLES, ProtectionSettings(method="none"), settings, seed=seed)


def test_same_seed_same_document_other_seed_other_figures(sample):
    frame = sample.iloc[:2400]
    a, b, c = (_quick(frame, s).to_dict() for s in (7, 7, 8))
    assert _without_timings(a) == _without_timings(b)
    assert a["before"]["membership"]["lira"]["auc"] != c["before"]["membership"]["lira"]["auc"]
    assert a["after"] == a["before"]  # method none: the release is the members


def test_cancel_stops_the_run(sample):
    cancel = threading.Event()

    def stop_at_references(fraction, message):
        if "Reference model" in message:
            cancel.set()

    with pytest.raises(JobCancelled):
        assess(
            sample.iloc[:1500], ROLES, ProtectionSettings(method="none"),
            AssessmentSettings(model="logreg"), monitor=Monitor(stop_at_references, cancel),
        )  # fmt: skip


def test_identifiers_never_reach_the_model_or_the_attacks(sample):
    frame = sample.iloc[:1500].copy()
    frame.insert(0, "record_id", np.arange(len(frame)) * 7 + 1000)
    roles = ROLES | {"record_id": "identifier"}
    result = assess(
        frame, roles, ProtectionSettings(method="none", identifiers="pseudonymize"),
        AssessmentSettings(model="logreg"), key=b"k" * 32, seed=0,
    )  # fmt: skip
    assert "record_id" not in result.before.utility["features"]
    assert result.release["record_id"].str.len().eq(16).all()  # pseudonyms in the release


def test_a_dp_release_shows_its_ceiling_next_to_the_data_attack(sample):
    result = assess(
        sample.iloc[:2000], ROLES,
        ProtectionSettings(method="dp-synthetic", epsilon=1.0, bounds={"age": (17, 90)}),
        AssessmentSettings(model="logreg", attacks=("membership",)), seed=0,
    )  # fmt: skip
    distance = result.after.membership["distance"]
    assert distance.dp_ceiling == pytest.approx(0.4621, abs=1e-4)
    assert distance.advantage < distance.dp_ceiling
    assert result.before.membership["distance"].dp_ceiling is None


def test_missing_parts_are_skipped_with_a_reason(sample):
    frame = sample.iloc[:1200]
    roles = {q: "quasi_identifier" for q in QIS}
    result = assess(frame, roles, ProtectionSettings(method="none"), AssessmentSettings())
    side = result.before
    assert side.utility is None and side.attribute == {}
    assert set(side.membership) == {"distance", "domias", "tapas"}  # no model needed
    assert any("No target column" in w for w in result.warnings)
    assert any("No sensitive column" in w for w in result.warnings)
    only_reid = assess(
        frame, ROLES, ProtectionSettings(method="none"),
        AssessmentSettings(attacks=("reidentification",)),
    )  # fmt: skip
    assert only_reid.before.membership is None and only_reid.before.attribute is None


@pytest.mark.parametrize(
    ("frame_fn", "roles", "settings", "error", "match"),
    [
        (lambda f: f, ROLES | {"zip": "quasi_identifier"}, {}, ValidationError, "'zip'"),
        (lambda f: f, ROLES, {"target": "salary"}, ValidationError, "'salary' is the target"),
        (lambda f: f.iloc[:10], ROLES, {}, ValidationError, "at least 20"),
        (lambda f: f.assign(c=1), ROLES, {"target": "c"}, ValidationError, "single value"),
        (lambda f: f, ROLES, {"target": "age"}, ValidationError, "different values"),
        (lambda f: f, ROLES | {"sex": "boss"}, {}, ValidationError, "Unknown column role"),
        (lambda f: f, ROLES, {"model": "dp-nb"}, ConfigError, "needs a privacy budget"),
    ],
)
def test_bad_input_is_named(sample, frame_fn, roles, settings, error, match):
    with pytest.raises(error, match=match):
        assess(
            frame_fn(sample.iloc[:600]), roles, ProtectionSettings(method="none"),
            AssessmentSettings(**settings),
        )  # fmt: skip


def test_degenerate_columns_do_not_break_the_protocol(sample):
    frame = sample.iloc[:800].copy()
    frame["empty"] = np.nan
    frame["same"] = "x"
    roles = ROLES | {"empty": "quasi_identifier", "same": "quasi_identifier"}
    result = assess(
        frame, roles | {"occupation": "insensitive", "same": "sensitive"},
        ProtectionSettings(method="none"), AssessmentSettings(model="logreg"),
    )  # fmt: skip
    assert result.before.reidentification.records == 400
    linkage = result.before.attribute["linkage"]
    assert linkage.risk == 0.0
    assert any("every control record" in w for w in linkage.warnings)
    assert pd.isna(result.release["empty"]).all()


def test_an_empty_release_is_reported_not_crashed(sample, monkeypatch):
    """Everything suppressed: the after side says why each part is missing."""
    import core.protect
    from core.protect import PassThroughResult

    def suppress_all(frame, roles, settings, **kw):
        return PassThroughResult(data=frame.iloc[:0], method="optimal")

    monkeypatch.setattr(core.protect, "protect", suppress_all)
    result = assess(
        sample.iloc[:800], ROLES, ProtectionSettings(method="optimal", k=5),
        AssessmentSettings(model="logreg"),
    )  # fmt: skip
    after = result.after
    assert after.rows == 0 and after.utility is None
    assert after.reidentification.records == 0
    assert set(after.membership) == {"distance"} and after.attribute == {}
    assert any("empty" in w for w in after.warnings)
    json.dumps(result.to_dict(), allow_nan=False)
