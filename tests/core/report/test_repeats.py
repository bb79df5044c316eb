"""The report of repeated rehearsals, on a real assessment of Adult: 'across N repeated
rehearsals: mean (range)' next to the lights' figures and in the tables, a methods paragraph,
lights decided on the mean across the runs and its interval; a document without repeats reads
as before."""

from __future__ import annotations

import copy

import pytest

from core.assess import assess
from core.pipeline import assessment_document, describe_release, protect_release
from core.report import build_report, render_html, render_pdf, verdicts
from core.report.access import attack_name
from core.report.build import block_texts
from core.report.document import Paragraph, Table
from core.report.spread import headline
from core.settings import AssessmentSettings, ProtectionSettings
from tests.conftest import adult_roles
from tests.core.report.checks import pdf_text
from tests.core.report.example import example_assessment, repeated, spread_entry

ROLES = adult_roles()
K5 = ProtectionSettings(method="optimal", k=5, suppression=0.05)
N = 3


@pytest.fixture(scope="module")
def run(adult_frame, adult_qi_hierarchies):
    """A real assessment of 1,200 Adult records repeated three times, and the inputs."""
    frame = adult_frame.sample(1200, random_state=21)
    hierarchies = adult_qi_hierarchies
    result = assess(
        frame, ROLES, K5, AssessmentSettings(model="logreg", repeats=N),
        hierarchies=hierarchies, seed=2,
    )  # fmt: skip
    return result.to_dict(), frame, hierarchies


@pytest.fixture
def doc(run):
    return copy.deepcopy(run[0])


def _strip(doc):
    """The same document as a single rehearsal would read it."""
    if isinstance(doc, dict):
        return {k: _strip(v) for k, v in doc.items() if k != "repeats"}
    if isinstance(doc, list):
        return [_strip(v) for v in doc]
    return doc


def _strongest(doc, family, figure):
    return max(doc["after"][family].values(), key=lambda r: r[figure])


def _words(stats, digits=3):
    return f"{stats['mean']:.{digits}f} (range {stats['min']:.{digits}f}–{stats['max']:.{digits}f})"


def _cell(s):
    return f"{s['mean']:.3f} ({s['min']:.3f}–{s['max']:.3f})"


def _all_text(report):
    return "\n".join(t for s in report.sections for b in s.blocks for t in block_texts(b))


def _averaged(stats, digits=3):
    lo, hi = stats["interval"]
    return (
        f"{stats['mean']:.{digits}f} (95% CI {lo:.{digits}f}–{hi:.{digits}f}) across {N} "
        f"rehearsals (range {stats['min']:.{digits}f}–{stats['max']:.{digits}f})"
    )


def test_lights_rest_on_the_mean_across_rehearsals_and_its_interval(doc):
    reid, membership, attribute = verdicts(doc)
    best = doc["after"]["membership"][membership.attack_key]["repeats"]["advantage"]
    assert f"an average advantage of {_averaged(best)}" in membership.sentence
    assert (membership.value, membership.runs) == (best["mean"], N)
    assert membership.interval == tuple(best["interval"])
    risk = doc["after"]["attribute"][attribute.attack_key]["repeats"]["risk"]
    assert f"the part due to the release averaged {_averaged(risk)}" in attribute.sentence
    assert (attribute.value, attribute.runs) == (risk["mean"], N)
    highest = doc["after"]["reidentification"]["repeats"]["highest_risk"]
    assert (reid.value, reid.runs) == (highest["mean"], N)
    if highest["min"] == highest["max"]:
        assert f"record was {highest['min']:.2f}" in reid.sentence
        assert f"in each of {N} rehearsals" in reid.sentence
    else:
        assert f"record averaged {_averaged(highest, 2)}" in reid.sentence
    plain = verdicts(_strip(doc))
    assert all("rehearsals" not in light.sentence and light.runs == 1 for light in plain)


