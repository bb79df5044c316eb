"""A record whose number of fields differs from the header's, named by its line: the same
message from every engine, and the scan that finds the line when the engine cannot say."""

from __future__ import annotations

import csv
from pathlib import Path

from core.engine.source import Source
from core.errors import InputError

CHECK_EVERY = 100_000  # records between two looks at the cancel flag


def ragged_error(source: Source, line: int, saw: int, expected: int) -> InputError:
    """Line ``line`` of ``source`` holds ``saw`` fields where the header has ``expected``."""
    hint = (
        "A value probably contains the delimiter without quotes; quote it or fix the row."
        if saw > expected
        else "Fields are missing in that row; add them (empty between delimiters) or fix it."
    )
    return InputError(
        f"Line {line} of {source.name} (data row {line - 1}) has {saw} fields but the header "
        f"has {expected}.",
        path=source.path,
        row=line - 1,
        hint=hint,
    )


def first_ragged_line(source: Source, width: int, monitor=None) -> tuple[int, int] | None:
    """(line, fields) of the first record of a local text file whose number of fields is not
    ``width``, reading it as Spark and DuckDB do (``"`` quotes, doubled to escape); None when
    every record has ``width`` fields. Blank lines are skipped."""
    encoding = "utf-8-sig" if source.encoding.startswith("utf-8") else source.encoding
    with open(Path(source.path), encoding=encoding, errors="replace", newline="") as f:
        reader = csv.reader(f, delimiter=source.delimiter, quotechar='"', doublequote=True)
        next(reader, None)  # the header
        for n, record in enumerate(reader, 1):
            if record and len(record) != width:
                return reader.line_num, len(record)
            if monitor is not None and n % CHECK_EVERY == 0:
                monitor.check_cancelled()
    return None


def fields_of(text: str, delimiter: str) -> int:
    """How many fields one record's text holds."""
    return len(next(csv.reader([text], delimiter=delimiter, quotechar='"', doublequote=True)))
