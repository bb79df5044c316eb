"""A whole reproducible run: load → protect → assess → report, into one output folder.

What Veil releases is the WHOLE input table protected with the chosen settings
(``protect_release``). The attacks need people known to be outside the release, so the
assessment is a rehearsal (``core.assess.assess``): the same settings applied to a random half
of the records, attacked with the other half as the control. assessment.json holds both: the
real release under ``release`` and the rehearsal's figures under ``before``/``after``.

    DIR/release.csv        the protected whole table (formula-safe)
    DIR/assessment.json    every figure, machine-readable (schema in docs/ARCHITECTURE.md)
    DIR/report.html        the report, one self-contained page
    DIR/report.pdf         the same report as a PDF
    DIR/project.veil.json  the project that produced them, without the pseudonymization key

Every file is written atomically; the input and the project file are never overwritten.
Safe to call from a worker thread (no global state, no pyplot).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import methods
from core.errors import ConfigError, ValidationError
from core.export import refuse_overwriting_input
from core.jobs import Monitor, null_monitor
from core.results import ResultMixin, jsonable, not_serialized
from core.schema import Role

if TYPE_CHECKING:
    import pandas as pd

    from core.hierarchy import Hierarchy
    from core.project import Project
    from core.protect import ProtectionResult
    from core.report import Light
    from core.settings import AssessmentSettings, ProtectionSettings

RELEASE = "release.csv"
ASSESSMENT = "assessment.json"
PROJECT_COPY = "project.veil.json"
OUTPUT_FILES = (RELEASE, ASSESSMENT, PROJECT_COPY, "report.html", "report.pdf")


@dataclass(frozen=True)
class RunResult(ResultMixin):
    """Where a run wrote its files, its verdicts and its warnings."""

    out_dir: Path
    release: Path
    assessment_json: Path
    report_html: Path
    report_pdf: Path
    project_copy: Path
    verdicts: tuple[Light, ...]
    elapsed_seconds: float
    warnings: tuple[str, ...] = field(default_factory=tuple)
    assessment: Mapping[str, Any] = not_serialized(default_factory=dict, repr=False)


def run_project(
    project: Project,
    out_dir: str | os.PathLike[str],
    *,
    project_file: str | os.PathLike[str] | None = None,
    monitor: Monitor | None = None,
    accept_risk: bool = False,
) -> RunResult:
    """Run ``project`` end to end and write its five files into ``out_dir``.

    ``project_file`` (the file the project was loaded from, if any) is named in the report
    and protected from being overwritten by the copy. The release gate
    (``core.release_gate``) raises ``ReleaseRefused`` before anything is written when the
    release has concerns and ``accept_risk`` is False; accepted concerns are recorded.
    """
    from core.workflow import Workflow

    monitor = monitor or null_monitor()
    start = time.perf_counter()
    out = Path(out_dir)
    _output_paths(out, project, project_file)  # before any work
    workflow = Workflow()
    workflow.open_project(project, project_file, monitor=monitor.sub(0.0, 0.08), suggest=False)
    written = workflow.run(
        out, project_file=project_file, monitor=monitor.sub(0.08, 1.0), accept_risk=accept_risk
    )
    document = written.document
    release, json_path, html, pdf, copy = written.paths
    return RunResult(
        out_dir=out,
        release=release,
        assessment_json=json_path,
        report_html=html,
        report_pdf=pdf,
        project_copy=copy,
        verdicts=written.verdicts,
        elapsed_seconds=time.perf_counter() - start,
        warnings=tuple(document.get("warnings") or ()),
        assessment=document,
    )


def run_demo(
    out_dir: str | os.PathLike[str], *, monitor: Monitor | None = None, accept_risk: bool = False
) -> RunResult:
    """The built-in synthetic demo, end to end."""
    from core.demo import demo_project

    return run_project(demo_project(), out_dir, monitor=monitor, accept_risk=accept_risk)


def protect_release(
    frame: pd.DataFrame,
    roles: Mapping[str, Role],
    settings: ProtectionSettings,
    *,
    hierarchies: Mapping[str, Hierarchy] | None = None,
    key: bytes | None = None,
    monitor: Monitor | None = None,
    seed: int = 0,
) -> ProtectionResult:
    """What Veil releases: ``settings`` applied to the WHOLE ``frame`` (``core.protect``).

    A differentially private release ignores ``seed`` and draws fresh noise: whoever knew
    the seed could recompute the noise and subtract it. Only the rehearsal is seeded.
    """
    from core.protect import protect

    return protect(
        frame, roles, settings, hierarchies=hierarchies, key=key, monitor=monitor,
        seed=None if settings.is_dp else seed,
    )  # fmt: skip


def describe_release(
    frame: pd.DataFrame,
    release: ProtectionResult,
    roles: Mapping[str, Role | str],
    assessment: AssessmentSettings,
) -> dict[str, Any]:
    """The ``release`` section of assessment.json, before the file is written.

    Rows, columns, the release's protection summary, and the re-identification risk of the
    released table and of the input ``frame`` as it is, over the quasi-identifiers the release
    keeps (None when re-identification was not asked for or no quasi-identifier is left).
    """
    from core.metrics import reidentification

    data = release.data
    qis = [c for c, r in roles.items() if Role(r) is Role.QUASI_IDENTIFIER and c in data.columns]
    measure = bool(qis) and "reidentification" in assessment.attacks
    population = assessment.population_size
    before = reidentification(frame, qis, population_size=population) if measure else None
    after = reidentification(data, qis, population_size=population) if measure else None
    return jsonable(
        {
            "rows": len(data),
            "columns": data.shape[1],
            "protection": release.to_dict(),
            "reidentification": after,
            "input_reidentification": before,
            "uniqueness": kept_uniqueness(frame, data, roles, release.method),
        }
    )


def kept_uniqueness(
    frame: pd.DataFrame, data: pd.DataFrame, roles: Mapping[str, Role | str], method: str
) -> list[dict[str, Any]]:
    """The released-as-is columns adding most to the records the quasi-identifiers make
    unique in the input (``core.uniqueness``); none for a differentially private release."""
    from core.uniqueness import contributions, kept_columns, worst

    if methods.is_dp(method):
        return []
    kept = [c for c in kept_columns(roles) if c in data.columns]
    found = worst(contributions(frame, roles, kept))
    return [{**c.to_dict(), "added": c.added} for c in found]


def assessment_document(
    assessment: Mapping[str, Any],
    release: Mapping[str, Any],
    *,
    input_warnings: Sequence[str] = (),
) -> dict[str, Any]:
    """assessment.json: the rehearsal's figures (``Assessment.to_dict()``) with the real
    ``release`` section (``describe_release``); the rehearsal's own release summary moves to
    ``rehearsal_release``. Warnings: the loader's about the input file (``input_warnings``),
    the real release's, then the rehearsal's (its protection's marked as such)."""
    doc: dict[str, Any] = {}
    for key, value in assessment.items():
        if key == "release":
            doc["release"] = dict(release)
            doc["rehearsal_release"] = _rehearsal_summary(value)
        else:
            doc[key] = value
    doc.setdefault("release", dict(release))
    warnings = [*map(str, input_warnings), *_warnings(assessment, release)]
    doc["warnings"] = list(dict.fromkeys(warnings))
    return doc


def release_document(
    document: Mapping[str, Any],
    release_file: Path,
    *,
    project_name: str,
    confirmed_risks: Sequence[str] = (),
) -> dict[str, Any]:
    """The document with the written release file named and fingerprinted (sha256 of the
    file), the concerns the user confirmed before it was written (``confirmed_risks``,
    ``core.release_gate``) and the project that produced it named."""
    from core.provenance import sha256_file

    summary = {**(document.get("release") or {}), "name": release_file.name}
    summary["sha256"] = sha256_file(release_file)
    summary["confirmed_risks"] = list(confirmed_risks)
    return {**document, "release": summary, "project": {"name": project_name}}


def rerender(
    out_dir: str | os.PathLike[str], *, monitor: Monitor | None = None
) -> tuple[Path, Path]:
    """Rebuild report.html and report.pdf from ``out_dir/assessment.json``."""
    from core.report import write_report

    path = Path(out_dir) / ASSESSMENT
    return write_report(read_assessment(path), path.parent, monitor=monitor)


def read_assessment(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse an assessment.json; a clear error names the file and what is wrong."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path} not found.",
            hint="Give the folder written by 'veil-cli run' or 'veil-cli assess' (it holds "
            "assessment.json).",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name} cannot be read: {exc}.") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
            hint="Run the assessment again to rewrite it.",
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name} does not hold an assessment (a JSON object).")
    return data


