"""Protection and assessment settings: what the project file stores and the CLI/GUI edit."""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.errors import ConfigError
from core.results import ResultMixin

PROTECTION_METHODS = ("none", "optimal", "mondrian", "dp-noise", "dp-synthetic")
L_VARIANTS = ("distinct", "entropy", "recursive")
METRICS = ("loss", "discernibility", "aecs", "entropy")
IDENTIFIER_HANDLING = ("remove", "pseudonymize")
PROXY_MODELS = ("rf", "hgb", "logreg", "dp-logreg", "dp-nb", "dp-rf")
ATTACKS = ("reidentification", "membership", "attribute")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER_KINDS = ("integer", "decimal")
DOMAIN_FACTS = ("categories", "may_be_missing", "number")  # with ``bounds``: a DP domain spec


@dataclass(frozen=True)
class ProtectionSettings(ResultMixin):
    """How to protect the table. Fields irrelevant to ``method`` are ignored."""

    method: str = "optimal"
    # k-anonymity family (optimal, mondrian)
    k: int | None = 5
    l: int | None = None
    l_variant: str = "distinct"
    c: float = 3.0
    t: float | None = None
    suppression: float = 0.0
    metric: str = "loss"
    max_nodes: int | None = None  # heuristic search bound; None = exhaustive when feasible
    # direct identifiers
    identifiers: str = "remove"
    # differential privacy (dp-noise, dp-synthetic, dp-* models)
    epsilon: float | None = None
    delta: float = 0.0
    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    rows: int | None = None
    # public facts per column besides its range (DOMAIN_FACTS): {"categories": [...],
    # "may_be_missing": bool, "number": "integer" | "decimal"}
    domain: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_choice("method", self.method, PROTECTION_METHODS)
        _check_choice("l_variant", self.l_variant, L_VARIANTS)
        _check_choice("metric", self.metric, METRICS)
        _check_choice("identifiers", self.identifiers, IDENTIFIER_HANDLING)
        if self.k is not None and self.k < 1:
            raise ConfigError(f"k must be at least 1, not {self.k}.")
        if self.l is not None and self.l < 1:
            raise ConfigError(f"l must be at least 1, not {self.l}.")
        if self.t is not None and not 0 < self.t <= 1:
            raise ConfigError(f"t must lie in (0, 1], not {self.t}.", hint="Try 0.2.")
        if not 0 <= self.suppression < 1:
            raise ConfigError(
                f"The suppression limit must be a fraction in [0, 1), not {self.suppression}.",
                hint="Use 0.05 for 5%.",
            )
        if self.epsilon is not None and not self.epsilon > 0:
            raise ConfigError(f"epsilon must be positive, not {self.epsilon}.")
        if not 0 <= self.delta < 1:
            raise ConfigError(f"delta must lie in [0, 1), not {self.delta}.")
        object.__setattr__(self, "bounds", _numeric_bounds(self.bounds))
        for col, (lo, hi) in self.bounds.items():
            if not lo < hi:
                raise ConfigError(f"Bounds for column '{col}' must satisfy low < high: {lo}:{hi}.")
        object.__setattr__(self, "domain", _domain_facts(self.domain))

    @property
    def is_dp(self) -> bool:
        return self.method.startswith("dp-")

    def to_dict(self) -> dict[str, Any]:
        """The settings as JSON; ``domain`` only when some fact is given, so documents and
        project files without one stay as they were."""
        out = super().to_dict()
        if not self.domain:
            del out["domain"]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProtectionSettings:
        return _from_dict(cls, data, "protection")


@dataclass(frozen=True)
class AssessmentSettings(ResultMixin):
    """How to attack the release: target, sensitive column, proxy model and protocol."""

    target: str | None = None
    sensitive: str | None = None
    model: str = "rf"
    model_epsilon: float | None = None  # for dp-* proxy models
    attacks: tuple[str, ...] = ATTACKS
    member_fraction: float = 0.5
    population_size: int | None = None  # for journalist / marketer risk
    sweep: bool = False
    repeats: int = 1  # rehearsals with seeds seed … seed + repeats − 1, for the spread

    def __post_init__(self) -> None:
        _check_choice("model", self.model, PROXY_MODELS)
        if isinstance(self.repeats, bool) or not isinstance(self.repeats, int) or self.repeats < 1:
            raise ConfigError(
                f"repeats must be a whole number ≥ 1, not {self.repeats!r}.",
                hint="1 runs the rehearsal once; 5 repeats it with 5 seeds to show the spread.",
            )
        for a in self.attacks:
            _check_choice("attack", a, ATTACKS)
        if not 0 < self.member_fraction < 1:
            raise ConfigError(
                f"member_fraction must lie in (0, 1), not {self.member_fraction}.",
                hint="0.5 splits the table in two halves.",
            )

    def to_dict(self) -> dict[str, Any]:
        """The settings as JSON; ``repeats`` only when above 1, so documents and project files
        of a single rehearsal stay as they were (and older Veil versions still read them)."""
        out = super().to_dict()
        if self.repeats == 1:
            del out["repeats"]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AssessmentSettings:
        return _from_dict(cls, data, "assessment")


