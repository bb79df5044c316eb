"""Reading the binary table formats: Excel, Parquet, Stata, SPSS and SAS."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from core.errors import InputError, JobCancelled
from core.io.header import check_header
from core.io.parquet import read_parquet
from core.jobs import Monitor, null_monitor

FORMAT_NAMES = {"excel": "Excel", "parquet": "Parquet", "stata": "Stata", "spss": "SPSS",
                "sas": "SAS"}  # fmt: skip
# Parquet needs none: DuckDB (a base dependency) reads it, so the bundle without pyarrow does too.
OPTIONAL_PACKAGES = {"spss": "pyreadstat", "excel": "openpyxl"}


def read_binary(
    path: Path, fmt: str, *, rename_duplicates: bool = False, monitor: Monitor | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """The table in ``path`` and notes for the user; corrupt files become an InputError.

    ``monitor`` gets progress and cancels between chunks where the reader reads in chunks
    (Parquet); the other readers read at once."""
    _require(OPTIONAL_PACKAGES.get(fmt), fmt, path)
    try:
        if fmt == "parquet":
            frame, notes = read_parquet(path, monitor or null_monitor()), []
        else:
            frame, notes = _READERS[fmt](path)
    except (InputError, JobCancelled):
        raise
    except Exception as exc:  # readers raise anything from ValueError to struct.error
        raise InputError(
            f"{path.name} could not be read as {FORMAT_NAMES[fmt]}: {exc}",
            path=str(path),
            hint=f"Check that it is a valid {FORMAT_NAMES[fmt]} file, or save it as CSV.",
        ) from None
    names, renamed = check_header(list(frame.columns), path, rename_duplicates=rename_duplicates)
    frame.columns = names
    return frame, [*renamed, *notes]


def _require(package: str | None, fmt: str, path: Path) -> None:
    if package is None:
        return
    try:
        importlib.import_module(package)
    except ImportError:
        raise InputError(
            f"Reading {FORMAT_NAMES[fmt]} files such as {path.name} needs the optional "
            f"package {package}, which is not installed.",
            path=str(path),
            hint=f"Install it with: pip install {package} — or save the table as CSV.",
        ) from None


def _excel(path: Path) -> tuple[pd.DataFrame, list[str]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = book.sheetnames
        rows = book[sheets[0]].iter_rows(values_only=True)
        header = next(rows, ())
        while header and header[-1] is None:  # trailing empty cells of a ragged sheet
            header = header[:-1]
        names = list(header)  # checked with the other formats' in read_binary
        numbered = [(i, r) for i, r in enumerate(rows, 2) if any(v is not None for v in r)]
    finally:
        book.close()
    width = len(names)
    beyond = [i for i, r in numbered if any(v is not None for v in r[width:])]
    frame = pd.DataFrame.from_records([r[:width] for _, r in numbered], columns=names)
    notes = []
    if beyond:
        notes.append(
            f"{len(beyond)} row(s) of {path.name} have values right of the last named column "
            f"(first: row {beyond[0]} of the sheet); those values were left out. Name that "
            "column to keep them."
        )
    if len(sheets) > 1:
        notes.append(
            f"{path.name} has {len(sheets)} sheets; only the first, '{sheets[0]}', was read."
        )
    return frame, notes


def _stata(path: Path) -> tuple[pd.DataFrame, list[str]]:
    return pd.read_stata(path), []


def _spss(path: Path) -> tuple[pd.DataFrame, list[str]]:
    return pd.read_spss(path), []


def _sas(path: Path) -> tuple[pd.DataFrame, list[str]]:
    if path.suffix.lower() != ".xpt":
        return pd.read_sas(path, format="sas7bdat", encoding="infer"), []
    try:  # pyreadstat reads XPORT versions 5 and 8; pandas only version 5
        import pyreadstat
    except ImportError:
        return pd.read_sas(path, format="xport", encoding="infer"), []
    return pyreadstat.read_xport(str(path))[0], []


_READERS: dict[str, Callable[[Path], tuple[pd.DataFrame, list[str]]]] = {
    "excel": _excel,
    "stata": _stata,
    "spss": _spss,
    "sas": _sas,
}
