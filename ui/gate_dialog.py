"""The release gate in the window: a confirmation naming every concern before a release is
written (``core.release_gate``). Cancelling writes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ui.qt import Qt, QtWidgets
from ui.widgets import hint

TITLE = "Release with these risks?"
INTRO = (
    "Veil found {n} problem{s} with the table you are about to release. Read each one: "
    "you can go back and change the roles or the protection, or release it anyway. If you "
    "release it, the report records that you confirmed these points."
)


class GateDialog(QtWidgets.QDialog):
    """Lists the concerns; 'Release anyway' works only once the box is ticked."""

    def __init__(self, lines: Sequence[str], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(560)
        self.lines = list(lines)
        layout = QtWidgets.QVBoxLayout(self)
        heading = QtWidgets.QLabel(f"<b>{TITLE}</b>")
        layout.addWidget(heading)
        layout.addWidget(hint(INTRO.format(n=len(lines), s="s" * (len(lines) != 1))))
        self.concerns = QtWidgets.QListWidget()
        self.concerns.setWordWrap(True)
        self.concerns.setAccessibleName("Problems found")
        for line in self.lines:
            item = QtWidgets.QListWidgetItem(f"• {line}")
            item.setToolTip(line)
            self.concerns.addItem(item)
        layout.addWidget(self.concerns, 1)
        self.confirm_check = QtWidgets.QCheckBox("I have read these and want to release it anyway")
        layout.addWidget(self.confirm_check)
        buttons = QtWidgets.QDialogButtonBox()
        self.cancel_button = buttons.addButton(
            "Go back", QtWidgets.QDialogButtonBox.ButtonRole.RejectRole
        )
        self.release_button = buttons.addButton(
            "Release anyway", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.release_button.setEnabled(False)
        self.cancel_button.setDefault(True)
        self.confirm_check.toggled.connect(self.release_button.setEnabled)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        """Everything the dialog says (for tests and screen readers)."""
        return "\n".join([TITLE, *self.lines])


def confirm_release(parent: QtWidgets.QWidget | None, gate: Any) -> list[str] | None:
    """The concerns the user confirmed ([] when there were none), or None when cancelled."""
    if gate.clear:
        return []
    dialog = GateDialog(gate.lines, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    accepted = dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
    return gate.lines if accepted else None


def session_gate(session: Any, *, lights: bool = True) -> Any:
    """The gate for the session's protected table (and its verdicts, when assessed)."""
    return session.workflow.release_gate(lights=lights)
