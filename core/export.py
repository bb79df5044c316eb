"""Writing the protected table: atomic (temp file + rename), formula-injection safe, never
over the input."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import ValidationError

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

    On any error the temporary file is removed and ``target`` is left as it was; an OSError
    (read-only folder, full disk, a file where a folder should be, a vanished drive) becomes
    an OutputError naming the folder.
    """
    target = Path(target)
    _refuse_known_input(target)
    tmp_path = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        tmp_path = Path(tmp)
        yield tmp_path
        # mkstemp makes 0600 files; give the result the mode a plain open() would have.
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_UMASK
        os.chmod(tmp_path, mode)
        os.replace(tmp_path, target)
    except OSError as exc:
        _discard(tmp_path)
        from core.io.writable import output_error

        raise output_error(target, exc) from None
    except BaseException:
        _discard(tmp_path)
        raise


def _refuse_known_input(target: Path) -> None:
    from core.io.inputs import input_behind

    source = input_behind(target)
    if source is not None:
        refuse_overwriting_input(target, source)


def _discard(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_folder(out_dir: str | os.PathLike[str], *, owned: Iterable[str] = ()) -> Iterator[Path]:
    """Yield a fresh hidden staging folder; on success its files replace Veil's in ``out_dir``
    together, so a run never leaves an old report beside a new release.

    ``owned`` names the files Veil writes there. A new ``out_dir``, or one holding only those
    files, is swapped for the staging folder whole (staged beside it). Otherwise (the user's
    own files, a mount point or a symbolic link) the staging folder sits inside ``out_dir``,
    the new files are moved in one by one and owned files the run did not write again are
    removed. On error nothing in ``out_dir`` changes; a killed run's staging folder is swept
    by the next call.
    """
    out = Path(out_dir).expanduser().absolute()
    owned = frozenset(owned)
    try:
        if out.exists() and not out.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(out))
        out.parent.mkdir(parents=True, exist_ok=True)
        _sweep_staging(out)
        where, prefix = (out.parent, _beside(out)) if _swappable(out, owned) else (out, _INSIDE)
        staging = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=where))
    except OSError as exc:
        from core.io.writable import output_error

        raise output_error(out / min(owned, default="output"), exc) from None
    try:
        yield staging
        _swap_in(staging, out, owned)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        from core.io.writable import output_error

        raise output_error(out / min(owned, default="output"), exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


_INSIDE = ".veil-staging-"


def _beside(out: Path) -> str:
    return f".{out.name}.veil-staging-"


def _swappable(out: Path, owned: frozenset[str]) -> bool:
    """May ``out`` be replaced whole: missing, or a plain folder holding only Veil's files."""
    if not out.exists():
        return True
    if out.is_symlink() or os.path.ismount(out):
        return False
    return all(p.name in owned or _leftover(p.name) for p in out.iterdir())


def _swap_in(staging: Path, out: Path, owned: frozenset[str]) -> None:
    os.chmod(staging, 0o777 & ~_UMASK)  # mkdtemp makes 0700 folders
    beside = staging.parent != out
    if beside and not out.exists():
        os.rename(staging, out)
        return
    if beside and _swappable(out, owned):
        old = Path(tempfile.mkdtemp(prefix=f"{_beside(out)}{os.getpid()}-", dir=out.parent))
        os.rename(out, old / out.name)
        os.rename(staging, out)
        shutil.rmtree(old, ignore_errors=True)
        return
    new = {p.name for p in staging.iterdir()}
    for name in sorted(new):
        os.replace(staging / name, out / name)
    for name in owned - new:
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def _leftover(name: str) -> bool:
    """A temporary file or staging folder an older, killed run left behind."""
    return name.startswith(".") and (name.endswith(".tmp") or name.startswith(_INSIDE))


def _sweep_staging(out: Path) -> None:
    """Remove the staging folders of killed runs, beside ``out`` and inside it."""
    found = [(p, len(_beside(out))) for p in out.parent.glob(glob.escape(_beside(out)) + "*")]
    if out.is_dir():
        found += [(p, len(_INSIDE)) for p in out.glob(_INSIDE + "*")]
    for folder, start in found:
        pid = folder.name[start:].split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would terminate it there: never sweep on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else
        return True
    return True


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(target: str | os.PathLike[str], text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))


def refuse_overwriting_input(
    target: str | os.PathLike[str], *inputs: str | os.PathLike[str] | None
) -> None:
    """Raise if ``target`` is one of the input files: same path once symbolic links are
    followed, or the same file under another name (a hard link)."""
    t = Path(target).expanduser().resolve()
    for src in inputs:
        if src is None:
            continue
        source = Path(src).expanduser().resolve()
        if source == t or _same_file(source, t):
            raise ValidationError(
                f"Refusing to write over the input file {source.name} "
                f"({Path(target).name} would replace it).",
                value=str(target),
                hint="Choose another name or folder for what Veil writes.",
            )


def refuse_outputs_over_inputs(
    outputs: Iterable[str | os.PathLike[str] | None],
    inputs: Iterable[str | os.PathLike[str] | None],
) -> None:
    """Before any work: raise if any of ``outputs`` is one of ``inputs`` (see above)."""
    sources = tuple(inputs)
    for target in outputs:
        if target is not None:
            refuse_overwriting_input(target, *sources)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


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
# "\n" rows would end the row early in Excel and in every CSV reader. The columnar writer
# writes the bytes ``to_csv`` would, without a Python call per row.
def _csv(frame: pd.DataFrame, path: Path) -> None:
    _delimited(frame, path, ",")


def _tsv(frame: pd.DataFrame, path: Path) -> None:
    _delimited(frame, path, "\t")


def _delimited(frame: pd.DataFrame, path: Path, sep: str) -> None:
    from core.io.csvwrite import to_csv_bytes_like_pandas

    with open(path, "wb") as out:
        to_csv_bytes_like_pandas(frame, out, sep)


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
    from core.io.parquet_write import write_parquet

    write_parquet(frame, path)


_WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {
    "csv": _csv,
    "tsv": _tsv,
    "excel": _excel,
    "parquet": _parquet,
}
