"""The DP categories: every value a text column can hold, typed or pasted by the user.

A column left empty has its categories read from the data, which the release then gives away
(a rare diagnosis); "Start from the data" fills the list from the table under the same
warning, until the user changes it. "May be missing" lets blanks through the release.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from core.errors import ConfigError
from core.settings import category_list
from ui.panels.bounds_editor import LEAK_MARK, mark
from ui.qt import QtWidgets, Signal
from ui.widgets import hint

FROM_DATA_MARK = "⚠ Taken from the data — leaks information until you check it yourself"


def split_categories(text: str) -> list[str]:
    """'a, b | c' or one value per line → ['a', 'b', 'c'] (blank entries dropped)."""
    parts = re.split(r"[\n\r;|,]", text)
    return [p.strip() for p in parts if p.strip()]


class CategoryRow:
    """One text column: its name, the list of values, 'may be missing' and a marker."""

    def __init__(self, name: str, grid: QtWidgets.QGridLayout, row: int) -> None:
        self.column = name
        self.name = QtWidgets.QLabel(name)
        self.values = QtWidgets.QLineEdit()
        self.values.setPlaceholderText("every possible value, separated by commas")
        self.values.setAccessibleName(f"Possible values of {name}")
        self.from_data = QtWidgets.QPushButton("Start from the data")
        self.from_data.setToolTip(
            "Fill the list with the values in the table. This leaks them (a rare value names "
            "its person): keep only values anyone could have, and add the missing ones."
        )
        self.missing = QtWidgets.QCheckBox("May be missing")
        self.missing.setToolTip("Tick if a blank is a possible value: the release may hold blanks.")
        self.marker = QtWidgets.QLabel()
        self.marker.setWordWrap(True)
        self.filled_from_data = False
        grid.addWidget(self.name, 2 * row, 0)
        grid.addWidget(self.values, 2 * row, 1)
        grid.addWidget(self.from_data, 2 * row, 2)
        grid.addWidget(self.missing, 2 * row, 3)
        grid.addWidget(self.marker, 2 * row + 1, 0, 1, 5)

    def show(self, facts: Mapping[str, Any] | None) -> None:
        facts = facts or {}
        self.values.setText(", ".join(facts.get("categories") or ()))
        self.missing.setChecked(bool(facts.get("may_be_missing")))
        self.filled_from_data = False
        self.check()

    def read(self) -> tuple[str, ...] | None:
        """The typed categories; None when empty; ConfigError when a value is repeated."""
        values = split_categories(self.values.text())
        return category_list(values, self.column) if values else None

    def check(self) -> tuple[str, ...] | None:
        """Read the list and say in the marker where it comes from (or what is wrong)."""
        try:
            values = self.read()
        except ConfigError as exc:
            mark(self.marker, self.name, "error", f"✖ {exc.message} {exc.hint or ''}".strip())
            return None
        if values is None:
            mark(self.marker, self.name, "warning", LEAK_MARK)
        elif self.filled_from_data:
            mark(self.marker, self.name, "warning", FROM_DATA_MARK)
        else:
            mark(self.marker, self.name, "", f"✓ Your {len(values)} categories")
        return values

    @property
    def has_error(self) -> bool:
        self.check()
        return self.marker.property("kind") == "error"


class CategoriesEditor(QtWidgets.QGroupBox):
    """One row per text column a DP release keeps; emits ``changed`` on a complete edit."""

    changed = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Possible values of text columns", parent)
        top = hint(
            "List every value a column could hold (e.g. Female, Male), from what you know, "
            "not from the table. Values in the table that are not listed stop the release."
        )
        self._grid = QtWidgets.QGridLayout()
        self._grid.setColumnStretch(1, 1)
        self._grid.setVerticalSpacing(2)
        col = QtWidgets.QVBoxLayout(self)
        col.addWidget(top)
        col.addLayout(self._grid)
        self.rows: dict[str, CategoryRow] = {}
        self._observed: Callable[[str], list[str]] = lambda _name: []
        self._last: dict[str, dict[str, Any]] = {}

    def set_columns(
        self,
        columns: list[str],
        domain: Mapping[str, Mapping[str, Any]],
        observed: Callable[[str], list[str]],
    ) -> None:
        """Rebuild the rows for ``columns``, show ``domain``; ``observed`` gives a column's
        values in the data (for "Start from the data")."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows, self._observed = {}, observed
        for i, name in enumerate(columns):
            row = CategoryRow(name, self._grid, i)
            row.values.textEdited.connect(lambda _t, r=row: self._edited(r))
            row.values.editingFinished.connect(self.commit)
            row.missing.toggled.connect(self.commit)
            row.from_data.clicked.connect(lambda _c=False, r=row: self.fill_from_data(r.column))
            self.rows[name] = row
        self.set_domain(domain)

    def set_domain(self, domain: Mapping[str, Mapping[str, Any]]) -> None:
        """Show the stored facts (e.g. from a project) without emitting."""
        for name, row in self.rows.items():
            row.show(domain.get(name))
        self._last = self.domain()

    def fill_from_data(self, name: str) -> None:
        row = self.rows[name]
        row.values.setText(", ".join(self._observed(name)))
        row.filled_from_data = True
        row.check()
        self.commit()

    def domain(self) -> dict[str, dict[str, Any]]:
        """The valid facts on screen: categories (when given), may_be_missing (when ticked)."""
        out: dict[str, dict[str, Any]] = {}
        for name, row in self.rows.items():
            facts: dict[str, Any] = {"may_be_missing": True} if row.missing.isChecked() else {}
            values = row.check()
            if values is not None:
                facts["categories"] = list(values)
            if facts:
                out[name] = facts
        return out

    def errors(self) -> list[str]:
        return [name for name, row in self.rows.items() if row.has_error]

    def leaking(self) -> list[str]:
        """Columns whose categories will be read from the data (or were filled from it)."""
        return [n for n, row in self.rows.items() if row.check() is None or row.filled_from_data]

    def commit(self) -> None:
        current = self.domain()
        if current != self._last:
            self._last = current
            self.changed.emit()

    def _edited(self, row: CategoryRow) -> None:
        row.filled_from_data = False  # the user is checking the list
        row.check()
