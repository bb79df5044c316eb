"""Step 5: preview the report; export it (PDF, HTML, JSON) and the protected table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.jobs import Monitor
from ui.panels.base import StepPanel
from ui.qt import QtCore, QtGui, QtWidgets
from ui.stepper import StepStatus
from ui.widgets import hint

TABLE_FILTER = "CSV (*.csv);;Excel (*.xlsx);;TSV (*.tsv);;Parquet (*.parquet)"


@dataclass(frozen=True)
class ExportRequest:
    """What to write where; any target may be None (not wanted)."""

    pdf: Path | None = None
    html: Path | None = None
    json: Path | None = None
    table: Path | None = None


def export_job(request: ExportRequest, inputs: dict[str, Any], monitor: Monitor) -> list[Path]:
    """Write the requested files atomically, never over the input (runs in a worker)."""
    from core.export import write_table, write_text_atomic

    written: list[Path] = []
    doc = inputs.get("report")
    if request.json is not None:
        write_text_atomic(request.json, json.dumps(inputs["data"], indent=2, ensure_ascii=False))
        written.append(request.json)
    monitor.progress(0.1, "Writing the report")
    if request.html is not None:
        from core.report import render_html

        write_text_atomic(request.html, render_html(doc))
        written.append(request.html)
    monitor.progress(0.4, "Writing the PDF")
    if request.pdf is not None:
        from core.report import render_pdf

        render_pdf(doc, request.pdf)
        written.append(request.pdf)
    monitor.progress(0.8, "Writing the protected table")
    if request.table is not None:
        write_table(inputs["release"], request.table, inputs=(inputs["input_path"],))
        written.append(request.table)
    monitor.progress(1.0, "Done")
    return written


def folder_request(folder: Path, stem: str, table_ext: str = ".csv") -> ExportRequest:
    """Everything, with names derived from the input file, into ``folder``."""
    return ExportRequest(
        pdf=folder / f"{stem}-report.pdf",
        html=folder / f"{stem}-report.html",
        json=folder / f"{stem}-assessment.json",
        table=folder / f"{stem}-protected{table_ext}",
    )


class ReportPanel(StepPanel):
    key = "report"
    title = "5. Report and export"
    intro = (
        "Here is the report for your privacy officer. Export it together with the protected "
        "table: the original file is never overwritten."
    )
    next_label = ""

    def __init__(self, session, parent=None) -> None:
        super().__init__(session, parent)
        self.preview = QtWidgets.QTextBrowser()
        self.preview.setOpenExternalLinks(True)
        self.placeholder = hint("The report appears here once the assessment (step 4) has run.")
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.preview)
        self.export_all_button = QtWidgets.QPushButton("Export report and protected table…")
        self.export_all_button.setObjectName("primary")
        self.export_all_button.setToolTip("Choose a folder; Veil writes PDF, HTML, JSON and CSV.")
        self.export_all_button.setShortcut("Ctrl+E")
        self.export_all_button.clicked.connect(self.export_all)
        self.buttons = {}
        row = QtWidgets.QHBoxLayout()
        for key, label in (("pdf", "PDF…"), ("html", "HTML…"), ("json", "JSON…"),
                           ("table", "Protected table…")):  # fmt: skip
            b = QtWidgets.QPushButton(label)
            b.clicked.connect(lambda _=False, k=key: self.export_one(k))
            self.buttons[key] = b
            row.addWidget(b)
        row.addStretch(1)
        self.footer.addWidget(self.export_all_button)
        self.done_label = QtWidgets.QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setOpenExternalLinks(True)
        self.body.addWidget(self.stack, 1)
        self.body.addWidget(self.done_label)
        self.footer.insertLayout(1, row, 1)
        self.runner.finished.connect(self._on_written)
        self.banner.action_clicked.connect(self.open_folder)
        self.runner.busy_changed.connect(lambda busy: self._enable())
        self.last_folder: Path | None = None
        self._enable()

    # ---- exporting ------------------------------------------------------------------
    def export_all(self) -> None:
        start = str(self.last_folder or Path(self.session.loaded.path).parent)
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "Export into folder", start)
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        """Write everything that exists into ``folder`` (the same path the button takes)."""
        self.last_folder = folder
        request = folder_request(folder, Path(self.session.loaded.path).stem)
        if self.session.report is None:
            request = ExportRequest(table=request.table)
        self._start(request)

    def export_one(self, kind: str) -> None:
        stem = Path(self.session.loaded.path).stem
        folder = self.last_folder or Path(self.session.loaded.path).parent
        suggestions = folder_request(folder, stem)
        filters = {"pdf": "PDF (*.pdf)", "html": "Web page (*.html)", "json": "JSON (*.json)",
                   "table": TABLE_FILTER}  # fmt: skip
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export", str(getattr(suggestions, kind)), filters[kind]
        )
        if path:
            self.last_folder = Path(path).parent
            self._start(ExportRequest(**{kind: Path(path)}))

    def _start(self, request: ExportRequest) -> None:
        s = self.session
        self.banner.hide()
        inputs = {
            "report": s.report,
            "data": s.assessment_data,
            "release": s.protection_result.data if s.protection_result is not None else None,
            "input_path": s.loaded.path,
        }
        if request.table is not None and inputs["release"] is None:
            self.banner.show_message("info", "Protect the table first (step 3).")
            return
        self.runner.start(lambda m: export_job(request, inputs, m))

    def _on_written(self, paths: list[Path]) -> None:
        for p in paths:
            self.session.add_export(p)
        folder = paths[0].parent if paths else None
        names = ", ".join(p.name for p in paths)
        url = QtCore.QUrl.fromLocalFile(str(folder)).toString() if folder else ""
        self.done_label.setText(
            f"Saved {len(paths)} file{'s' * (len(paths) != 1)} in <a href='{url}'>{folder}</a>: "
            f"{names}"
        )
        self.banner.show_message(
            "success",
            "Export finished.",
            "Give the PDF report and the protected table to your privacy officer; "
            "keep the original file where it is.",
            action="Open folder",
        )

    def open_folder(self) -> None:
        if self.last_folder:
            QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(self.last_folder)))

    # ---- display --------------------------------------------------------------------
    def on_session_changed(self, what: str) -> None:
        if what == "assessment":
            self._refresh_preview()
        if what in ("table", "protection_result", "assessment"):
            self.done_label.clear()
            self._enable()

    def _refresh_preview(self) -> None:
        s = self.session
        if s.report is None:
            self.stack.setCurrentIndex(0)
            return
        from ui.report_preview import show_report

        show_report(self.preview, s.report)
        self.stack.setCurrentIndex(1)

    def _enable(self) -> None:
        s = self.session
        busy = self.runner.busy
        has_report = s.report is not None
        has_release = s.protection_result is not None
        for key in ("pdf", "html", "json"):
            self.buttons[key].setEnabled(has_report and not busy)
        self.buttons["table"].setEnabled(has_release and not busy)
        self.export_all_button.setEnabled((has_report or has_release) and not busy)

    def blocked_reason(self):
        s = self.session
        if s.loaded is None:
            return ("There is no table yet. Start by loading your data or the demo data.",
                    "Go to step 1: Load data", "load")  # fmt: skip
        if s.report is None and s.protection_result is None:
            return ("Nothing to report yet: protect the table (step 3) and assess it (step 4) "
                    "first.", "Go to step 3: Protect", "protect")  # fmt: skip
        return None

    def status(self) -> StepStatus:
        s = self.session
        if s.assessment is None and s.protection_result is None:
            return StepStatus("blocked", "Needs a protected, assessed table")
        if s.exported:
            return StepStatus("done", f"{len(s.exported)} files exported")
        return StepStatus("ready", "Export the report and the table")
