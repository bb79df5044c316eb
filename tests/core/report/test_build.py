"""build_report and the verdicts, on assessment dictionaries shaped like assessment.json."""

from __future__ import annotations

import re

import pytest

from core.errors import ValidationError
from core.report import Level, build_report, verdicts
from core.report.build import block_texts
from core.report.document import Chart, Table
from core.report.references import REFERENCES
from tests.core.report.example import (
    dp_assessment,
    example_assessment,
    minimal_assessment,
    with_infinities,
)


def levels(a: dict) -> tuple[Level, ...]:
    return tuple(light.level for light in verdicts(a))


def all_text(doc) -> str:
    return "\n".join(t for s in doc.sections for b in s.blocks for t in block_texts(b))


def test_verdict_comes_first_with_three_lights_that_state_and_cite_their_thresholds():
    doc = build_report(example_assessment())
    assert doc.sections[0].title == "Verdict"
    reid, mia, aia = doc.verdicts
    assert [light.risk for light in doc.verdicts] == [
        "Re-identification",
        "Membership inference",
        "Attribute inference",
    ]
    assert "0.09" in reid.threshold and "EMA 2018" in reid.threshold
    assert "Health Canada 2019" in reid.threshold and "El Emam" in reid.threshold
    assert "Yeom 2018" in mia.threshold and "0.05" in mia.threshold
    assert "Giomi 2023" in aia.threshold and "control correction" in aia.threshold


def test_lights_of_the_example_are_moderate_and_sentences_carry_the_figures():
    a = example_assessment()
    reid, mia, aia = verdicts(a)
    assert (reid.level, mia.level, aia.level) == (Level.MODERATE,) * 3
    # The distance attack's interval 0.063–0.103 crosses the high line (0.10): a range.
    assert (mia.label, reid.label, aia.label) == ("moderate to high", "moderate", "moderate")
    assert "0.063–0.103" in mia.sentence and "moderate to high" in mia.sentence
    # 89.2% unique before, none after; highest risk 1/5 after.
    assert "89.2%" in reid.sentence and "none is" in reid.sentence
    assert "0.20 (1 in 5)" in reid.sentence
    # The strongest membership attack after protection is the distance attack (0.083).
    assert "(closest record: " in mia.sentence and "0.083" in mia.sentence
    assert "0.962" in mia.sentence  # the same attack before protection
    # Linkage: 36.2% right in the release vs 31.1% outside, baseline 28.0%, risk 0.074.
    for figure in ("36.2%", "31.1%", "28.0%", "0.074", "diagnosis"):
        assert figure in aia.sentence


@pytest.mark.parametrize(
    ("highest", "level"),
    [
        (0.05, Level.LOW),
        (0.09, Level.LOW),
        (0.1, Level.MODERATE),
        (0.2, Level.MODERATE),
        (1 / 3, Level.HIGH),
        (1.0, Level.HIGH),
    ],
)
def test_reidentification_light_follows_the_0_09_and_0_2_thresholds(highest, level):
    a = example_assessment()
    a["after"]["reidentification"]["highest_risk"] = highest
    assert levels(a)[0] is level


def test_one_in_n_wording_for_a_quarter_of_records_unique():
    a = example_assessment()
    a["before"]["reidentification"]["unique_fraction"] = 0.25
    assert "1 in 4 records (25.0%) was unique" in verdicts(a)[0].sentence


@pytest.mark.parametrize(
    ("advantage", "level"), [(0.01, Level.LOW), (0.06, Level.MODERATE), (0.3, Level.HIGH)]
)
def test_membership_light_follows_the_advantage_thresholds(advantage, level):
    a = example_assessment()
    for res in a["after"]["membership"].values():
        res["advantage"], res["advantage_ci"] = advantage, [advantage * 0.9, advantage * 1.1]
        res["null_advantage"] = 0.0
    assert levels(a)[1] is level


def test_membership_within_the_family_null_on_a_large_table_is_low_and_says_so():
    a = example_assessment()
    for res in a["after"]["membership"].values():
        res["advantage"], res["null_advantage"] = 0.025, 0.03  # 4 attacks: line 0.033
    light = verdicts(a)[1]
    assert light.level is Level.LOW and light.sentence.startswith("No attack told people")
    assert "random guessing about this many people also reaches" in light.sentence