def test_the_repeated_interval_decides_high_where_the_first_run_straddles_the_line(doc):
    attacks = doc["after"]["membership"]
    for result in attacks.values():
        result["advantage"], result["null_advantage"] = 0.02, 0.01
        result.pop("repeats", None)
    best = attacks["lira"]
    best["advantage"], best["advantage_ci"] = 0.15, [0.09, 0.21]  # straddles 0.10
    assert verdicts(doc)[1].label == "moderate to high"  # on the first run alone
    best["repeats"] = {"n": N, "seeds": [2, 3, 4], "advantage": spread_entry(0.15, 0.16, 0.17)}
    light = verdicts(doc)[1]
    assert str(light.level) == "high" and light.span is None
    assert "average advantage of 0.160 (95% CI 0.135–0.185) across 3 rehearsals" in (light.sentence)
    assert (light.value, light.interval, light.runs) == (0.16, (0.1352, 0.1848), N)


def test_rehearsals_that_show_the_advantage_lower_keep_the_light_from_high(doc):
    attacks = doc["after"]["membership"]
    for result in attacks.values():
        result["advantage"], result["null_advantage"] = 0.005, 0.01  # below the noise line
        result.pop("repeats", None)
    best = attacks["lira"]
    best["advantage"], best["advantage_ci"] = 0.16, [0.11, 0.21]  # wholly above 0.10
    assert str(verdicts(doc)[1].level) == "high"  # on the first run alone
    best["repeats"] = {"n": N, "seeds": [2, 3, 4], "advantage": spread_entry(0.16, 0.06, 0.05)}
    light = verdicts(doc)[1]
    assert str(light.level) == "moderate" and light.label == "low to high"
    assert "average advantage of 0.090 (95% CI 0.000–0.241) across 3 rehearsals" in (light.sentence)
    best["repeats"]["advantage"] = spread_entry(0.07, 0.06, 0.065)
    light = verdicts(doc)[1]
    assert light.label == "moderate" and "(range 0.060–0.070)" in light.sentence


def test_the_family_wise_null_applies_to_the_mean_advantage(doc):
    attacks = doc["after"]["membership"]
    for result in attacks.values():
        result["advantage"], result["null_advantage"] = 0.02, 0.05
        result.pop("repeats", None)
    best = attacks["lira"]
    best["advantage"], best["advantage_ci"] = 0.12, [0.07, 0.17]  # above the noise line
    assert str(verdicts(doc)[1].level) != "low"
    best["repeats"] = {"n": N, "seeds": [2, 3, 4], "advantage": spread_entry(0.12, 0.03, 0.03)}
    light = verdicts(doc)[1]  # the mean, 0.06, is below what noise reaches for four attacks
    assert str(light.level) == "too few records"
    assert "reached an average advantage of 0.060" in light.sentence


def test_attribute_and_reidentification_lights_rest_on_the_repeated_interval():
    a = example_assessment()  # attribute: group matching 0.074 (0.057–0.091), moderate
    linkage = a["after"]["attribute"]["linkage"]
    linkage.update(risk=0.24, risk_ci=[0.15, 0.33], success_members=0.45)
    assert verdicts(a)[2].label == "moderate to high"
    repeated(a, "after", "attribute", "linkage", risk=spread_entry(0.24, 0.235, 0.245))
    repeated(a, "after", "reidentification", None, highest_risk=spread_entry(0.2, 0.08, 0.07))
    reid, _, attribute = verdicts(a)
    assert str(attribute.level) == "high" and attribute.runs == 3
    assert "the part due to the release averaged 0.240 (95% CI 0.228–0.252)" in attribute.sentence
    assert str(reid.level) == "moderate" and reid.label == "low to high"  # first run: 0.2
    assert "record averaged 0.12 (95% CI" in reid.sentence and "across 3 rehearsals" in (
        reid.sentence
    )


