"""Output folders that cannot be written: one clear sentence naming the folder and what to do."""

from __future__ import annotations

import errno
from pathlib import Path

from core.errors import VeilError

_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_GONE = {errno.ENOENT, errno.ESTALE, errno.EIO, errno.ENODEV, errno.ENXIO}
_NOT_A_FOLDER = {errno.ENOTDIR, errno.EEXIST}


class OutputError(VeilError):
    """A file could not be written where the user asked; names the folder and what to do."""

    def __init__(self, message: str, *, folder: Path, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.folder = folder


def output_error(target: Path, exc: OSError) -> OutputError:
    """The OutputError for an OSError raised while writing ``target``."""
    folder = target.parent
    code = exc.errno
    if isinstance(exc, PermissionError) or code in _READ_ONLY:
        return OutputError(
            f"Veil cannot write {target.name} in the folder {folder}: the folder is read-only "
            "or your account may not write there.",
            folder=folder,
            hint="Choose another output folder, or ask for permission to write in this one.",
        )
    if code in _FULL:
        return OutputError(
            f"The disk holding {folder} is full: {target.name} could not be written.",
            folder=folder,
            hint="Free some space on that disk, or choose an output folder on another disk.",
        )
    if isinstance(exc, (NotADirectoryError, FileExistsError)) or code in _NOT_A_FOLDER:
        blocker = _file_in_the_way(folder)
        return OutputError(
            f"Veil cannot write {target.name}: {blocker} is a file, not a folder.",
            folder=folder,
            hint="Choose an output folder name that is not the name of an existing file.",
        )
    if isinstance(exc, FileNotFoundError) or code in _GONE:
        return OutputError(
            f"The folder {folder} is no longer there (a removed drive or a lost network "
            f"share?): {target.name} could not be written.",
            folder=folder,
            hint="Reconnect the drive, or choose another output folder.",
        )
    return OutputError(
        f"{target.name} could not be written in {folder}: {exc.strerror or exc}.",
        folder=folder,
        hint="Check that the folder exists and can be written, then retry.",
    )


def _file_in_the_way(folder: Path) -> Path:
    """The first part of ``folder`` that exists as something other than a folder."""
    for part in (*reversed(folder.parents), folder):
        if part.exists() and not part.is_dir():
            return part
    return folder
