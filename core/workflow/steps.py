"""The steps themselves: pure functions of frozen inputs, safe in any thread (no shared state)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import ConfigError, ValidationError
from core.jobs import Monitor, null_monitor

if TYPE_CHECKING:
    import pandas as pd

    from core.io import LoadedTable
    from core.project import Project
    from core.project_engine import EngineSettings
    from core.release_gate import GateResult
    from core.settings import AssessmentSettings, ProtectionSettings


@dataclass(frozen=True)
class TableOutcome:
    """A loaded table with its role suggestions, and the project to apply, if any."""

    loaded: LoadedTable
    suggestions: list[Any]
    is_demo: bool = False
    project: Project | None = None
    project_path: Path | None = None
    large: Any = None  # core.workflow.large.LargeTable: the file is processed out of memory


@dataclass(frozen=True)
class ProtectInputs:
    frame: pd.DataFrame
    roles: dict[str, Any]
    settings: ProtectionSettings
    hierarchies: dict[str, Any]
    key: bytes | None
    seed: int
    path: Path | None = None  # the loaded file, for an engine other than pandas
    engine: EngineSettings | None = None
    rename_duplicates: bool = False
    large: bool = False  # large-table mode: the release stays in a file


@dataclass(frozen=True)
class AssessInputs:
    frame: pd.DataFrame
    release: Any  # core.protect.ProtectionResult
    roles: dict[str, Any]
    protection: ProtectionSettings
    assessment: AssessmentSettings
    hierarchies: dict[str, Any]
    key: bytes | None
    seed: int
    dataset: dict[str, Any]
    input_warnings: tuple[str, ...]
    path: Path | None = None  # the loaded file (large-table mode draws its sample from it)
    rename_duplicates: bool = False
    large: Any = None  # core.workflow.large.LargeTable in large-table mode


@dataclass(frozen=True)
class AssessOutcome:
    rehearsal: Any  # core.assess.Assessment
    document: dict[str, Any]  # assessment.json before the release file exists


@dataclass(frozen=True)
class ExportInputs:
    folder: Path
    release: pd.DataFrame | None
    document: dict[str, Any]
    project: Project
    project_name: str
    protected: tuple[Path, ...]
    gate: Callable[[], GateResult] | None = None  # the release gate, checked before writing
    accept_risk: bool = False
    release_file: Path | None = None  # large-table mode: the release an engine wrote


def load(
    path: Path, is_demo: bool, monitor: Monitor | None, *, rename_duplicates: bool = False
) -> TableOutcome:
    """Read the table and suggest roles; the demo comes with its ready-made project."""
    from core.demo import demo_project
    from core.demo import is_demo as is_demo_file
    from core.io import load_table
    from core.roles import suggest_roles
    from core.workflow.large import is_large, open_large

    monitor = monitor or null_monitor()
    if not is_demo and is_large(path):
        return open_large(path, monitor, rename_duplicates=rename_duplicates)
    loaded = load_table(path, monitor=monitor.sub(0.0, 0.7), rename_duplicates=rename_duplicates)
    is_demo = is_demo or is_demo_file(path)
    monitor.progress(0.7, "Suggesting column roles")
    suggestions = suggest_roles(loaded.frame, loaded.types)
    return TableOutcome(loaded, suggestions, is_demo, demo_project() if is_demo else None)


def load_project_table(
    project: Project,
    path: str | os.PathLike[str] | None,
    monitor: Monitor | None,
    *,
    suggest: bool = True,
) -> TableOutcome:
    """Check the project's input file is the one it was saved with, then load it."""
    from core.io import load_table

    if project.input_path is None:
        name = Path(path).name if path else "The project"
        raise ConfigError(
            f"{name} does not say which table it belongs to.",
            hint="Open a data file in Veil and save the project again.",
        )
    from core.workflow.large import is_large, open_large

    project.verify_input()
    rename, large = project.rename_duplicates, None
    if suggest:
        table = load(Path(project.input_path), False, monitor, rename_duplicates=rename)
        loaded, suggestions, is_demo = table.loaded, table.suggestions, table.is_demo
        large = table.large
    elif project.engine.name in ("auto", "duckdb") and is_large(Path(project.input_path)):
        table = open_large(
            Path(project.input_path), monitor or null_monitor(), rename_duplicates=rename
        )
        loaded, suggestions, is_demo, large = table.loaded, [], False, table.large
    else:
        loaded = load_table(project.input_path, monitor=monitor, rename_duplicates=rename)
        suggestions, is_demo = [], False
    check_project_fits(project, loaded)
    where = Path(path) if path else None
    return TableOutcome(loaded, suggestions, is_demo, project, where, large=large)


def check_project_fits(project: Project, loaded: LoadedTable) -> None:
    """Roles for columns the table does not have: the project belongs to another table."""
    missing = [c for c in project.roles if c not in loaded.frame.columns]
    if missing:
        raise ConfigError(
            f"The project names column(s) the table does not have: {', '.join(missing[:5])}.",
            hint="Open the table the project was saved with.",
        )


