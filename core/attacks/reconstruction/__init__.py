"""Record reconstruction: recover the rest of a record from its quasi-identifiers."""

from core.attacks.reconstruction.guess import reconstruct
from core.attacks.reconstruction.result import (
    TOLERANCE,
    ColumnRecovery,
    Hits,
    ReconstructionResult,
    reconstruction_result,
)

__all__ = [
    "TOLERANCE",
    "ColumnRecovery",
    "Hits",
    "ReconstructionResult",
    "reconstruct",
    "reconstruction_result",
]
