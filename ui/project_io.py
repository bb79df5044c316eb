"""Between the GUI session and the project file: the workflow (core.workflow) does the work."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.project import Project
    from ui.session import Session


def session_to_project(session: Session) -> Project:
    """Everything needed to repeat the work: input file, roles, hierarchies, settings, seed."""
    return session.workflow.to_project()


def save_session(session: Session, path: Path) -> Path:
    """Write the project atomically and remember it as the session's file."""
    return session.workflow.save_project(path)
