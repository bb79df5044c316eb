"""Protection and assessment settings: what the project file stores and the CLI/GUI edit."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core import bounds as limits
from core import methods
from core.assessment.families import NAMES as ATTACKS
from core.errors import ConfigError
from core.results import ResultMixin

PROTECTION_METHODS = methods.names()  # at import; core.methods.names() sees later entries
L_VARIANTS = ("distinct", "entropy", "recursive")
METRICS = ("loss", "discernibility", "aecs", "entropy")
IDENTIFIER_HANDLING = ("remove", "pseudonymize")
PROXY_MODELS = ("rf", "hgb", "logreg", "dp-logreg", "dp-nb", "dp-rf")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER_KINDS = ("integer", "decimal")
DOMAIN_FACTS = ("categories", "may_be_missing", "number")  # with ``bounds``: a DP domain spec
ATTACK_SAMPLE = 200_000  # default rows the attacks see on a larger table


@dataclass(frozen=True)
class ProtectionSettings(ResultMixin):
    """How to protect the table. Fields irrelevant to ``method`` are ignored."""

    method: str = methods.DEFAULT
    # k-anonymity (generalization methods)
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
    # differential privacy (DP methods, dp-* models)
    epsilon: float | None = None
    delta: float = 0.0
    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    rows: int | None = None
    # public facts per column besides its range (DOMAIN_FACTS): {"categories": [...],
    # "may_be_missing": bool, "number": "integer" | "decimal"}
    domain: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_choice("method", self.method, methods.names())
        _check_choice("l_variant", self.l_variant, L_VARIANTS)
        _check_choice("metric", self.metric, METRICS)
        _check_choice("identifiers", self.identifiers, IDENTIFIER_HANDLING)
        _check_numbers(self, PROTECTION_NUMBERS)
        object.__setattr__(self, "bounds", _numeric_bounds(self.bounds))
        for col, (lo, hi) in self.bounds.items():
            if not lo < hi:
                raise ConfigError(
                    f"Bounds for column {limits.shown(col)} must satisfy low < high: {lo}:{hi}."
                )
        object.__setattr__(self, "domain", _domain_facts(self.domain))

    @property
    def is_dp(self) -> bool:
        return methods.is_dp(self.method)

    def to_dict(self) -> dict[str, Any]:
        """The settings as JSON; ``domain`` only when some fact is given, so documents and
        project files without one stay as they were."""
        out = super().to_dict()
        if not self.domain:
            del out["domain"]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "") -> ProtectionSettings:
        """From JSON; a wrong number's message names the field as ``where + name``."""
        return _from_dict(cls, data, "protection", where)


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
    sweep_figure: str = "membership"  # the family the sweep measures at each point
    repeats: int = 1  # rehearsals with seeds seed … seed + repeats − 1, for the spread
    # property inference: the share of this value of this column (default: the most frequent
    # value of the sensitive column)
    property_column: str | None = None
    property_value: str | None = None
    # model extraction's query budgets, increasing (None: the default ones, capped at the pool)
    extraction_budgets: tuple[int, ...] | None = None
    # tables with more rows are attacked on a uniform random sample of this many rows
    attack_sample: int = ATTACK_SAMPLE

    def __post_init__(self) -> None:
        _check_choice("model", self.model, PROXY_MODELS)
        _check_numbers(self, ASSESSMENT_NUMBERS)
        _check_optional_text("target", self.target)
        _check_optional_text("sensitive", self.sensitive)
        _check_optional_text("property_column", self.property_column)
        _check_optional_text("property_value", self.property_value)
        if self.property_value is not None and self.property_column is None:
            raise ConfigError(
                "property_value is given without property_column.",
                hint="Name the column too, e.g. --property sex=Female.",
            )
        if not isinstance(self.sweep, bool):
            raise ConfigError(f"sweep must be true or false, not {limits.shown(self.sweep)}.")
        if isinstance(self.attacks, str) or not isinstance(self.attacks, tuple | list):
            raise ConfigError(
                f"attacks must be a list of names, not {limits.shown(self.attacks)}.",
                hint=f"Choose among: {', '.join(ATTACKS)}.",
            )
        object.__setattr__(self, "attacks", tuple(self.attacks))
        for a in self.attacks:
            _check_choice("attack", a, ATTACKS)
        _check_choice("sweep_figure", self.sweep_figure, ATTACKS)
        if self.extraction_budgets is not None:
            object.__setattr__(self, "extraction_budgets", _budgets(self.extraction_budgets))

    def to_dict(self) -> dict[str, Any]:
        """The settings as JSON; ``repeats`` only when above 1, so documents and project files
        of a single rehearsal stay as they were (and older Veil versions still read them);
        ``attack_sample`` likewise only when it is not the default."""
        out = super().to_dict()
        if self.repeats == 1:
            del out["repeats"]
        if self.sweep_figure == "membership":
            del out["sweep_figure"]
        if self.attack_sample == ATTACK_SAMPLE:
            del out["attack_sample"]
        for key in ("property_column", "property_value", "extraction_budgets"):
            if out[key] is None:
                del out[key]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "") -> AssessmentSettings:
        """From JSON; a wrong number's message names the field as ``where + name``."""
        return _from_dict(cls, data, "assessment", where)


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
        raise ConfigError(f"bounds must map columns to (low, high), not {limits.shown(bounds)}.")
    out = {}
    for col, pair in bounds.items():
        try:
            if isinstance(pair, str | bytes | Mapping):
                raise TypeError(pair)
            lo, hi = pair
            if any(isinstance(v, str) and not ISO_DATE.fullmatch(v.strip()) for v in (lo, hi)):
                raise ValueError(pair)
            out[str(col)] = (bound_value(lo), bound_value(hi))
        except (TypeError, ValueError):
            raise ConfigError(
                f"Cannot read the bounds of column {limits.shown(col)}: {limits.shown(pair)}.",
                hint="Give two finite numbers, or two ISO dates for a date column "
                "(e.g. 1900-01-01, 2026-12-31).",
            ) from None
    return out


