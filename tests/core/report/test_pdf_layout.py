"""Every page of the PDF, read back with pdfplumber: no overlapping words, no page holding one
line, no word broken inside, and every page renders to a PNG that is not blank.

Four reports: the demo-like document the render tests use, its DP variant, and two on a wide
purpose-built table (56 columns with long snake_case names: a real dp-noise release, k-anonymity).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pdfplumber
import pytest

from core.report import build_report
from core.report.build import block_texts
from core.report.document import (
    Bullets,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    Verdicts,
)
from core.report.pdf import pdf_bytes
from tests.core.report.example import dp_assessment, example_assessment
from tests.core.report.wide import wide_dp_assessment, wide_k_assessment

FOOTER = 40.0  # points from the bottom of the page: the running footer
REPORTS = {
    "demo": example_assessment,
    "dp": dp_assessment,
    "wide-dp": wide_dp_assessment,
    "wide-k": wide_k_assessment,
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[ReportDocument, bytes, list[tuple[int, list[dict]]]]]:
    """Each report built, rendered and read back once: (document, PDF, words of each page)."""
    out = {}
    for name, make in REPORTS.items():
        doc = build_report(make())
        data = pdf_bytes(doc)
        out[name] = (doc, data, list(_pages(data)))
    return out


def _pages(data: bytes) -> Iterator[tuple[int, list[dict]]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            yield number, page.extract_words()


def _lines(words: list[dict], height: float = 841.89) -> int:
    """Lines of text above the footer (words whose tops lie within 2 pt share a line)."""
    tops = sorted(round(w["top"], 1) for w in words if w["bottom"] < height - FOOTER)
    return sum(1 for i, top in enumerate(tops) if i == 0 or top - tops[i - 1] > 2)


def _overlapping(words: list[dict]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes share more than half a point in both directions."""
    found = []
    ordered = sorted(words, key=lambda w: w["x0"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b["x0"] > a["x1"] - 0.5:
                break
            tall = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            wide = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            if tall > 0.5 and wide > 0.5:
                found.append((a["text"], b["text"]))
    return found


def _source_words(doc: ReportDocument) -> set[str]:
    """Every whitespace-separated word the document holds, as the renderer receives it."""
    texts = [doc.title, doc.subtitle, *(t for fact in doc.facts for t in fact)]
    texts += [heading for heading, _ in doc.numbered()]
    for section in doc.sections:
        for block in section.blocks:
            texts += block_texts(block)
            if isinstance(block, Verdicts):
                texts += [light.risk for light in block.lights]
                texts += [light.label.upper() for light in block.lights]  # under the lamp
    return {word for text in texts for word in text.split()}


@pytest.mark.parametrize("name", REPORTS)
def test_no_two_words_overlap_on_any_page(rendered, name):
    clashes = {n: _overlapping(words) for n, words in rendered[name][2]}
    assert {n: c for n, c in clashes.items() if c} == {}


@pytest.mark.parametrize("name", REPORTS)
def test_no_page_is_nearly_empty(rendered, name):
    lines = {n: _lines(words) for n, words in rendered[name][2]}
    assert len(lines) > 5
    assert {n: k for n, k in lines.items() if k < 3} == {}


@pytest.mark.parametrize("name", REPORTS)
def test_no_word_is_broken_inside(rendered, name):
    """A word in the PDF that the document does not hold is a piece of a broken word.

    Long column names may break after an underscore: their pieces are allowed.
    """
    doc, _, pages = rendered[name]
    source = _source_words(doc)
    pieces = {
        piece
        for word in source
        if "_" in word
        for i in range(len(word))
        for j in range(i + 1, len(word) + 1)
        if (i == 0 or word[i - 1] == "_") and (j == len(word) or word[j - 1] == "_")
        for piece in [word[i:j]]
    }
    broken = [
        (n, w["text"])
        for n, words in pages
        for w in words
        if w["text"] not in source | pieces | {"•", "Page", str(n)}
    ]
    assert broken == []


def test_long_column_names_are_in_narrow_ledger_and_role_columns(rendered):
    """The wide reports really put names longer than their column's share into tables."""
    doc = rendered["wide-k"][0]
    roles = next(b for b in doc.section("Columns and their roles").blocks if isinstance(b, Table))
    assert "number_of_prior_violent_convictions" in {r[0] for r in roles.rows}
    doc = rendered["wide-dp"][0]
    full = next(b for b in doc.section("Privacy budget ledger").blocks if isinstance(b, Table))
    assert len(full.rows) > 50


@pytest.mark.parametrize("name", ["demo", "wide-dp"])
def test_every_page_renders_to_a_png_that_is_not_blank(rendered, name, tmp_path):
    with pdfplumber.open(io.BytesIO(rendered[name][1])) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            path = tmp_path / f"page-{number:02d}.png"
            image = page.to_image(resolution=30)
            image.save(path)
            assert path.read_bytes().startswith(b"\x89PNG")
            grey = image.original.convert("L")
            low, high = grey.getextrema()
            assert high - low > 100, f"page {number} is blank"


def _one_liners(k: int, tail: int) -> ReportDocument:
    """``k`` one-line paragraphs (about a page), then a paragraph of ``tail`` words."""
    blocks = [Paragraph(f"Line {i} of the filler.") for i in range(k)]
    blocks.append(Paragraph(" ".join(["release"] * tail)))
    return ReportDocument(
        "Layout", "filler", (("By", "a test"),), (Section("Text", tuple(blocks)),)
    )


@pytest.mark.parametrize("k", range(32, 37))
def test_no_page_holds_the_one_line_that_spilled_over(k):
    """Whichever way the last paragraph falls over the page edge (its last line, or all of a
    one-line paragraph), the next page holds more than that one line."""
    for tail in (5, 30, 45):
        lines = [_lines(words) for _, words in _pages(pdf_bytes(_one_liners(k, tail)))]
        assert min(lines) > 1, (k, tail, lines)


@pytest.mark.parametrize("k", range(37, 42))
def test_the_last_bullet_never_sits_alone_on_the_last_page(k):
    """A list of one-line items (the references) that just overflows a page."""
    items = tuple(f"Reference {i}." for i in range(k))
    blocks = (Paragraph("An introduction."), Bullets(items))
    doc = ReportDocument("Layout", "list", (("By", "a test"),), (Section("List", blocks),))
    lines = [_lines(words) for _, words in _pages(pdf_bytes(doc))]
    assert min(lines) > 1, lines
