"""What each kind of change makes out of date (the results a step must recompute)."""

from __future__ import annotations

# results, in step order: the release (Protect), the rehearsal and its document (Assess), the
# report built from it, and the files exported from them
RESULTS = ("protection_result", "assessment")

_STALE = {
    "table": RESULTS,
    "roles": RESULTS,
    "hierarchies": RESULTS,
    "protection": RESULTS,
    "engine": RESULTS,
    "protection_result": ("assessment",),
    "assessment_settings": ("assessment",),
}
CHANGES = tuple(_STALE)


def stale_after(change: str) -> tuple[str, ...]:
    """The results ``change`` makes out of date ("protection_result", "assessment")."""
    return _STALE.get(change, ())
