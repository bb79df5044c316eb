"""The Load step's line saying which engine will process the file, with a choice of engine."""

from __future__ import annotations

from ui.qt import Qt, QtWidgets

CHOICES = (
    ("auto", "Automatic"),
    ("pandas", "In memory"),
    ("duckdb", "Out of memory (DuckDB)"),
    ("spark", "Spark cluster"),
)
ENGINE_TIP = (
    "Automatic keeps the table in memory while it fits and processes larger files out of "
    "memory with DuckDB. The choice is saved with the project."
)


class EngineRow(QtWidgets.QWidget):
    """ "Processed in memory (pandas)." and a box to choose the engine; saved in the project."""

    def __init__(self, session, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.note = QtWidgets.QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.box = QtWidgets.QComboBox()
        for name, label in CHOICES:
            self.box.addItem(label, name)
        self.box.setToolTip(ENGINE_TIP)
        self.box.currentIndexChanged.connect(self._chosen)
        label = QtWidgets.QLabel("&Engine:")
        label.setBuddy(self.box)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.note, 1)
        row.addWidget(label)
        row.addWidget(self.box)

    def refresh(self) -> None:
        """Show the workflow's engine and what it will do with the loaded file."""
        from core.project_engine import engine_label

        workflow = self.session.workflow
        index = max(self.box.findData(workflow.engine.name), 0)
        if index != self.box.currentIndex():
            self.box.blockSignals(True)
            self.box.setCurrentIndex(index)
            self.box.blockSignals(False)
        name, reason = workflow.engine_choice()
        self.note.setText(reason or f"Processed {engine_label(name)}.")

    def _chosen(self, index: int) -> None:
        from dataclasses import replace

        workflow = self.session.workflow
        workflow.set_engine(replace(workflow.engine, name=self.box.itemData(index)))
        self.refresh()
