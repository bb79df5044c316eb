"""View and edit the generalization hierarchy of one quasi-identifier (ARX-style grid)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.errors import VeilError
from core.schema import Role
from ui.banner import Banner
from ui.glossary import TERMS
from ui.panels.interval_builder import IntervalBuilder
from ui.qt import Qt, QtWidgets
from ui.session import Session
from ui.widgets import hint

MAX_ROWS = 2000  # distinct values shown; a hierarchy for more is edited as an ARX file


class HierarchyEditor(QtWidgets.QGroupBox):
    """One row per original value, one column per level; edit a cell to regroup a value."""

    def __init__(self, session: Session, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Generalization hierarchy", parent)
        self.session = session
        self.column: str | None = None
        self.explain = hint(TERMS["hierarchy"])
        self.banner = Banner()
        self.grid = QtWidgets.QTableWidget()
        self.grid.setAlternatingRowColors(True)
        self.grid.verticalHeader().hide()
        self.grid.itemChanged.connect(self._cell_edited)
        self.auto_button = QtWidgets.QPushButton("Build automatically")
        self.auto_button.setToolTip(
            "Let Veil propose levels from the values (intervals, prefixes…)."
        )
        self.import_button = QtWidgets.QPushButton("Import ARX file…")
        self.import_button.setToolTip(
            "Load a hierarchy saved by ARX or Veil (CSV, one row per value)."
        )
        self.export_button = QtWidgets.QPushButton("Export ARX file…")
        self.export_button.setToolTip("Save this hierarchy as CSV, readable by ARX and by Veil.")
        self.auto_button.clicked.connect(self.build_automatically)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        buttons = QtWidgets.QHBoxLayout()
        for b in (self.auto_button, self.import_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.whole_group = QtWidgets.QCheckBox("Renaming a cell renames its whole group")
        self.whole_group.setChecked(True)
        self.whole_group.setToolTip(
            "Unticked, an edit moves just that one value into the group you type."
        )
        buttons.addWidget(self.whole_group)
        col = QtWidgets.QVBoxLayout(self)
        col.addWidget(self.explain)
        col.addWidget(self.banner)
        col.addLayout(buttons)
        self.intervals = IntervalBuilder()
        self.intervals.build_requested.connect(self._build_intervals)
        col.addWidget(self.intervals)
        col.addWidget(self.grid, 1)
        self._filling = False
        self._all_rows: list[list[str]] = []
        self.show_column(None)

    # ---- which column ---------------------------------------------------------------
    def show_column(self, column: str | None) -> None:
        self.column = column
        self.banner.hide()
        is_qi = column is not None and self.session.roles.get(column) == Role.QUASI_IDENTIFIER
        for b in (self.auto_button, self.import_button, self.export_button):
            b.setEnabled(is_qi)
        self.intervals.setVisible(is_qi and self._is_numeric(column))
        if column is None:
            self.setTitle("Generalization hierarchy")
            self._fill([])
            return
        self.setTitle(f"Generalization hierarchy of “{column}”")
        if not is_qi:
            self.explain.setText(
                f"“{column}” is not a quasi-identifier, so it is not generalized. "
                "Only quasi-identifiers have a hierarchy."
            )
            self._fill([])
            return
        self.explain.setText(
            TERMS["hierarchy"] + " Double-click a cell to rename a group; giving two groups "
            "the same name merges them."
        )
        hierarchy = self.current()
        if hierarchy is None:
            self.explain.setText(
                self.explain.text() + " No hierarchy yet: Veil builds one when you protect, "
                "or press “Build automatically” to see and edit it."
            )
            self._fill([])
            return
        self._fill(self._rows(hierarchy))

    def _is_numeric(self, column: str | None) -> bool:
        loaded = self.session.loaded
        ctype = str(loaded.types.get(column, "")) if loaded is not None and column else ""
        return ctype in ("integer", "float")

    def _build_intervals(self, widths: Any, bottom: Any, top: Any) -> None:
        """Intervals of the chosen widths (core.hierarchy.interval_hierarchy)."""
        from core.hierarchy import interval_hierarchy

        if isinstance(widths, VeilError):
            self.banner.show_error(widths)
            return
        series = self.session.frame[self.column]
        self._apply(
            lambda: interval_hierarchy(
                series, widths=widths, bottom=bottom, top=top, name=self.column or ""
            )
        )

    def current(self) -> Any:
        return self.session.hierarchies.get(self.column) if self.column else None

    # ---- actions --------------------------------------------------------------------
    def build_automatically(self) -> None:
        from core.hierarchy import auto_hierarchy

        column = self.column
        types = self.session.loaded.types
        self._apply(lambda: auto_hierarchy(self.session.frame[column], types.get(column)))

    def import_file(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Import a hierarchy", "", "ARX hierarchies (*.csv);;All files (*)"
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        from core.hierarchy import Hierarchy

        self._apply(lambda: Hierarchy.from_arx_csv(path, name=self.column or ""))

    def export_file(self) -> None:
        hierarchy = self.current()
        if hierarchy is None:
            self.banner.show_message("info", "Build or import a hierarchy first.")
            return
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export the hierarchy", f"hierarchy_{self.column}.csv", "CSV (*.csv)"
        )
        if path:
            self.export_path(Path(path))

    def export_path(self, path: Path) -> None:
        try:
            self.current().to_arx_csv(path)
        except (VeilError, OSError) as exc:
            self.banner.show_error(exc)
            return
        self.banner.show_message("success", f"Saved {path.name}.", str(path.parent))

    def _apply(self, make) -> None:
        try:
            hierarchy = make()
        except VeilError as exc:
            if self.current() is not None:
                self._fill(self._rows(self.current()))  # undo the refused edit on screen
            self.banner.show_error(exc)
            return
        self.session.set_hierarchy(self.column, hierarchy)
        self.show_column(self.column)

    # ---- the grid -------------------------------------------------------------------
    def _rows(self, hierarchy: Any) -> list[list[str]]:
        """The hierarchy as ARX rows: original value, then each level up to '*'."""
        return [[str(v) for v in row] for row in hierarchy.table.tolist()]

    def _fill(self, all_rows: list[list[str]]) -> None:
        self._all_rows = all_rows
        rows = all_rows[:MAX_ROWS]
        self._filling = True
        try:
            depth = max((len(r) for r in rows), default=0)
            self.grid.clear()
            self.grid.setRowCount(len(rows))
            self.grid.setColumnCount(depth)
            self.grid.setHorizontalHeaderLabels(
                ["Original"] + [f"Level {i}" for i in range(1, depth)]
            )
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    item = QtWidgets.QTableWidgetItem(text)
                    if c == 0:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.grid.setItem(r, c, item)
            self.grid.resizeColumnsToContents()
        finally:
            self._filling = False
        self.grid.setVisible(bool(rows))

    def _cell_edited(self, item: QtWidgets.QTableWidgetItem) -> None:
        if self._filling or self.column is None:
            return
        from core.hierarchy import Hierarchy

        rows = regroup(
            self._all_rows, item.row(), item.column(), item.text().strip(),
            whole_group=self.whole_group.isChecked(),
        )  # fmt: skip
        builder = edited_builder(self.current())
        self._apply(lambda: Hierarchy(rows, name=self.column or "", builder=builder))


def edited_builder(hierarchy: Any) -> dict | None:
    """Where an edited hierarchy comes from: a file (None, domain knowledge) stays a file; one
    Veil built from the values stays built (its values are still the data's, see
    ``core.dp.domains.knowledge_hierarchies``)."""
    built = getattr(hierarchy, "builder", None)
    if not built or built.get("kind") == "edited":
        return built or None
    return {"kind": "edited", "from": dict(built)}


def regroup(
    rows: list[list[str]], row: int, level: int, label: str, *, whole_group: bool
) -> list[list[str]]:
    """Rows with the label at (row, level) changed — for every member of its group, or one."""
    old = rows[row][level]
    out = [list(r) for r in rows]
    for r in out if whole_group else [out[row]]:
        if r[level] == old:
            r[level] = label
    return out