@pytest.mark.parametrize(
    ("risk", "level"), [(0.0, Level.LOW), (0.1, Level.MODERATE), (0.45, Level.HIGH)]
)
def test_attribute_light_follows_the_control_corrected_risk(risk, level):
    a = example_assessment()
    for res in a["after"]["attribute"].values():
        res["risk"], res["risk_ci"] = risk, [risk - 0.01, risk + 0.01]
        res["success_members"] = res["baseline"] + risk
    assert levels(a)[2] is level


def test_missing_attacks_give_grey_lights_and_no_empty_sections():
    doc = build_report(minimal_assessment())
    assert [light.level for light in doc.verdicts][1:] == [Level.NOT_ASSESSED] * 2
    assert "Not measured" in doc.verdicts[1].sentence
    titles = [s.title for s in doc.sections]
    assert "Re-identification" in titles
    for absent in (
        "Membership inference",
        "Attribute inference",
        "Usefulness of the release",
        "Privacy–utility trade-off",
    ):
        assert absent not in titles
    assert all(s.blocks for s in doc.sections)


def test_an_empty_dictionary_still_builds_a_readable_report():
    doc = build_report({})
    assert [light.level for light in doc.verdicts] == [Level.NOT_ASSESSED] * 3
    assert doc.section("Warnings") is not None and doc.section("References") is not None


def test_something_else_than_a_dictionary_is_refused_clearly():
    with pytest.raises(ValidationError, match="not a JSON object"):
        build_report(["not", "a", "dict"])


def test_dp_release_shows_the_epsilon_ledger_the_dp_ceiling_and_no_k():
    doc = build_report(dp_assessment())
    prot = doc.section("Protection applied")
    tables = [b for b in prot.blocks if isinstance(b, Table)]
    settings = dict(tables[0].rows)
    assert settings["Privacy budget ε"] == "1" and settings["ε spent"] == "1"
    assert "k (smallest allowed group)" not in settings
    ledger = next(t for t in tables if "Mechanism" in t.header)
    assert [r[1] for r in ledger.rows] == ["age", "diagnosis × length_of_stay", "sex", ""]
    assert ledger.rows[-1][0] == "Total"
    assert [r[3] for r in ledger.rows] == ["0.1", "0.2", "0.7", "1"]
    assert ledger.rows[1][5] == "read from the data"
    text = all_text(doc)
    assert "(e^ε − 1)/(e^ε + 1) = 0.462" in text  # tanh(1/2)
    assert doc.verdicts[0].level is Level.NOT_APPLICABLE
    assert doc.section("Privacy–utility trade-off") is None  # sweep is null
    assert "Bounds of length_of_stay were read from the data" in text


def test_infinite_epsilon_reads_as_no_noise():
    a = with_infinities(dp_assessment())
    settings = dict(build_report(a).section("Protection applied").blocks[1].rows)
    assert settings["Privacy budget ε"] == "∞ (no noise)"


def test_synthetic_data_is_labelled_only_when_synthetic():
    a = example_assessment()
    assert "synthetic" in build_report(a).subtitle
    assert "are synthetic" in all_text(build_report(a))
    a["dataset"]["synthetic"] = False
    assert "are synthetic" not in all_text(build_report(a))
    assert "synthetic" not in build_report(a).subtitle


def test_references_list_exactly_what_the_text_cites():
    doc = build_report(example_assessment())
    refs = doc.section("References").blocks[0].items
    body = all_text(doc.__class__(doc.title, doc.subtitle, doc.facts, doc.sections[:-1]))
    cited = set(re.findall(r"([A-Z][A-Za-z ]+ \d{4})(?=[;)])", body))
    listed = {r.split(". ")[0] for r in refs}
    assert cited <= set(REFERENCES), cited - set(REFERENCES)
    assert listed == cited
    for key in (
        "Sweeney 2002",
        "Yeom 2018",
        "Shokri 2017",
        "Carlini 2022",
        "Giomi 2023",
        "El Emam 2008",
        "Machanavajjhala 2007",
    ):
        assert key in listed


def test_methods_appendix_explains_only_what_was_run():
    a = example_assessment()
    methods = {p.lead for p in build_report(a).section("Methods").blocks}
    assert {"LiRA (likelihood-ratio attack).", "Model inversion.", "k-anonymity."} <= methods
    assert "Differential privacy." not in methods and "t-closeness." not in methods
    dp_methods = {p.lead for p in build_report(dp_assessment()).section("Methods").blocks}
    assert "Differential privacy." in dp_methods and "k-anonymity." not in dp_methods


