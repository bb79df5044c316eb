"""What every step panel shares: a heading, a banner, a body, and one obvious next action."""

from __future__ import annotations

from core.schema import Role
from ui.banner import Banner
from ui.jobs import JobRunner
from ui.qt import Qt, QtWidgets, Signal
from ui.session import Session
from ui.stepper import StepStatus
from ui.widgets import JobProgress, heading, hint

# blocked_reason() answers: (explanation, button text, step to go to)
NO_TABLE = ("There is no table yet. Start by loading your data or the demo data.",
            "Go to step 1: Load data", "load")  # fmt: skip
NO_QUASI_IDENTIFIERS = ("Veil needs to know which columns could identify someone (the "
                        "quasi-identifiers) before it can protect or attack the table.",
                        "Go to step 2: Columns", "columns")  # fmt: skip
NEEDS_COLUMNS = StepStatus("blocked", "Needs a table and its columns")


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

    def action_button(self, text: str, tip: str, slot) -> QtWidgets.QPushButton:
        """The step's one action: a primary button that runs ``slot``, also on Ctrl+Enter."""
        button = QtWidgets.QPushButton(text)
        button.setObjectName("primary")
        button.setShortcut("Ctrl+Return")
        button.setToolTip(f"{tip} (Ctrl+Enter).")
        button.clicked.connect(slot)
        return button

    def needs_table_and_quasi_identifiers(self) -> tuple[str, str, str] | None:
        """The blocked reason of the steps that protect or attack the table."""
        if self.session.loaded is None:
            return NO_TABLE
        if not self.session.columns_with(Role.QUASI_IDENTIFIER):
            return NO_QUASI_IDENTIFIERS
        return None

    def no_table_yet(self) -> bool:
        """True, said in the banner, when there is no table to work on."""
        if self.session.loaded is None:
            self.banner.show_message("info", "Load a table first (step 1).")
            return True
        return False

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
        if what == "table":  # a new file: nothing said or running about the previous one
            self.banner.hide()
            if self.key != "load":
                self.runner.cancel()
        self.on_session_changed(what)
        self.refresh_blocked()

    def status(self) -> StepStatus:
        raise NotImplementedError

    def on_session_changed(self, what: str) -> None:
        """Refresh after a change anywhere; subclasses react to what concerns them."""

    def show_failure(self, exc: BaseException) -> None:
        from ui.errors import report

        report(exc, self.banner, self)

    def shutdown(self) -> None:
        """Cancel this panel's job (the window is closing)."""
        self.runner.cancel()
