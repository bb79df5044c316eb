"""Writing the protected table: atomic (temp file + rename), formula-injection safe, never
over the input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import InputError, ValidationError

if TYPE_CHECKING:
    import pandas as pd

_UMASK = os.umask(0o022)
os.umask(_UMASK)

TABLE_FORMATS = {".csv": "csv", ".tsv": "tsv", ".xlsx": "excel", ".parquet": "parquet"}


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A new frame whose text cells and column names a spreadsheet would run carry a leading
    quote (rules in ``core.io.formulas``); numbers and dates are untouched."""
    from core.io.formulas import neutralize_formulas as guard

    return guard(frame)


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it over ``target``.

    On any error the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp makes 0600 files; give the result the mode a plain open() would have.
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_UMASK
        os.chmod(tmp_path, mode)
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(target: str | os.PathLike[str], text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))


def refuse_overwriting_input(target: str | os.PathLike[str], *inputs: str | os.PathLike[str]):
    """Raise if ``target`` is (or links to) one of the input files."""
    t = Path(target).resolve()
    for src in inputs:
        if src is not None and Path(src).resolve() == t:
            raise ValidationError(
                f"Refusing to write over the input file {Path(src).name}.",
                hint="Choose another name for the protected table.",
            )


def write_table(
    frame: pd.DataFrame,
    target: str | os.PathLike[str],
    *,
    inputs: tuple[str | os.PathLike[str], ...] = (),
) -> Path:
    """Write ``frame`` as CSV/TSV/Excel/Parquet (by extension), atomically and formula-safe."""
    target = Path(target)
    fmt = TABLE_FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise ValidationError(
            f"Cannot write '{target.name}': unknown extension '{target.suffix}'.",
            hint=f"Use one of {', '.join(TABLE_FORMATS)}.",
        )
    refuse_overwriting_input(target, *inputs)
    safe = neutralize_formulas(frame)
    with atomic_path(target) as tmp:
        _WRITERS[fmt](safe, tmp)
    return target


# CRLF rows (RFC 4180): the csv module then quotes any cell holding a bare CR, which with
# "\n" rows would end the row early in Excel and in every CSV reader.
def _csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n")


def _tsv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, sep="\t", encoding="utf-8", lineterminator="\r\n")


def _excel(frame: pd.DataFrame, path: Path) -> None:
    from openpyxl.utils.exceptions import IllegalCharacterError

    try:
        frame.to_excel(path, index=False, engine="openpyxl")
    except IllegalCharacterError:
        raise ValidationError(
            "The table holds a control character (such as a NUL byte) that Excel files "
            "cannot store.",
            hint="Export it as CSV, TSV or Parquet instead, which keep every value whole.",
        ) from None


def _parquet(frame: pd.DataFrame, path: Path) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError(
            "Parquet export needs the optional package pyarrow.",
            path=str(path),
            hint="Install it with: pip install pyarrow — or export CSV or Excel instead.",
        ) from None
    frame.to_parquet(path, index=False)


_WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {
    "csv": _csv,
    "tsv": _tsv,
    "excel": _excel,
    "parquet": _parquet,
}
