"""The engine boundary: the three data-heavy steps of a protect run (frequency table, roll-ups,
release) on pandas, DuckDB or Spark; the search runs on the frequency table in Python."""

from core.engine.choose import ENGINES, choose_engine, make_engine
from core.engine.run import EngineRun, protect_file
from core.engine.source import Source, describe

__all__ = [
    "ENGINES",
    "EngineRun",
    "Source",
    "choose_engine",
    "describe",
    "make_engine",
    "protect_file",
]