def test_class_size_chart_shows_shares_of_records_summing_to_one():
    chart = next(
        b
        for b in build_report(example_assessment()).section("Re-identification").blocks
        if isinstance(b, Chart)
    )
    assert chart.kind == "class_sizes"
    assert sum(chart.data["before"]) == pytest.approx(1) == sum(chart.data["after"])
    assert chart.data["before"][0] == pytest.approx(4460 / 5000)


def test_derived_warnings_for_high_suppression_and_a_big_utility_drop():
    a = example_assessment()
    a["protection"]["suppressed_records"] = 900
    a["after"]["utility"]["accuracy"] = 0.6
    items = build_report(a).section("Warnings").blocks[1].items
    assert any("High suppression: 18.0%" in i for i in items)
    assert any("accuracy fell by 18.1 points" in i for i in items)
    assert any(i.startswith("Model inversion (after):") for i in items)


def test_other_defences_put_the_relevant_ones_first():
    a = example_assessment()
    defences = build_report(a).section("Other defences to consider").blocks[1:]
    assert defences[0].lead == "Access control." and defences[0].text.startswith("Relevant here")
    for res in a["after"]["membership"].values():
        res["advantage"] = 0.0
    for res in a["after"]["attribute"].values():
        res["risk"] = 0.0
    a["after"]["reidentification"]["highest_risk"] = 0.05
    calm = build_report(a).section("Other defences to consider").blocks[1:]
    assert not any(p.text.startswith("Relevant here") for p in calm)


def test_building_is_pure_input_unchanged_and_same_document_twice():
    a = example_assessment()
    snapshot = repr(a)
    first, second = build_report(a), build_report(a)
    assert repr(a) == snapshot
    assert first.to_dict() == second.to_dict()


def test_protection_table_speaks_plainly_and_shows_only_the_chosen_loss_measure():
    prot = build_report(example_assessment()).section("Protection applied")
    settings, levels = (b for b in prot.blocks if isinstance(b, Table))
    rows = dict(settings.rows)
    assert rows["Records suppressed"] == "180 (3.6%)"
    assert rows["Suppression limit"] == "up to 5.0% of records"
    assert rows["Information lost (0 = none, 1 = everything generalized)"] == "0.413"
    assert not any("entropy" in k.lower() or "discernibility" in k.lower() for k in rows)
    assert "optimal" in rows["Search"] and "120" in rows["Search"] and "200" in rows["Search"]
    assert levels.rows[1] == ("date_of_birth", "3 of 4", "automatic (dates)")


def test_warnings_repeated_by_the_run_and_its_parts_are_listed_once():
    a = example_assessment()
    a["protection"]["warnings"] = ["180 records were suppressed."]
    a["warnings"] = ["180 records were suppressed.", "After: The attack does no better."]
    a["after"]["attribute"]["inversion"]["warnings"] = ["The attack does no better."]
    items = build_report(a).section("Warnings").blocks[1].items
    assert sum("suppressed" in i for i in items) == 1
    assert sum("no better" in i for i in items) == 1


def test_membership_attack_counts_come_from_the_evaluation_split():
    text = all_text(build_report(example_assessment()))
    assert "With 2,500 held-back people tested" in text and "0.04%" in text
    assert "scored on 2,500 members and 2,500 held-back people" in text


def test_without_protection_the_light_says_so_instead_of_comparing_a_side_with_itself():
    a = example_assessment()
    a["settings"]["protection"]["method"] = a["protection"]["method"] = "none"
    a["after"] = a["before"]
    light = verdicts(a)[0]
    assert "89.2% of records are unique" in light.sentence
    assert (
        "(no protection was applied)" in light.sentence
        and "Before protection" not in light.sentence
    )
    assert light.level is Level.HIGH


def test_a_number_kind_read_from_the_data_is_listed_beside_the_bounds():
    a = dp_assessment()
    assert "decimals read from the data" not in all_text(build_report(a))
    a["protection"]["kinds_from_data"] = ["length_of_stay"]
    text = all_text(build_report(a))
    assert "Whole numbers or decimals read from the data\nlength_of_stay\n" in text
