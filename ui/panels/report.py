"""Step 5: preview the report; export it with the release it describes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.workflow import Outcome
from ui.panels.base import NO_TABLE, StepPanel
from ui.qt import QtCore, QtGui, QtWidgets
from ui.stepper import StepStatus
from ui.widgets import hint

FILTERS = {"pdf": "PDF (*.pdf)", "html": "Web page (*.html)", "json": "JSON (*.json)"}
NAMES = {"pdf": "report.pdf", "html": "report.html", "json": "assessment.json"}


class ReportPanel(StepPanel):
    key = "report"
    title = "5. Report and export"
    intro = (
        "Here is the report for your privacy officer. Export it together with the release it "
        "describes: your whole table, protected as in step 3. The membership and attribute "
        "figures come from a rehearsal on half of the records (the other half played the "
        "outsiders). Your original file is never overwritten."
    )
    next_label = ""

    def __init__(self, session, parent=None) -> None:
        super().__init__(session, parent)
        self.preview = QtWidgets.QTextBrowser()
        self.preview.setOpenExternalLinks(True)
        self.placeholder = hint("The report appears here once the assessment (step 4) has run.")
        self.placeholder.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.preview)
        self.export_all_button = QtWidgets.QPushButton("Export report and release…")
        self.export_all_button.setObjectName("primary")
        self.export_all_button.setToolTip(
            "Choose a folder; Veil writes release.csv, report.pdf, report.html, assessment.json "
            "and the project (without its key) — the same files as 'veil-cli run' (Ctrl+E)."
        )
        self.export_all_button.setShortcut("Ctrl+E")
        self.export_all_button.clicked.connect(self.export_all)
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        row = QtWidgets.QHBoxLayout()
        for kind, label in (("pdf", "PDF…"), ("html", "HTML…"), ("json", "JSON…")):
            button = QtWidgets.QPushButton(label)
            button.setToolTip(f"Save only the {NAMES[kind]}.")
            button.clicked.connect(lambda _=False, k=kind: self.export_one(k))
            self.buttons[kind] = button
            row.addWidget(button)
        self.done_label = QtWidgets.QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setOpenExternalLinks(True)
        self.body.addWidget(self.stack, 1)
        self.body.addWidget(self.done_label)
        self.footer.insertLayout(1, row)
        self.footer.addWidget(self.export_all_button)
        self.runner.finished.connect(self._on_written)
        self.runner.busy_changed.connect(lambda _busy: self._enable())
        self.banner.action_clicked.connect(self.open_folder)
        self.last_folder: Path | None = None
        self.confirmed: list[str] = []
        self._enable()

    # ---- exporting ------------------------------------------------------------------
    def export_all(self) -> None:
        start = str(self.last_folder or Path(self.session.loaded.path).parent)
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "Export into folder", start)
        if folder and self._folder_ready(Path(folder)) and self._may_replace(Path(folder)):
            self.export_to(Path(folder))

    def _folder_ready(self, folder: Path) -> bool:
        """An existing folder, or a new one the user agreed to create (refusals explained)."""
        from core.errors import VeilError
        from ui.exports import make_folder

        if folder.is_dir():
            return True
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self,
            "Create the folder?",
            f"The folder {folder} does not exist yet. Create it and export there?",
            buttons.Yes | buttons.Cancel,
            buttons.Yes,
        )
        if answer != buttons.Yes:
            return False
        try:
            make_folder(folder)
        except VeilError as exc:
            self.banner.show_error(exc)
            return False
        return True

    def export_to(self, folder: Path, *, accept_risk: bool = False) -> None:
        """Write the release and everything about it into ``folder`` (what the button does),
        once the user confirmed every concern of the release gate (``accept_risk`` confirms
        them without asking, as ``veil-cli run --accept-risk`` does)."""
        from ui.gate_dialog import confirm_release, session_gate

        confirmed = session_gate(self.session).lines if accept_risk else None
        if confirmed is None:
            confirmed = confirm_release(self, session_gate(self.session))
        if confirmed is None:
            return  # the user went back: nothing is written
        self.confirmed = confirmed
        self.last_folder = folder
        # the Protect step's table, as saved; the gate is checked again where it is written
        task = self.session.workflow.export_task(folder, accept_risk=True)
        self.banner.hide()
        self.runner.start(task)

    def export_one(self, kind: str) -> None:
        folder = self.last_folder or Path(self.session.loaded.path).parent
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export", str(folder / NAMES[kind]), FILTERS[kind]
        )
        if path:
            self.export_file(kind, Path(path))

    def export_file(self, kind: str, path: Path) -> None:
        from ui.exports import export_file

        s = self.session
        self.last_folder = path.parent
        inputs = {"report": s.report, "data": s.assessment_data,
                  "protected_paths": self._protected_paths()}  # fmt: skip
        self.banner.hide()
        self.runner.start(lambda m: export_file(kind, path, inputs, m))

    def _protected_paths(self) -> list[Path]:
        s = self.session
        return [p for p in (Path(s.loaded.path), s.project_path) if p is not None]

    def _may_replace(self, folder: Path) -> bool:
        from ui.exports import folder_files

        existing = [p.name for p in folder_files(folder) if p.exists()]
        if not existing:
            return True
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self,
            "Replace files?",
            f"{folder} already holds {', '.join(existing)}. Replace them?",
            buttons.Yes | buttons.Cancel,
            buttons.Cancel,
        )
        return answer == buttons.Yes

    def _on_written(self, written: Outcome | list[Path]) -> None:
        """One file, or the whole folder: its document names and fingerprints the release
        file, so the preview (and a later JSON export) shows them."""
        paths, risks = written, 0
        if isinstance(written, Outcome):
            if not self.session.accept(written):
                return  # the choices changed while it wrote: its files describe older ones
            paths = written.value.paths
            risks = len(written.value.document["release"].get("confirmed_risks") or ())
        else:
            self.session.exported.extend(paths)
            self.session.changed.emit("report")
        folder = paths[0].parent
        url = QtCore.QUrl.fromLocalFile(str(folder)).toString()
        names = ", ".join(p.name for p in paths)
        self.done_label.setText(
            f"Saved {len(paths)} file{'s' * (len(paths) != 1)} in <a href='{url}'>{folder}</a>: "
            f"{names}"
        )
        self.banner.show_message(
            "warning" if risks else "success",
            f"Export finished, with {risks} risk{'s' * (risks != 1)} you confirmed (listed in "
            "the report)."
            if risks
            else "Export finished.",
            "Give the report and the released table to your privacy officer; "
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
        if what in ("table", "assessment"):
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
        ready = self.session.report is not None and not self.runner.busy
        for button in (*self.buttons.values(), self.export_all_button):
            button.setEnabled(ready)

    def blocked_reason(self) -> Any:
        s = self.session
        if s.loaded is None:
            return NO_TABLE
        if s.report is None:
            return ("Nothing to report yet: assess the protected table first (step 4).",
                    "Go to step 4: Assess risk", "assess")  # fmt: skip
        return None

    def status(self) -> StepStatus:
        s = self.session
        if s.report is None:
            return StepStatus("blocked", "Needs an assessment")
        if s.exported:
            return StepStatus("done", f"{len(s.exported)} files exported")
        return StepStatus("ready", "Export the report and release")
