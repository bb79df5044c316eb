"""Differential privacy through IBM's diffprivlib: noisy release, DP synthetic table, DP proxy
models, the project's budget ledger and the ε sweep.

``release(frame, roles=, settings=)`` is what ``core.protect`` calls for dp-noise and
dp-synthetic; ``core.dp.models.make_dp_model`` builds the DP proxy models;
``core.dp.sweep.epsilon_sweep`` runs a release at several ε.

Importing the package (or ``core.dp.domains``, ``core.dp.result``) is cheap: diffprivlib and
scikit-learn load only when a name below that needs them is first used (PEP 562), so no
thread holds the package's import lock while they load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.dp.engine import release
    from core.dp.ledger import BudgetLedger, Spend
    from core.dp.result import DPResult, MechanismRecord

__all__ = ["BudgetLedger", "DPResult", "MechanismRecord", "Spend", "release"]


def __getattr__(name: str) -> Any:
    if name == "release":
        from core.dp.engine import release as value
    elif name in ("BudgetLedger", "Spend"):
        from core.dp import ledger

        value = getattr(ledger, name)
    elif name in ("DPResult", "MechanismRecord"):
        from core.dp import result

        value = getattr(result, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
