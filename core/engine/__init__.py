"""The engine boundary: the three data-heavy steps of a protect run (frequency table, roll-ups,
release) on pandas, DuckDB or Spark; the search runs on the frequency table in Python.

Names are imported on first use, so that the CLI's parser can read ``ENGINES`` cheaply.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "ENGINES": "core.engine.choose",
    "choose_engine": "core.engine.choose",
    "make_engine": "core.engine.choose",
    "EngineRun": "core.engine.run",
    "protect_file": "core.engine.run",
    "Source": "core.engine.source",
    "describe": "core.engine.source",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'core.engine' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