def date_bound(text: str) -> float:
    """An ISO date as a fractional year (1900-01-01 → 1900.0): the scale dates take in bounds
    and in the assessment's models. Raises ValueError for anything but YYYY-MM-DD."""
    if not ISO_DATE.fullmatch(text.strip()):
        raise ValueError(f"not an ISO date: {text!r}")
    day = datetime.date.fromisoformat(text.strip())
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def _numeric_bounds(bounds: object) -> dict[str, tuple[float, float]]:
    """Bounds as numbers; ISO dates (for date columns) become fractional years."""
    if not isinstance(bounds, Mapping):
        raise ConfigError(f"bounds must map columns to (low, high), not {bounds!r}.")
    out = {}
    for col, pair in bounds.items():
        try:
            lo, hi = pair
            out[str(col)] = (bound_value(lo), bound_value(hi))
        except (TypeError, ValueError):
            raise ConfigError(
                f"Cannot read the bounds of column '{col}': {pair!r}.",
                hint="Give two finite numbers, or two ISO dates for a date column "
                "(e.g. 1900-01-01, 2026-12-31).",
            ) from None
    return out


def bound_value(value: object) -> float:
    """One bound as a finite number: numbers as they are, ISO dates via ``date_bound``."""
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        return date_bound(value)
    if isinstance(value, bool):
        raise TypeError(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _domain_facts(domain: object) -> dict[str, dict[str, Any]]:
    """The public facts per column, checked: categories a non-empty list of distinct texts,
    may_be_missing true or false, number 'integer' or 'decimal'."""
    if not isinstance(domain, Mapping):
        raise ConfigError(f"domain must map columns to their public facts, not {domain!r}.")
    out: dict[str, dict[str, Any]] = {}
    for col, facts in domain.items():
        unknown = sorted(set(facts) - set(DOMAIN_FACTS)) if isinstance(facts, Mapping) else None
        if unknown is None or unknown:
            raise ConfigError(
                f"Cannot read the public facts of column '{col}': {facts!r}.",
                hint=f"Give a mapping with some of: {', '.join(DOMAIN_FACTS)}.",
            )
        checked: dict[str, Any] = {}
        if facts.get("categories") is not None:
            checked["categories"] = category_list(facts["categories"], str(col))
        if facts.get("may_be_missing") is not None:
            if not isinstance(facts["may_be_missing"], bool):
                raise ConfigError(
                    f"may_be_missing of column '{col}' must be true or false, "
                    f"not {facts['may_be_missing']!r}."
                )
            checked["may_be_missing"] = facts["may_be_missing"]
        if facts.get("number") is not None:
            _check_choice(f"number kind of column '{col}'", facts["number"], NUMBER_KINDS)
            checked["number"] = facts["number"]
        if checked:
            out[str(col)] = checked
    return out


def category_list(values: object, column: str) -> tuple[str, ...]:
    """A column's public categories: a non-empty list of distinct, non-blank texts."""
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise ConfigError(
            f"The categories of column '{column}' must be a list of texts, not {values!r}.",
            hint='e.g. ["Female", "Male"].',
        )
    texts = tuple(str(v).strip() for v in values)
    if not texts or any(not t for t in texts):
        raise ConfigError(
            f"The categories of column '{column}' are empty or hold a blank.",
            hint="List every possible value once; leave out blanks (say the column may be "
            "missing instead).",
        )
    repeated = sorted({t for t in texts if texts.count(t) > 1})
    if repeated:
        raise ConfigError(
            f"The categories of column '{column}' repeat {', '.join(repeated)}.",
            hint="List every possible value once.",
        )
    return texts


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(
            f"Unknown {name} '{value}'.", hint=f"Choose one of: {', '.join(choices)}."
        )


def _from_dict(cls: type, data: Mapping[str, Any], section: str) -> Any:
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"Unknown key(s) in '{section}': {', '.join(unknown)}.",
            hint=f"Known keys: {', '.join(sorted(known))}.",
        )
    values = dict(data)
    if "attacks" in values:
        values["attacks"] = tuple(values["attacks"])
    for key in ("epsilon", "model_epsilon"):
        if values.get(key) == "inf":
            values[key] = math.inf
    return cls(**values)
