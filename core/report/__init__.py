"""The risk report: a pure function from the assessment dictionary to a document, rendered to
self-contained HTML and to PDF.

    doc = build_report(assessment_dict)      # cheap, thread-safe, no I/O
    html = render_html(doc)                  # str
    render_pdf(doc, "report.pdf")            # atomic write
    write_report(assessment_dict, out_dir)   # report.html + report.pdf

The renderers import matplotlib/reportlab on first use only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.report.build import build_report
from core.report.document import Level, Light, ReportDocument
from core.report.verdict import verdicts

if TYPE_CHECKING:
    from core.jobs import Monitor

REPORT_HTML = "report.html"
REPORT_PDF = "report.pdf"


def render_html(doc: ReportDocument) -> str:
    """The report as one self-contained HTML page (charts embedded, text escaped)."""
    from core.report.html import render_html as _render

    return _render(doc)


def render_pdf(doc: ReportDocument, path: str | os.PathLike[str]) -> Path:
    """Write the report as a PDF, atomically; returns the path."""
    from core.report.pdf import render_pdf as _render

    return _render(doc, path)


def write_report(
    assessment: Mapping[str, Any],
    out_dir: str | os.PathLike[str],
    *,
    monitor: Monitor | None = None,
) -> tuple[Path, Path]:
    """Build the report and write ``report.html`` and ``report.pdf`` into ``out_dir``."""
    return write_document(build_report(assessment), out_dir, monitor=monitor)


def write_document(
    doc: ReportDocument,
    out_dir: str | os.PathLike[str],
    *,
    monitor: Monitor | None = None,
) -> tuple[Path, Path]:
    """Write a built report as ``report.html`` and ``report.pdf`` into ``out_dir``."""
    from core.export import write_text_atomic
    from core.jobs import null_monitor

    monitor = monitor or null_monitor()
    out = Path(out_dir)
    monitor.progress(0.1, "Drawing the charts")
    html = render_html(doc)
    monitor.progress(0.6, "Writing the HTML report")
    write_text_atomic(out / REPORT_HTML, html)
    monitor.progress(0.7, "Writing the PDF report")
    pdf = render_pdf(doc, out / REPORT_PDF)
    monitor.progress(1.0, "Report written")
    return out / REPORT_HTML, pdf


__all__ = [
    "REPORT_HTML",
    "REPORT_PDF",
    "Level",
    "Light",
    "ReportDocument",
    "build_report",
    "render_html",
    "render_pdf",
    "verdicts",
    "write_document",
    "write_report",
]
