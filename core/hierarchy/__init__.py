"""Generalization hierarchies: ARX CSV import/export, builders, and automatic ones."""

from core.hierarchy.auto import auto_hierarchy, guess_kind
from core.hierarchy.builders import (
    categorical_hierarchy,
    date_hierarchy,
    interval_hierarchy,
    masking_hierarchy,
    nice_widths,
    ordinal_hierarchy,
)
from core.hierarchy.keys import MISSING, TOP, value_key
from core.hierarchy.model import Hierarchy

__all__ = [
    "MISSING",
    "TOP",
    "Hierarchy",
    "auto_hierarchy",
    "categorical_hierarchy",
    "date_hierarchy",
    "guess_kind",
    "interval_hierarchy",
    "masking_hierarchy",
    "nice_widths",
    "ordinal_hierarchy",
    "value_key",
]
