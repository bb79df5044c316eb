"""Reading CSV/TSV files: one streamed pass with progress, cancel and sha256, str columns."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.errors import InputError
from core.io.arrowcsv import read_arrow
from core.io.header import check_header
from core.io.progress import open_with_progress
from core.io.sniff import ENCODING_NAMES, sniff
from core.jobs import Monitor

MISSING_MARKERS = ("", "NA", "N/A", "NULL", "null", "NaN", "?")
_UNCLOSED = re.compile(r"EOF inside string starting at row (\d+)")
_TOKENIZE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass(frozen=True)
class TextTable:
    frame: pd.DataFrame
    encoding: str
    delimiter: str
    sha256: str | None  # None when the parser stopped before the end of the file
    warnings: tuple[str, ...]


def read_delimited(
    path: Path,
    monitor: Monitor,
    default_delimiter: str = ",",
    *,
    rename_duplicates: bool = False,
    contiguous: bool = True,
) -> TextTable:
    """Read a delimited text file with every column as text (types are converted later);
    ``contiguous``: see ``read_arrow``."""
    dialect = sniff(path, default_delimiter)
    names, warnings = check_header(list(dialect.header), path, rename_duplicates=rename_duplicates)
    guess = dialect.encoding
    fast = read_arrow(
        path, monitor, guess, dialect.delimiter, names, MISSING_MARKERS, contiguous=contiguous
    )
    if fast is not None:  # every record complete, valid UTF-8: nothing to warn about
        return TextTable(fast[0], guess, dialect.delimiter, fast[1], tuple(warnings))
    for encoding in dict.fromkeys((guess, "cp1252", "latin-1")):  # Latin-1 accepts any byte
        try:
            frame, sha = _parse(path, monitor, encoding, dialect.delimiter, names)
            break
        except UnicodeDecodeError:
            continue
    if encoding != guess:
        warnings.append(
            f"{path.name} is not valid {ENCODING_NAMES[guess]} further in; it was read as "
            f"{ENCODING_NAMES[encoding]}. Check accented letters; save as UTF-8 to avoid this."
        )
    elif encoding in ("cp1252", "latin-1"):
        warnings.append(
            f"{path.name} is not UTF-8; it was read as {ENCODING_NAMES[encoding]}. "
            "Check accented letters; save as UTF-8 to avoid this."
        )
    warnings += short_record_warnings(frame, path, encoding, dialect.delimiter, monitor)
    return TextTable(frame, encoding, dialect.delimiter, sha, tuple(warnings))


def _parse(
    path: Path, monitor: Monitor, encoding: str, delimiter: str, names: list[str]
) -> tuple[pd.DataFrame, str | None]:
    handle, raw = open_with_progress(path, monitor, f"Reading {path.name}")
    try:
        frame = pd.read_csv(
            handle,
            sep=delimiter,
            header=0,
            names=names,
            dtype=str,
            keep_default_na=False,
            na_values=list(MISSING_MARKERS),
            encoding=encoding,
            skipinitialspace=True,
            engine="c",
        )
        sha = raw.sha256() if raw.complete else None
    except pd.errors.ParserError as exc:
        raise _parser_error(exc, path) from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path.name} is empty.", path=str(path), hint=_EMPTY_HINT) from None
    finally:
        handle.close()
    return frame, sha


_EMPTY_HINT = "Choose a file with a header row and at least one row of data."


def _parser_error(exc: Exception, path: Path) -> InputError:
    quote = _UNCLOSED.search(str(exc))
    if quote is not None:
        row = int(quote.group(1))
        return InputError(
            f"A quote opened in data row {row} of {path.name} is never closed.",
            path=str(path),
            row=row,
            hint='Close the quote (") in that row, or double quotes that are part of a value.',
        )
    found = _TOKENIZE.search(str(exc))
    if found is None:
        return InputError(
            f"{path.name} could not be read as a table: {exc}",
            path=str(path),
            hint="Check that it is a CSV/TSV file with one record per line.",
        )
    expected, line, saw = (int(g) for g in found.groups())
    return InputError(
        f"Line {line} of {path.name} (data row {line - 1}) has {saw} fields but the header "
        f"has {expected}.",
        path=str(path),
        row=line - 1,
        hint="A value probably contains the delimiter without quotes; quote it or fix the row.",
    )


def short_record_warnings(
    frame: pd.DataFrame, path: Path, encoding: str, delimiter: str, monitor: Monitor
) -> list[str]:
    """One warning counting every record with fewer fields than the header (the parser pads
    them with empty values). Only a table whose last column has gaps can hold such records,
    so the extra pass over the file is made only then."""
    if frame.shape[1] < 2 or not frame.iloc[:, -1].isna().any():
        return []
    short, first = 0, 0
    width = frame.shape[1]
    with open(path, encoding=encoding, errors="replace", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter, skipinitialspace=True)
        next(reader, None)  # the header
        row = 0
        for record in reader:
            if not record:
                continue  # blank lines are skipped by the parser too
            row += 1
            if len(record) < width:
                short += 1
                first = first or row
            if row % 100_000 == 0:
                monitor.check_cancelled()
    if not short:
        return []
    rows = "data row of {} has" if short == 1 else "data rows of {} have"
    return [
        f"{short:,} {rows.format(path.name)} fewer fields than the header (first: data row "
        f"{first}); the missing fields were left empty. Check those rows."
    ]
