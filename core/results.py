"""Turning frozen result dataclasses into plain JSON-ready dictionaries."""

from __future__ import annotations

import dataclasses
import enum
import math
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import numpy as np


def jsonable(value: Any) -> Any:
    """Convert dataclasses, enums, numpy values and containers to JSON types.

    Fields whose metadata has ``serialize=False`` (e.g. DataFrames) are left out.
    NaN becomes None; infinities become the strings "inf" / "-inf".
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("serialize", True)
        }
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        v = float(value)
        if math.isnan(v):
            return None
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    if isinstance(value, str):
        return value
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, Mapping):
        return {str(jsonable(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if value is None:
        return None
    raise TypeError(f"Cannot convert {type(value).__name__} to JSON")


class ResultMixin:
    """Gives a frozen dataclass ``to_dict()``; fields marked ``serialize=False`` are skipped."""

    def to_dict(self) -> dict[str, Any]:
        return jsonable(self)


def not_serialized(**kwargs: Any) -> Any:
    """A dataclass field left out of ``to_dict()`` (for DataFrames and other heavy payloads)."""
    return dataclasses.field(metadata={"serialize": False}, **kwargs)
