"""What every step panel shares: a heading, a banner, a body, and one obvious next action."""

from __future__ import annotations

from ui.banner import Banner
from ui.jobs import JobRunner
from ui.qt import QtWidgets, Signal
from ui.session import Session
from ui.stepper import StepStatus
from ui.widgets import JobProgress, heading, hint


class StepPanel(QtWidgets.QWidget):
    """Base of the five panels. Subclasses fill ``body`` and implement ``status()``."""

    key = ""
    title = ""
    intro = ""
    next_label = ""
    next_requested = Signal()
    back_requested = Signal()

    def __init__(self, session: Session, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = JobRunner(self.key, self)
        self.banner = Banner()
        self.progress = JobProgress(self.runner)
        self.body = QtWidgets.QVBoxLayout()
        self.back_button = QtWidgets.QPushButton("← Back")
        self.back_button.setToolTip("Go to the previous step (Alt+Left).")
        self.back_button.clicked.connect(self.back_requested)
        self.next_button = QtWidgets.QPushButton(f"{self.next_label} →")
        self.next_button.setDefault(True)
        self.next_button.setObjectName("primary")
        self.next_button.clicked.connect(self.next_requested)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 12)
        outer.addWidget(heading(self.title))
        outer.addWidget(hint(self.intro))
        outer.addWidget(self.banner)
        outer.addLayout(self.body, 1)
        outer.addWidget(self.progress)
        footer = QtWidgets.QHBoxLayout()
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        self.footer = footer
        footer.addWidget(self.next_button)
        outer.addLayout(footer)
        self.back_button.setVisible(self.key != "load")
        self.next_button.setVisible(bool(self.next_label))
        self.runner.failed.connect(self.show_failure)
        session.changed.connect(self.on_session_changed)

    def status(self) -> StepStatus:
        raise NotImplementedError

    def on_session_changed(self, what: str) -> None:
        """Refresh after a change anywhere; subclasses react to what concerns them."""

    def show_failure(self, exc: object) -> None:
        from ui.errors import report

        report(exc, self.banner, self)  # type: ignore[arg-type]

    def shutdown(self) -> None:
        """Cancel this panel's job (the window is closing)."""
        self.runner.cancel()
