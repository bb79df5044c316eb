"""Repeated rehearsals on Adult: seeds seed … seed+N−1, each figure's spread across the runs,
the first run as the detailed one, reproducibility, progress and cancel."""

import json
import threading

import numpy as np
import pytest
from scipy.stats import t

from core.assess import assess
from core.assessment.repeats import run_figures, summarize
from core.assessment.split import split_members
from core.errors import ConfigError, JobCancelled
from core.jobs import Monitor
from core.project import Project, load_project, save_project
from core.settings import AssessmentSettings, ProtectionSettings
from tests.conftest import ADULT_QIS, adult_roles

QIS, ROLES = ADULT_QIS, adult_roles()
K5 = ProtectionSettings(method="optimal", k=5, suppression=0.05)
TIMING_KEYS = {"elapsed_seconds", "created"}
FIGURES = {
    "reidentification": ["average_risk", "highest_risk", "unique_fraction"],
    "utility": ["accuracy", "balanced_accuracy", "roc_auc"],
}
ATTACK_FIGURES = {
    "membership": ["auc", "advantage", "tpr_at_fpr/0.01", "tpr_at_fpr/0.001"],
    "attribute": ["risk", "success_members", "success_control"],
}


@pytest.fixture(scope="module")
def sample(adult_frame):
    return adult_frame.sample(1500, random_state=11)


def _run(sample, hierarchies, *, seed=0, repeats=1, monitor=None, **settings):
    return assess(
        sample, ROLES, K5, AssessmentSettings(model="logreg", repeats=repeats, **settings),
        hierarchies=hierarchies, seed=seed, monitor=monitor,
    )  # fmt: skip


@pytest.fixture(scope="module")
def three(sample, adult_qi_hierarchies):
    """Three rehearsals in one call (seeds 4, 5, 6), and the progress they reported."""
    seen = []
    monitor = Monitor(lambda *a: seen.append(a))
    result = _run(sample, adult_qi_hierarchies, seed=4, repeats=3, monitor=monitor)
    return result.to_dict(), seen


@pytest.fixture(scope="module")
def singles(sample, adult_qi_hierarchies):
    """The same three rehearsals run one by one with repeats = 1."""
    return [_run(sample, adult_qi_hierarchies, seed=s).to_dict() for s in (4, 5, 6)]


def _figure(result, name):
    head, _, rest = name.partition("/")
    value = result.get(head)
    return (value or {}).get(rest) if rest else value


def _sections(doc, side):
    """(family, attack, section) of one side that carry figures."""
    for family in FIGURES:
        if doc[side].get(family):
            yield family, None, doc[side][family]
    for family in ATTACK_FIGURES:
        for attack, result in (doc[side].get(family) or {}).items():
            yield family, attack, result


def _keys(doc):
    if isinstance(doc, dict):
        return set(doc) | {k for v in doc.values() for k in _keys(v)}
    if isinstance(doc, list):
        return {k for v in doc for k in _keys(v)}
    return set()


def _without(doc, keys):
    if isinstance(doc, dict):
        return {k: _without(v, keys) for k, v in doc.items() if k not in keys}
    if isinstance(doc, list):
        return [_without(v, keys) for v in doc]
    return doc


def test_every_headline_figure_carries_its_spread_with_the_mean_inside_the_range(three):
    doc, _ = three
    assert doc["repeats"]["n"] == 3 and doc["repeats"]["seeds"] == [4, 5, 6]
    assert doc["settings"]["assessment"]["repeats"] == 3
    checked = 0
    for side in ("before", "after"):
        for family, _attack, section in _sections(doc, side):
            block = section["repeats"]
            assert block["n"] == 3 and block["seeds"] == [4, 5, 6]
            names = FIGURES.get(family) or ATTACK_FIGURES[family]
            for name in names:
                stats, first = _figure(block, name), _figure(section, name)
                if stats is None:  # e.g. TPR at 0.1% FPR: too few people to resolve it
                    assert first is None, (side, family, name)
                    continue
                assert stats["min"] <= stats["mean"] <= stats["max"], (side, family, name)
                lo, hi = stats["interval"]
                assert 0 <= lo <= stats["mean"] <= hi <= 1
                assert stats["sd"] >= 0 and stats["n"] == 3
                assert stats["min"] <= first <= stats["max"]  # the first run is the detailed one
                checked += 1
    assert checked >= 2 * (3 + 3 + 4 * 3 + 3 * 3)
    json.dumps(doc, allow_nan=False)


