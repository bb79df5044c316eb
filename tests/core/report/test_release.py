"""The report on a document with the released table's own section (veil-cli run, GUI export):
re-identification and the fingerprint describe the release, the attacks are a rehearsal."""

from __future__ import annotations

import pytest

from core.report import Level, build_report, render_html, render_pdf, verdicts
from core.report.build import block_texts
from core.report.document import Chart, Paragraph, Table
from tests.core.report.checks import key_figures, pdf_text
from tests.core.report.example import (
    dp_assessment,
    example_assessment,
    released_assessment,
)

REHEARSAL = (
    "Veil protected a random half of the records with the same settings and attacked it, using "
    "the other half as people known to be outside."
)


def texts(section) -> str:
    return "\n".join(t for b in section.blocks for t in block_texts(b))


def tables(section) -> list[Table]:
    return [b for b in section.blocks if isinstance(b, Table)]


def test_reidentification_light_rests_on_the_released_table_not_the_rehearsal():
    a = released_assessment()
    light = verdicts(a)[0]
    assert light.level is Level.MODERATE  # highest risk 1/7 on the released table
    assert "Before protection 88.7% of records were unique" in light.sentence  # the whole input
    assert "in the released table (9,530 of 10,000 records) none is" in light.sentence
    assert "0.14 (1 in 7)" in light.sentence
    a["after"]["reidentification"]["highest_risk"] = 1.0  # the rehearsal does not count
    assert verdicts(a)[0].sentence == light.sentence
    a["release"]["reidentification"]["highest_risk"] = 0.05
    assert verdicts(a)[0].level is Level.LOW


def test_membership_and_attribute_lights_say_they_come_from_the_rehearsal():
    a = released_assessment()
    _, mia, aia = verdicts(a)
    assert mia.sentence.startswith("In the rehearsal, the strongest attack")
    assert "tells people in the protected half from people outside it" in mia.sentence
    assert aia.sentence.startswith("In the rehearsal, knowing a person's zip_code, date_of")
    for res in a["after"]["membership"].values():  # the rehearsal's figures decide the light
        res["advantage"], res["advantage_ci"], res["null_advantage"] = 0.3, [0.25, 0.35], 0.0
    assert verdicts(a)[1].level is Level.HIGH
    assert "In the rehearsal" not in " ".join(
        light.sentence for light in verdicts(example_assessment())
    )


def test_the_report_says_plainly_how_the_attacks_were_measured():
    doc = build_report(released_assessment())
    intro = texts(doc.section("Verdict"))
    assert "Re-identification was measured on the released table itself." in intro
    assert REHEARSAL in intro
    for title in ("Membership inference", "Attribute inference"):
        assert REHEARSAL in texts(doc.section(title)), title
    assert "Rehearsal." in {p.lead for p in doc.section("Methods").blocks}


def test_another_member_fraction_is_named_as_it_was():
    a = released_assessment()
    a["settings"]["assessment"]["member_fraction"] = 0.3
    assert "a random 30% of the records" in texts(build_report(a).section("Verdict"))
    assert "the other records as people known to be outside" in texts(
        build_report(a).section("Verdict")
    )
    assert "people in the protected 30% of records" in verdicts(a)[1].sentence


def test_what_was_released_is_the_whole_table_and_the_rehearsal_is_named_apart():
    section = build_report(released_assessment()).section("What was released")
    files, hashes = tables(section)
    assert files.rows == (
        ("Input table", "patients.csv", "10,000", "11"),
        ("Released table", "release.csv", "9,530", "8"),
        ("Rehearsal (attacked)", "not written", "4,820", "8"),
    )
    assert hashes.rows[1] == ("Released table", "b7" * 32)
    text = texts(section)
    assert "holds the 10,000 input records protected with the chosen settings, less the 470 " \
        "suppressed: 9,530 records" in text  # fmt: skip
    assert "For the rehearsal, the 10,000 input records were split at random" in text


