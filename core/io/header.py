"""Checking column names: none blank, none repeated (or renamed on request), and not a row of
data by mistake."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from core.errors import InputError

_NUMBER = re.compile(r"[-+]?\d+([.,]\d+)?")


def check_header(
    raw: Sequence[object], path: Path, *, rename_duplicates: bool = False
) -> tuple[list[str], list[str]]:
    """Column names stripped of spaces, and warnings; raises InputError naming the offending
    column. Repeated names are all named in one DuplicateColumnsError, or renamed
    (``name.2``, …) with a warning when ``rename_duplicates``."""
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
    repeats = duplicates(names)
    if not repeats:
        return names, []
    if not rename_duplicates:
        raise DuplicateColumnsError(repeats, path)
    return renamed(names, repeats, path)


class DuplicateColumnsError(InputError):
    """Column names that repeat, every one named; ``duplicates`` maps each name to the
    1-based positions of its columns."""

    def __init__(self, repeats: dict[str, list[int]], path: Path) -> None:
        first = next(iter(repeats))
        super().__init__(
            f"Column names repeat in {path.name}: {_listing(repeats)}.",
            path=str(path),
            column=first,
            hint=f"Rename them in the file so that every name is unique, or load them renamed "
            f"({first}, {first}.2): in Veil choose 'Load with renamed columns', on the command "
            "line add --rename-duplicates.",
        )
        self.duplicates = repeats


def duplicates(names: Sequence[str]) -> dict[str, list[int]]:
    """Each name that appears more than once, with the 1-based positions of its columns."""
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(names, start=1):
        positions.setdefault(name, []).append(i)
    return {name: where for name, where in positions.items() if len(where) > 1}


def renamed(
    names: Sequence[str], repeats: dict[str, list[int]], path: Path
) -> tuple[list[str], list[str]]:
    """Repeats renamed name.2, name.3, … (skipping names already taken), and the warning."""
    out = list(names)
    taken = set(names)
    changes = []
    for name, where in repeats.items():
        n = 1
        for position in where[1:]:
            n += 1
            while f"{name}.{n}" in taken:
                n += 1
            out[position - 1] = f"{name}.{n}"
            taken.add(out[position - 1])
            changes.append(f"'{name}' (column {position}) → '{out[position - 1]}'")
    warning = (
        f"Column names repeat in {path.name}; the repeats were loaded renamed: "
        f"{', '.join(changes)}. Check that each renamed column means what you think."
    )
    return out, [warning]


def _listing(repeats: dict[str, list[int]]) -> str:
    parts = []
    for name, where in repeats.items():
        columns = ", ".join(map(str, where[:-1])) + f" and {where[-1]}"
        parts.append(f"'{name}' (columns {columns})")
    return "; ".join(parts)


def _blank(name: object) -> bool:
    return name is None or (isinstance(name, float) and name != name) or not str(name).strip()
