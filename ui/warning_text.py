"""Engine warnings as the window shows them: in the GUI's words, each said once.

The engine writes for the command line as well ('--bounds COL=LOW:HIGH') and reports the
rehearsal's before/after sides apart; a banner needs one plain sentence per fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LEAK = re.compile(
    r"^(?P<prefix>Rehearsal: )?PRIVACY LEAK: the bounds or categories of (?P<columns>.+?) "
    r"were read from the data itself"
)
_SIDE = re.compile(r"^(Before|After): (?P<text>.*)$", re.DOTALL)
RANGES_BOX = "Ranges of numbers and dates"


def leak_columns(warning: str) -> list[str] | None:
    """The columns an engine 'PRIVACY LEAK' warning names, or None for any other warning."""
    match = _LEAK.match(warning)
    return match["columns"].split(", ") if match else None


def plain_leak(columns: Iterable[str], ranged: Iterable[str] = ()) -> str:
    """The leak in plain words: which ranges and which categories came from the data."""
    columns, ranged = list(columns), set(ranged)
    ranges = [c for c in columns if c in ranged]
    categories = [c for c in columns if c not in ranged]
    parts = []
    if ranges:
        parts.append(f"the {'range' if len(ranges) == 1 else 'ranges'} of {_join(ranges)}")
    if categories:
        parts.append(f"the categories of {_join(categories)}")
    examples = ", ".join(e for e, some in (("the oldest age", ranges),
                                           ("a rare category", categories)) if some)  # fmt: skip
    return (
        f"Privacy leak: {' and '.join(parts)} {'was' if len(columns) == 1 else 'were'} read from "
        f"the data itself, so the release gives them away (e.g. {examples}) outside the ε "
        "guarantee."
    )


def leak_advice(columns: Iterable[str], ranged: Iterable[str]) -> str:
    """What the user can do about a leak from the Protect step."""
    columns, ranged = list(columns), set(ranged)
    advice = []
    if any(c in ranged for c in columns):
        advice.append(f"Type each range you know under “{RANGES_BOX}”, then protect again.")
    if any(c not in ranged for c in columns):
        advice.append(
            "To give a text column's categories, import its hierarchy file (“Import ARX file…”"
            " in step 2)."
        )
    return " ".join(advice)


def tidy(warnings: Iterable[str], ranged: Iterable[str] = ()) -> list[str]:
    """``warnings`` for a banner: leaks in plain words, the rehearsal's leak dropped when the
    release's is there, 'Before: X' with 'After: X' said once as 'X', duplicates dropped."""
    warnings, ranged = [str(w) for w in warnings], list(ranged)
    release_leak = any(_LEAK.match(w) and not w.startswith("Rehearsal: ") for w in warnings)
    sides = [m["text"] for w in warnings if (m := _SIDE.match(w))]
    out = []
    for w in warnings:
        match, side = _LEAK.match(w), _SIDE.match(w)
        if match and match["prefix"]:
            if release_leak:
                continue
            w = "Rehearsal: " + plain_leak(match["columns"].split(", "), ranged)
        elif match:
            w = plain_leak(match["columns"].split(", "), ranged)
        elif side and sides.count(side["text"]) > 1:
            w = side["text"]
        elif w.startswith("Rehearsal: "):  # its suppressed records were never released
            w = w.replace("left out of the release", "left out of the rehearsal's half")
        out.append(w)
    return list(dict.fromkeys(out))


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def document_warnings(document: dict) -> list[str]:
    """An assessment document's warnings for a banner (``tidy``, its ranged columns read from
    the release's mechanisms)."""
    protection = (document.get("release") or {}).get("protection") or {}
    ranged = [m.get("target") for m in protection.get("mechanisms") or () if m.get("bounds")]
    return tidy(document.get("warnings") or (), [str(c) for c in ranged])
