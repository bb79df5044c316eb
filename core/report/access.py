"""Tolerant reading of an assessment dictionary: absent or null sections read as empty.

New readers use the typed views of ``core.report.views`` (``AssessmentDoc``); ``get`` and
``section`` stay for the modules not converted yet (pdf, charts, protection, appendix)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import methods
from core.report.views import ATTRIBUTE_ORDER, MEMBERSHIP_ORDER

ATTACK_NAMES = {
    "threshold": "Confidence threshold",
    "shadow": "Shadow models",
    "lira": "LiRA",
    "distance": "Distance to closest record",
    "domias": "Density ratio (DOMIAS)",
    "tapas": "Shadow generator (TAPAS)",
    "linkage": "Linkage (group majority)",
    "ml": "Machine-learning inference",
    "inversion": "Model inversion",
}


def get(data: Any, *path: str, default: Any = None) -> Any:
    """``get(a, 'after', 'utility', 'accuracy')``; any missing or null step gives ``default``."""
    for key in path:
        if not isinstance(data, Mapping):
            return default
        data = data.get(key)
    return default if data is None else data


def section(data: Any, *path: str) -> Mapping[str, Any]:
    """A sub-dictionary, or an empty one when absent, null or not a dictionary."""
    found = get(data, *path)
    return found if isinstance(found, Mapping) else {}


def attacks(assessment: Mapping[str, Any], side: str, family: str) -> dict[str, Mapping]:
    """The attacks of one family on one side, known ones first in a fixed order."""
    found = {k: v for k, v in section(assessment, side, family).items() if isinstance(v, Mapping)}
    order = MEMBERSHIP_ORDER if family == "membership" else ATTRIBUTE_ORDER
    known = [k for k in order if k in found]
    return {k: found[k] for k in [*known, *sorted(set(found) - set(known))]}


def by_attack(
    found: Mapping[str, Mapping[str, Mapping]],
) -> list[tuple[str, str, Mapping[str, Any]]]:
    """(attack, side, result) rows with each attack's before and after next to each other."""
    names = list(dict.fromkeys(k for side in found.values() for k in side))
    return [(k, s, found[s][k]) for k in names for s in found if k in found[s]]


def attack_name(key: str) -> str:
    return ATTACK_NAMES.get(key, key.replace("_", " ").capitalize())


METHOD_SHORT = methods.Words("short")  # the report's short name of each protection method


def method(assessment: Mapping[str, Any]) -> str:
    """The protection method, from the result or else the settings ('none' when unknown)."""
    return str(
        get(assessment, "protection", "method")
        or get(assessment, "settings", "protection", "method")
        or methods.NONE
    )


def is_dp(assessment: Mapping[str, Any]) -> bool:
    return methods.is_dp(method(assessment))


def generalizes(assessment: Mapping[str, Any]) -> bool:
    """True for a k-anonymity method (the quasi-identifiers generalized, other columns exact)."""
    return methods.generalizes(method(assessment))


def sides(assessment: Mapping[str, Any], family: str) -> tuple[str, ...]:
    """Which of 'before'/'after' hold the given family."""
    return tuple(s for s in ("before", "after") if section(assessment, s, family))


def current(assessment: Mapping[str, Any], family: str) -> tuple[str, Mapping[str, Any]]:
    """The side the verdict rests on: after protection when measured, else before."""
    for side in ("after", "before"):
        found = section(assessment, side, family)
        if found:
            return side, found
    return "", {}


def real_release(assessment: Mapping[str, Any]) -> Mapping[str, Any]:
    """The released table's own section (written by ``veil-cli run`` and the GUI export):
    rows, protection and re-identification of the WHOLE table protected. Empty for an older
    assessment.json, or one from ``veil-cli assess``, where the attacked table was the release.
    """
    found = section(assessment, "release")
    return found if isinstance(found.get("protection"), Mapping) else {}


def applied_protection(assessment: Mapping[str, Any]) -> Mapping[str, Any]:
    """How the released table was protected: the real release's summary, else the assessment's."""
    return section(real_release(assessment), "protection") or section(assessment, "protection")


def rehearsed(assessment: Mapping[str, Any]) -> bool:
    """True when the attacks ran on a rehearsal (half the records), not on the released table."""
    return bool(real_release(assessment))


def fresh_noise(assessment: Mapping[str, Any]) -> bool:
    """True when a DP release's noise was drawn fresh: only the rehearsal used the seed."""
    seed = get(real_release(assessment), "protection", "seed")
    return is_dp(assessment) and rehearsed(assessment) and seed is None


def member_share(assessment: Mapping[str, Any]) -> str:
    """The rehearsal's members in words: 'half' or e.g. '30%' (of the records)."""
    fraction = get(assessment, "settings", "assessment", "member_fraction")
    if not isinstance(fraction, int | float):
        members, rows = get(assessment, "split", "members"), get(assessment, "dataset", "rows")
        ok = isinstance(members, int | float) and isinstance(rows, int | float) and rows
        fraction = members / rows if ok else 0.5
    return "half" if abs(fraction - 0.5) < 0.01 else f"{fraction * 100:.0f}%"


def rehearsal_sentence(assessment: Mapping[str, Any]) -> str:
    """How membership and attribute inference were measured, in one plain sentence."""
    share = member_share(assessment)
    other = "the other half" if share == "half" else "the other records"
    return (
        f"Veil protected a random {share} of the records with the same settings and attacked "
        f"it, using {other} as people known to be outside."
    )
