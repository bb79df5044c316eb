"""What every step panel shares: a heading, a banner, a body, and one obvious next action."""

from __future__ import annotations

from ui.banner import Banner
from ui.jobs import JobRunner
from ui.qt import Qt, QtWidgets, Signal
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
    go_to_requested = Signal(str)

    def __init__(self, session: Session, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = JobRunner(self.key, self)
        self.banner = Banner()
        self.progress = JobProgress(self.runner)
        content = QtWidgets.QWidget()
        self.body = QtWidgets.QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(self._blocked_page())
        self.pages.addWidget(content)
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
        outer.addWidget(self.pages, 1)
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
        session.changed.connect(self._session_changed)

    def _blocked_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.blocked_label = QtWidgets.QLabel()
        self.blocked_label.setWordWrap(True)
        self.blocked_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.blocked_button = QtWidgets.QPushButton()
        self.blocked_button.setObjectName("primary")
        self.blocked_button.clicked.connect(lambda: self.go_to_requested.emit(self._blocked_step))
        col = QtWidgets.QVBoxLayout(page)
        col.addStretch(1)
        col.addWidget(self.blocked_label)
        col.addWidget(self.blocked_button, 0, Qt.AlignmentFlag.AlignHCenter)
        col.addStretch(2)
        self._blocked_step = "load"
        return page

    def blocked_reason(self) -> tuple[str, str, str] | None:
        """Why this step cannot be used yet: (explanation, button text, step to go to)."""
        return None

    def refresh_blocked(self) -> None:
        reason = self.blocked_reason()
        if reason is None:
            self.pages.setCurrentIndex(1)
            return
        text, button, step = reason
        self.blocked_label.setText(text)
        self.blocked_button.setText(button)
        self._blocked_step = step
        self.pages.setCurrentIndex(0)

    def _session_changed(self, what: str) -> None:
        self.on_session_changed(what)
        self.refresh_blocked()

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
