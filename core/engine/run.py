"""A protect run on a file through an engine: frequency table, search, release."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.engine.frequency import Frequencies
from core.engine.plan import Plan, solve
from core.engine.source import Source
from core.hierarchy import Hierarchy
from core.jobs import Monitor, null_monitor
from core.privacy.result import AnonymizationResult
from core.results import ResultMixin, not_serialized
from core.settings import ProtectionSettings


@dataclass(frozen=True)
class EngineRun(ResultMixin):
    """What a protect run through an engine did: the anonymization summary and the engine."""

    result: AnonymizationResult = not_serialized()
    plan: Plan = not_serialized()
    engine: str = "pandas"
    rows_written: int = 0
    columns: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {**self.result.to_dict(), "engine": self.engine}


def protect_file(
    engine,
    source: Source,
    out: str,
    *,
    qis: list[str],
    sensitive: str | None,
    keep: list[str],
    hierarchies: Mapping[str, Hierarchy],
    settings: ProtectionSettings,
    monitor: Monitor | None = None,
) -> EngineRun:
    """Protect ``source`` with ``engine`` and write the columns ``keep`` to ``out``."""
    monitor = monitor or null_monitor()
    uses_sensitive = settings.l is not None or settings.t is not None
    sens = sensitive if uses_sensitive else None
    freq: Frequencies = engine.frequencies(source, qis, sens, monitor.sub(0.0, 0.45))
    plan = solve(freq, hierarchies, settings, monitor.sub(0.45, 0.55))
    rows = engine.write_release(source, plan, keep, out, monitor.sub(0.55, 1.0))
    return EngineRun(plan.result, plan, engine.name, rows, tuple(keep))
