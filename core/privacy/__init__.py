"""k-anonymity, l-diversity and t-closeness by optimal global recoding or Mondrian."""

from core.privacy.engine import anonymize
from core.privacy.result import AnonymizationResult

__all__ = ["AnonymizationResult", "anonymize"]
