"""load_table: any supported file in, a typed DataFrame plus what the user should know out."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import InputError
from core.io.checks import content_warnings, require_rows
from core.io.convert import convert_columns
from core.io.delimited import read_delimited
from core.io.formats import read_binary
from core.io.infer import loaded_column_type
from core.io.inputs import remember_input
from core.io.table import LoadedTable
from core.jobs import Monitor, null_monitor
from core.provenance import sha256_file
from core.schema import ColumnType

if TYPE_CHECKING:
    import pandas as pd

FORMATS = {
    ".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "excel",
    ".xlsm": "excel", ".parquet": "parquet", ".pq": "parquet", ".dta": "stata",
    ".sav": "spss", ".zsav": "spss", ".sas7bdat": "sas", ".xpt": "sas",
}  # fmt: skip
SUPPORTED_EXTENSIONS = tuple(FORMATS)
PARALLEL_ROWS = 200_000  # longer text columns have their distinct values counted in parallel
_OLD_FORMATS = {".xls": "old Excel (.xls)", ".ods": "OpenDocument (.ods)"}


def load_table(
    path: str | os.PathLike[str],
    *,
    monitor: Monitor | None = None,
    rename_duplicates: bool = False,
    contiguous: bool = True,
) -> LoadedTable:
    """Read the table at ``path`` (CSV/TSV/Excel/Parquet/Stata/SPSS/SAS) without changing it.

    ``contiguous=False`` lets the fast CSV reader leave each text column in the pieces it
    parsed (no copy of the table; the same values and dtypes): for a run that reads each
    column once or through its codes, not for one that samples rows over and over.

    Raises InputError naming the file (and the row or column when known) with what to do;
    repeated column names raise DuplicateColumnsError naming all of them, or are renamed
    ``name.2``, … with a warning when ``rename_duplicates``.
    """
    monitor = monitor or null_monitor()
    path = Path(path).expanduser().resolve()
    fmt = _format_of(path)
    check_readable(path)
    remember_input(path)
    reading = monitor.sub(0.0, 0.8)
    encoding = delimiter = sha = None
    warnings: list[str] = []
    try:
        if fmt in ("csv", "tsv"):
            separator = "\t" if fmt == "tsv" else ","
            text = read_delimited(
                path, reading, separator, rename_duplicates=rename_duplicates, contiguous=contiguous
            )
            frame, encoding, delimiter, sha = text.frame, text.encoding, text.delimiter, text.sha256
            fmt = "tsv" if delimiter == "\t" else "csv"
            warnings += text.warnings
        else:
            reading.progress(0.0, f"Reading {path.name}")
            frame, notes = read_binary(
                path, fmt, rename_duplicates=rename_duplicates, monitor=reading
            )
            warnings += notes
    except PermissionError:
        raise _unreadable(path) from None
    except OSError as exc:
        raise _os_error(path, exc) from None
    require_rows(frame, path)
    frame, notes = convert_columns(frame, monitor.sub(0.8, 0.95))
    warnings += notes
    types = _infer(frame, monitor.sub(0.95, 0.99))
    warnings += content_warnings(frame, path)
    monitor.progress(1.0, f"Read {len(frame):,} rows from {path.name}")
    return LoadedTable(
        frame=frame,
        path=path,
        sha256=sha or sha256_file(path),
        format=fmt,
        encoding=encoding,
        delimiter=delimiter,
        types=types,
        warnings=tuple(warnings),
        rename_duplicates=rename_duplicates,
    )


def _infer(frame: pd.DataFrame, monitor: Monitor) -> dict[str, ColumnType]:
    """infer_types, one progress tick per column."""
    _count_distinct(frame)
    types = {}
    for i, name in enumerate(frame.columns):
        monitor.progress(i / len(frame.columns), f"Inferring the type of '{name}'")
        types[str(name)] = loaded_column_type(frame[name], str(name))
    return types


def _count_distinct(frame: pd.DataFrame) -> None:
    """Factorize the long text columns once (in Arrow, two at a time): their distinct counts
    and codes are then ready for type inference, role suggestions and the search
    (core.colcache; the fast CSV reader has done it for the columns it read)."""
    import pandas as pd

    from core.colcache import seed_text_columns

    if len(frame) < PARALLEL_ROWS:
        return
    seed_text_columns([frame.iloc[:, i] for i in range(frame.shape[1])
                       if pd.api.types.is_string_dtype(frame.dtypes.iloc[i])])  # fmt: skip


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    if suffix in _OLD_FORMATS:
        hint = "Open it in a spreadsheet program and save it as .xlsx or .csv."
        raise InputError(
            f"{path.name} is in the {_OLD_FORMATS[suffix]} format, which Veil cannot read.",
            path=str(path),
            hint=hint,
        )
    raise InputError(
        f"Veil cannot read '{suffix or 'files without an extension'}': {path.name}.",
        path=str(path),
        hint=f"Save the table as one of: {', '.join(SUPPORTED_EXTENSIONS)}.",
    )


def check_readable(path: Path) -> None:
    """Raise InputError naming ``path`` when it is a folder, missing, unreadable or empty."""
    if path.is_dir():
        raise InputError(
            f"{path.name} is a folder, not a file.",
            path=str(path),
            hint="Choose the data file inside it.",
        )
    if not path.exists():
        raise InputError(
            f"{path.name} was not found in {path.parent}.",
            path=str(path),
            hint="Check the name and the folder.",
        )
    if not path.is_file():
        raise InputError(
            f"{path.name} is not a regular file (it is a pipe, a socket or a device).",
            path=str(path),
            hint="Save the table as a file and choose that file.",
        )
    try:
        with open(path, "rb") as f:
            empty = not f.read(4096).strip()
    except PermissionError:
        raise _unreadable(path) from None
    except OSError as exc:
        raise _os_error(path, exc) from None
    if empty:
        raise InputError(
            f"{path.name} is empty.",
            path=str(path),
            hint="Choose a file with a header row and at least one row of data.",
        )


def _os_error(path: Path, exc: OSError) -> InputError:
    return InputError(
        f"{path.name} cannot be read: {exc.strerror or exc}.",
        path=str(path),
        hint="Check that the file is complete and its drive is still connected, then retry.",
    )


def _unreadable(path: Path) -> InputError:
    return InputError(
        f"{path.name} cannot be read: permission denied.",
        path=str(path),
        hint="Check that your account may read it and that no other program has it locked.",
    )