def test_membership_and_attribute_tables_add_a_mean_and_range_column(doc):
    report = build_report(doc)
    for title, header, figure in (
        ("Membership inference", f"Advantage in {N} rehearsals: mean (range)", "advantage"),
        ("Attribute inference", f"Risk in {N} rehearsals: mean (range)", "risk"),
    ):
        table = next(b for b in report.section(title).blocks if isinstance(b, Table))
        assert table.header[-1] == header and len(table.widths) == len(table.header)
        family = "membership" if figure == "advantage" else "attribute"
        expected = {
            (attack_name(attack), side.capitalize()): _cell(result["repeats"][figure])
            for side in ("before", "after")
            for attack, result in doc[side][family].items()
        }
        assert {(row[0], row[1]): row[-1] for row in table.rows} == expected
        assert len(table.rows) == len(expected)
        assert "the last column sums up all 3" in table.caption
    plain = build_report(_strip(doc))
    table = next(b for b in plain.section("Membership inference").blocks if isinstance(b, Table))
    assert len(table.header) == 6


def test_utility_reidentification_verdict_and_methods_say_it_in_words(doc):
    report = build_report(doc)
    acc = doc["after"]["utility"]["repeats"]["accuracy"]
    utility = report.section("Usefulness of the release").blocks[-1].text
    assert utility.startswith(f"Across {N} repeated rehearsals (mean, with the lowest and highest)")
    span = f"{acc['min'] * 100:.1f}%–{acc['max'] * 100:.1f}%"
    assert f", after {acc['mean'] * 100:.1f}% ({span});" in utility
    reid = report.section("Re-identification").blocks
    assert any(
        isinstance(b, Paragraph) and "average risk before protection" in b.text for b in reid
    )
    intro = report.section("Verdict").blocks[0].text
    assert f"The assessment was repeated {N} times" in intro
    methods = [b.lead for b in report.section("Methods").blocks]
    assert "Repeated rehearsals." in methods
    text = _all_text(report)
    assert "Student's t" in text
    plain = _all_text(build_report(_strip(doc)))
    assert "repeated" not in plain.lower() and "Repeated rehearsals." not in plain


def test_a_rehearsal_behind_a_real_release_keeps_its_reidentification_unspread(run):
    doc, frame, hierarchies = run
    release = protect_release(frame, ROLES, K5, hierarchies=hierarchies, seed=2)
    facts = describe_release(frame, release, ROLES, AssessmentSettings(repeats=N))
    document = assessment_document(copy.deepcopy(doc), facts)
    reid, membership, _ = verdicts(document)
    assert "repeated rehearsals" not in reid.sentence  # the released table is measured once
    assert (
        "In the rehearsal" in membership.sentence
        and f"across {N} rehearsals" in membership.sentence
    )
    intro = build_report(document).section("Verdict").blocks[0].text
    assert f"The rehearsal was repeated {N} times" in intro
    assert document["repeats"]["seeds"] == [2, 3, 4]


def test_both_renderings_and_the_screen_line_carry_the_spread(doc, tmp_path):
    report = build_report(doc)
    best = _strongest(doc, "membership", "advantage")["repeats"]["advantage"]
    mean = _cell(best)
    html = render_html(report)
    assert f"Advantage in {N} rehearsals: mean (range)" in html and mean in html
    pdf = pdf_text(render_pdf(report, tmp_path / "r.pdf").read_bytes())
    assert mean in " ".join(pdf.split())
    line = headline(doc)
    assert line.startswith(f"Across {N} repeated rehearsals (seeds 2–4), mean (lowest–highest)")
    assert f"{best['mean']:.3f} ({best['min']:.3f}–{best['max']:.3f})" in line
    assert headline(_strip(doc)) is None


def test_a_spread_without_an_interval_leaves_the_light_on_the_first_run(doc):
    attacks = doc["after"]["membership"]
    for data_attack in ("domias", "tapas"):  # their spread is not what this case is about
        del attacks[data_attack]
    for result in attacks.values():
        result["advantage"], result["null_advantage"] = 0.02, 0.01
    best = attacks["lira"]
    best["advantage"], best["advantage_ci"] = 0.07, [0.06, 0.08]  # moderate on the first run
    best["repeats"]["advantage"].update(mean=0.2, min=0.06, max=0.45, interval=None)
    light = verdicts(doc)[1]
    assert str(light.level) == "moderate" and (light.value, light.runs) == (0.07, 1)
    assert (
        "its advantage averaged 0.200 (range 0.060–0.450); the highest of them would be "
        "judged high." in light.sentence
    )
