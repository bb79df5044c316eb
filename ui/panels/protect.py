"""Step 3: choose how to protect, run it in the background, and see what it did."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from core import methods
from core.jobs import Monitor
from core.schema import Role
from ui.charts import ChartView
from ui.panels.base import NEEDS_COLUMNS, StepPanel
from ui.panels.load import table_rows
from ui.panels.protect_form import ProtectionForm
from ui.panels.protect_summary import describe_settings, draw_class_sizes, summary_items
from ui.qt import Qt, QtWidgets
from ui.stepper import StepStatus
from ui.table_model import ColumnarTableModel, make_table_view
from ui.warning_text import leak_advice, tidy
from ui.widgets import FactGrid, hint

TABLE_FILTER = "CSV (*.csv);;Excel (*.xlsx);;TSV (*.tsv);;Parquet (*.parquet)"


@dataclass(frozen=True)
class ProtectOutcome:
    step: Any  # core.workflow.Outcome holding the core.protect.ProtectionResult
    before: Any  # core.metrics ReidentificationResult of the input, or None
    after: Any  # the same for the release, or None
    columns: Any  # ui.table_columns.TableColumns of the release

    @property
    def result(self) -> Any:
        return self.step.value


def protect_job(
    task: Callable[[Monitor], Any], frame: Any, qis: list[str], monitor: Monitor
) -> ProtectOutcome:
    """Protect the whole table as Veil releases it (the workflow's protect task), measure
    group sizes before/after, cache the release for the preview (in a worker)."""
    from core.metrics import reidentification
    from ui.table_columns import prepare_columns

    step = task(monitor.sub(0.0, 0.85))
    result = step.value
    monitor.progress(0.85, "Measuring group sizes")
    groups = not methods.is_dp(result.method)  # noisy or made-up rows form no groups
    if getattr(result, "release_file", None) is not None:  # large-table mode: whole table
        from core.workflow.large import group_sizes

        before, after = group_sizes(result)
        monitor.progress(0.95, "Preparing the preview")
        return ProtectOutcome(step, before, after, prepare_columns(result.data))
    before = reidentification(frame, qis) if qis and groups else None
    kept = [q for q in qis if q in result.data.columns] if groups else []
    after = reidentification(result.data, kept) if kept and len(result.data) else None
    monitor.progress(0.95, "Preparing the preview")
    return ProtectOutcome(step, before, after, prepare_columns(result.data))


class ProtectPanel(StepPanel):
    key = "protect"
    title = "3. Protect the data"
    intro = (
        "Choose how strongly to protect the people in the table, then press Protect. "
        "You can try several settings: nothing is saved until you export."
    )
    next_label = "Next: assess the risk"

    def __init__(self, session, parent=None) -> None:
        super().__init__(session, parent)
        self.form = ProtectionForm()
        self.form.changed.connect(self.session.set_protection)
        self.run_button = self.action_button(
            "Protect", "Apply these settings to a copy of the table", self.run
        )
        left = QtWidgets.QWidget()
        lv = QtWidgets.QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 8, 0)
        lv.addWidget(self.form)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(400)
        self.scroll = scroll
        left_pane = QtWidgets.QWidget()
        lp = QtWidgets.QVBoxLayout(left_pane)
        lp.setContentsMargins(0, 0, 0, 0)
        lp.addWidget(scroll, 1)
        lp.addWidget(self.run_button)  # always in view: the one action of this step
        split = QtWidgets.QSplitter()
        split.addWidget(left_pane)
        split.addWidget(self._results_area())
        split.setStretchFactor(1, 1)
        split.setSizes([430, 700])
        self.body.addWidget(split, 1)
        self.runner.finished.connect(self._on_done)
        self.runner.busy_changed.connect(self._on_busy)
        self.banner.action_clicked.connect(self.give_ranges)
        self.outcome: ProtectOutcome | None = None
        self._suggested: dict[str, tuple[float, float]] = {}

    def _results_area(self) -> QtWidgets.QWidget:
        self.placeholder = hint("Press Protect to see what the protection does to the table.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = FactGrid()
        self.summary.setToolTip(
            "What the protection did. Detail lost: 0% = the table is unchanged, "
            "100% = every quasi-identifier is hidden."
        )
        self.chart = ChartView(220)
        self.chart.setToolTip(
            "How many records sit in groups of each size. Size 1 means unique: easy to pick out."
        )
        self.before_model = ColumnarTableModel(self)
        self.after_model = ColumnarTableModel(self)
        self.preview_tabs = QtWidgets.QTabWidget()
        self.preview_tabs.addTab(self.chart, "Group sizes")
        self.preview_tabs.addTab(make_table_view(self.after_model), "Protected table")
        self.preview_tabs.addTab(make_table_view(self.before_model), "Original table")
        self.save_button = QtWidgets.QPushButton("Save protected table…")
        self.save_button.setToolTip(
            "Save the whole table as protected here (CSV, Excel, TSV or Parquet) — the same "
            "table the Report step exports as release.csv, with its risk report."
        )
        self.save_button.clicked.connect(self.choose_save_path)
        self.preview_tabs.setCornerWidget(self.save_button)
        self.results = QtWidgets.QWidget()
        rv = QtWidgets.QVBoxLayout(self.results)
        rv.setContentsMargins(8, 0, 0, 0)
        rv.addWidget(self.summary)
        rv.addWidget(self.preview_tabs, 1)
        area = QtWidgets.QStackedWidget()
        area.addWidget(self.placeholder)
        area.addWidget(self.results)
        self.result_stack = area
        return area

    # ---- running --------------------------------------------------------------------
    def run(self) -> None:
        if self.no_table_yet():
            return
        s = self.session
        self.banner.hide()
        self.form.commit()
        if self._refuse_field_errors():
            return
        self.session.set_protection(self.form.settings())
        task, frame = s.workflow.protect_task(), s.frame
        qis = s.columns_with(Role.QUASI_IDENTIFIER)
        self.runner.start(lambda m: protect_job(task, frame, qis, m))

    def _refuse_field_errors(self) -> bool:
        """A range or list of categories showing an error stops the run (it would otherwise
        be read from the data): say which, and put the cursor there."""
        wrong = self.form.field_errors()
        if wrong:
            self.banner.show_message(
                "error",
                f"Fix the range or values of {', '.join(wrong)} before protecting.",
                "A value that cannot be read would otherwise be taken from the data, "
                "which leaks it.",
            )
            self.scroll.ensureWidgetVisible(self.form.bounds_editor)
        return bool(wrong)

    def _on_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)

    def choose_save_path(self) -> None:
        loaded = self.session.loaded
        start = Path(loaded.path).with_name(f"{Path(loaded.path).stem}-protected.csv")
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save the protected table", str(start), TABLE_FILTER
        )
        if path:
            self.save_table(Path(path))

    def save_table(self, path: Path) -> None:
        """Write the protected table (atomic, formula-safe, never over the input)."""
        from ui.exports import export_file
        from ui.gate_dialog import confirm_release, session_gate

        s = self.session
        if s.workflow.large is not None:
            self.banner.show_message(
                "info",
                "Large table: the protected table is written in full by the last step.",
                "Assess it (step 4), then use Export in step 5: it writes release.csv with "
                "every record.",
            )
            return
        if confirm_release(self, session_gate(s, lights=False)) is None:
            return  # the user went back: nothing is written
        inputs = {"table": s.protection_result.data, "protected_paths": [Path(s.loaded.path)]}
        self.runner.start(lambda m: export_file("table", path, inputs, m))

    def _on_done(self, outcome: ProtectOutcome | list) -> None:
        if isinstance(outcome, list):  # a saved table
            self.banner.show_message("success", f"Saved {outcome[0].name}.", str(outcome[0].parent))
            return
        if not self.session.accept(outcome.step):
            return  # the choices changed while it ran: the panel already says so
        self.outcome = outcome
        self.after_model.set_table(outcome.columns)
        self._show_warnings(outcome.result)
        self._show()

    def _show_warnings(self, result: Any) -> None:
        """The release's warnings as one banner; a leak of ranges offers to give them."""
        shown = tidy(getattr(result, "warnings", ()) or ())
        if not shown:
            return
        ranged = list(self.form.bounds_editor.rows)
        leaked = list(getattr(result, "bounds_from_data", ()) or ())
        kinds = list(getattr(result, "kinds_from_data", ()) or ())
        advice = leak_advice(leaked, ranged, kinds) if leaked or kinds else ""
        action = "Give the ranges" if set(leaked) & set(ranged) or kinds else ""
        self.banner.show_message(
            "warning", shown[0], " ".join([advice, *shown[1:]]).strip(), action=action
        )

    def give_ranges(self) -> None:
        """Show the ranges box and put the cursor in the first range read from the data."""
        self.scroll.ensureWidgetVisible(self.form.bounds_editor)
        self.form.bounds_editor.focus_first_leak()

    # ---- display --------------------------------------------------------------------
    def on_session_changed(self, what: str) -> None:
        if what == "table":
            self._suggested = {}
            self.form.set_settings(self.session.protection)
            self.before_model.set_table(self.session.columns)
        if what in ("table", "roles", "hierarchies"):
            self._refresh_ranges()
        if what == "protection" and self.form.settings() != self.session.protection:
            self.form.set_settings(self.session.protection)
        if what == "protection_result" and self.session.protection_result is None:
            self.banner.hide()  # it spoke of the previous run
            self.outcome = None
            self.result_stack.setCurrentIndex(0)
            self.placeholder.setText(
                "The settings changed since the last run: press Protect again."
                if self.session.loaded is not None
                else "Load a table first."
            )
        self.next_button.setEnabled(self.session.protection_result is not None)

    def _refresh_ranges(self) -> None:
        """The DP ranges box: a row per number/date column; a range a newly imported
        hierarchy gives is filled in (once: the user may clear or change it)."""
        from ui.dp_bounds import bounded_columns, category_columns, observed_values

        s = self.session
        columns = bounded_columns(s.frame, s.roles, s.hierarchies) if s.loaded else []
        suggested = {c.name: c.suggestion for c in columns if c.suggestion is not None}
        new = {
            name: pair
            for name, pair in suggested.items()
            if self._suggested.get(name) != pair and name not in s.protection.bounds
        }
        self._suggested = suggested
        self.form.set_bound_columns(columns)
        self.form.set_category_columns(
            category_columns(s.frame, s.roles) if s.loaded else [],
            lambda name: observed_values(s.frame[name]),
        )
        if new:
            s.set_protection(replace(s.protection, bounds={**s.protection.bounds, **new}))

    def _show(self) -> None:
        o = self.outcome
        if o is None:
            return
        self.result_stack.setCurrentIndex(1)
        self.summary.set_items(summary_items(o, table_rows(self.session)))
        groups = not methods.is_dp(getattr(o.result, "method", ""))  # noisy rows: no groups
        self.preview_tabs.setTabVisible(0, groups)
        self.preview_tabs.setCurrentIndex(0 if groups else 1)
        if groups:
            self.chart.draw(lambda fig: draw_class_sizes(fig, o.before, o.after))

    def blocked_reason(self):
        return self.needs_table_and_quasi_identifiers()

    def status(self) -> StepStatus:
        s = self.session
        if self.needs_table_and_quasi_identifiers():
            return NEEDS_COLUMNS
        if self.runner.busy:
            return StepStatus("ready", "Protecting…")
        if s.protection_result is None:
            return StepStatus("ready", "Choose settings, press Protect")
        return StepStatus("done", describe_settings(s.protection))
