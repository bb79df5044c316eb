"""Re-identification of the whole table when the attacks ran on a sample of it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from core.assessment.result import Assessment
from core.assessment.sample import AttackSample
from core.assessment.side import SideResult
from core.identifiers import drop_left_out
from core.jobs import Monitor
from core.metrics.reidentification import ReidentificationResult, reidentification
from core.schema import Role
from core.settings import ProtectionSettings

if TYPE_CHECKING:
    from core.hierarchy import Hierarchy


class WholeTable:
    """The whole input and its protected form; their re-identification measured once, on
    first use, and put in place of the sample's on each side of an assessment."""

    def __init__(
        self,
        frame: pd.DataFrame,
        roles: Mapping[str, Role | str],
        protection: ProtectionSettings,
        hierarchies: Mapping[str, Hierarchy] | None,
        key: bytes | None,
        seed: int,
        release: pd.DataFrame | None = None,
    ) -> None:
        self.frame, self.roles, self.protection = frame, dict(roles), protection
        self.hierarchies, self.key, self.seed, self.release = hierarchies, key, seed, release
        self._found: dict[tuple[str, tuple[str, ...]], ReidentificationResult] = {}

    def measure(self, result: Assessment, sample: AttackSample, monitor: Monitor) -> Assessment:
        """``result`` (the sample's) with whole-table re-identification and ``sample`` set."""
        population = _population(result)
        before = self._side(result.before, "before", population, monitor)
        after = before if result.after is result.before else None
        after = after or self._side(result.after, "after", population, monitor)
        return dataclasses.replace(result, before=before, after=after, sample=sample)

    def _side(self, side: SideResult, name: str, population: Any, monitor: Monitor) -> SideResult:
        found = side.reidentification
        if found is None:
            return side
        key = (name, tuple(found.qis))
        if key not in self._found:
            monitor.progress(1.0, "Re-identification of the whole table")
            table = self._table(name)
            self._found[key] = reidentification(table, list(found.qis), population_size=population)
        return dataclasses.replace(side, reidentification=self._found[key])

    def _table(self, name: str) -> pd.DataFrame:
        roles = {c: Role(r) for c, r in self.roles.items()}
        original = drop_left_out(self.frame, roles)
        if name == "before":
            return original
        if self.release is None:
            from core.protect import protect

            kept = {c: r for c, r in roles.items() if r is not Role.LEAVE_OUT}
            self.release = protect(
                original, kept, self.protection, hierarchies=self.hierarchies, key=self.key,
                seed=self.seed,
            ).data  # fmt: skip
        return self.release


def _population(result: Assessment) -> Any:
    return (result.settings.get("assessment") or {}).get("population_size")
