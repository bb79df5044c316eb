"""The ``Workflow`` object: the project, the loaded table, each step's result, one method per step.

Every step has two forms: ``protect(monitor=)`` runs it and keeps the result (the CLI), and
``protect_task()`` snapshots the inputs and returns a function of a Monitor that computes
the result anywhere (a GUI worker) without touching the workflow; ``accept(outcome)`` keeps
it in the caller's thread unless something upstream changed in the meantime.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import ConfigError
from core.jobs import Monitor, null_monitor
from core.project_engine import EngineSettings, chosen_engine
from core.schema import Role
from core.settings import AssessmentSettings, ProtectionSettings
from core.workflow import steps
from core.workflow.staleness import stale_after

if TYPE_CHECKING:
    from core.hierarchy import Hierarchy
    from core.io import LoadedTable
    from core.project import Project
    from core.release_gate import GateResult
    from core.roles import RoleSuggestion

Listener = Callable[[str], None]


@dataclass(frozen=True)
class Outcome:
    """A step's result, stamped with the generation of the inputs it was computed from."""

    step: str  # "load", "protect", "assess", "report"
    generation: int
    value: Any


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote, and the document and report that now name the release file."""

    paths: list[Path]
    document: dict[str, Any]
    report: Any  # core.report.ReportDocument
    verdicts: tuple[Any, ...] = field(default_factory=tuple)


class Workflow:
    """The state of one piece of work and its steps; listeners hear what changed.

    Change names: "table", "roles", "hierarchies", "protection", "engine",
    "assessment_settings", "protection_result", "assessment", "report", "project", "dirty".
    """

    def __init__(self) -> None:
        self.listeners: list[Listener] = []
        self.generation = 0  # bumped by every change of an input
        self._clear()

    def _clear(self) -> None:
        self.loaded: LoadedTable | None = None
        self.is_demo = False
        self.suggestions: dict[str, RoleSuggestion] = {}
        self.roles: dict[str, Role] = {}
        self.hierarchies: dict[str, Hierarchy] = {}
        self.protection = ProtectionSettings()
        self.assessment_settings = AssessmentSettings()
        self.engine = EngineSettings()
        self.large: Any = None  # core.workflow.large.LargeTable in large-table mode
        self.seed = 0
        self.key: bytes | None = None
        self.project_path: Path | None = None
        self.release: Any = None  # core.protect.ProtectionResult of the whole table
        self.rehearsal: Any = None  # core.assess.Assessment
        self.document: dict[str, Any] | None = None  # assessment.json
        self.report: Any = None  # core.report.ReportDocument
        self.exported: list[Path] = []
        self.dirty = False

    # ---- load ---------------------------------------------------------------------------
    def load(
        self, path: str | os.PathLike[str], *, is_demo: bool = False, monitor: Monitor | None = None
    ) -> LoadedTable:
        """Read a table and start over with it (roles from the suggestions)."""
        self.accept(Outcome("load", self.generation, steps.load(Path(path), is_demo, monitor)))
        return self.loaded

    def open_project(
        self,
        project: Project,
        path: str | os.PathLike[str] | None = None,
        *,
        monitor: Monitor | None = None,
        suggest: bool = True,
    ) -> LoadedTable:
        """Read the project's table and take its roles, hierarchies, settings, seed and key.

        Columns the project gives no role get the suggested one (none with ``suggest=False``).
        """
        value = steps.load_project_table(project, path, monitor, suggest=suggest)
        self.accept(Outcome("load", self.generation, value))
        return self.loaded

    def adopt_table(self, table: steps.TableOutcome) -> None:
        """A new table (and its project, if any): every downstream state is reset, here only.

        A project whose roles name columns the table lacks is refused before anything changes.
        """
        if table.project is not None:
            steps.check_project_fits(table.project, table.loaded)
        had_results = self.release is not None or self.document is not None
        listeners, generation = self.listeners, self.generation
        self._clear()
        self.listeners, self.generation = listeners, generation + 1
        self.loaded, self.is_demo = table.loaded, table.is_demo
        self.large = table.large
        self.suggestions = {s.column: s for s in table.suggestions}
        self.roles = {s.column: Role(s.role) for s in table.suggestions}
        self.assessment_settings = fit_assessment(AssessmentSettings(), self.roles)
        if table.project is not None:
            self._take_project(table.project, table.project_path)
        if had_results:
            self._emit("protection_result", "assessment")
        self._emit("table", "roles", "hierarchies", "protection", "assessment_settings")
        if table.project is not None:
            self._emit("project")
        self.mark_dirty(False)

    def _take_project(self, project: Project, path: Path | None) -> None:
        from core.hierarchy import Hierarchy

        self.roles.update({c: Role(r) for c, r in project.roles.items()})
        self.hierarchies = {c: Hierarchy.from_spec(dict(s)) for c, s in project.hierarchies.items()}
        self.protection = project.protection
        self.assessment_settings = project.assessment
        self.engine = project.engine
        self.seed, self.key = project.seed, project.key
        self.project_path = Path(path) if path is not None else None

    # ---- choices ------------------------------------------------------------------------
    def set_roles(self, roles: Mapping[str, Role | str]) -> None:
        """Change the roles of the named columns (the others keep theirs)."""
        new = {c: Role(r) for c, r in roles.items() if self.roles.get(c) != Role(r)}
        if not new:
            return
        self.roles.update(new)
        self.assessment_settings = fit_assessment(self.assessment_settings, self.roles)
        self._changed("roles")
        self._emit("assessment_settings")

    def set_role(self, column: str, role: Role | str) -> None:
        self.set_roles({column: role})

    def set_hierarchy(self, column: str, hierarchy: Hierarchy | None) -> None:
        if hierarchy is None:
            self.hierarchies.pop(column, None)
        else:
            self.hierarchies[column] = hierarchy
        self._changed("hierarchies")

    def set_protection(self, settings: ProtectionSettings) -> None:
        if settings != self.protection:
            self.protection = settings
            self._changed("protection")

    def set_assessment_settings(self, settings: AssessmentSettings) -> None:
        if settings != self.assessment_settings:
            self.assessment_settings = settings
            self._changed("assessment_settings")

    def set_engine(self, settings: EngineSettings) -> None:
        """Where the Protect step runs (auto, pandas, duckdb, spark); saved with the project."""
        if settings != self.engine:
            self.engine = settings
            self._changed("engine")

    def engine_choice(self) -> tuple[str, str | None]:
        """The engine that will process the loaded file and, when ``auto`` chose one, why."""
        loaded = self.loaded
        name, reason = chosen_engine(self.engine, Path(loaded.path) if loaded else None)
        if self.large is not None and name == "pandas":  # it was never loaded whole
            return "duckdb", "The table is too large for memory: it is processed with DuckDB."
        return name, reason

    def pseudonym_key(self) -> bytes:
        """The key pseudonyms are made with; created on first use, saved with the project."""
        if self.key is None:
            from core.identifiers import new_key

            self.key = new_key()
            self.mark_dirty()
        return self.key

    def mark_dirty(self, dirty: bool = True) -> None:
        if dirty != self.dirty:
            self.dirty = dirty
            self._emit("dirty")

    # ---- steps --------------------------------------------------------------------------
    def protect_task(self) -> Callable[[Monitor], Outcome]:
        """Protect the whole table with the current choices (runs anywhere; see ``accept``)."""
        loaded = self._table()
        inputs = steps.ProtectInputs(
            frame=loaded.frame, roles=dict(self.roles), settings=self.protection,
            hierarchies=dict(self.hierarchies), key=self._run_key(), seed=self.seed,
            path=Path(loaded.path) if loaded.path else None, engine=self.engine,
            rename_duplicates=bool(getattr(loaded, "rename_duplicates", False)),
            large=self.large is not None,
        )  # fmt: skip
        return self._task("protect", lambda m: steps.protect(inputs, m))

    def protect(self, *, monitor: Monitor | None = None) -> Any:
        """The release: the whole table protected (``core.pipeline.protect_release``)."""
        self.accept(self.protect_task()(monitor or null_monitor()))
        return self.release

    def assess_task(self) -> Callable[[Monitor], Outcome]:
        """Rehearse the attacks and describe the release in assessment.json (anywhere)."""
        if self.release is None:
            raise ConfigError("Nothing to assess yet.", hint="Protect the table first (step 3).")
        loaded = self._table()
        inputs = steps.AssessInputs(
            frame=loaded.frame, release=self.release, roles=dict(self.roles),
            protection=self.protection, assessment=self.assessment_settings,
            hierarchies=dict(self.hierarchies), key=self._run_key(), seed=self.seed,
            dataset=steps.dataset_facts(loaded, self.is_demo),
            input_warnings=tuple(loaded.warnings or ()), path=Path(loaded.path),
            rename_duplicates=bool(getattr(loaded, "rename_duplicates", False)), large=self.large,
        )  # fmt: skip
        return self._task("assess", lambda m: steps.assess(inputs, m))

    def assess(self, *, monitor: Monitor | None = None) -> dict[str, Any]:
        """The assessment document (assessment.json before the release file exists)."""
        self.accept(self.assess_task()(monitor or null_monitor()))
        return self.document

    def report_task(self) -> Callable[[Monitor], Outcome]:
        """Build the report from the assessment document (anywhere)."""
        document = self._document()
        return self._task("report", lambda m: steps.report(document, m))

    def report_document(self, *, monitor: Monitor | None = None) -> Any:
        """The report (``core.report.ReportDocument``) of the current assessment."""
        self.accept(self.report_task()(monitor or null_monitor()))
        return self.report

    def release_gate(self, *, lights: bool = True) -> GateResult:
        """What must be confirmed before the current release is written (``core.release_gate``):
        identifying columns kept as they are, and HIGH lights once assessed (``lights``)."""
        from core.release_gate import check_release
        from core.roles import suggest_roles

        loaded = self._table()
        if self.release is None:
            raise ConfigError("Nothing to release yet.", hint="Protect the table first (step 3).")
        suggestions = list(self.suggestions.values()) or suggest_roles(loaded.frame, loaded.types)
        shown: Any = ()
        if lights and self.document is not None:
            from core.report.verdict import release_lights

            shown = release_lights(self.document)
        large = {}
        if self.large is not None:  # the frame is the preview: uniqueness over every record
            shares = getattr(self.release, "shares", None)
            alone = None if shares is None else {c: s.alone for c, s in shares.items()}
            first = len(loaded.frame) if len(loaded.frame) < self.large.rows else None
            large = {"alone": alone, "first_rows": first}
        return check_release(
            loaded.frame, self.roles, suggestions=suggestions, released=self.release.data,
            lights=shown, dp=self.protection.is_dp, **large,
        )  # fmt: skip

    def export_task(
        self,
        folder: str | os.PathLike[str],
        *,
        project_file: str | os.PathLike[str] | None = None,
        accept_risk: bool = False,
    ) -> Callable[[Monitor], Outcome]:
        """Write release.csv, assessment.json, report.html/pdf and a key-free project copy.

        The release gate is checked first (``steps.export``): with concerns and no
        ``accept_risk`` nothing is written (``ReleaseRefused``); accepted ones are recorded.
        """
        from core.pipeline import PROJECT_COPY

        project_file = project_file or self.project_path
        inputs = steps.ExportInputs(
            folder=Path(folder), release=self.release.data if self.release is not None else None,
            document=self._document(), project=self.to_project(),
            project_name=Path(project_file).name if project_file else PROJECT_COPY,
            protected=tuple(Path(p) for p in (self._table().path, project_file) if p),
            gate=self.release_gate, accept_risk=accept_risk,
            release_file=getattr(self.release, "release_file", None),
        )  # fmt: skip
        return self._task("export", lambda m: steps.export(inputs, m))

    def export(
        self,
        folder: str | os.PathLike[str],
        *,
        project_file: str | os.PathLike[str] | None = None,
        monitor: Monitor | None = None,
        accept_risk: bool = False,
    ) -> ExportResult:
        """The five files of ``veil-cli run`` written into ``folder`` (release gate first)."""
        task = self.export_task(folder, project_file=project_file, accept_risk=accept_risk)
        outcome = task(monitor or null_monitor())
        self.accept(outcome)
        return outcome.value

    def run(
        self,
        out_dir: str | os.PathLike[str],
        *,
        project_file: str | os.PathLike[str] | None = None,
        monitor: Monitor | None = None,
        accept_risk: bool = False,
    ) -> ExportResult:
        """Every step after loading: protect, assess, report and export into ``out_dir``
        (``accept_risk``: write even when the release gate has concerns, recording them)."""
        from core.assessment.split import require_rows

        monitor = monitor or null_monitor()
        loaded = self._table()
        steps.check_outputs(Path(out_dir), loaded.path, project_file)
        require_rows(len(loaded.frame), loaded.path.name)  # before any work, naming the file
        self.protect(monitor=monitor.sub(0.0, 0.13))
        monitor.progress(0.13, "Measuring the released table")
        self.assess(monitor=monitor.sub(0.13, 0.85))
        monitor.progress(0.85, "Writing the protected table")
        return self.export(
            out_dir, project_file=project_file, monitor=monitor.sub(0.85, 1.0),
            accept_risk=accept_risk,
        )  # fmt: skip

    def accept(self, outcome: Outcome) -> bool:
        """Keep a step's result unless its inputs changed since it started (then drop it)."""
        if outcome.step == "load":
            self.adopt_table(outcome.value)
            return True
        if outcome.generation != self.generation:
            return False
        if outcome.step == "protect":
            self.release = outcome.value
            self._changed("protection_result", dirty=False)
        elif outcome.step == "assess":
            self.rehearsal, self.document = outcome.value.rehearsal, outcome.value.document
            self.report = None
            self._emit("assessment")
        elif outcome.step == "report":
            self.report = outcome.value
            self._emit("assessment")
        elif outcome.step == "export":
            result: ExportResult = outcome.value
            self.document, self.report = result.document, result.report
            self.exported.extend(result.paths)
            self._emit("assessment", "report")
        return True

    # ---- the project file ---------------------------------------------------------------
    def to_project(self) -> Project:
        """Everything needed to repeat the work: input file, roles, hierarchies, settings, seed."""
        from core.project import Project

        loaded = self.loaded
        return Project(
            input_path=Path(loaded.path).resolve() if loaded is not None else None,
            input_sha256=loaded.sha256 if loaded is not None else None,
            roles=dict(self.roles),
            hierarchies={c: h.to_spec() for c, h in self.hierarchies.items()},
            protection=self.protection,
            assessment=self.assessment_settings,
            seed=self.seed,
            pseudonymization_key=self.key.hex() if self.key else None,
            rename_duplicates=bool(getattr(loaded, "rename_duplicates", False)),
            engine=self.engine,
        )

    def save_project(self, path: str | os.PathLike[str]) -> Path:
        """Write the project atomically and remember it as this workflow's file."""
        from core.project import save_project

        self.project_path = Path(save_project(self.to_project(), path))
        self.mark_dirty(False)
        self._emit("project")
        return self.project_path

    # ---- internals ----------------------------------------------------------------------
    def _task(self, step: str, fn: Callable[[Monitor], Any]) -> Callable[[Monitor], Outcome]:
        generation = self.generation
        return lambda monitor: Outcome(step, generation, fn(monitor))

    def _changed(self, change: str, *, dirty: bool = True) -> None:
        """``change`` happened: drop what it makes stale, tell the listeners."""
        self.generation += 1
        dropped = [r for r in stale_after(change) if self._drop(r)]
        if change != "assessment_settings":
            self.exported = []
        self._emit(*dropped, change)
        if dirty:
            self.mark_dirty()

    def _drop(self, result: str) -> bool:
        if result == "protection_result" and self.release is not None:
            self.release = None
            return True
        if result == "assessment" and (self.document is not None or self.rehearsal is not None):
            self.rehearsal = self.document = self.report = None
            return True
        return False

    def _emit(self, *changes: str) -> None:
        for change in changes:
            for listener in list(self.listeners):
                listener(change)

    def _table(self) -> LoadedTable:
        if self.loaded is None:
            raise ConfigError("No table is loaded.", hint="Open a data file first.")
        return self.loaded

    def _frame(self) -> Any:
        return self._table().frame

    def _document(self) -> dict[str, Any]:
        if self.document is None:
            raise ConfigError("Nothing to report yet.", hint="Assess the protected table first.")
        return self.document

    def _run_key(self) -> bytes | None:
        return self.pseudonym_key() if self.protection.identifiers != "remove" else None


def fit_assessment(settings: AssessmentSettings, roles: Mapping[str, Role]) -> AssessmentSettings:
    """Keep the chosen target/sensitive if their roles allow it, else pick the first fitting."""
    targets = [c for c, r in roles.items() if r == Role.TARGET]
    sensitive = [c for c, r in roles.items() if r == Role.SENSITIVE]
    target = settings.target if settings.target in targets else (targets or [None])[0]
    sens = settings.sensitive if settings.sensitive in sensitive else (sensitive or [None])[0]
    return replace(settings, target=target, sensitive=sens)
