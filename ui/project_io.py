"""Between the GUI session and the project file (core.project): save, and apply on open."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import ConfigError
from core.schema import Role

if TYPE_CHECKING:
    from core.project import Project
    from ui.session import Session


def session_to_project(session: Session) -> Project:
    """Everything needed to repeat the work: input file, roles, hierarchies, settings, seed."""
    from core.project import Project

    loaded = session.loaded
    return Project(
        input_path=Path(loaded.path).resolve() if loaded is not None else None,
        input_sha256=loaded.sha256 if loaded is not None else None,
        roles=dict(session.roles),
        hierarchies={c: h.to_spec() for c, h in session.hierarchies.items()},
        protection=session.protection,
        assessment=session.assessment_settings,
        seed=session.seed,
        pseudonymization_key=session.key.hex() if session.key else None,
        rename_duplicates=bool(getattr(loaded, "rename_duplicates", False)),
    )


def save_session(session: Session, path: Path) -> Path:
    """Write the project atomically and remember it as the session's file."""
    from core.project import save_project

    written = save_project(session_to_project(session), path)
    session.project_path = Path(written)
    session.mark_dirty(False)
    session.changed.emit("project")
    return Path(written)


def apply_project(session: Session, project: Project, path: Path | None) -> None:
    """Take roles, hierarchies, settings, seed and key from ``project`` (after its table loaded).

    Roles for columns the table does not have are an error: the project belongs to another
    table. Later steps start fresh (results are never stored in a project).
    """
    from core.hierarchy import Hierarchy

    columns = set(session.roles)
    missing = [c for c in project.roles if c not in columns]
    if missing:
        raise ConfigError(
            f"The project names column(s) the table does not have: {', '.join(missing[:5])}.",
            hint="Open the table the project was saved with.",
        )
    for column, role in project.roles.items():
        session.set_role(column, Role(role))
    for column, spec in project.hierarchies.items():
        session.set_hierarchy(column, Hierarchy.from_spec(spec))
    session.set_protection(project.protection)
    session.set_assessment_settings(project.assessment)
    session.seed = project.seed
    session.key = project.key
    session.project_path = path
    session.mark_dirty(False)
    session.changed.emit("project")
