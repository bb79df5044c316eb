"""Large-table mode: a file above ``core.engine.choose``'s threshold is never loaded whole.

Opening it reads the first rows through DuckDB (``LIMIT``) for the preview, the types and the
suggested roles, and counts the records; Protect runs the engine path and keeps the release
in a file of the cache folder (the workflow shows its first rows); Export copies that file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core.jobs import Monitor

PREVIEW_ROWS = 10_000  # rows read to preview, type and suggest roles


@dataclass(frozen=True)
class LargeTable:
    """The file processed out of memory: its records and the rows the window holds."""

    rows: int
    preview: int
    engine: str = "duckdb"

    def banner(self, sample: int) -> str:
        """The Load step's sentence, in plain words."""
        measured = min(sample, self.rows)
        return (
            f"Large table: {self.rows:,} rows. Veil processes it out of memory with DuckDB; "
            f"attacks are measured on a sample of {measured:,}."
        )


def is_large(path: Path) -> bool:
    """True when ``auto`` would process ``path`` with DuckDB (larger than memory allows)."""
    from core.engine.choose import choose_engine

    return choose_engine("auto", str(path))[0] == "duckdb"


def open_large(path: Path, monitor: Monitor, *, rename_duplicates: bool = False):
    """The first rows as a typed LoadedTable, the role suggestions, and the record count."""
    from core.engine import describe, make_engine
    from core.io import infer_types
    from core.io.table import LoadedTable
    from core.provenance import sha256_file
    from core.roles import suggest_roles
    from core.workflow.steps import TableOutcome

    source = describe(str(path), rename_duplicates=rename_duplicates)
    engine = make_engine("duckdb")
    monitor.progress(0.0, f"Reading the first rows of {path.name}")
    head = typed(engine.head(source, PREVIEW_ROWS))
    monitor.progress(0.2, f"Counting the records of {path.name}")
    rows = count_rows(engine, source, monitor.sub(0.2, 0.7))
    monitor.progress(0.7, "Fingerprinting the file")
    digest = sha256_file(path)
    monitor.progress(0.9, "Suggesting column roles")
    types = infer_types(head)
    loaded = LoadedTable(
        frame=head, path=Path(path), sha256=digest, format=path.suffix.lstrip(".").lower(),
        encoding=source.encoding if source.format == "csv" else None,
        delimiter=source.delimiter if source.format == "csv" else None, types=types,
        rename_duplicates=rename_duplicates,
    )  # fmt: skip
    large = LargeTable(rows=rows, preview=len(head))
    return TableOutcome(loaded, suggest_roles(head, types), large=large)


def typed(head: pd.DataFrame) -> pd.DataFrame:
    """Rows read by an engine as text, typed by Veil's reader's rules."""
    from core.io.convert import convert_columns
    from core.jobs import null_monitor

    text = head.astype(object).where(head.notna(), None).astype("str")
    return convert_columns(text, null_monitor())[0]


def count_rows(engine, source, monitor: Monitor) -> int:
    """The file's records, counted by DuckDB; Cancel interrupts the count."""
    found = run_query(engine, source, f"SELECT count(*) AS n FROM {engine.scan(source)}", monitor)
    return int(found["n"].iloc[0])


def sample_rows(path: Path, rows: int, seed: int, monitor: Monitor, *, rename: bool = False):
    """``rows`` records of the file drawn uniformly at random (seeded), in file order."""
    return draw_sample(path, rows, seed, monitor, rename=rename)[0]


def draw_sample(
    path: Path, rows: int, seed: int, monitor: Monitor, *, rename: bool = False
) -> tuple[pd.DataFrame, np.ndarray]:
    """``sample_rows`` and the place of each drawn record in the file (0 = the first)."""
    from core.engine import describe, make_engine

    source = describe(str(path), rename_duplicates=rename)
    engine = make_engine("duckdb")
    numbered = f"SELECT *, row_number() OVER () AS veil_row FROM {engine.scan(source)}"
    query = (
        f"SELECT * FROM (SELECT * FROM ({numbered}) "
        f"ORDER BY hash(veil_row, {int(seed)}) LIMIT {int(rows)}) ORDER BY veil_row"
    )
    monitor.progress(0.0, f"Drawing {rows:,} records at random from {path.name}")
    found = run_query(engine, source, query, monitor)
    places = found.pop("veil_row").to_numpy(dtype=np.int64) - 1
    return typed(found).reset_index(drop=True), places


