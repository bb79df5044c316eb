"""The GUI's view of the workflow (core.workflow): a thin Qt adapter forwarding its changes.

The state, the steps and the rules for what goes stale live in ``core.workflow.Workflow``;
this object only turns its change names into a Qt signal and keeps the input's columns cached
for table views.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.schema import Role
from core.workflow import Workflow
from core.workflow.workflow import fit_assessment
from ui.qt import QObject, Signal

if TYPE_CHECKING:
    from core.settings import AssessmentSettings, ProtectionSettings
    from core.workflow import Outcome
    from ui.table_columns import TableColumns

STEPS = ("load", "columns", "protect", "assess", "report")


def _state(name: str, doc: str = "") -> property:
    """A Session attribute that is the workflow's ``name``."""
    return property(
        lambda self: getattr(self.workflow, name),
        lambda self, value: setattr(self.workflow, name, value),
        doc=doc or f"The workflow's {name}.",
    )


class Session(QObject):
    """Forwards ``Workflow`` changes as ``changed(str)``; panels read the state through it."""

    changed = Signal(str)  # "table", "roles", "hierarchies", "protection", "assessment_settings",
    #                        "protection_result", "assessment", "report", "project"
    dirty_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, workflow: Workflow | None = None) -> None:
        super().__init__(parent)
        self.workflow = workflow or Workflow()
        self.workflow.listeners.append(self._forward)
        self.columns: TableColumns | None = None  # the input, cached for table views
        from ui.undo import UndoHistory

        self.history = UndoHistory(self.workflow, self)  # roles, hierarchies, protection

    def _forward(self, what: str) -> None:
        if what == "table":
            self.history.clear()  # a new file or project: earlier steps no longer apply
        if what == "dirty":
            self.dirty_changed.emit(self.workflow.dirty)
        else:
            self.changed.emit(what)

    loaded = _state("loaded")
    is_demo = _state("is_demo")
    suggestions = _state("suggestions")
    roles = _state("roles")
    hierarchies = _state("hierarchies")
    protection = _state("protection")
    assessment_settings = _state("assessment_settings")
    seed = _state("seed")
    key = _state("key", "The pseudonymization key, kept with the project.")
    project_path = _state("project_path")
    exported = _state("exported")
    dirty = _state("dirty")
    protection_result = _state("release", "The release: the whole table protected.")
    assessment = _state("rehearsal", "The rehearsal (core.assess.Assessment).")
    assessment_data = _state("document", "The assessment.json document.")
    report = _state("report", "The report built from the document.")

    # ---- what the panels change: forwarded to the workflow ---------------------------
    def adopt_table(self, table: Any, columns: TableColumns | None = None) -> None:
        """A loaded table (``core.workflow.steps.TableOutcome``); resets everything later."""
        self.columns = columns
        self.workflow.adopt_table(table)

    def accept(self, outcome: Outcome) -> bool:
        """Keep a step's result from a worker unless the choices changed meanwhile."""
        return self.workflow.accept(outcome)

    def set_role(self, column: str, role: Role) -> None:
        self.set_roles({column: role})

    def set_roles(self, roles: dict[str, Role]) -> None:
        """Several columns' roles in one undoable step."""
        self.history.roles({c: Role(r) for c, r in roles.items()})

    def set_hierarchy(self, column: str, hierarchy: Any) -> None:
        self.history.hierarchy(column, hierarchy)

    def set_protection(self, settings: ProtectionSettings) -> None:
        self.history.protection(settings)

    def set_assessment_settings(self, settings: AssessmentSettings) -> None:
        self.workflow.set_assessment_settings(settings)

    def mark_dirty(self, dirty: bool = True) -> None:
        self.workflow.mark_dirty(dirty)

    def pseudonym_key(self) -> bytes:
        return self.workflow.pseudonym_key()

    # ---- what the panels read ---------------------------------------------------------
    @property
    def frame(self):
        return None if self.workflow.loaded is None else self.workflow.loaded.frame

    def columns_with(self, *roles: Role) -> list[str]:
        return [c for c, r in self.workflow.roles.items() if r in roles]


def default_assessment(roles: dict[str, Role]) -> AssessmentSettings:
    """Target and sensitive column taken from the roles (the first of each)."""
    from core.settings import AssessmentSettings

    return fit_assessment(AssessmentSettings(), roles)


__all__ = ["STEPS", "Session", "default_assessment", "fit_assessment"]
