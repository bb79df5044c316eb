"""Writing single files from the GUI (the whole folder is the workflow's export step).

Everything goes through core (write_table, render_html/pdf): atomic, formula-safe, never over
the input table or the project file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.jobs import Monitor


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents; an OSError becomes an OutputError naming it."""
    from core.io.writable import output_error

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(folder, exc) from None


def folder_files(folder: Path) -> list[Path]:
    """The files an export into ``folder`` writes (to warn before replacing them)."""
    from core.workflow import output_files

    return output_files(folder)


def export_file(kind: str, path: Path, inputs: dict[str, Any], monitor: Monitor) -> list[Path]:
    """One file: the report as PDF or HTML, the results as JSON, or a table."""
    from core.export import write_table, write_text_atomic

    monitor.progress(0.1, "Writing")
    if kind == "pdf":
        from core.report import render_pdf

        render_pdf(inputs["report"], path)
    elif kind == "html":
        from core.report import render_html

        write_text_atomic(path, render_html(inputs["report"]))
    elif kind == "json":
        write_text_atomic(path, json.dumps(inputs["data"], indent=2, ensure_ascii=False) + "\n")
    else:
        write_table(inputs["table"], path, inputs=tuple(inputs["protected_paths"]))
    return [path]
