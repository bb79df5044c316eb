"""A row for numeric quasi-identifiers: choose the interval widths (and top/bottom coding)."""

from __future__ import annotations

from core.errors import ValidationError
from ui.qt import QtWidgets, Signal


class IntervalBuilder(QtWidgets.QWidget):
    """Emits ``build_requested(widths, bottom, top)`` with the numbers the user typed."""

    build_requested = Signal(object, object, object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.widths = QtWidgets.QLineEdit("5, 10, 20")
        self.widths.setToolTip(
            "Each level groups numbers into intervals of this width; each width must divide "
            "the next, e.g. 5, 10, 20 makes 20-24 → 20-29 → 20-39 → *."
        )
        self.bottom = QtWidgets.QLineEdit()
        self.bottom.setPlaceholderText("none")
        self.bottom.setToolTip("Values below this number share one group ('<18'), at every level.")
        self.top = QtWidgets.QLineEdit()
        self.top.setPlaceholderText("none")
        self.top.setToolTip("Values from this number up share one group ('>=90'), at every level.")
        self.button = QtWidgets.QPushButton("Build intervals")
        self.button.clicked.connect(self._emit)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for label, field in (("Interval widths", self.widths), ("Group all below", self.bottom),
                             ("Group all from", self.top)):  # fmt: skip
            row.addWidget(QtWidgets.QLabel(label))
            row.addWidget(field)
        row.addWidget(self.button)
        row.addStretch(1)

    def values(self) -> tuple[list[float], float | None, float | None]:
        """The typed numbers; a ValidationError says which box is wrong."""
        widths = [_number(p, "Interval widths") for p in self.widths.text().split(",") if p.strip()]
        if not widths:
            raise ValidationError("Type at least one interval width.", hint="For example: 5, 10")
        bottom = _number(self.bottom.text(), "Group all below") if self.bottom.text() else None
        top = _number(self.top.text(), "Group all from") if self.top.text() else None
        return widths, bottom, top

    def _emit(self) -> None:
        try:
            widths, bottom, top = self.values()
        except ValidationError as exc:
            self.build_requested.emit(exc, None, None)
            return
        self.build_requested.emit(widths, bottom, top)


def _number(text: str, box: str) -> float:
    try:
        return float(text.strip().replace(" ", ""))
    except ValueError:
        raise ValidationError(
            f"'{text.strip()}' in “{box}” is not a number.", hint="Type digits, e.g. 10 or 2.5."
        ) from None