def test_the_spread_is_that_of_the_runs_made_one_by_one(three, singles):
    doc, _ = three
    for side in ("before", "after"):
        for family, attack, section in _sections(doc, side):
            for name in FIGURES.get(family) or ATTACK_FIGURES[family]:
                runs = [s[side][family] if attack is None else s[side][family][attack]
                        for s in singles]  # fmt: skip
                found = [_figure(r, name) for r in runs]
                stats = _figure(section["repeats"], name)
                if all(v is None for v in found):
                    assert stats is None
                    continue
                values = np.array(found, dtype=float)
                assert stats["mean"] == pytest.approx(values.mean(), abs=1e-12)
                assert (stats["min"], stats["max"]) == (values.min(), values.max())
                assert stats["sd"] == pytest.approx(values.std(ddof=1), abs=1e-12)
                half = t.ppf(0.975, 2) * values.std(ddof=1) / np.sqrt(3)
                lo, hi = max(values.mean() - half, 0.0), min(values.mean() + half, 1.0)
                assert stats["interval"] == pytest.approx([lo, hi], abs=1e-12)


def test_the_new_families_headline_figures_carry_the_spread_of_the_single_runs(three, singles):
    """Copy agreement at the largest budget, the property game's accuracy and the worst column's
    reconstruction risk, per side, as the runs made one by one gave them."""
    from core.assessment.families import figure_value

    doc, _ = three
    paths = {
        "extraction": {"agreement": ("agreement",), "copy_gain": ("copy_gain",)},
        "property": {"game_accuracy": ("game", "accuracy")},
        "reconstruction": {"highest_risk": ("columns", "*", "risk")},
    }
    for side in ("before", "after"):
        for family, names in paths.items():
            block = doc[side][family]["repeats"]
            assert block["n"] == 3 and block["seeds"] == [4, 5, 6]
            for name, path in names.items():
                values = np.array([figure_value(s[side][family], path) for s in singles])
                stats = block[name]
                assert stats["mean"] == pytest.approx(values.mean(), abs=1e-12), (side, name)
                assert (stats["min"], stats["max"]) == (values.min(), values.max())
    ext = doc["before"]["extraction"]
    key = "curves" if ext["stronger"] == "labels" else "probability_curves"
    assert ext["agreement"] == ext[key]["pool"][-1]["fidelity"]
    from core.report.sections.extraction import extraction_section
    from core.report.sections.property import property_section
    from core.report.sections.reconstruction import reconstruction_section

    for make, words in (
        (extraction_section, "copy agreement before protection"),
        (property_section, "game accuracy before protection"),
        (reconstruction_section, "worst column's risk before protection"),
    ):
        text = " ".join(getattr(b, "text", "") for b in make(doc).blocks)
        assert f"Across 3 repeated rehearsals (mean, with the lowest and highest): {words}" in text


def test_one_rehearsal_gives_todays_document_and_the_first_of_three_is_that_one(three, singles):
    """repeats = 1: no new key anywhere; repeats = 3: the same document plus the new keys."""
    doc, _ = three
    single = singles[0]
    assert "repeats" not in _keys(single)
    assert "repeats" not in single["settings"]["assessment"]
    first = _without(doc, TIMING_KEYS | {"repeats"})
    assert first == _without(single, TIMING_KEYS)


