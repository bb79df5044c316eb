"""Step 2: what each column is, the role Veil suggests and why, and its hierarchy."""

from __future__ import annotations

from core import methods
from core.schema import Role
from ui.glossary import ROLE_LABELS, TERMS, role_tip
from ui.panels.base import NO_TABLE, StepPanel
from ui.qt import Qt, QtCore, QtWidgets
from ui.stepper import StepStatus

HEADERS = ("Column", "Type", "Role", "Why", "Distinct values", "Makes records unique")
UNIQUE_COLUMN = 5
UNIQUE_TIP = (
    "For a column released as it is: how many more records become unique when it is added "
    "to the quasi-identifiers (with, on it alone, in brackets). Unique records are easy to "
    "single out."
)
TYPE_WORDS = {
    "integer": "whole number",
    "float": "number",
    "categorical": "category",
    "date": "date",
    "text": "free text",
    "identifier": "identifier-like",
}

# what happens to the quasi-identifiers, by protection method (the overview line)
QI_VERBS = methods.Words("qi_fate")


class RoleBox(QtWidgets.QComboBox):
    """A dropdown of the five roles, each explained in its tooltip."""

    def __init__(self, role: Role, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        role_choices(self)
        self.set_role(role)

    def role(self) -> Role:
        return Role(self.currentData())

    def set_role(self, role: Role) -> None:
        self.blockSignals(True)
        self.setCurrentIndex(list(Role).index(role))
        self.setToolTip(role_tip(role))
        self.blockSignals(False)


# what the user's choice does, for the Why column
CHOSEN = {
    Role.IDENTIFIER: "removed (or pseudonymized), as it points straight at a person",
    Role.QUASI_IDENTIFIER: "protected, as it identifies people in combination",
    Role.SENSITIVE: "protected, as it must not be learned about a person",
    Role.TARGET: "measures how useful the release stays",
    Role.INSENSITIVE: "released as it is",
    Role.LEAVE_OUT: "not released at all",
}


def role_choices(box: QtWidgets.QComboBox) -> None:
    """Every role, labelled, with its meaning as the item's tooltip."""
    for r in Role:
        box.addItem(ROLE_LABELS[r], r)
        box.setItemData(box.count() - 1, role_tip(r), Qt.ItemDataRole.ToolTipRole)


def why_text(role: Role, suggestion) -> str:
    """Why a column has its role: Veil's reason while it is Veil's guess, else the user's choice."""
    if suggestion is not None and Role(suggestion.role) is role:
        return suggestion.reason or ""
    return f"You chose {ROLE_LABELS[role]}: {CHOSEN[role]}."


class ColumnTable(QtWidgets.QTableWidget):
    """The column list: a dropdown getting focus in a selected row keeps the selection (its
    choice then applies to every selected row); in another row it selects that row."""

    def selectionCommand(self, index, event=None):
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        keep = event is None and len(rows) > 1 and any(r.row() == index.row() for r in rows)
        if keep:
            return QtCore.QItemSelectionModel.SelectionFlag.NoUpdate
        return super().selectionCommand(index, event)


class ColumnsPanel(StepPanel):
    key = "columns"
    title = "2. Check the columns"
    intro = (
        "Veil guessed what each column is. Check the roles — they decide what gets removed, "
        "what gets blurred and what is protected. Hover over a role to see what it means. "
        "Select several rows (Shift- or Ctrl-click) to give them one role together; "
        "Ctrl+Z undoes a change."
    )
    next_label = "Next: choose the protection"

    def __init__(self, session, parent=None) -> None:
        super().__init__(session, parent)
        self.overview = QtWidgets.QLabel()
        self.overview.setWordWrap(True)
        self.table = ColumnTable(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeaderItem(UNIQUE_COLUMN).setToolTip(UNIQUE_TIP)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAutoScroll(False)  # a click on a half-visible row must not move the rows
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_selected)
        self.role_boxes: dict[str, RoleBox] = {}
        self.hierarchy_box = self._build_hierarchy_area()
        self.split = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.table)
        self.split.addWidget(self.hierarchy_box)
        self.split.setChildrenCollapsible(False)
        self.uniqueness = QtWidgets.QLabel()
        self.uniqueness.setWordWrap(True)
        self.target_leak = QtWidgets.QLabel()
        self.target_leak.setWordWrap(True)
        self.target_leak.hide()
        self.body.addWidget(self.overview)
        self.body.addWidget(self.uniqueness)
        self.body.addWidget(self.target_leak)
        self.body.addLayout(self._build_bulk_row())
        self.runner.finished.connect(self._show_uniqueness)
        self.body.addWidget(self.split, 1)

    def _build_bulk_row(self) -> QtWidgets.QHBoxLayout:
        """A role dropdown for every selected row at once (one undo step)."""
        self.selected_label = QtWidgets.QLabel()
        self.bulk_box = QtWidgets.QComboBox()
        self.bulk_box.addItem("Set their role…", None)
        role_choices(self.bulk_box)
        self.bulk_box.setAccessibleName("Role of the selected columns")
        self.bulk_box.setToolTip(
            "Give every selected column this role, in one step (Ctrl+Z undoes it). Changing "
            "the role of a selected row does the same."
        )
        self.bulk_box.activated.connect(self._bulk_chosen)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.selected_label)
        row.addWidget(self.bulk_box)
        row.addStretch(1)
        return row

    def _build_hierarchy_area(self) -> QtWidgets.QWidget:
        from ui.panels.hierarchy_editor import HierarchyEditor

        self.hierarchy_editor = HierarchyEditor(self.session)
        self.hierarchy_editor.setToolTip(TERMS["hierarchy"])
        return self.hierarchy_editor

    # ---- refresh --------------------------------------------------------------------
    def on_session_changed(self, what: str) -> None:
        if what == "table":
            self._fill()
        elif what == "roles":
            self._sync_roles()
        elif what == "hierarchies" and self.session.history.applying:
            self.hierarchy_editor.show_column(self.hierarchy_editor.column)  # an undo or redo
        if what in ("table", "roles", "protection"):
            self._refresh_overview()
        if what in ("table", "roles", "assessment_settings"):
            self._refresh_uniqueness()

    def _fill(self) -> None:
        s = self.session
        self.table.setRowCount(0)
        self.role_boxes = {}
        if s.loaded is None:
            return
        self.table.setRowCount(len(s.roles))
        for row, column in enumerate(s.roles):
            sug = s.suggestions.get(column)
            ctype = str(getattr(sug, "type", "") or s.loaded.types.get(column, ""))
            self._set(row, 0, column, bold=True)
            self._set(row, 1, TYPE_WORDS.get(ctype, ctype))
            box = RoleBox(s.roles[column])
            box.setAccessibleName(f"Role of {column}")
            box.currentIndexChanged.connect(lambda _i, c=column, b=box: self._role_changed(c, b))
            self.table.setCellWidget(row, 2, box)
            self.role_boxes[column] = box
            self._set(row, 3, why_text(s.roles[column], sug))
            distinct = getattr(sug, "distinct", None)
            self._set(row, 4, f"{distinct:,}" if distinct is not None else "", right=True)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(
            3, QtWidgets.QHeaderView.ResizeMode.Stretch
        )
        if self.table.rowCount():
            self.table.selectRow(0)
        self._fit_split()

    def _fit_split(self) -> None:
        """The column list as tall as its rows (up to half the space); the editor gets the rest."""
        rows = self.table.rowCount()
        wanted = (
            self.table.horizontalHeader().height()
            + 4
            + sum(self.table.rowHeight(r) for r in range(rows))
        )
        total = max(self.split.height(), 500)
        top = min(wanted, total // 2 + 80)
        self.split.setSizes([top, total - top])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit_split()

    def _set(self, row: int, col: int, text: str, *, bold=False, right=False) -> None:
        item = QtWidgets.QTableWidgetItem(text)
        item.setToolTip(text)
        if bold:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        if right:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, col, item)

    def _role_changed(self, column: str, box: RoleBox) -> None:
        """A row's dropdown: its role, and every other selected row's when it is selected."""
        chosen = self.selected_columns()
        columns = chosen if column in chosen else [column]
        self.session.set_roles(dict.fromkeys(columns, box.role()))
        self._on_selected()

    def _bulk_chosen(self, index: int) -> None:
        role = self.bulk_box.itemData(index)
        self.bulk_box.setCurrentIndex(0)
        columns = self.selected_columns()
        if role is not None and columns:
            self.session.set_roles(dict.fromkeys(columns, Role(role)))

    def selected_columns(self) -> list[str]:
        """The selected rows' column names, top to bottom."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.table.item(r, 0).text() for r in rows]

    def _sync_roles(self) -> None:
        """Every dropdown and Why text shows the session's roles (after a change or an undo)."""
        s = self.session
        for row in range(self.table.rowCount()):
            column = self.table.item(row, 0).text()
            box, role = self.role_boxes.get(column), s.roles.get(column)
            if box is None or role is None:
                continue
            box.set_role(role)
            self._set(row, 3, why_text(role, s.suggestions.get(column)))
        self._on_selected()

    def _on_selected(self) -> None:
        chosen = self.selected_columns() if self.session.loaded is not None else []
        n = len(chosen)
        self.selected_label.setText(
            f"{n} column{'s' * (n != 1)} selected:" if n else "Select columns to set their role:"
        )
        self.bulk_box.setEnabled(bool(n))
        current = self.table.item(self.table.currentRow(), 0) if n else None
        shown = current.text() if current is not None and current.text() in chosen else None
        self.hierarchy_editor.show_column(shown or (chosen[0] if chosen else None))

    def _refresh_overview(self) -> None:
        s = self.session
        if s.loaded is None:
            self.overview.setText("")
            self.next_button.setEnabled(False)
            return
        words = []
        for role, verb in (
            (Role.IDENTIFIER, "will be removed"),
            (Role.QUASI_IDENTIFIER, QI_VERBS.get(s.protection.method, "will be generalized")),
            (Role.SENSITIVE, "will be protected"),
            (Role.TARGET, "measures usefulness"),
            (Role.LEAVE_OUT, "will not be released"),
        ):
            cols = s.columns_with(role)
            if cols:
                words.append(f"<b>{', '.join(cols)}</b> {verb}")
        self.overview.setText("; ".join(words) + "." if words else "")
        qis = s.columns_with(Role.QUASI_IDENTIFIER)
        self.next_button.setEnabled(bool(qis))
        if not qis:
            self.banner.show_message(
                "warning",
                "No column is marked as a quasi-identifier.",
                "Mark the facts an outsider could know about a person (age, ZIP code, sex…) "
                "as quasi-identifiers; otherwise there is nothing to protect against.",
                closable=False,
            )
        elif self.banner.kind == "warning":
            self.banner.hide()

    def _refresh_uniqueness(self) -> None:
        """Measure, in a worker (big tables take seconds), what each kept column adds."""
        s = self.session
        self.uniqueness.setText("")
        if s.loaded is None:
            self.target_leak.hide()
            return
        frame, roles = s.frame, dict(s.roles)

        target = s.assessment_settings.target
        features = [c for c, r in roles.items() if r not in (Role.IDENTIFIER, Role.LEAVE_OUT)]

        def measure(monitor):
            from core.target_leak import target_leaks
            from core.uniqueness import contributions

            monitor.progress(0.0, "Measuring how unique the kept columns make records")
            found = contributions(frame, roles)
            monitor.progress(0.8, "Looking for columns that restate the target")
            return found, target_leaks(frame, target, features) if target else ()

        self.runner.start(measure)

    def _show_uniqueness(self, measured) -> None:
        """Fill the last column for kept columns and name the worst ones, with what helps;
        warn about columns that restate the target."""
        from core.roles import target_note
        from core.uniqueness import worst

        s = self.session
        if s.loaded is None:
            return
        found, leaks = measured
        self.target_leak.setText(
            "<b>The target leaks:</b> " + " ".join(leak.sentence() for leak in leaks)
        )
        self.target_leak.setVisible(bool(leaks))
        by_column = {c.column: c for c in found}
        for row in range(self.table.rowCount()):
            c = by_column.get(self.table.item(row, 0).text())
            text = f"+{c.added:.0%} (alone {c.alone:.0%})" if c else ""
            self._set(row, UNIQUE_COLUMN, text, right=True)
            if c:
                self.table.item(row, UNIQUE_COLUMN).setToolTip(c.sentence())
        lines = [f"<b>{c.column}</b>: {c.added:.0%} more records unique — {c.action}"
                 for c in worst(found)]  # fmt: skip
        note = target_note(list(s.suggestions.values()))
        parts = []
        if lines:
            parts.append("Kept as is but making records unique: " + "; ".join(lines) + ".")
        if note:
            parts.append(note)
        large = s.workflow.large
        if large is not None and len(s.frame) < large.rows:
            parts.append(
                f"These figures come from the first {len(s.frame):,} of {large.rows:,} rows; "
                "the check before export counts every record."
            )
        self.uniqueness.setText("<br>".join(parts))

    def blocked_reason(self):
        return NO_TABLE if self.session.loaded is None else None

    def status(self) -> StepStatus:
        s = self.session
        if s.loaded is None:
            return StepStatus("blocked", "Needs a loaded table")
        qis = len(s.columns_with(Role.QUASI_IDENTIFIER))
        if not qis:
            return StepStatus("ready", "Mark at least one quasi-identifier")
        ids = len(s.columns_with(Role.IDENTIFIER, Role.LEAVE_OUT))
        return StepStatus("done", f"{qis} quasi-identifier{'s' * (qis != 1)}, {ids} removed")
