"""Step 1: choose a file (dialog, drag & drop, recent, demo) and preview it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.jobs import Monitor
from ui.panels.base import StepPanel
from ui.panels.engine_row import EngineRow
from ui.qt import Qt, QtWidgets, Signal
from ui.stepper import StepStatus
from ui.table_model import ColumnarTableModel, make_table_view
from ui.widgets import hint

if TYPE_CHECKING:
    from ui.table_columns import TableColumns

FILE_FILTER = (
    "Tables (*.csv *.tsv *.txt *.xlsx *.parquet *.dta *.sav *.sas7bdat);;"
    "Veil projects (*.veil.json);;All files (*)"
)
FORMATS_TEXT = "CSV or TSV, Excel (.xlsx), Parquet, Stata (.dta), SPSS (.sav), SAS (.sas7bdat)"


@dataclass(frozen=True)
class LoadOutcome:
    """What the load job hands back to the GUI thread."""

    table: Any  # core.workflow.steps.TableOutcome: the table, suggestions, project if any
    columns: TableColumns

    @property
    def loaded(self) -> Any:
        return self.table.loaded

    @property
    def is_demo(self) -> bool:
        return self.table.is_demo

    @property
    def project_path(self) -> Path | None:
        return self.table.project_path


def load_job(
    path: Path, is_demo: bool, monitor: Monitor, *, rename_duplicates: bool = False
) -> LoadOutcome:
    """Read the table and suggest roles (``core.workflow``), cache the columns for the view
    (runs in a worker). The demo comes with its ready-made project."""
    from core.workflow import steps

    table = steps.load(path, is_demo, monitor.sub(0.0, 0.85), rename_duplicates=rename_duplicates)
    return _with_columns(table, monitor)


def project_job(path: Path, monitor: Monitor) -> LoadOutcome:
    """Read a project file, check its input file is the one it was saved with, load that."""
    from core.project import load_project
    from core.workflow import steps

    table = steps.load_project_table(load_project(path), path, monitor.sub(0.0, 0.85))
    return _with_columns(table, monitor)


def _with_columns(table: Any, monitor: Monitor) -> LoadOutcome:
    from ui.table_columns import prepare_columns

    monitor.progress(0.85, "Preparing the preview")
    columns = prepare_columns(table.loaded.frame)
    monitor.progress(1.0, "Done")
    return LoadOutcome(table, columns)


class DropZone(QtWidgets.QFrame):
    """The empty state: a large target for a dropped file, with the two ways to start."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setStyleSheet(
            "QFrame#dropZone { border: 2px dashed palette(mid); border-radius: 12px; }"
        )
        self.choose_button = QtWidgets.QPushButton("Choose a file…")
        self.choose_button.setObjectName("primary")
        self.choose_button.setToolTip("Open a table from your computer (Ctrl+O).")
        self.demo_button = QtWidgets.QPushButton("Open demo data")
        self.demo_button.setToolTip(
            "10,000 synthetic patient records made up by a program — no real person (Ctrl+D)."
        )
        title = QtWidgets.QLabel("Drop a table here")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        title.setFont(font)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        col = QtWidgets.QVBoxLayout(self)
        col.setContentsMargins(24, 24, 24, 24)
        col.addStretch(1)
        col.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        formats = hint(f"{FORMATS_TEXT}. The file itself is never changed.")
        formats.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(formats)
        col.addSpacing(12)
        col.addLayout(buttons)
        col.addStretch(1)


