"""The page-1 header (PDF and HTML) names every model the protection enforced, not only k."""

from __future__ import annotations

import io
import re

import pypdf

from core.report import build_report, render_html
from core.report.pdf import pdf_bytes
from tests.core.report.example import dp_assessment, example_assessment


def _k_l_t() -> dict:
    a = example_assessment()
    a["settings"]["protection"].update(
        k=10, l=3, l_variant="recursive", c=2.0, t=0.2, suppression=0.05
    )
    return a


def _first_page(doc) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes(doc)))
    return re.sub(r"\s+", " ", reader.pages[0].extract_text())


def _header(html: str) -> str:
    return re.sub(r"\s+", " ", html.split("<header>", 1)[1].split("</header>", 1)[0])


def test_k_l_t_and_the_suppression_limit_are_all_in_the_header():
    doc = build_report(_k_l_t())
    facts = dict(doc.facts)
    assert facts["Protection"] == "k-anonymity, optimal generalization"
    expected = "k = 10 · ℓ = 3 (recursive, c = 2) · t = 0.2 · at most 5.0% of records suppressed"
    assert facts["Enforced"] == expected
    assert expected in _first_page(doc)
    assert f"<dd>{expected}</dd>" in _header(render_html(doc))


def test_distinct_l_diversity_and_no_suppression():
    a = example_assessment()
    a["settings"]["protection"].update(l=2, suppression=0.0)
    assert dict(build_report(a).facts)["Enforced"] == "k = 5 · ℓ = 2 (distinct) · no suppression"


def test_mondrian_shows_no_suppression_limit_it_never_uses():
    a = _k_l_t()
    a["settings"]["protection"]["method"] = a["protection"]["method"] = "mondrian"
    facts = dict(build_report(a).facts)
    assert facts["Protection"] == "k-anonymity, Mondrian partitioning"
    assert facts["Enforced"] == "k = 10 · ℓ = 3 (recursive, c = 2) · t = 0.2"


def test_a_dp_release_shows_epsilon_and_delta_when_used():
    a = dp_assessment()
    facts = dict(build_report(a).facts)
    assert facts["Protection"] == "Differential privacy: synthetic table from noisy statistics"
    assert facts["Enforced"] == "ε = 1"  # δ = 0: not shown
    a["settings"]["protection"]["delta"] = 1e-6
    doc = build_report(a)
    assert dict(doc.facts)["Enforced"] == "ε = 1 · δ = 1e-06"
    assert "ε = 1 · δ = 1e-06" in _first_page(doc)
    assert "<dd>ε = 1 · δ = 1e-06</dd>" in _header(render_html(doc))


def test_no_protection_has_no_enforced_line():
    a = example_assessment()
    a["settings"]["protection"]["method"] = a["protection"]["method"] = "none"
    facts = dict(build_report(a).facts)
    assert "Enforced" not in facts
    assert facts["Protection"] == "No protection"