def to_json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def output_files(folder: Path) -> list[Path]:
    """The files a run or an export writes into ``folder``."""
    from core.report import REPORT_HTML, REPORT_PDF

    names = (RELEASE, ASSESSMENT, REPORT_HTML, REPORT_PDF, PROJECT_COPY)
    return [folder / n for n in names]


def _output_paths(
    out: Path, project: Project, project_file: str | os.PathLike[str] | None
) -> dict[str, Path]:
    if out.exists() and not out.is_dir():
        raise ValidationError(
            f"The output folder {out} is a file.", hint="Give a folder name for --out."
        )
    paths = {name: out / name for name in (RELEASE, ASSESSMENT, PROJECT_COPY)}
    for target in (*paths.values(), out / "report.html", out / "report.pdf"):
        refuse_overwriting_input(target, *_protected(project, project_file))
    return paths


def _protected(project: Project, project_file: str | os.PathLike[str] | None) -> tuple[Path, ...]:
    return tuple(Path(p) for p in (project.input_path, project_file) if p is not None)


def _rehearsal_summary(summary: Any) -> dict[str, Any]:
    """Rows and columns of the rehearsal's protected members, and their content hash."""
    summary = summary if isinstance(summary, Mapping) else {}
    out = {k: summary[k] for k in ("rows", "columns") if k in summary}
    if "sha256" in summary:
        out["content_sha256"] = summary["sha256"]
    return out


def _warnings(assessment: Mapping[str, Any], release: Mapping[str, Any]) -> list[str]:
    """The release's warnings, then the rehearsal's (its protection's marked 'Rehearsal:').

    Left out: what the release already says, the rehearsal's own privacy leak when the
    release reports one, and the reminder that seeded DP noise is removable (the rehearsal is
    never published; the real release is not seeded).
    """
    from core.dp.result import LEAK_PREFIX

    rehearsal = assessment.get("protection") or {}
    own = set(rehearsal.get("warnings") or ())
    out = [str(w) for w in (release.get("protection") or {}).get("warnings") or ()]
    skip = {*out, _seed_warning(rehearsal)}
    if any(w.startswith(LEAK_PREFIX) for w in out):
        skip |= {w for w in own if w.startswith(LEAK_PREFIX)}
    for w in assessment.get("warnings") or ():
        if w not in skip:
            out.append(f"Rehearsal: {w}" if w in own else str(w))
    return list(dict.fromkeys(out))


def _seed_warning(protection: Mapping[str, Any]) -> str | None:
    if not methods.is_dp(protection.get("method")) or protection.get("seed") is None:
        return None
    from core.dp.result import seed_warning

    return seed_warning(protection["seed"])
