"""Step 4: attack the table before and after protection, and judge the result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from core.bounds import field_range
from core.jobs import Monitor
from ui.charts import ChartView
from ui.glossary import TERMS
from ui.panels.assess_cards import CHART_OF, VERDICTS, FamilyCards
from ui.panels.assess_form import AssessmentForm
from ui.panels.base import NEEDS_COLUMNS, StepPanel
from ui.panels.frontier import FrontierView
from ui.panels.sample_note import sample_label, show_sample
from ui.qt import Qt, QtCore, QtWidgets, Signal
from ui.stepper import StepStatus
from ui.verdict_lights import VerdictLights, strip_of
from ui.warning_text import document_warnings
from ui.widgets import hint

MAX_REPEATS = 20
REPEATS_TIP = (
    "Run the rehearsal again with other people chosen at random each time, to see how much "
    "each figure depends on chance (each repeat takes as long as the first)."
)
ROC_CAPTION = (
    "Across: share of outsiders wrongly flagged as in the data. Up: share of people in the "
    "data correctly found. The diagonal is guessing; the further a line bulges above it, the "
    "more the attacker learns."
)
CHART_TABS = (
    ("roc", "Membership attack", "membership"),
    ("attribute", "Attribute attack", "attribute"),
    ("reconstruction", "Reconstruction", "reconstruction"),
    ("class_sizes", "Re-identification", "reidentification"),
    ("utility", "Usefulness", "accuracy"),
    ("extraction", "Model copying", "extraction"),
    ("property", "Property attack", "property"),
)


@dataclass(frozen=True)
class AssessOutcome:
    step: Any  # core.workflow.Outcome of the assess step
    report_step: Any  # core.workflow.Outcome of the report step (charts drawn)

    @property
    def assessment(self) -> Any:  # core.assess.Assessment: the rehearsal
        return self.step.value.rehearsal

    @property
    def data(self) -> dict:  # the assessment.json document: the rehearsal and the release
        return self.step.value.document

    @property
    def report(self) -> Any:  # core.report ReportDocument built from it
        return self.report_step.value


def assess_job(task: Callable[[Monitor], Any], monitor: Monitor) -> AssessOutcome:
    """The workflow's assess task (rehearse the attacks, describe the release), then the
    report and its charts (in a worker)."""
    from core.workflow import Outcome, steps

    step = task(monitor.sub(0.0, 0.9))
    monitor.progress(0.9, "Writing up the results")
    report = steps.report(step.value.document, monitor.sub(0.9, 1.0))
    for chart in report_charts(report).values():
        chart.png  # noqa: B018 — drawn here, off the GUI thread, and cached for preview/PDF
    return AssessOutcome(step, Outcome("report", step.generation, report))


class AssessPanel(StepPanel):
    key = "assess"
    title = "4. Assess the risk"
    intro = (
        "Veil measures how easily people can be picked out of the protected table, then "
        "rehearses the other attacks: it protects a random half of the records the same way and "
        "attacks it the way a curious outsider would, using the other half as people known to "
        "be outside. This takes a minute or two."
    )
    next_label = "Next: the report"
    rerun_requested = Signal()  # protect (again), then assess that release

    def __init__(self, session, parent=None) -> None:
        super().__init__(session, parent)
        self.form = AssessmentForm()
        self.form.changed.connect(self.session.set_assessment_settings)
        self.run_button = self.action_button(
            "Run the assessment", "Attack the table before and after protection", self.run
        )
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.form, 1)
        top.addLayout(self._run_column(), 0)
        self.body.addLayout(top)
        self.body.addWidget(self._results_area(), 1)
        self.runner.finished.connect(self._on_done)
        self.runner.busy_changed.connect(lambda busy: self.run_button.setEnabled(not busy))
        self.banner.action_clicked.connect(self.rerun_requested)
        self.outcome: AssessOutcome | None = None

    def _run_column(self) -> QtWidgets.QVBoxLayout:
        """'Repeat the rehearsal' (1–20 times) above the run button."""
        self.repeats_box = QtWidgets.QSpinBox()
        self.repeats_box.setRange(*field_range("repeats", ceiling=MAX_REPEATS))
        self.repeats_box.setSuffix(" ×")
        self.repeats_box.setToolTip(REPEATS_TIP)
        self.repeats_box.valueChanged.connect(self._repeats_changed)
        label = QtWidgets.QLabel("Repeat the rehearsal")
        label.setToolTip(REPEATS_TIP)
        label.setBuddy(self.repeats_box)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.repeats_box)
        column = QtWidgets.QVBoxLayout()
        column.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.run_button)
        return column

    def _repeats_changed(self, value: int) -> None:
        settings = replace(self.form.settings(), repeats=value)
        self.form.set_settings(settings)
        self.session.set_assessment_settings(settings)

    def _results_area(self) -> QtWidgets.QWidget:
        self.placeholder = hint("Press “Run the assessment” to see how much still leaks.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cards = FamilyCards()
        self.cards.chart_requested.connect(self.show_chart)
        verdict_cards = [self.cards.cards[name] for name in VERDICTS]
        self.lights = VerdictLights(cards=self.cards, verdict_cards=verdict_cards)
        self.lights.go_to_requested.connect(self.go_to_requested)
        self.strip = QtWidgets.QLabel()
        self.strip.setWordWrap(True)
        self.strip.setToolTip("Each risk measured, at a glance; the Verdict tab explains each one.")
        self.spread = QtWidgets.QLabel()
        self.spread.setWordWrap(True)
        self.spread.setTextFormat(Qt.TextFormat.PlainText)
        self.spread.setToolTip(REPEATS_TIP)
        self.spread.hide()
        self.tabs = QtWidgets.QTabWidget()
        self.verdict = QtWidgets.QScrollArea()
        self.verdict.setWidgetResizable(True)
        self.verdict.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.verdict.setWidget(self.lights)
        self.tabs.addTab(self.verdict, "Verdict")
        self.charts: dict[str, ChartView] = {}
        self.chart_pages: dict[str, QtWidgets.QWidget] = {}
        for kind, label, term in CHART_TABS:
            view = ChartView(260)
            view.setToolTip(TERMS.get(term, ""))
            self.charts[kind] = view
            self.chart_pages[kind] = _chart_page(view, ROC_CAPTION if kind == "roc" else None)
            self.tabs.addTab(self.chart_pages[kind], label)
        self.roc_caption = self.chart_pages["roc"].findChild(QtWidgets.QLabel)
        self.frontier = FrontierView()
        self.frontier.point_adopted.connect(self._adopt)
        self.frontier.measure_requested.connect(self.measure_sweep_by)
        self.tabs.addTab(self.frontier, "Trade-off")
        results = QtWidgets.QWidget()
        rv = QtWidgets.QVBoxLayout(results)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.strip)
        rv.addWidget(self.spread)
        self.sample_note = sample_label()
        rv.addWidget(self.sample_note)
        rv.addWidget(self.tabs, 1)
        self.result_stack = QtWidgets.QStackedWidget()
        self.result_stack.addWidget(self.placeholder)
        self.result_stack.addWidget(results)
        return self.result_stack

    # ---- running --------------------------------------------------------------------
    def run(self) -> None:
        if self.no_table_yet():
            return
        s = self.session
        if s.protection_result is None:  # the release to describe comes from Protect
            self.banner.show_message("info", "Protecting the table first (step 3)…")
            self.rerun_requested.emit()
            return
        s.set_assessment_settings(replace(self.form.settings(), repeats=self.repeats_box.value()))
        self.banner.hide()
        task = s.workflow.assess_task()
        self.runner.start(lambda m: assess_job(task, m))

    def _on_done(self, outcome: AssessOutcome) -> None:
        if not (self.session.accept(outcome.step) and self.session.accept(outcome.report_step)):
            return  # the choices changed while it ran
        self.outcome = outcome
        warnings = document_warnings(outcome.data)
        if warnings:
            self.banner.show_message("warning", warnings[0], " ".join(warnings[1:]))
        self._show()

    def measure_sweep_by(self, family: str) -> None:
        """Run the assessment again, its sweep measuring every setting by ``family``."""
        settings = replace(self.session.assessment_settings, sweep=True, sweep_figure=family)
        self.form.set_settings(settings)
        self.session.set_assessment_settings(settings)
        self.run()
        if self.runner.busy:
            self.tabs.setCurrentWidget(self.frontier)

    def _adopt(self, settings) -> None:
        self.session.set_protection(settings)
        from ui.panels.protect_summary import describe_settings

        self.banner.show_message(
            "info",
            f"New protection chosen: {describe_settings(settings)}.",
            "The results below belong to the previous choice. Protect and assess again to "
            "see this one.",
            action="Protect and assess again",
        )

    # ---- display --------------------------------------------------------------------
    def on_session_changed(self, what: str) -> None:
        s = self.session
        if what in ("table", "roles"):
            self.form.set_columns(s.roles)
        if what in ("table", "roles", "assessment_settings"):
            self.form.set_settings(s.assessment_settings)
            with QtCore.QSignalBlocker(self.repeats_box):
                self.repeats_box.setValue(s.assessment_settings.repeats)
        if what == "table":
            self.outcome = None
            self.result_stack.setCurrentIndex(0)
        if what == "protection" and self.outcome is not None:
            self.frontier.set_current(s.protection)
        if what == "assessment" and s.assessment is None and self.outcome is not None:
            self._mark_stale()
        self.next_button.setEnabled(s.assessment is not None)

    def _mark_stale(self) -> None:
        if self.banner.isHidden() or self.banner.kind != "info":
            self.banner.show_message(
                "warning",
                "These results belong to earlier settings.",
                "Run the assessment again to bring them up to date.",
            )

    def _show(self) -> None:
        o = self.outcome
        if o is None:
            return
        self.result_stack.setCurrentIndex(1)
        self.lights.set_assessment(o.data)
        self.cards.set_assessment(o.data, self.session.assessment_settings)
        self.strip.setText(strip_of(self.cards.shown()))
        from core.report.spread import headline

        spread = headline(o.data)
        self.spread.setText(spread or "")
        self.spread.setVisible(spread is not None)
        show_sample(self.sample_note, o.data)
        self.tabs.setCurrentIndex(0)
        charts = report_charts(o.report)
        for kind, _label, _term in CHART_TABS:
            index = self.tabs.indexOf(self.chart_pages[kind])
            chart = charts.get(kind)
            self.tabs.setTabVisible(index, chart is not None)
            if chart is not None:
                self.charts[kind].draw(lambda fig, c=chart: draw_report_chart(fig, c))
        for name, card in self.cards.cards.items():
            card.link.setVisible(card.text.ran and CHART_OF[name] in charts)
        from core.report.views import AssessmentDoc

        sweep = [p.raw for p in AssessmentDoc(o.data).sweep]
        self.tabs.setTabVisible(self.tabs.indexOf(self.frontier), bool(sweep))
        by = {p["measured_by"] for p in sweep if isinstance(p.get("measured_by"), str)}
        figure = by.pop() if len(by) == 1 else None
        self.frontier.set_points(sweep, self.session.protection, figure=figure)

    def show_chart(self, kind: str) -> None:
        """Open the chart tab ``kind`` (a family card's link)."""
        self.tabs.setCurrentWidget(self.chart_pages[kind])

    def blocked_reason(self):
        return self.needs_table_and_quasi_identifiers()

    def status(self) -> StepStatus:
        s = self.session
        if self.needs_table_and_quasi_identifiers():
            return NEEDS_COLUMNS
        if self.runner.busy:
            return StepStatus("ready", "Attacking…")
        if s.assessment is None:
            if self.outcome is not None:
                return StepStatus("stale", "Settings changed: run again")
            return StepStatus("ready", "Run the attacks")
        from ui.verdict_lights import worst_level

        return StepStatus("done", f"Highest risk: {worst_level(s.assessment_data)}")


def _chart_page(view: ChartView, caption: str | None) -> QtWidgets.QWidget:
    """A chart tab: the chart, with a plain-words caption under it when it has one."""
    if caption is None:
        return view
    page = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(view, 1)
    layout.addWidget(hint(caption))
    return page


def report_charts(doc: Any) -> dict[str, Any]:
    """The report's Chart blocks by kind (the GUI draws the same charts as the report)."""
    from core.report.document import Chart

    found: dict[str, Any] = {}
    for section in doc.sections:
        for block in section.blocks:
            if isinstance(block, Chart):
                found.setdefault(block.kind, block)
    return found


def draw_report_chart(fig: Any, chart: Any) -> None:
    from core.report.charts import DRAWERS

    DRAWERS[chart.kind](fig, chart.data)
