"""The Protect step through the project's engine (``core.engine``: DuckDB, Spark): frequency
table, search and release file where the data lives; the release is then read back."""

from __future__ import annotations

import atexit
import dataclasses
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import ConfigError
from core.jobs import Monitor
from core.privacy.result import AnonymizationResult
from core.project_engine import EngineSettings, chosen_engine, engine_refusal
from core.results import not_serialized
from core.schema import Role
from core.settings import ProtectionSettings


@dataclass(frozen=True)
class EngineProtection(AnonymizationResult):
    """An optimal generalization computed by an engine; ``to_dict`` also names the engine."""

    engine: str = "pandas"
    release_file: Path | None = not_serialized(default=None)  # large-table mode: the release
    plan: Any = not_serialized(default=None, repr=False, compare=False)  # core.engine.plan.Plan
    # large-table mode: core.engine.uniqueness.Shares of each kept column over every record
    shares: Any = not_serialized(default=None, repr=False, compare=False)


def protect_with_engine(
    path: Path,
    frame_columns: list[str],
    roles: Mapping[str, Role],
    settings: ProtectionSettings,
    hierarchies: Mapping[str, Any],
    engine: EngineSettings,
    monitor: Monitor,
    *,
    rename_duplicates: bool = False,
    large: bool = False,
) -> EngineProtection | None:
    """The release computed by the engine ``engine`` names (None: the pandas path applies).

    ``auto`` falls back to pandas for settings only pandas can run (the table is in memory);
    a named engine refuses them in plain words. In large-table mode (``large``) the release
    stays in a file of the temporary folder (``release_file``) and ``data`` holds its first rows.
    """
    from core.engine import describe, make_engine, protect_file
    from core.io import load_table

    name, reason = chosen_engine(engine, path)
    if large and name == "pandas":
        name = "duckdb"
    refusal = engine_refusal(settings, name)
    if name == "pandas" or (refusal and engine.name == "auto" and not large):
        return None
    if refusal:
        raise ConfigError(refusal, hint="Protect (step 3) shows the methods each engine runs.")
    source = describe(str(path), rename_duplicates=rename_duplicates)
    worker = make_engine(name, **engine.options())
    keep = [c for c in frame_columns if roles.get(c) not in (Role.IDENTIFIER, Role.LEAVE_OUT)]
    qis = [c for c in keep if roles.get(c) == Role.QUASI_IDENTIFIER]
    sensitive = next((c for c in keep if roles.get(c) == Role.SENSITIVE), None)
    folder = Path(tempfile.mkdtemp(prefix="veil-release-"))
    if large:  # the release file lives until Veil ends
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    out = folder / "release.csv"
    try:
        run = protect_file(
            worker, source, str(out), qis=qis, sensitive=sensitive, keep=keep,
            hierarchies=dict(hierarchies), settings=settings, monitor=monitor.sub(0.0, 0.8),
        )  # fmt: skip
        shares = (
            _kept_shares(worker, source, qis, keep, roles, monitor.sub(0.8, 0.9)) if large else None
        )
        monitor.progress(0.9, "Reading the released table back")
        data = _first_rows(out) if large else load_table(out).frame
    finally:
        if not large:
            shutil.rmtree(folder, ignore_errors=True)
    found = {f.name: getattr(run.result, f.name) for f in dataclasses.fields(run.result)}
    warnings = (*([reason] if reason else []), *run.result.warnings)
    extra = {"data": data, "warnings": warnings, "engine": name, "plan": run.plan}
    return EngineProtection(
        **{**found, **extra}, release_file=out if large else None, shares=shares
    )


def _kept_shares(worker, source, qis, keep, roles, monitor: Monitor) -> dict[str, Any]:
    """How unique each column released as it is makes the records, over the whole table."""
    from core.engine.uniqueness import whole_table_shares
    from core.uniqueness import kept_columns

    kept = [c for c in kept_columns(roles) if c in keep]
    if not kept or worker.name not in ("duckdb", "spark"):
        return {}
    return whole_table_shares(worker, source, qis, kept, monitor)


def _first_rows(path: Path) -> Any:
    """The first rows of a release file written by an engine, typed."""
    from core.engine import describe, make_engine
    from core.workflow.large import PREVIEW_ROWS, typed

    return typed(make_engine("duckdb").head(describe(str(path)), PREVIEW_ROWS))
