"""The assessment: everything assessment.json holds, plus the release itself (not serialized)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.assessment.repeats import Repeats
from core.assessment.sample import AttackSample
from core.assessment.side import SideResult
from core.assessment.split import Split
from core.results import jsonable, not_serialized

if TYPE_CHECKING:
    import pandas as pd

    from core.protect import ProtectionResult


@dataclass(frozen=True)
class Assessment:
    """Before (members released as they are) vs after (the protected release)."""

    veil_version: str
    seed: int
    elapsed_seconds: float
    dataset: dict[str, Any]
    release_summary: dict[str, Any]
    roles: dict[str, str]
    settings: dict[str, Any]
    split: Split
    before: SideResult
    after: SideResult
    sweep: list[dict[str, Any]] | None
    provenance: dict[str, Any]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    repeats: Repeats | None = None  # spread across repeated rehearsals (settings.repeats > 1)
    sample: AttackSample | None = None  # the attacks saw this sample of a larger table
    protection: ProtectionResult = not_serialized(default=None)
    release: pd.DataFrame = not_serialized(default=None)

    def to_dict(self) -> dict[str, Any]:
        """The assessment.json document (schema in docs/ARCHITECTURE.md); with repeated
        rehearsals, a top-level ``repeats`` and a ``repeats`` block in each section; attacks on a
        sample of a larger table, a top-level ``sample`` {rows, of, seed}."""
        doc = jsonable(
            {
                "veil_version": self.veil_version,
                "seed": self.seed,
                "elapsed_seconds": self.elapsed_seconds,
                "dataset": self.dataset,
                "release": self.release_summary,
                "roles": self.roles,
                "settings": self.settings,
                "protection": self.protection.to_dict() if self.protection is not None else None,
                "split": self.split.to_dict(),
                "before": self.before.to_dict(),
                "after": self.after.to_dict(),
                "sweep": self.sweep,
                "warnings": list(self.warnings),
                "provenance": self.provenance,
            }
        )
        if self.repeats is not None:
            for side in ("before", "after"):
                doc[side] = jsonable(self.repeats.attach(side, doc[side]))
            doc["repeats"] = jsonable(self.repeats.to_dict())
        if self.sample is not None:
            doc["sample"] = jsonable(self.sample.to_dict())
        return doc