def bound_value(value: object) -> float:
    """One bound as a finite number: numbers as they are, ISO dates via ``date_bound``."""
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        return date_bound(value)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(value)
    number = float(value)
    if not limits.BOUNDS["bounds"].contains(number):
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


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if not isinstance(value, str) or value not in choices:
        raise ConfigError(
            f"Unknown {name} {limits.shown(value)}.", hint=f"Choose one of: {', '.join(choices)}."
        )


MAX_BUDGET = 1_000_000  # queries; larger budgets are refused (the pool caps them anyway)


def _budgets(value: object) -> tuple[int, ...]:
    """Model extraction's query budgets: whole numbers from 1 to MAX_BUDGET, increasing."""
    hint = "Give increasing whole numbers of queries, e.g. 10,30,100,300,1000."
    if isinstance(value, str) or not isinstance(value, tuple | list) or not value:
        raise ConfigError(
            f"extraction_budgets must be a list of numbers, not {value!r}.", hint=hint
        )
    for b in value:
        if isinstance(b, bool) or not isinstance(b, int) or not 1 <= b <= MAX_BUDGET:
            raise ConfigError(
                f"The query budget {limits.shown(b)} is not a whole number from 1 to "
                f"{MAX_BUDGET:,}.",
                hint=hint,
            )
    if any(b >= c for b, c in itertools.pairwise(value)):
        shown = ", ".join(f"{b:,}" for b in value)
        raise ConfigError(f"The query budgets {shown} do not increase.", hint=hint)
    return tuple(int(b) for b in value)


def _check_optional_text(name: str, value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{name} must be a column name or empty, not {limits.shown(value)}.")


def _check_numbers(settings: object, fields: tuple[tuple[str, bool], ...], where: str = "") -> None:
    """Each (field, optional) checked against ``core.bounds`` and stored normalized."""
    for name, optional in fields:
        value = getattr(settings, name)
        if optional and value is None:
            continue
        object.__setattr__(settings, name, limits.check(name, value, where=where))


def _from_dict(cls: type, data: Mapping[str, Any], section: str, where: str = "") -> Any:
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(limits.plain(k) for k in set(data) - known)
    if unknown:
        raise ConfigError(
            f"Unknown key(s) in '{section}': {', '.join(unknown[:5])}.",
            hint=f"Known keys: {', '.join(sorted(known))}.",
        )
    values = dict(data)
    numbers = PROTECTION_NUMBERS if cls is ProtectionSettings else ASSESSMENT_NUMBERS
    for name, optional in numbers:
        if name in values and not (optional and values[name] is None):
            values[name] = limits.check(name, values[name], where=where)
    return cls(**values)


# (field, may be None): every number of the settings, checked against ``core.bounds``.
PROTECTION_NUMBERS = (("k", True), ("l", True), ("c", False), ("t", True),
                      ("suppression", False), ("max_nodes", True), ("epsilon", True),
                      ("delta", False), ("rows", True))  # fmt: skip
ASSESSMENT_NUMBERS = (("model_epsilon", True), ("member_fraction", False),
                      ("population_size", True), ("repeats", False),
                      ("attack_sample", False))  # fmt: skip
