"""Regression tests for the five ways the lights misled (issue 13), each on an assessment
document shaped like the one that showed it (figures quoted in the issue)."""

from __future__ import annotations

import pytest

from core.report import Level, build_report, verdicts
from core.report.build import block_texts
from core.report.verdict import ADVANTAGE_LOW, ATTRIBUTE_LOW
from tests.core.report.example import dp_assessment, example_assessment, released_assessment


def texts(section) -> str:
    return " ".join(t for b in section.blocks for t in block_texts(b))


def _attribute(sm: float, sc: float, base: float, ci: list[float]) -> dict:
    return {
        "sensitive": "diagnosis",
        "success_members": sm,
        "success_control": sc,
        "baseline": base,
        "risk": max((sm - sc) / (1 - sc), 0.0),
        "risk_ci": ci,
        "n_members": 500,
        "n_control": 500,
    }


@pytest.mark.parametrize(
    ("sm", "sc", "base", "ci"),
    [
        (0.160, 0.120, 0.268, [0.0, 0.09]),  # a DP synthetic release: below the guess
        (0.483, 0.440, 0.557, [0.01, 0.14]),
        (0.824, 0.780, 0.858, [0.0, 0.35]),  # risk interval reaching 0
        (0.500, 0.430, 0.504, [0.05, 0.2]),  # the GUI's "50.0% against 50.4%"
    ],
)
def test_1_an_attribute_attack_that_does_not_beat_the_guess_is_low(sm, sc, base, ci):
    a = example_assessment()
    a["after"]["attribute"] = {"ml": _attribute(sm, sc, base, ci)}
    light = verdicts(a)[2]
    assert light.level is Level.LOW and light.highest is Level.LOW
    assert "no attack does better than always guessing" in light.sentence
    assert f"{base * 100:.1f}%" in light.sentence


def test_1_an_attack_that_beats_the_guess_with_its_interval_is_judged_on_the_interval():
    a = example_assessment()
    a["after"]["attribute"] = {"linkage": _attribute(0.62, 0.40, 0.40, [0.25, 0.48])}
    assert verdicts(a)[2].level is Level.HIGH


def test_2_a_noise_level_advantage_on_a_small_table_is_not_a_colour():
    a = example_assessment()
    a["split"].update(evaluation_members=250, evaluation_non_members=250)
    for res in a["after"]["membership"].values():  # noise at 250 per side reaches 0.105
        res.update(advantage=0.06, advantage_ci=[0.0, 0.15], null_advantage=0.105)
    a["after"]["membership"]["lira"].update(advantage=0.11, advantage_ci=[0.03, 0.19])
    light = verdicts(a)[1]  # was HIGH on the point 0.11
    assert light.level is Level.TOO_FEW
    assert light.sentence.startswith("Too few records to measure below an advantage of 0.13")


def test_3_an_empty_release_is_its_own_verdict_never_the_unprotected_table():
    a = dp_assessment()
    a["settings"]["protection"]["epsilon"] = 0.1
    a["release"]["rows"] = 0
    a["after"] = {"reidentification": None}  # nothing to attack after protection
    a["before"]["attribute"]["linkage"]["success_members"] = 0.94
    lights = verdicts(a)
    assert [light.level for light in lights] == [Level.NOTHING_RELEASED] * 3
    assert all("Nothing useful was released" in light.sentence for light in lights)
    assert not any("94" in light.sentence for light in lights)
    doc = build_report(a)
    assert "Nothing useful was released" in texts(doc.section("Verdict"))


def test_3_missing_figures_after_protection_never_fall_back_to_before():
    a = example_assessment()
    a["after"].pop("membership")
    a["after"].pop("attribute")
    _, mia, aia = verdicts(a)
    assert mia.level is Level.NOT_ASSESSED and aia.level is Level.NOT_ASSESSED
    a["release"]["rows"] = 3  # near-empty: 3 of 10,000 records
    assert {light.level for light in verdicts(a)} == {Level.NOTHING_RELEASED}


def test_4_a_light_near_the_high_line_is_decided_on_its_interval():
    a = example_assessment()
    for res in a["after"]["membership"].values():
        res.update(advantage=0.02, advantage_ci=[0.0, 0.04])
    a["after"]["membership"]["threshold"].update(
        advantage=0.105, advantage_ci=[0.07, 0.14], tpr_at_fpr={"0.01": 0.012, "0.001": 0.001}
    )
    light = verdicts(a)[1]
    assert light.level is Level.MODERATE and light.highest is Level.HIGH
    assert light.label == "moderate to high" and "0.070–0.140" in light.sentence
    assert "1.2% of the people in it (about what guessing finds)" in light.sentence
    a["after"]["membership"]["threshold"]["advantage_ci"] = [0.101, 0.14]
    assert verdicts(a)[1].level is Level.HIGH  # only with the lower end above the line


