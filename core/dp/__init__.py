"""Differential privacy through IBM's diffprivlib: noisy release, DP synthetic table, DP proxy
models, the project's budget ledger and the ε sweep.

``release(frame, roles=, settings=)`` is what ``core.protect`` calls for dp-noise and
dp-synthetic; ``core.dp.models.make_dp_model`` builds the DP proxy models;
``core.dp.sweep.epsilon_sweep`` runs a release at several ε.
"""

from core.dp.ledger import BudgetLedger, Spend
from core.dp.release import release
from core.dp.result import DPResult, MechanismRecord

__all__ = ["BudgetLedger", "DPResult", "MechanismRecord", "Spend", "release"]
