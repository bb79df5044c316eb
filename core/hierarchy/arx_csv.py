"""ARX's hierarchy CSV: ';'-separated, no header, one row per value, last column '*'."""

from __future__ import annotations

import csv
import io
import os

from core.errors import InputError
from core.export import write_text_atomic


def read_rows(path: str | os.PathLike[str]) -> list[list[str]]:
    """The rows of an ARX hierarchy file (UTF-8, BOM tolerated, blank lines skipped)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            text = f.read()
    except FileNotFoundError:
        raise InputError(
            f"Hierarchy file not found: {path}", path=str(path), hint="Check the path."
        ) from None
    except UnicodeDecodeError:
        raise InputError(
            f"Hierarchy file {os.path.basename(path)} is not UTF-8 text.",
            path=str(path),
            hint="Save it as UTF-8 (ARX writes UTF-8 CSV).",
        ) from None
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=";") if any(row)]
    if not rows:
        raise InputError(
            f"Hierarchy file {os.path.basename(path)} is empty.",
            path=str(path),
            hint="It needs one line per value: value;level 1;…;*",
        )
    return rows


def write_rows(path: str | os.PathLike[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(rows)
    write_text_atomic(path, buffer.getvalue())
