"""A read-only table model for big tables: numpy columns, cells formatted on demand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.qt import Qt, QtCore, QtWidgets

if TYPE_CHECKING:
    import numpy as np

    from ui.table_columns import TableColumns

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class ColumnarTableModel(QtCore.QAbstractTableModel):
    """Shows a ``TableColumns``; sorting permutes an index array, the data never move."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._table: TableColumns | None = None
        self._order: np.ndarray | None = None
        self._notes: dict[str, str] = {}

    def set_table(self, table: TableColumns | None) -> None:
        self.beginResetModel()
        self._table, self._order = table, None
        self.endResetModel()

    @property
    def table(self) -> TableColumns | None:
        return self._table

    def set_header_notes(self, notes: dict[str, str]) -> None:
        """Extra words shown under a column name (e.g. its role)."""
        self._notes = dict(notes)
        if self._table is not None:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def rowCount(self, parent: QtCore.QModelIndex | None = None) -> int:
        if self._table is None or (parent is not None and parent.isValid()):
            return 0
        return self._table.rows

    def columnCount(self, parent: QtCore.QModelIndex | None = None) -> int:
        if self._table is None or (parent is not None and parent.isValid()):
            return 0
        return len(self._table.columns)

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if self._table is None or not index.isValid():
            return None
        column = self._table.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            row = index.row() if self._order is None else int(self._order[index.row()])
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if self._table is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                row = section if self._order is None else int(self._order[section])
                return str(row + 1)
            return None
        name = self._table.columns[section].name
        if role == Qt.ItemDataRole.DisplayRole:
            note = self._notes.get(name)
            return f"{name}\n{note}" if note else name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{name}: click to sort by this column."
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._table is None or not 0 <= column < len(self._table.columns):
            return
        self.layoutAboutToBeChanged.emit()
        descending = order == Qt.SortOrder.DescendingOrder
        self._order = self._table.sort_order(column, descending)
        self.layoutChanged.emit()

    def source_row(self, row: int) -> int:
        """The row of the underlying table shown at view row ``row``."""
        return row if self._order is None else int(self._order[row])


def make_table_view(model: QtCore.QAbstractItemModel, parent=None) -> QtWidgets.QTableView:
    """A table view tuned for millions of rows: fixed row heights, no content-sized columns."""
    view = QtWidgets.QTableView(parent)
    view.setModel(model)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)  # a click on a header sorts; nothing is sorted at first
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    vh = view.verticalHeader()
    vh.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 8)
    hh = view.horizontalHeader()
    hh.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
    hh.setDefaultSectionSize(130)
    hh.setStretchLastSection(True)
    return view