def test_protection_section_describes_the_released_table_and_flags_other_rehearsal_levels():
    section = build_report(released_assessment()).section("Protection applied")
    settings, levels = tables(section)[:2]
    rows = dict(settings.rows)
    assert rows["Records suppressed"] == "470 (4.7%)"  # of the 10,000, not of the members
    assert rows["Smallest group"] == "7" and rows["Groups in the release"] == "402"
    assert levels.rows[0] == ("zip_code", "3 of 4", "automatic (masking)")
    note = next(
        p.text for p in section.blocks if isinstance(p, Paragraph) and "rehearsal" in p.text
    )
    assert "zip_code 2, date_of_birth 3" in note
    same = released_assessment()
    same["release"]["protection"]["transformation"] = same["protection"]["transformation"]
    assert "rehearsal" not in texts(build_report(same).section("Protection applied"))


def test_reidentification_section_compares_the_input_with_the_released_table():
    section = build_report(released_assessment()).section("Re-identification")
    table = tables(section)[0]
    assert table.header == ("Measure", "Input table, as it is", "Released table")
    rows = {r[0]: r[1:] for r in table.rows}
    assert rows["Groups of identical quasi-identifiers"] == ("9,412", "402")
    assert rows["Unique records"] == ("8,870 (88.7%)", "0 (0%)")
    assert rows["Highest risk"][1] == "0.143 (1 in 7)"
    chart = next(b for b in section.blocks if isinstance(b, Chart))
    assert chart.data["after"][3] == pytest.approx(3080 / 9530)
    assert chart.data["before"][0] == pytest.approx(4460 / 5000)


def test_membership_section_explains_what_k_anonymity_leaves_exact():
    def note(a):
        section = build_report(a).section("Membership inference")
        found = [p for p in section.blocks if isinstance(p, Paragraph) and p.lead]
        return found[0].text if found else None

    a = released_assessment()
    text = note(a)
    assert "(diagnosis, length_of_stay and readmitted_30d) are released as they are" in text
    assert "advantage 0.083" in text and "differential privacy" in text
    a["after"]["membership"]["distance"]["advantage"] = 0.02  # the attack found nothing
    assert note(a) is None
    assert note(dp_assessment()) is None  # DP perturbs every column


def test_warnings_list_the_release_first_and_the_rehearsal_once():
    a = released_assessment()
    a["protection"]["warnings"] = ["180 record(s) were suppressed."]
    a["warnings"] = [
        *a["release"]["protection"]["warnings"],
        "Rehearsal: 180 record(s) were suppressed.",
    ]
    items = build_report(a).section("Warnings").blocks[1].items
    assert items[0].startswith("470 record(s) (4.7%) were suppressed")
    assert sum("180 record(s)" in i for i in items) == 1


def test_a_dp_release_says_its_noise_is_fresh_and_the_rehearsal_seeded():
    a = released_assessment()
    a["settings"]["protection"].update(method="dp-noise", epsilon=1.0, k=None)
    a["protection"] = {"method": "dp-noise", "epsilon_spent": 1.0, "seed": 0, "warnings": []}
    a["release"]["protection"] = {"method": "dp-noise", "epsilon_spent": 1.0, "seed": None}
    doc = build_report(a)
    assert "drawn fresh, not from the project's seed" in texts(doc.section("Protection applied"))
    assert "differs from run to run" in texts(doc.section("Reproducibility"))
    assert doc.verdicts[0].level is Level.NOT_APPLICABLE
    assert "drawn fresh" not in texts(build_report(dp_assessment()).section("Protection applied"))


def test_both_renderings_hold_the_released_tables_figures(tmp_path):
    a = released_assessment()
    doc = build_report(a)
    html = render_html(doc)
    text = pdf_text(render_pdf(doc, tmp_path / "r.pdf").read_bytes())
    figures = key_figures(a)
    assert "9,412" in figures and "402" in figures and "4,820" in figures
    assert [f for f in figures if f not in html] == []
    assert [f for f in figures if f not in text] == []
    assert REHEARSAL in html and "Rehearsal (attacked)" in text


def test_a_document_written_before_the_release_section_existed_still_renders(tmp_path):
    a = example_assessment()  # `release` = the attacked members, as older runs wrote it
    a["release"].update(name="release.csv", content_sha256="5b" * 32)
    doc = build_report(a)
    assert [light.level for light in doc.verdicts] == [Level.MODERATE] * 3
    html = render_html(doc)
    assert "4,820" in html and "rehearsal" not in html.lower()
    assert render_pdf(doc, tmp_path / "old.pdf").stat().st_size > 0
