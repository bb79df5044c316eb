"""Risk and utility metrics with their confidence intervals."""

from core.metrics.intervals import bootstrap_interval, wilson_interval
from core.metrics.reidentification import ReidentificationResult, reidentification
from core.metrics.roc import RocSummary, summarize

__all__ = [
    "ReidentificationResult",
    "RocSummary",
    "bootstrap_interval",
    "reidentification",
    "summarize",
    "wilson_interval",
]