def test_5a_a_fresh_noise_release_does_not_warn_about_a_seed():
    a = released_assessment()
    a["settings"]["protection"].update(method="dp-noise", epsilon=1.0, k=None)
    seeded = (
        "The noise was drawn from seed 0: anyone who knows the seed and Veil's version can "
        "recompute and remove it."
    )
    a["protection"] = {"method": "dp-noise", "epsilon_spent": 1.0, "seed": 0, "warnings": [seeded]}
    a["release"]["protection"] = {"method": "dp-noise", "epsilon_spent": 1.0, "seed": None}
    doc = build_report(a)
    assert "drawn fresh" in texts(doc.section("Protection applied"))
    assert "drawn from seed" not in texts(doc.section("Warnings"))
    a["release"]["protection"]["seed"] = 0  # a seeded release keeps the warning
    assert "drawn from seed" in texts(build_report(a).section("Warnings"))


def test_5b_a_low_light_never_quotes_a_figure_its_threshold_calls_moderate():
    a = example_assessment()
    for res in a["after"]["membership"].values():
        res.update(advantage=0.03, advantage_ci=[0.0, 0.08], null_advantage=0.07)
    a["after"]["membership"]["distance"].update(advantage=0.072, advantage_ci=[0.044, 0.180])
    light = verdicts(a)[1]  # was LOW, "no better than guessing"
    assert light.level is not Level.LOW and "no better than guessing" not in light.sentence
    assert light.level is Level.TOO_FEW and "0.072" in light.sentence
    for res in a["after"]["membership"].values():
        res["null_advantage"] = 0.02
    light = verdicts(a)[1]  # now a real leak: the colour follows the moderate point
    assert light.level is Level.MODERATE and light.value >= ADVANTAGE_LOW
    assert light.label == "low to high" and "0.044–0.180" in light.sentence


def test_5c_the_sentence_says_what_the_strongest_attacker_knows():
    a = example_assessment()
    a["after"]["attribute"]["inversion"].update(
        success_members=0.52, risk=0.31, risk_ci=[0.27, 0.35]
    )
    light = verdicts(a)[2]
    assert light.attack_key == "inversion"
    assert "quasi-identifiers" not in light.sentence
    assert light.sentence.startswith("Knowing every other column of a person's record")
    a["after"]["attribute"]["inversion"].update(risk=0.0, risk_ci=[0.0, 0.02])
    linkage = verdicts(a)[2]
    assert linkage.attack_key == "linkage"
    assert linkage.sentence.startswith("Knowing a person's zip_code, date_of_birth")


def test_5d_before_protection_quotes_the_same_attack_and_the_strongest_one():
    a = example_assessment()
    a["before"]["attribute"]["linkage"]["risk"] = 0.458
    a["after"]["attribute"] = {
        "linkage": _attribute(0.30, 0.30, 0.28, [0.0, 0.01]),
        "ml": _attribute(0.35, 0.339, 0.28, [0.005, 0.03]),
    }
    a["after"]["attribute"]["ml"]["risk"] = 0.017
    light = verdicts(a)[2]
    assert light.attack_key == "ml" and "0.017" in light.sentence
    assert light.before == a["before"]["attribute"]["ml"]["risk"]
    assert light.strongest_before == ("group matching", 0.458)
    assert "the strongest then (group matching) reached 0.458" in light.sentence
    assert light.level is Level.LOW and light.value < ATTRIBUTE_LOW


def test_6_the_first_page_speaks_plain_words_and_the_glossary_has_the_terms():
    a = example_assessment()
    a["after"]["membership"]["lira"].update(advantage=0.3, advantage_ci=[0.25, 0.35])
    doc = build_report(a)
    first = texts(doc.section("Verdict")) + " ".join(light.threshold for light in doc.verdicts)
    for jargon in ("LiRA", "prosecutor", "GeometricTruncated", "lattice", "El Emam 2008)"):
        assert jargon not in first.replace("(El Emam 2008", "")
    assert "per-person look-alike models" in first
    glossary = texts(doc.section("Glossary"))
    for term in ("LiRA (likelihood-ratio attack)", "Prosecutor risk", "GeometricTruncated"):
        assert term in glossary
    dp = texts(build_report(dp_assessment()).section("Protection applied"))
    assert "GeometricTruncated" not in dp
