"""What property inference found: the game's accuracy against 0.5 and the attacker's estimate."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.attacks.property.game import GameScore
from core.results import ResultMixin


@dataclass(frozen=True)
class PropertyResult(ResultMixin):
    """assessment.json ``<side>.property``: shares are of ``value`` in ``column``."""

    column: str
    value: str
    true_share: float
    shifted_share: float
    game: GameScore
    estimate: float
    error: float
    shadow_models: int
    planned_models: int
    shadow_rows: int
    query_rows: int
    stopped_by_time: bool
    elapsed_seconds: float
    notes: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def accuracy(self) -> float:
        return self.game.accuracy