def dataset_facts(loaded: LoadedTable, is_demo: bool) -> dict[str, Any]:
    """What the report says about the input: name, format, fingerprint, synthetic or not."""
    from core.demo import is_demo as is_demo_file

    return {
        "name": Path(loaded.path).name,
        "format": loaded.format,
        "sha256": loaded.sha256,
        "synthetic": bool(is_demo or is_demo_file(loaded.path)),
    }


def protect(inputs: ProtectInputs, monitor: Monitor) -> Any:
    """The whole table protected as Veil releases it (``core.pipeline.protect_release``), or
    by the engine the project names (``core.workflow.engines``: DuckDB, Spark)."""
    from core.pipeline import protect_release

    if inputs.engine is not None and inputs.path is not None:
        from core.workflow.engines import protect_with_engine

        found = protect_with_engine(
            inputs.path, list(inputs.frame.columns), inputs.roles, inputs.settings,
            inputs.hierarchies, inputs.engine, monitor, rename_duplicates=inputs.rename_duplicates,
            large=inputs.large,
        )  # fmt: skip
        if found is not None:
            return found

    return protect_release(
        inputs.frame, inputs.roles, inputs.settings, hierarchies=inputs.hierarchies,
        key=inputs.key, monitor=monitor, seed=inputs.seed,
    )  # fmt: skip


def assess(inputs: AssessInputs, monitor: Monitor) -> AssessOutcome:
    """Describe the release, rehearse the attacks, and join both in one document."""
    if inputs.large is not None:
        from core.workflow.large import assess_large

        return assess_large(inputs, inputs.large, monitor)
    from core.assess import assess as rehearse
    from core.pipeline import assessment_document, describe_release

    facts = describe_release(inputs.frame, inputs.release, inputs.roles, inputs.assessment)
    rehearsal = rehearse(
        inputs.frame, inputs.roles, inputs.protection, inputs.assessment,
        hierarchies=inputs.hierarchies, key=inputs.key, monitor=monitor, seed=inputs.seed,
        dataset=inputs.dataset, whole_release=inputs.release.data,
    )  # fmt: skip
    document = assessment_document(rehearsal.to_dict(), facts, input_warnings=inputs.input_warnings)
    return AssessOutcome(rehearsal, document)


def report(document: dict[str, Any], monitor: Monitor) -> Any:
    """The report document built from assessment.json."""
    from core.report import build_report

    monitor.progress(0.0, "Writing up the results")
    return build_report(document)


def check_outputs(folder: Path, *protected: str | os.PathLike[str] | None) -> None:
    """Refuse a folder that is a file, or files that would replace the input or project."""
    from core.export import refuse_overwriting_input

    if folder.exists() and not folder.is_dir():
        raise ValidationError(
            f"The output folder {folder} is a file.", hint="Give a folder name for --out."
        )
    paths = [Path(p) for p in protected if p is not None]
    for target in output_files(folder):
        refuse_overwriting_input(target, *paths)


def output_files(folder: Path) -> list[Path]:
    """The files an export (or `veil-cli run`) writes into ``folder``."""
    from core.pipeline import output_files as files

    return files(folder)


def export(inputs: ExportInputs, monitor: Monitor) -> Any:
    """Write the release, assessment.json naming it, the report and a key-free project copy."""
    from core.export import atomic_folder, write_table, write_text_atomic
    from core.pipeline import (
        ASSESSMENT,
        OUTPUT_FILES,
        PROJECT_COPY,
        RELEASE,
        release_document,
        to_json,
    )
    from core.project import save_project
    from core.release_gate import require_confirmation
    from core.report import build_report, verdicts, write_document
    from core.workflow.workflow import ExportResult

    folder = inputs.folder
    if inputs.release is None:
        raise ConfigError("Nothing to export yet.", hint="Protect the table first (step 3).")
    check_outputs(folder, *inputs.protected)
    confirmed = require_confirmation(inputs.gate(), inputs.accept_risk) if inputs.gate else []
    # Every file goes into a fresh folder swapped in whole: never an old report beside a new
    # release, nor a temporary file left in ``folder`` by a killed run.
    with atomic_folder(folder, owned=OUTPUT_FILES) as staging:
        monitor.progress(0.0, "Writing the released table")
        if inputs.release_file is not None:  # written formula-safe by the engine
            staged = Path(shutil.copyfile(inputs.release_file, staging / RELEASE))
        else:
            staged = write_table(inputs.release, staging / RELEASE, inputs=inputs.protected)
        document = release_document(
            inputs.document, staged, project_name=inputs.project_name, confirmed_risks=confirmed
        )
        write_text_atomic(staging / ASSESSMENT, to_json(document))
        save_project(inputs.project.without_secrets(), staging / PROJECT_COPY)
        monitor.progress(0.2, "Writing the report")
        doc = build_report(document)
        html, pdf = write_document(doc, staging, monitor=monitor.sub(0.2, 1.0))
    paths = [folder / p.name for p in (staged, staging / ASSESSMENT, html, pdf)]
    paths.append(folder / PROJECT_COPY)
    return ExportResult(paths, document, doc, verdicts(document))