def test_different_seeds_draw_different_members_and_different_figures(sample, three):
    members = [
        set(split_members(sample, target="salary-class", member_fraction=0.5, seed=s).members)
        for s in (4, 5, 6)
    ]
    assert len({frozenset(m) for m in members}) == 3
    assert all(len(a & b) < 0.6 * len(a) for a in members for b in members if a is not b)
    doc, _ = three
    unique = doc["before"]["reidentification"]["repeats"]["unique_fraction"]
    assert unique["min"] < unique["max"] and unique["sd"] > 0
    lira = doc["after"]["membership"]["lira"]["repeats"]["auc"]
    assert lira["min"] < lira["max"]


def test_progress_spans_every_rehearsal_and_rises_to_one(three):
    _, seen = three
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    messages = [m for _, m in seen]
    for i in (1, 2, 3):
        assert any(m.startswith(f"Rehearsal {i} of 3: After protection: ") for m in messages)
    first_of_second = next(f for f, m in seen if m.startswith("Rehearsal 2 of 3"))
    assert 0.3 <= first_of_second <= 0.4
    assert messages[-1] == "Spread across 3 rehearsals"


def test_same_seed_and_repeats_give_the_same_document_apart_from_timings(sample):
    frame, roles = sample.iloc[:800], ROLES
    settings = AssessmentSettings(model="logreg", attacks=("membership",), repeats=2)
    a, b = (
        assess(frame, roles, ProtectionSettings(method="none"), settings, seed=9).to_dict()
        for _ in range(2)
    )
    assert _without(a, TIMING_KEYS) == _without(b, TIMING_KEYS)
    assert a["repeats"]["seeds"] == [9, 10]


def test_cancel_during_the_second_rehearsal_stops_the_run(sample):
    cancel = threading.Event()
    seen = []

    def stop_in_second(fraction, message):
        seen.append(message)
        if message.startswith("Rehearsal 2 of 3: Before protection"):
            cancel.set()

    with pytest.raises(JobCancelled):
        assess(
            sample.iloc[:800], ROLES, ProtectionSettings(method="none"),
            AssessmentSettings(model="logreg", attacks=("membership",), repeats=3),
            monitor=Monitor(stop_in_second, cancel),
        )  # fmt: skip
    assert any(m.startswith("Rehearsal 1 of 3: Assessment done") for m in seen)
    assert not any(m.startswith("Rehearsal 3") for m in seen)


def test_a_section_some_runs_lacked_is_named_and_counted_from_the_others(three, singles):
    runs = [{s: doc[s] for s in ("before", "after")} for doc in singles]
    del runs[1]["after"]["membership"]["lira"]
    repeats = summarize([run_figures(r) for r in runs], [4, 5, 6])
    block = repeats.blocks[("after", "membership", "lira")]
    assert block["n"] == 2 and block["seeds"] == [4, 6]
    assert block["auc"]["n"] == 2
    assert repeats.warnings == (
        "Repeated rehearsals: after protection, the 'lira' membership attack was measured in "
        "2 of 3 runs (not with seed 5); its spread covers those.",
    )


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, "3"])
def test_repeats_must_be_a_whole_number_of_at_least_one(bad):
    with pytest.raises(ConfigError, match="repeats must be a whole number from 1 to 100"):
        AssessmentSettings(repeats=bad)


def test_settings_and_project_files_carry_repeats_only_when_used(tmp_path):
    assert "repeats" not in AssessmentSettings().to_dict()
    assert AssessmentSettings.from_dict({"model": "rf"}).repeats == 1  # older files load
    assert AssessmentSettings.from_dict({"repeats": 4}).repeats == 4
    path = save_project(Project(assessment=AssessmentSettings(repeats=5)), tmp_path / "p.veil.json")
    assert json.loads(path.read_text(encoding="utf-8"))["assessment"]["repeats"] == 5
    assert load_project(path).assessment.repeats == 5
    plain = save_project(Project(), tmp_path / "q.veil.json")
    assert "repeats" not in json.loads(plain.read_text(encoding="utf-8"))["assessment"]
