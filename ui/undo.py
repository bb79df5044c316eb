"""Undo and redo of the user's choices: roles, hierarchies and protection settings.

Each command holds the value before and after and calls the workflow's setter; the panels
hear the change as usual ("roles", "hierarchies", "protection") and show it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from ui.qt import QtGui

if TYPE_CHECKING:
    from core.schema import Role
    from core.settings import ProtectionSettings
    from core.workflow import Workflow

PROTECTION_ID = 1  # consecutive edits of the same protection setting merge into one step

SETTING_WORDS = {
    "method": "protection method",
    "k": "k",
    "l": "l-diversity",
    "t": "t-closeness",
    "suppression": "suppression",
    "epsilon": "privacy budget ε",
    "identifiers": "identifier handling",
    "bounds": "ranges",
    "domain": "categories",
}


class ChangeCommand(QtGui.QUndoCommand):
    """Set a value with ``apply(after)``; undo sets ``before`` back."""

    def __init__(self, text: str, apply: Callable[[Any], None], before: Any, after: Any) -> None:
        super().__init__(text)
        self._apply, self.before, self.after = apply, before, after

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)


class ProtectionCommand(ChangeCommand):
    """A protection settings change; repeated edits of one setting (a spin box) merge."""

    def __init__(
        self, workflow: Workflow, before: ProtectionSettings, after: ProtectionSettings
    ) -> None:
        self.changed = changed_settings(before, after)
        words = ", ".join(SETTING_WORDS.get(f, f) for f in self.changed) or "protection"
        super().__init__(f"{words} (protection)", workflow.set_protection, before, after)

    def id(self) -> int:
        return PROTECTION_ID

    def mergeWith(self, other: QtGui.QUndoCommand) -> bool:
        if not isinstance(other, ProtectionCommand) or other.changed != self.changed:
            return False
        self.after = other.after
        return True


class UndoHistory(QtGui.QUndoStack):
    """The window's undo stack: push a change through ``roles``, ``hierarchy`` or ``protection``."""

    def __init__(self, workflow: Workflow, parent=None) -> None:
        super().__init__(parent)
        self.workflow = workflow
        self._applying = False

    def roles(self, new: Mapping[str, Role]) -> None:
        """One step for every column in ``new`` whose role changes."""
        old = self.workflow.roles
        changed = {c: r for c, r in new.items() if old.get(c) != r}
        if not changed:
            return
        before = {c: old[c] for c in changed}
        text = (
            f"role of '{next(iter(changed))}'"
            if len(changed) == 1
            else f"roles of {len(changed)} columns"
        )
        self._push(ChangeCommand(text, self.workflow.set_roles, before, changed))

    def hierarchy(self, column: str, hierarchy: Any) -> None:
        before = self.workflow.hierarchies.get(column)
        if before is hierarchy:
            return
        apply = lambda h: self.workflow.set_hierarchy(column, h)  # noqa: E731
        self._push(ChangeCommand(f"hierarchy of '{column}'", apply, before, hierarchy))

    def protection(self, settings: ProtectionSettings) -> None:
        before = self.workflow.protection
        if settings == before:
            return
        self._push(ProtectionCommand(self.workflow, before, settings))

    @property
    def applying(self) -> bool:
        """True while a command sets values (a panel echoing them must not push again)."""
        return self._applying

    def _push(self, command: ChangeCommand) -> None:
        apply = command._apply
        command._apply = lambda value: self._guarded(apply, value)
        if self._applying:  # a panel reacting to an undo: apply, but no step of its own
            apply(command.after)
            return
        self.push(command)

    def _guarded(self, apply: Callable[[Any], None], value: Any) -> None:
        self._applying = True
        try:
            apply(value)
        finally:
            self._applying = False


def changed_settings(before: Any, after: Any) -> tuple[str, ...]:
    """The names of the dataclass fields that differ."""
    names = [f.name for f in fields(before)]
    return tuple(n for n in names if getattr(before, n) != getattr(after, n))