class LoadPanel(StepPanel):
    key = "load"
    title = "1. Load your data"
    intro = (
        "Open the table of personal records you want to protect. Veil works on a copy in "
        "memory: your file stays exactly as it is, and nothing leaves this computer."
    )
    next_label = "Next: check the columns"
    recent_chosen = Signal(str)

    def __init__(self, session, parent=None) -> None:
        super().__init__(session, parent)
        self.drop_zone = DropZone()
        self.drop_zone.choose_button.clicked.connect(self.choose_file)
        self.drop_zone.demo_button.clicked.connect(self.open_demo)
        self.recent_list = QtWidgets.QListWidget()
        self.recent_list.setMaximumHeight(130)
        self.recent_list.itemActivated.connect(lambda item: self.open_path(item.text()))
        self.recent_box = QtWidgets.QGroupBox("Recent files")
        QtWidgets.QVBoxLayout(self.recent_box).addWidget(self.recent_list)
        self.summary = QtWidgets.QLabel()
        self.summary.setWordWrap(True)
        self.model = ColumnarTableModel(self)
        self.table = make_table_view(self.model)
        self.other_button = QtWidgets.QPushButton("Open another file…")
        self.other_button.clicked.connect(self.choose_file)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.other_button)
        self.preview = QtWidgets.QWidget()
        pv = QtWidgets.QVBoxLayout(self.preview)
        pv.setContentsMargins(0, 0, 0, 0)
        pv.addLayout(top)
        self.engine_row = EngineRow(session)
        pv.addWidget(self.engine_row)
        pv.addWidget(self.table, 1)
        self.body.addWidget(self.drop_zone, 1)
        self.body.addWidget(self.recent_box)
        self.body.addWidget(self.preview, 1)
        self.preview.hide()
        self.runner.finished.connect(self._on_loaded)
        self.runner.busy_changed.connect(self._on_busy)
        self.next_button.setEnabled(False)
        self._last_dir = str(Path.home())
        self.confirm_discard: Callable[[], bool] = lambda: True  # the window's unsaved guard
        self._pending: Path | None = None
        self.banner.action_clicked.connect(self._load_renamed)

    # ---- actions -------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Open a table", self._last_dir, FILE_FILTER
        )
        if path:
            self.open_path(path)

    def open_demo(self) -> None:
        """Load the built-in synthetic demo data (the same path a file takes)."""
        from core.demo import demo_path

        if self.confirm_discard():
            self._start(Path(demo_path()), is_demo=True)

    def open_path(self, path: str | Path) -> None:
        path = Path(path)
        if not self.confirm_discard():
            return
        if path.name.endswith(".veil.json"):
            self.banner.hide()
            self._pending = None
            self.runner.start(lambda m: project_job(path, m))
            return
        self._start(path, is_demo=False)

    def set_recent(self, paths: list[str]) -> None:
        self.recent_list.clear()
        self.recent_list.addItems(paths)
        self.recent_box.setVisible(bool(paths) and self.session.loaded is None)

    def set_last_dir(self, folder: str) -> None:
        self._last_dir = folder

    def _start(self, path: Path, *, is_demo: bool, rename: bool = False) -> None:
        self.banner.hide()
        self._pending = path
        self.runner.start(lambda m: load_job(path, is_demo, m, rename_duplicates=rename))

    def show_failure(self, exc: BaseException) -> None:
        """Repeated column names: say which, and offer to load them renamed."""
        from core.io import DuplicateColumnsError

        if not isinstance(exc, DuplicateColumnsError) or self._pending is None:
            super().show_failure(exc)
            return
        first = next(iter(exc.duplicates))
        self.banner.show_message(
            "error",
            exc.message,
            f"Rename them in the file so that every name is unique, or load them renamed "
            f"({first}, {first}.2, …) and check what each one means.",
            action="Load with renamed columns",
        )

    def _load_renamed(self) -> None:
        if self._pending is not None and not self.runner.busy:
            self._start(self._pending, is_demo=False, rename=True)

    # ---- results -------------------------------------------------------------------
    def _on_busy(self, busy: bool) -> None:
        self.drop_zone.setEnabled(not busy)
        self.other_button.setEnabled(not busy)

    def _on_loaded(self, outcome: LoadOutcome) -> None:
        from core.errors import VeilError

        try:  # the table with its project's roles and settings, in one step
            self.session.adopt_table(outcome.table, outcome.columns)
        except VeilError as exc:
            self.banner.show_error(exc)
            return
        self.model.set_table(outcome.columns)
        self.recent_chosen.emit(str(outcome.project_path or outcome.loaded.path))
        warnings = list(getattr(outcome.loaded, "warnings", ()) or ())
        large = self.session.workflow.large
        if large is not None:
            sample = self.session.assessment_settings.attack_sample
            self.banner.show_message(
                "info", large.banner(sample),
                f"The preview shows the first {large.preview:,} rows; Protect writes the whole "
                "table with the optimal generalization.",
            )  # fmt: skip
        elif outcome.is_demo:
            from core.demo import DEMO_LABEL

            self.banner.show_message(
                "info", DEMO_LABEL, "Try the whole workflow on it safely.", closable=False
            )
        elif warnings:
            self.banner.show_message("warning", warnings[0], " ".join(warnings[1:]))

    def on_session_changed(self, what: str) -> None:
        if what in ("table", "roles"):
            self._refresh()
        if what in ("table", "engine", "project") and self.session.loaded is not None:
            self.engine_row.refresh()

    def _refresh(self) -> None:
        loaded = self.session.loaded
        has = loaded is not None
        self.drop_zone.setVisible(not has)
        self.recent_box.setVisible(not has and self.recent_list.count() > 0)
        self.preview.setVisible(has)
        self.next_button.setEnabled(has)
        if not has:
            return
        frame = loaded.frame
        name = Path(loaded.path).name
        label = " (synthetic demo data)" if self.session.is_demo else ""
        rows = table_rows(self.session)
        fmt = str(getattr(loaded, "format", "")).upper()
        self.summary.setText(
            f"<b>{name}</b>{label} — {rows:,} rows × {frame.shape[1]} columns"
            + (f" · {fmt}" if fmt else "")
            + " · click a column title to sort"
        )
        from ui.glossary import ROLE_LABELS

        self.model.set_header_notes(
            {c: ROLE_LABELS[r].lower() for c, r in self.session.roles.items()}
        )

    def status(self) -> StepStatus:
        loaded = self.session.loaded
        if self.runner.busy:
            return StepStatus("ready", "Loading…")
        if loaded is None:
            return StepStatus("ready", "Start here: open a file or the demo")
        name = Path(loaded.path).name
        demo = " (synthetic)" if self.session.is_demo else ""
        return StepStatus("done", f"{name}{demo}, {table_rows(self.session):,} rows")


def table_rows(session) -> int:
    """The records of the loaded file (in large-table mode, all of them, not the preview)."""
    large = session.workflow.large
    return large.rows if large is not None else len(session.loaded.frame)
