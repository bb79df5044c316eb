"""Checking column names: none blank, none repeated, and not a row of data by mistake."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from core.errors import InputError

_NUMBER = re.compile(r"[-+]?\d+([.,]\d+)?")


def check_header(raw: Sequence[object], path: Path) -> list[str]:
    """Column names stripped of spaces; raises InputError naming the offending column."""
    if not raw:
        raise InputError(
            f"{path.name} is empty.",
            path=str(path),
            hint="Choose a file with a header row and at least one row of data.",
        )
    names = ["" if _blank(n) else str(n).strip() for n in raw]
    for i, name in enumerate(names, start=1):
        if not name:
            raise InputError(
                f"Column {i} of {path.name} has no name.",
                path=str(path),
                column=f"#{i}",
                hint="Give every column a name in the first row (or delete the empty column).",
            )
    if len(names) > 1 and sum(bool(_NUMBER.fullmatch(n)) for n in names) > len(names) / 2:
        raise InputError(
            f"The first row of {path.name} looks like data ({', '.join(names[:4])}, …), "
            "not column names.",
            path=str(path),
            row=0,
            hint="Add a header row with the column names.",
        )
    seen: dict[str, int] = {}
    for i, name in enumerate(names, start=1):
        if name in seen:
            raise InputError(
                f"Column name '{name}' appears twice in {path.name} (columns {seen[name]} "
                f"and {i}).",
                path=str(path),
                column=name,
                hint="Rename one of them so that every column name is unique.",
            )
        seen[name] = i
    return names


def _blank(name: object) -> bool:
    return name is None or (isinstance(name, float) and name != name) or not str(name).strip()
