"""A right-to-left override in a column name must not mirror the report's figures."""

from __future__ import annotations

import re

from core.report import build_report, render_html
from core.report.pdf import pdf_bytes
from tests.core.report.checks import pdf_text
from tests.core.report.example import example_assessment

RLO = "name\u202eeman"
CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def rtl_assessment() -> dict:
    a = example_assessment()
    a["dataset"]["name"] = f"\u202e{RLO}.csv"
    a["roles"][RLO] = "quasi_identifier"
    for side in ("before", "after"):
        a[side]["reidentification"]["qis"] = [*a[side]["reidentification"]["qis"], RLO]
    a["warnings"].append(f"Column {RLO} has 0.95 of its values unique and \u2067isolated")
    return a


def test_no_bidi_control_reaches_the_html_and_each_cell_is_isolated():
    page = render_html(build_report(rtl_assessment()))
    assert CONTROL.search(page) is None
    assert "name[U+202E]eman" in page
    assert "[U+2067]isolated" in page
    assert 'dir="ltr"' in page and "unicode-bidi: isolate" in page


def test_no_bidi_control_reaches_the_pdf():
    text = pdf_text(pdf_bytes(build_report(rtl_assessment())))
    assert CONTROL.search(text) is None
    assert "name[U+202E]eman" in text.replace("\n", "")


def test_right_to_left_letters_themselves_are_kept():
    a = example_assessment()
    a["warnings"].append("Column שם has 12 values")
    assert "שם" in render_html(build_report(a))
