"""The DP ranges: lowest and highest value of each number or date column, typed by the user.

A column left empty has its range read from the data, which the release then gives away;
its row says so in a marker that cannot be missed.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.errors import ValidationError
from ui import theme
from ui.dp_bounds import BoundColumn, parse_bound, shown_bound
from ui.glossary import TERMS
from ui.qt import QtWidgets, Signal
from ui.warning_text import RANGES_BOX
from ui.widgets import hint, info_button

LEAK_MARK = "⚠ Read from the data — leaks information"
NUMBER_CHOICES = (("as loaded", None), ("whole numbers", "integer"), ("decimals", "decimal"))


class BoundRow:
    """One column: its name, low and high fields, and a marker saying where the range is from."""

    def __init__(self, column: BoundColumn, grid: QtWidgets.QGridLayout, row: int) -> None:
        self.column = column
        self.name = QtWidgets.QLabel(column.name)
        self.low, self.high = QtWidgets.QLineEdit(), QtWidgets.QLineEdit()
        for field, end in ((self.low, "lowest"), (self.high, "highest")):
            field.setPlaceholderText("YYYY-MM-DD" if column.is_date else end)
            field.setAccessibleName(f"{end.capitalize()} value of {column.name}")
            field.setToolTip(TERMS["bounds"])
            field.setMaximumWidth(110)
        self.marker = QtWidgets.QLabel()
        self.marker.setWordWrap(True)
        self.name.setToolTip(TERMS["bounds"])
        self.number = QtWidgets.QComboBox()
        for label, kind in NUMBER_CHOICES:
            self.number.addItem(label, kind)
        self.number.setToolTip(
            "Whole numbers or decimals, as you know the column: left on “as loaded”, Veil "
            "goes by the table's type, which one record can change, and warns of a leak."
        )
        self.number.setAccessibleName(f"Whole numbers or decimals in {column.name}")
        self.number.setVisible(not column.is_date)
        grid.addWidget(self.name, 2 * row, 0)
        grid.addWidget(self.low, 2 * row, 1)
        grid.addWidget(QtWidgets.QLabel("to"), 2 * row, 2)
        grid.addWidget(self.high, 2 * row, 3)
        grid.addWidget(self.number, 2 * row, 4)
        grid.addWidget(self.marker, 2 * row + 1, 0, 1, 6)

    def show_number(self, kind: str | None) -> None:
        self.number.setCurrentIndex(max(self.number.findData(kind), 0))

    def stated_number(self) -> str | None:
        return None if self.column.is_date else self.number.currentData()

    def show(self, pair: tuple[float, float] | None) -> None:
        for field, value in zip((self.low, self.high), pair or (None, None), strict=True):
            field.setText("" if value is None else shown_bound(value, is_date=self.column.is_date))
        self.check()

    def read(self) -> tuple[float, float] | None:
        """The typed range; None when incomplete; ValidationError when a value is wrong."""
        texts = self.low.text().strip(), self.high.text().strip()
        if not all(texts):
            return None
        name, is_date = self.column.name, self.column.is_date
        low, high = (parse_bound(t, is_date=is_date, column=name) for t in texts)
        if not low < high:
            raise ValidationError("The lowest value must be below the highest.", column=name)
        return low, high

    def check(self) -> tuple[float, float] | None:
        """Read the range and say in the marker where it comes from (or what is wrong)."""
        try:
            pair = self.read()
        except ValidationError as exc:
            self._mark("error", f"✖ {exc.message} {exc.hint or ''}".strip())
            return None
        if pair is None and (self.low.text().strip() or self.high.text().strip()):
            self._mark("warning", "⚠ Give both ends; until then it is read from the data — "
                       "leaks information")  # fmt: skip
        elif pair is None:
            self._mark("warning", LEAK_MARK)
        elif pair == self.column.suggestion:
            self._mark("", "✓ From the hierarchy file you imported")
        else:
            self._mark("", "✓ Your range")
        return pair

    def _mark(self, kind: str, text: str) -> None:
        mark(self.marker, self.name, kind, text)


def mark(marker: QtWidgets.QLabel, name: QtWidgets.QLabel, kind: str, text: str) -> None:
    """Say in ``marker`` where a row's value comes from; colours come from the ``name`` label
    (the marker's palette carries its last style). ``kind``: "", "warning" or "error"."""
    marker.setText(text)
    marker.setProperty("kind", kind)
    if kind:
        bg, border, fg = theme.tone(kind, name)
        style = (f"background: {bg}; color: {fg}; border: 1px solid {border};"
                 " border-radius: 3px; padding: 1px 4px;")  # fmt: skip
    else:
        style = f"color: {theme.muted(name)}; padding: 1px 0px;"
    marker.setStyleSheet(style)


class BoundsEditor(QtWidgets.QGroupBox):
    """One row per number or date column; emits ``changed`` when a range is complete or cleared."""

    changed = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(RANGES_BOX, parent)
        self.setToolTip(TERMS["bounds"])
        top = QtWidgets.QHBoxLayout()
        top.addWidget(
            hint(
                "The tighter the range, the less noise. Type the lowest and highest value "
                "anyone could have (e.g. age 0 to 120) from what you know, not from the "
                "table; values outside are moved to the nearest end."
            ),
            1,
        )
        top.addWidget(info_button(TERMS["bounds"]))
        self._grid = QtWidgets.QGridLayout()
        self._grid.setColumnStretch(5, 1)
        self._grid.setVerticalSpacing(2)
        col = QtWidgets.QVBoxLayout(self)
        col.addLayout(top)
        col.addLayout(self._grid)
        self.rows: dict[str, BoundRow] = {}
        self._last: dict[str, tuple[float, float]] = {}

    def set_columns(self, columns: list[BoundColumn], bounds: Mapping) -> None:
        """Rebuild the rows for ``columns`` and show ``bounds`` (without emitting)."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows = {}
        for i, column in enumerate(columns):
            row = BoundRow(column, self._grid, i)
            for field in (row.low, row.high):
                field.textEdited.connect(lambda _t, r=row: r.check())
                field.editingFinished.connect(self.commit)
            row.number.currentIndexChanged.connect(lambda _i: self.commit())
            self.rows[column.name] = row
        self.set_bounds(bounds)

    def set_bounds(self, bounds: Mapping) -> None:
        """Show the stored ``bounds`` (e.g. from a project) without emitting."""
        for name, row in self.rows.items():
            row.show(bounds.get(name))
        self._last = self._state()

    def set_numbers(self, domain: Mapping) -> None:
        """Show each column's stated number kind (``ProtectionSettings.domain``), no emitting."""
        for name, row in self.rows.items():
            row.number.blockSignals(True)
            row.show_number((domain.get(name) or {}).get("number"))
            row.number.blockSignals(False)
        self._last = self._state()

    def numbers(self) -> dict[str, str]:
        """The number kinds stated on screen (columns left on "as loaded" are absent)."""
        return {n: kind for n, row in self.rows.items() if (kind := row.stated_number())}

    def _state(self) -> tuple:
        return self.bounds(), self.numbers()

    def bounds(self) -> dict[str, tuple[float, float]]:
        """The complete, valid ranges on screen."""
        return {n: pair for n, row in self.rows.items() if (pair := row.check()) is not None}

    def errors(self) -> list[str]:
        """Columns whose range shows an error (e.g. "abc", or 5 to 1)."""
        for row in self.rows.values():
            row.check()
        return [n for n, row in self.rows.items() if row.marker.property("kind") == "error"]

    def leaking(self) -> list[str]:
        """Columns whose range will be read from the data."""
        return [n for n, row in self.rows.items() if row.check() is None]

    def commit(self) -> None:
        """Emit ``changed`` when the valid ranges differ from the last ones emitted or shown."""
        current = self._state()
        if current != self._last:
            self._last = current
            self.changed.emit()

    def focus_first_leak(self) -> None:
        """The first empty range, else the first number kind left on "as loaded"."""
        leaking = self.leaking()
        if leaking:
            row = self.rows[leaking[0]]
            (row.high if row.low.text().strip() else row.low).setFocus()
            return
        loaded = [r for r in self.rows.values() if not r.column.is_date and not r.stated_number()]
        if loaded:
            loaded[0].number.setFocus()
