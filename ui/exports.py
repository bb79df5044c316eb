"""Writing results from the GUI: the same folder `veil-cli run` writes, or single files.

Everything goes through core (write_table, write_report, save_project): atomic, formula-safe,
never over the input table or the project file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.jobs import Monitor


def folder_files(folder: Path) -> list[Path]:
    """The files an export into ``folder`` writes (to warn before replacing them)."""
    from core.pipeline import ASSESSMENT, PROJECT_COPY, RELEASE
    from core.report import REPORT_HTML, REPORT_PDF

    return [folder / n for n in (RELEASE, ASSESSMENT, REPORT_HTML, REPORT_PDF, PROJECT_COPY)]


@dataclass(frozen=True)
class FolderExport:
    """What ``export_folder`` wrote, and the document and report that now name the release
    file (its fingerprint), for the preview."""

    paths: list[Path]
    document: dict[str, Any]
    report: Any  # core.report.ReportDocument


def export_folder(folder: Path, inputs: dict[str, Any], monitor: Monitor) -> FolderExport:
    """Release, assessment.json, report.html/pdf and a key-free project copy (in a worker).

    ``inputs["release"]`` is the whole protected table (the Protect step's) and
    ``inputs["data"]`` the assessment document describing it (``core.pipeline``).
    """
    from core.export import refuse_overwriting_input, write_table, write_text_atomic
    from core.pipeline import ASSESSMENT, PROJECT_COPY, RELEASE, release_document, to_json
    from core.project import save_project
    from core.report import build_report, write_document

    protected = tuple(Path(p) for p in inputs["protected_paths"])
    for target in folder_files(folder):
        refuse_overwriting_input(target, *protected)
    monitor.progress(0.0, "Writing the released table")
    release = write_table(inputs["release"], folder / RELEASE, inputs=protected)
    project = inputs["project"]
    doc = release_document(
        inputs["data"], release, project_name=inputs["project_name"],
        confirmed_risks=inputs.get("confirmed_risks", ()),
    )  # fmt: skip
    write_text_atomic(folder / ASSESSMENT, to_json(doc))
    save_project(project.without_secrets(), folder / PROJECT_COPY)
    monitor.progress(0.2, "Writing the report")
    report = build_report(doc)
    html, pdf = write_document(report, folder, monitor=monitor.sub(0.2, 1.0))
    paths = [release, folder / ASSESSMENT, html, pdf, folder / PROJECT_COPY]
    return FolderExport(paths, doc, report)


def export_file(kind: str, path: Path, inputs: dict[str, Any], monitor: Monitor) -> list[Path]:
    """One file: the report as PDF or HTML, the results as JSON, or a table."""
    from core.export import write_table, write_text_atomic

    monitor.progress(0.1, "Writing")
    if kind == "pdf":
        from core.report import render_pdf

        render_pdf(inputs["report"], path)
    elif kind == "html":
        from core.report import render_html

        write_text_atomic(path, render_html(inputs["report"]))
    elif kind == "json":
        write_text_atomic(path, json.dumps(inputs["data"], indent=2, ensure_ascii=False) + "\n")
    else:
        write_table(inputs["table"], path, inputs=tuple(inputs["protected_paths"]))
    return [path]
