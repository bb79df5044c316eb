"""The state of one piece of work, shared by every panel; changing a step invalidates later ones."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.schema import Role
from core.settings import AssessmentSettings, ProtectionSettings
from ui.qt import QObject, Signal

if TYPE_CHECKING:
    from core.hierarchy import Hierarchy
    from core.io import LoadedTable
    from core.roles import RoleSuggestion
    from ui.table_columns import TableColumns

STEPS = ("load", "columns", "protect", "assess", "report")
# what each kind of change makes out of date
_DOWNSTREAM = {
    "table": ("protection_result", "assessment"),
    "roles": ("protection_result", "assessment"),
    "hierarchies": ("protection_result", "assessment"),
    "protection": ("protection_result", "assessment"),
    "assessment_settings": ("assessment",),
}


class Session(QObject):
    """Holds the loaded table, roles, hierarchies, settings and results; emits what changed."""

    changed = Signal(str)  # "table", "roles", "hierarchies", "protection", "assessment_settings",
    #                        "protection_result", "assessment", "report", "project"
    dirty_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.loaded: LoadedTable | None = None
        self.columns: TableColumns | None = None  # the input, cached for table views
        self.key: bytes | None = None  # pseudonymization key, kept with the project
        self.is_demo = False
        self.suggestions: dict[str, RoleSuggestion] = {}
        self.roles: dict[str, Role] = {}
        self.hierarchies: dict[str, Hierarchy] = {}
        self.protection = ProtectionSettings()
        self.assessment_settings = AssessmentSettings()
        self.seed = 0
        self.protection_result: Any = None
        self.assessment: Any = None
        self.assessment_data: dict | None = None  # assessment.to_dict()
        self.report: Any = None  # core.report ReportDocument built from it
        self.exported: list[Path] = []
        self.project_path: Path | None = None
        self.dirty = False

    # ---- what the panels change -------------------------------------------------------
    def set_table(
        self,
        loaded: LoadedTable,
        suggestions: list[RoleSuggestion],
        columns: TableColumns | None = None,
        *,
        is_demo: bool = False,
    ) -> None:
        """A new table: roles start from the suggestions; everything later is reset."""
        self.loaded, self.columns, self.is_demo = loaded, columns, is_demo
        self.suggestions = {s.column: s for s in suggestions}
        self.roles = {s.column: Role(s.role) for s in suggestions}
        self.hierarchies = {}
        self.protection = ProtectionSettings()
        self.seed, self.key = 0, None
        self.assessment_settings = default_assessment(self.roles)
        self.exported = []
        self._invalidate("table")
        for what in ("table", "roles", "hierarchies", "protection", "assessment_settings"):
            self.changed.emit(what)
        self.project_path = None
        self.mark_dirty(False)  # nothing chosen yet; roles are only suggestions

    def set_role(self, column: str, role: Role) -> None:
        if self.roles.get(column) == role:
            return
        self.roles[column] = role
        self.assessment_settings = fit_assessment(self.assessment_settings, self.roles)
        self._invalidate("roles")
        self.changed.emit("roles")
        self.changed.emit("assessment_settings")
        self.mark_dirty()

    def set_hierarchy(self, column: str, hierarchy: Hierarchy | None) -> None:
        if hierarchy is None:
            self.hierarchies.pop(column, None)
        else:
            self.hierarchies[column] = hierarchy
        self._invalidate("hierarchies")
        self.changed.emit("hierarchies")
        self.mark_dirty()

    def set_protection(self, settings: ProtectionSettings) -> None:
        if settings == self.protection:
            return
        self.protection = settings
        self._invalidate("protection")
        self.changed.emit("protection")
        self.mark_dirty()

    def set_assessment_settings(self, settings: AssessmentSettings) -> None:
        if settings == self.assessment_settings:
            return
        self.assessment_settings = settings
        self._invalidate("assessment_settings")
        self.changed.emit("assessment_settings")
        self.mark_dirty()

    def set_protection_result(self, result: Any) -> None:
        """A new release (the whole table protected): an assessment of another one is stale."""
        self.protection_result = result
        self.changed.emit("protection_result")
        if self.assessment is not None:
            self.assessment = self.assessment_data = self.report = None
            self.exported = []
            self.changed.emit("assessment")

    def set_assessment(self, assessment: Any, data: dict | None = None, report: Any = None) -> None:
        self.assessment, self.assessment_data, self.report = assessment, data, report
        self.changed.emit("assessment")

    def add_export(self, path: Path) -> None:
        self.exported.append(Path(path))
        self.changed.emit("report")

    def mark_dirty(self, dirty: bool = True) -> None:
        if dirty != self.dirty:
            self.dirty = dirty
            self.dirty_changed.emit(dirty)

    # ---- what the panels read ---------------------------------------------------------
    def pseudonym_key(self) -> bytes:
        """The key pseudonyms are made with; created on first use, saved with the project."""
        if self.key is None:
            from core.identifiers import new_key

            self.key = new_key()
            self.mark_dirty()
        return self.key

    @property
    def frame(self):
        return None if self.loaded is None else self.loaded.frame

    def columns_with(self, *roles: Role) -> list[str]:
        return [c for c, r in self.roles.items() if r in roles]

    def _invalidate(self, change: str) -> None:
        for attr in _DOWNSTREAM.get(change, ()):
            if getattr(self, attr) is not None:
                setattr(self, attr, None)
                if attr == "assessment":
                    self.assessment_data = self.report = None
                self.changed.emit(attr)
        if change != "assessment_settings":
            self.exported = []


def default_assessment(roles: dict[str, Role]) -> AssessmentSettings:
    """Target and sensitive column taken from the roles (the first of each)."""
    return fit_assessment(AssessmentSettings(), roles)


def fit_assessment(settings: AssessmentSettings, roles: dict[str, Role]) -> AssessmentSettings:
    """Keep the chosen target/sensitive if their roles allow it, else pick the first fitting."""
    targets = [c for c, r in roles.items() if r == Role.TARGET]
    sensitive = [c for c, r in roles.items() if r == Role.SENSITIVE]
    target = settings.target if settings.target in targets else (targets or [None])[0]
    sens = settings.sensitive if settings.sensitive in sensitive else (sensitive or [None])[0]
    return replace(settings, target=target, sensitive=sens)
