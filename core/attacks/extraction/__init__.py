"""Model extraction (Tramèr et al. 2016; Jagielski et al. 2020): copy a served model from its
answers to queries, and what the copy then reveals."""

from core.attacks.extraction.attack import BUDGETS, ExtractionInputs, extraction_attack
from core.attacks.extraction.result import BudgetPoint, ExtractionResult

__all__ = ["BUDGETS", "BudgetPoint", "ExtractionInputs", "ExtractionResult", "extraction_attack"]
