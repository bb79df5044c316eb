"""The HTML and PDF renderings: key figures present, text escaped, self-contained, readable."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
import threading
from html.parser import HTMLParser

import pypdf
import pytest

from core.report import build_report, render_html, render_pdf, write_report
from core.report.pdf import pdf_bytes
from tests.conftest import REPO
from tests.core.report.checks import key_figures, pdf_text
from tests.core.report.example import (
    XSS,
    dp_assessment,
    example_assessment,
    hostile_assessment,
    minimal_assessment,
)

VOID = {"meta", "img", "br", "link", "hr", "input"}


class TagChecker(HTMLParser):
    """Fails on unbalanced tags; collects scripts and external references."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.scripts = 0
        self.external: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.scripts += tag == "script"
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            if value and not value.startswith(("#", "data:")):
                self.external.append(value)
        if tag == "img":
            self.images.append(attrs["src"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


@pytest.fixture(scope="module")
def example_html() -> str:
    return render_html(build_report(example_assessment()))


@pytest.fixture(scope="module")
def example_pdf() -> bytes:
    return pdf_bytes(build_report(example_assessment()))


def test_html_holds_the_key_figures_of_the_assessment(example_html):
    a = example_assessment()
    missing = [f for f in key_figures(a) if f not in example_html]
    assert missing == []
    assert a["dataset"]["sha256"] in example_html and a["release"]["sha256"] in example_html


def test_pdf_holds_the_key_figures_of_the_assessment(example_pdf):
    a = example_assessment()
    text = pdf_text(example_pdf)
    missing = [f for f in key_figures(a) if f not in text]
    assert missing == []
    assert a["dataset"]["sha256"] in re.sub(r"\s", "", text)


def test_pdf_uses_embedded_dejavu_so_greek_and_script_letters_survive():
    data = pdf_bytes(build_report(dp_assessment()))
    text = pdf_text(data)
    assert "ε = 1" in text and "ℓ-diversity" in text  # ℓ in the reference titles
    used = set()  # fonts the pages actually draw with (reportlab also lists Helvetica, unused)
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        content = page.get_contents().get_data().decode("latin-1")
        names = set(re.findall(r"(/F\d+(?:\+\d+)?) [\d.]+ Tf", content))
        fonts = page["/Resources"]["/Font"]
        used |= {str(fonts[n].get_object()["/BaseFont"]) for n in names}
    assert used and all("DejaVu" in f for f in used), used


def test_a_hostile_column_name_is_escaped_in_html_and_printed_verbatim_in_pdf():
    doc = build_report(hostile_assessment())
    html = render_html(doc)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "&amp;" in html
    assert XSS in pdf_text(pdf_bytes(doc))


def test_html_is_well_formed_self_contained_and_script_free(example_html):
    checker = TagChecker()
    checker.feed(example_html)
    checker.close()
    assert checker.stack == []
    assert checker.scripts == 0 and checker.external == []
    assert "Content-Security-Policy" in example_html
    assert len(checker.images) == 5  # class sizes, ROC, attribute, utility, frontier
    for src in checker.images:
        png = base64.b64decode(src.removeprefix("data:image/png;base64,"))
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


def test_missing_sections_render_without_empty_figures():
    doc = build_report(minimal_assessment())
    html = render_html(doc)
    assert html.count("<img") == 1  # only the class-size chart
    assert "Membership inference" in html and "Not measured" in html
    text = pdf_text(pdf_bytes(doc))
    assert "NOT ASSESSED" in text.replace("\n", " ").upper()


def test_pdf_is_deterministic_and_has_a_bookmark_per_section(example_pdf):
    assert pdf_bytes(build_report(example_assessment())) == example_pdf
    reader = pypdf.PdfReader(io.BytesIO(example_pdf))
    titles = [o.title for o in reader.outline]
    assert titles[0] == "1. Verdict" and "Appendix A. Methods" in titles
    assert len(reader.pages) >= 6
    assert reader.metadata.title.startswith("Privacy risk report")


def test_write_report_writes_both_files_atomically(tmp_path):
    html, pdf = write_report(example_assessment(), tmp_path / "out")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.html", "report.pdf"]


def test_render_pdf_leaves_no_partial_file_when_rendering_fails(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old report")
    doc = build_report(example_assessment())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("core.report.pdf.pdf_bytes", broken)
    with pytest.raises(RuntimeError):
        render_pdf(doc, target)
    assert target.read_bytes() == b"old report"
    assert list(tmp_path.iterdir()) == [target]


def test_reports_render_concurrently_from_threads_with_identical_output():
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            doc = build_report(example_assessment())
            results[i] = pdf_bytes(doc) + render_html(doc).encode()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results.values())) == 1


def test_rendering_never_imports_pyplot_or_qt():
    code = (
        "import sys\n"
        "from tests.core.report.example import example_assessment\n"
        "from core.report import build_report, render_html\n"
        "from core.report.pdf import pdf_bytes\n"
        "doc = build_report(example_assessment()); render_html(doc); pdf_bytes(doc)\n"
        "print(sorted(m for m in sys.modules if m == 'matplotlib.pyplot' or "
        "m.split('.')[0] in ('PySide6', 'ui', 'app')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
