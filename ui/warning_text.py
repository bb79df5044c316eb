"""Engine warnings as the window shows them: each fact said once, with the GUI's advice.

The engine words its warnings for people (``core.dp.result.leak_warning``); it reports the
rehearsal's before/after sides apart, which a banner says once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SIDE = re.compile(r"^(Before|After): (?P<text>.*)$", re.DOTALL)
RANGES_BOX = "Ranges of numbers and dates"


def leak_advice(columns: Iterable[str], ranged: Iterable[str], kinds: Iterable[str] = ()) -> str:
    """What the user can do in the window about ``columns`` read from the data and number
    columns whose kind (whole or decimal) was taken from the loaded type (``kinds``)."""
    columns, ranged, kinds = list(columns), set(ranged), list(kinds)
    advice = []
    if any(c in ranged for c in columns):
        advice.append(f"Type each range you know under “{RANGES_BOX}”, then protect again.")
    if any(c not in ranged for c in columns):
        advice.append(
            "To give a text column's categories, import its hierarchy file (“Import ARX file…”"
            " in step 2)."
        )
    if kinds:
        advice.append(
            f"Choose “whole numbers” or “decimals” for {', '.join(kinds)} under “{RANGES_BOX}”."
        )
    return " ".join(advice)


def tidy(warnings: Iterable[str]) -> list[str]:
    """``warnings`` for a banner: 'Before: X' with 'After: X' said once as 'X', duplicates
    dropped."""
    warnings = [str(w) for w in warnings]
    sides = [m["text"] for w in warnings if (m := _SIDE.match(w))]
    out = []
    for w in warnings:
        side = _SIDE.match(w)
        out.append(side["text"] if side and sides.count(side["text"]) > 1 else w)
    return list(dict.fromkeys(out))


def document_warnings(document: dict) -> list[str]:
    """An assessment document's warnings for a banner (``tidy``)."""
    return tidy(document.get("warnings") or ())
