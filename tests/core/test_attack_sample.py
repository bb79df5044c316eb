"""Attacks on a table larger than ``AssessmentSettings.attack_sample`` run on a seeded uniform
sample of it; re-identification keeps measuring every record; the report says so."""

from __future__ import annotations

import re

import numpy as np
import pytest

from core.assess import assess
from core.assessment.sample import draw_sample
from core.errors import ConfigError
from core.metrics import reidentification
from core.pipeline import protect_release
from core.project import Project, load_project, save_project
from core.report import build_report, render_html
from core.settings import AssessmentSettings, ProtectionSettings
from tests.assessment_schema import check
from tests.conftest import ADULT_QIS, adult_roles

ROLES = adult_roles()
K5 = ProtectionSettings(method="optimal", k=5, suppression=0.05)
SMALL = ("reidentification", "membership", "attribute", "reconstruction")
SAMPLED = re.compile(r"[Mm]easured on a sample of [\d,]+ of [\d,]+ records")
SENTENCE = "Measured on a sample of 2,000 of 30,162 records."


def _settings(**kw) -> AssessmentSettings:
    return AssessmentSettings(model="logreg", target="salary-class", sensitive="occupation", **kw)


def _figures(reid: dict) -> dict:
    return {k: v for k, v in reid.items() if k != "elapsed_seconds"}


@pytest.fixture(scope="module")
def sampled(adult_frame, adult_qi_hierarchies):
    result = assess(
        adult_frame, ROLES, K5, _settings(attack_sample=2000, attacks=SMALL),
        hierarchies=adult_qi_hierarchies, seed=7, dataset={"name": "adult.csv"},
    )  # fmt: skip
    return result.to_dict()


def test_the_attacks_see_the_sample_and_the_document_records_it(sampled, adult_frame):
    assert len(adult_frame) == 30_162
    check(sampled)
    assert sampled["sample"] == {"rows": 2000, "of": 30_162, "seed": 7}
    assert sampled["dataset"]["rows"] == 30_162
    split = sampled["split"]
    assert split["members"] + split["non_members"] == 2000
    assert sampled["before"]["rows"] == split["members"]
    assert sampled["release"]["rows"] <= split["members"]  # the rehearsal's protected members
    for attack in sampled["after"]["attribute"].values():
        assert attack["n_members"] + attack["n_control"] <= 2000
    recon = sampled["after"]["reconstruction"]
    assert recon["n_members"] + recon["n_control"] <= 2000
    assert sampled["settings"]["assessment"]["attack_sample"] == 2000


def test_reidentification_measures_the_whole_table_and_its_protected_form(
    sampled, adult_frame, adult_qi_hierarchies
):
    qis = sampled["before"]["reidentification"]["qis"]
    assert sorted(qis) == sorted(ADULT_QIS)
    whole = reidentification(adult_frame, qis).to_dict()
    assert _figures(sampled["before"]["reidentification"]) == _figures(whole)
    assert sampled["before"]["reidentification"]["records"] == 30_162
    release = protect_release(adult_frame, ROLES, K5, hierarchies=adult_qi_hierarchies, seed=7)
    after = reidentification(release.data, qis).to_dict()
    assert _figures(sampled["after"]["reidentification"]) == _figures(after)
    assert sampled["after"]["reidentification"]["records"] > 20_000


def test_the_report_says_measured_on_a_sample(sampled):
    doc = build_report(sampled)
    html = render_html(doc)
    assert "measured on a sample of 2,000 of 30,162 records" in html  # the verdict's intro
    titled = {s.title: s for s in doc.sections}
    attacks = [t for t in titled if t.startswith(("Membership", "Attribute", "Record"))]
    assert len(attacks) == 3, list(titled)
    for title in attacks:
        assert titled[title].blocks[0].text == SENTENCE
    reid = next(s for t, s in titled.items() if t.startswith("Re-identification"))
    assert all(getattr(b, "text", "") != SENTENCE for b in reid.blocks)
    assert html.count(SENTENCE) == 3 and len(SAMPLED.findall(html)) == 4


def test_same_seed_same_sample_other_seed_other_sample(adult_frame):
    first, sample = draw_sample(adult_frame, 2000, 7)
    again, _ = draw_sample(adult_frame, 2000, 7)
    other, _ = draw_sample(adult_frame, 2000, 8)
    assert sample.to_dict() == {"rows": 2000, "of": 30_162, "seed": 7}
    assert first.index.equals(again.index) and not first.index.equals(other.index)
    assert first.index.is_monotonic_increasing and first.index.is_unique
    assert abs(np.mean(first.index) / len(adult_frame) - 0.5) < 0.05  # spread over the table
    whole, none = draw_sample(adult_frame, 30_162, 7)
    assert whole is adult_frame and none is None


def test_the_same_seed_rehearses_the_same_records(adult_frame, adult_qi_hierarchies):
    def run(s):
        settings = _settings(attack_sample=2000, attacks=("reidentification",))
        found = assess(adult_frame, ROLES, K5, settings, hierarchies=adult_qi_hierarchies, seed=s)
        return found.to_dict()["release"]["sha256"]

    assert run(3) == run(3) != run(4)


def test_below_the_sample_size_nothing_changes(adult_frame, adult_qi_hierarchies):
    small = adult_frame.sample(1500, random_state=2)
    settings = _settings(attack_sample=2000, attacks=("reidentification", "attribute"))
    doc = assess(
        small, ROLES, K5, settings, hierarchies=adult_qi_hierarchies, seed=1,
        dataset={"name": "small.csv"},
    ).to_dict()  # fmt: skip
    check(doc)
    assert "sample" not in doc
    assert doc["split"]["members"] + doc["split"]["non_members"] == 1500
    assert doc["before"]["reidentification"]["records"] == doc["split"]["members"]
    assert not SAMPLED.search(render_html(build_report(doc)))


def test_the_setting_is_checked_kept_in_the_project_and_left_out_at_its_default(tmp_path):
    with pytest.raises(ConfigError, match="attack_sample must be a whole number from 100"):
        AssessmentSettings(attack_sample=50)
    assert "attack_sample" not in AssessmentSettings().to_dict()
    assert AssessmentSettings().attack_sample == 200_000
    settings = AssessmentSettings(attack_sample=2000)
    assert settings.to_dict()["attack_sample"] == 2000
    path = save_project(Project(assessment=settings), tmp_path / "p.veil.json")
    assert load_project(path).assessment.attack_sample == 2000
