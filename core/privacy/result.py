"""What an anonymization returns: the released table and a JSON-ready summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from core.results import ResultMixin, not_serialized

if TYPE_CHECKING:
    import pandas as pd

SIZE_BINS = ((1, 1), (2, 2), (3, 4), (5, 9), (10, 19), (20, 49), (50, None))


@dataclass(frozen=True)
class AnonymizationResult(ResultMixin):
    """The protected table (``data``, suppressed rows removed) and how it was obtained.

    ``transformation`` maps each QI to its generalization level (0 = original values; empty
    for Mondrian's local recoding). ``info_loss`` holds every metric; ``metric`` is the one
    optimized. ``optimal`` is True when the search proved optimality; otherwise
    ``loss_bound`` is the best value any transformation could reach (unknown: None).
    """

    data: pd.DataFrame = not_serialized()
    method: str = "optimal"
    qis: tuple[str, ...] = ()
    sensitive: str | None = None
    transformation: dict[str, int] = field(default_factory=dict)
    max_levels: dict[str, int] = field(default_factory=dict)
    hierarchy_sources: dict[str, str] = field(default_factory=dict)
    k: int = 1
    l: int | None = None
    l_variant: str | None = None
    c: float | None = None
    t: float | None = None
    t_distance: str | None = None
    suppression_limit: float = 0.0
    metric: str = "loss"
    rows_in: int = 0
    rows_out: int = 0
    suppressed_records: int = 0
    equivalence_classes: int = 0
    min_class_size: int = 0
    avg_class_size: float = 0.0
    max_class_size: int = 0
    class_size_histogram: dict[str, list] = field(default_factory=dict)
    info_loss: dict[str, float] = field(default_factory=dict)
    nodes_evaluated: int = 0  # lattice nodes checked (Mondrian: candidate cuts checked)
    lattice_size: int | None = None  # None for Mondrian (no lattice)
    search: str = "exact"
    optimal: bool = True
    loss_bound: float | None = None
    elapsed_seconds: float = 0.0
    warnings: tuple[str, ...] = ()


def class_summary(sizes: np.ndarray) -> dict[str, object]:
    """Count, min/avg/max size and a histogram (classes and records per size bin)."""
    sizes = np.asarray(sizes, dtype=np.int64)
    labels, classes, records = [], [], []
    for low, high in SIZE_BINS:
        in_bin = sizes >= low if high is None else (sizes >= low) & (sizes <= high)
        labels.append(f"{low}+" if high is None else str(low) if low == high else f"{low}-{high}")
        classes.append(int(in_bin.sum()))
        records.append(int(sizes[in_bin].sum()))
    return {
        "equivalence_classes": int(sizes.size),
        "min_class_size": int(sizes.min()) if sizes.size else 0,
        "avg_class_size": float(sizes.mean()) if sizes.size else 0.0,
        "max_class_size": int(sizes.max()) if sizes.size else 0,
        "class_size_histogram": {"labels": labels, "classes": classes, "records": records},
    }