def _in_file(doc: dict, places: np.ndarray) -> None:
    """Records named by their row in the sample (an attack's ``at_risk``) renamed by their
    place in the whole file, as the report words them."""
    for side in ("before", "after"):
        for result in (doc.get(side) or {}).values():
            if isinstance(result, dict) and isinstance(result.get("at_risk"), list):
                result["at_risk"] = [
                    {**r, "row": int(places[r["row"]])} if "row" in r else r
                    for r in result["at_risk"]
                ]


def assess_large(inputs: Any, large: LargeTable, monitor: Monitor) -> Any:
    """The assessment of a large table: the attacks on a seeded sample drawn through DuckDB,
    re-identification of the whole input and release from the engine's frequency table."""
    from core.assess import assess as rehearse
    from core.engine.reid import reidentification_of
    from core.pipeline import assessment_document
    from core.results import jsonable
    from core.workflow.steps import AssessOutcome

    release, settings = inputs.release, inputs.assessment
    size = min(settings.attack_sample, large.rows)
    sample, places = draw_sample(
        inputs.path, size, inputs.seed, monitor.sub(0.0, 0.1), rename=inputs.rename_duplicates
    )
    rehearsal = rehearse(
        sample, inputs.roles, inputs.protection, settings, hierarchies=inputs.hierarchies,
        key=inputs.key, monitor=monitor.sub(0.1, 1.0), seed=inputs.seed,
        dataset={**inputs.dataset, "rows": large.rows},
    )  # fmt: skip
    plan, population = release.plan, settings.population_size
    measure = "reidentification" in settings.attacks and bool(plan.freq.qis)
    kept = ~plan.suppressed
    whole = {
        "before": reidentification_of(plan.freq, population_size=population),
        "after": reidentification_of(
            plan.freq, plan.hierarchies, plan.levels, kept=kept, population_size=population
        ),
    } if measure else {}  # fmt: skip
    doc = rehearsal.to_dict()
    _in_file(doc, places)
    for side, found in whole.items():
        if doc[side].get("reidentification") is not None:
            doc[side]["reidentification"] = jsonable(found.to_dict())
    if size < large.rows:
        doc["sample"] = {"rows": size, "of": large.rows, "seed": inputs.seed}
    section = jsonable({
        "rows": release.rows_out, "columns": release.data.shape[1],
        "protection": release.to_dict(), "reidentification": whole.get("after"),
        "input_reidentification": whole.get("before"),
        "uniqueness": whole_uniqueness(release, inputs.frame),
    })  # fmt: skip
    document = assessment_document(doc, section, input_warnings=inputs.input_warnings)
    return AssessOutcome(rehearsal, document)


def whole_uniqueness(release: Any, preview: pd.DataFrame) -> list[dict[str, Any]]:
    """assessment.json's ``release.uniqueness`` over every record (``core.pipeline``'s
    ``kept_uniqueness`` on the whole table): the engine measured it at Protect."""
    from core.engine.uniqueness import contributions_of
    from core.uniqueness import worst

    shares = getattr(release, "shares", None) or {}
    return [{**c.to_dict(), "added": c.added} for c in worst(contributions_of(shares, preview))]


def run_query(engine, source, query: str, monitor: Monitor) -> pd.DataFrame:
    """A DuckDB query over ``source`` as a frame; Cancel interrupts it, and any failure to
    read the file is an InputError naming it."""
    import duckdb

    from core.errors import InputError

    try:
        return engine.query_frame(source, query, monitor, f"Reading {source.name}")
    except duckdb.Error as exc:
        raise InputError(
            f"{source.name} could not be read: {str(exc).splitlines()[0]}",
            path=source.path,
            hint="Check that every line has as many values as the header.",
        ) from None


def group_sizes(release: Any) -> tuple[Any, Any]:
    """Re-identification of the whole input and of the whole release (an engine's result),
    from its frequency table: what the Protect step shows."""
    from core.engine.reid import reidentification_of

    plan = release.plan
    if not plan.freq.qis:
        return None, None
    after = reidentification_of(plan.freq, plan.hierarchies, plan.levels, kept=~plan.suppressed)
    return reidentification_of(plan.freq), after
