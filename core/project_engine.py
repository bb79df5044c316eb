"""Which engine processes a project's table (``core.engine``), as the project file stores it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import bounds as limits
from core import methods
from core.errors import ConfigError
from core.results import ResultMixin

if TYPE_CHECKING:
    from core.settings import ProtectionSettings

ENGINES = ("auto", "pandas", "duckdb", "spark")  # core.engine.choose.ENGINES (a test checks)
KEYS = ("name", "memory_limit", "spark_master")
MEMORY = re.compile(r"[0-9]+(\.[0-9]+)?\s*(B|[KMGT]I?B)?", re.IGNORECASE)
LABELS = {
    "pandas": "in memory (pandas)",
    "duckdb": "out of memory with DuckDB",
    "spark": "on a Spark cluster",
}


@dataclass(frozen=True)
class EngineSettings(ResultMixin):
    """``name``: auto (pandas while the file fits in memory, else DuckDB), pandas, duckdb or
    spark; ``memory_limit`` for DuckDB (e.g. "4GB"); ``spark_master`` (e.g. "local[2]")."""

    name: str = "auto"
    memory_limit: str | None = None
    spark_master: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or self.name not in ENGINES:
            raise ConfigError(
                f"Unknown engine {limits.shown(self.name)}.",
                hint=f"Choose one of: {', '.join(ENGINES)}.",
            )
        for key in ("memory_limit", "spark_master"):
            value = getattr(self, key)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ConfigError(f"engine.{key} must be text, not {limits.shown(value)}.")
            if isinstance(value, str) and (len(value) > limits.MAX_PATH or "\x00" in value):
                raise ConfigError(f"engine.{key} is too long or holds a NUL character.")
        if self.memory_limit is not None and not MEMORY.fullmatch(self.memory_limit.strip()):
            raise ConfigError(
                f"engine.memory_limit {limits.shown(self.memory_limit)} is not a size.",
                hint='Write it as a number and a unit, e.g. "4GB" or "512MB".',
            )

    @property
    def is_default(self) -> bool:
        return self == EngineSettings()

    def options(self) -> dict[str, Any]:
        """Keyword options for ``core.engine.make_engine``."""
        return {"memory_limit": self.memory_limit, "master": self.spark_master}

    @classmethod
    def from_dict(cls, data: object, *, where: str = "engine") -> EngineSettings:
        """From the project file's ``engine`` object; unknown keys refused naming them."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise ConfigError(f"'{where}' must be an object with 'name', not {data!r}.")
        unknown = sorted(limits.plain(k) for k in set(data) - set(KEYS))
        if unknown:
            raise ConfigError(
                f"Unknown key(s) in '{where}': {', '.join(unknown[:5])}.",
                hint=f"Known keys: {', '.join(KEYS)}.",
            )
        return cls(**{k: data[k] for k in KEYS if k in data})

    def to_dict(self) -> dict[str, Any]:
        """The project file's ``engine`` object: the options only when set."""
        return {k: v for k, v in super().to_dict().items() if v is not None}


def engine_label(name: str) -> str:
    """How the table is processed, in plain words ("out of memory with DuckDB")."""
    return LABELS.get(name, name)


def chosen_engine(settings: EngineSettings, path: Path | None) -> tuple[str, str | None]:
    """The engine that will process ``path`` and, when ``auto`` chose one, why."""
    from core.engine.choose import choose_engine

    if path is None:
        return "pandas", None
    return choose_engine(settings.name, str(path))


def engine_refusal(settings: ProtectionSettings, name: str) -> str | None:
    """Why ``name`` cannot run these settings (a sentence), or None."""
    if name == "pandas":
        return None
    if settings.method != methods.DEFAULT or settings.identifiers == "pseudonymize":
        label = {"duckdb": "DuckDB", "spark": "Spark"}.get(name, name)
        return (
            f"{label} runs the optimal generalization only, with identifiers removed: "
            "choose that method, or set the engine to pandas (in memory)."
        )
    return None
