"""The lights of the model-extraction and property-inference families.

Both are read on an interval, like the other lights: a family lights MODERATE or worse only
when the lower end of its interval clears the low line, so an attack at chance (pure noise)
stays LOW in at most a few percent of runs (benchmarks/lights.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.report import calibration, fmt
from core.report.access import current, get
from core.report.document import Level, Light

COPY_LOW = 0.5  # copy gain over chance agreement: half-way from chance to a perfect copy
COPY_HIGH = 0.8
GAME_LOW = 0.5  # property game accuracy: chance
GAME_HIGH = 0.75  # right three times in four

EXTRACTION_THRESHOLD = (
    "Threshold: the copy's gain over chance, (agreement − chance) / (1 − chance), where chance "
    "is how often always giving the model's most common answer agrees with it. Its interval's "
    f"lower end below {COPY_LOW} is low, from {COPY_HIGH} on high. Veil's convention: a model "
    "that can be copied this well can be studied offline by anyone who queries it."
)
PROPERTY_THRESHOLD = (
    "Threshold: how often the attacker tells the true share from the shifted one, on "
    "look-alike models it never trained on (chance is 50 %). Low unless the lower end of its "
    f"exact 95 % interval is above {GAME_LOW:.0%}; high when the lower end is at least "
    f"{GAME_HIGH:.0%}. Veil's convention, as no regulator has set one."
)


def extraction_light(a: Mapping[str, Any]) -> Light:
    title = "Model extraction"
    side, found = current(a, "extraction")
    if not found:
        return Light(title, Level.NOT_ASSESSED, _not_run("model extraction"), EXTRACTION_THRESHOLD)
    gain, ci = fmt.number(found.get("copy_gain")), _pair(found.get("copy_gain_interval"))
    probabilities = found.get("stronger") == "probabilities"  # the light rests on that copy
    curves, needed = (
        ("probability_curves", "probability_queries_for") if probabilities
        else ("curves", "queries_for")
    )  # fmt: skip
    pool = (get(found, curves, "pool") or [{}])[-1]
    agree, chance = fmt.number(pool.get("fidelity")), fmt.number(found.get("chance_agreement"))
    n95 = get(found, needed, "0.95")
    reach = (
        f"95 % agreement took about {n95:,} queries"
        if isinstance(n95, int)
        else f"95 % agreement was not reached within {pool.get('queries', 0):,} queries"
    )
    sentence = (
        f"A copy trained on {pool.get('queries', 0):,} of the model's "
        f"{'class probabilities' if probabilities else 'answers'} agrees with it on "
        f"{fmt.pct(agree, 0)} of people neither saw (always giving its most common answer: "
        f"{fmt.pct(chance, 0)}); {reach}."
    )
    if gain is None:
        return Light(title, Level.NOT_APPLICABLE, sentence, EXTRACTION_THRESHOLD)
    level, span = _on_lower_end(gain, ci, COPY_LOW, COPY_HIGH)
    before = fmt.number(get(a, "before", "extraction", "copy_gain")) if side == "after" else None
    return Light(
        title, level, sentence, EXTRACTION_THRESHOLD, span=span, figure="copy gain",
        value=gain, interval=ci, attack="copying the model from its answers",
        attack_key="extraction", knows="records like the population and the model's answers",
        before=before,
    )  # fmt: skip


def property_light(a: Mapping[str, Any]) -> Light:
    title = "Property inference"
    side, found = current(a, "property")
    if not found:
        return Light(title, Level.NOT_ASSESSED, _not_run("property inference"), PROPERTY_THRESHOLD)
    acc = fmt.number(get(found, "game", "accuracy"))
    ci = exact_interval(acc, get(found, "game", "models")) or _pair(get(found, "game", "interval"))
    prop = f"{found.get('column')} = {found.get('value')}"
    sentence = (
        f"Look-alike models told a share of {fmt.pct(found.get('true_share'), 0)} of {prop} "
        f"from {fmt.pct(found.get('shifted_share'), 0)} in {fmt.pct(acc, 0)} of "
        f"{get(found, 'game', 'models')} trials (95 % interval {fmt.pct(ci[0] if ci else None, 0)}"
        f"–{fmt.pct(ci[1] if ci else None, 0)}; chance is 50 %); the attacker's estimate of the "
        f"real share is {fmt.pct(found.get('estimate'), 0)}."
    )
    if acc is None:
        return Light(title, Level.NOT_ASSESSED, sentence, PROPERTY_THRESHOLD)
    level, span = _on_lower_end(acc, ci, GAME_LOW, GAME_HIGH)
    earlier = get(a, "before", "property", "game", "accuracy")
    before = fmt.number(earlier) if side == "after" else None
    return Light(
        title, level, sentence, PROPERTY_THRESHOLD, span=span, figure="game accuracy",
        value=acc, interval=ci, attack=f"guessing the share of {prop}", attack_key="property",
        knows="the model and records like the population", before=before,
    )  # fmt: skip


def exact_interval(accuracy: float | None, models: Any) -> tuple[float, float] | None:
    """Exact (Clopper–Pearson) 95 % interval of the game's accuracy over ``models`` games.
    The game's own Wilson interval lit pure noise in 2.8–6 % of runs at 16–48 models: its
    cross-validated count varies more than a binomial one (benchmarks/lights.py)."""
    if accuracy is None or isinstance(models, bool) or not isinstance(models, int) or models < 1:
        return None
    from scipy.stats import beta

    right = round(accuracy * models)
    lo = float(beta.ppf(0.025, right, models - right + 1)) if right > 0 else 0.0
    hi = float(beta.ppf(0.975, right + 1, models - right)) if right < models else 1.0
    return lo, hi


def _on_lower_end(
    value: float, ci: tuple[float, float] | None, low: float, high: float
) -> tuple[Level, tuple[Level, Level] | None]:
    """Level of the interval's lower end (the line itself counts as below it); span = the
    levels of the two ends when they differ. An interval reaching down to the low line
    cannot be told from chance: LOW, with no range."""
    lo, hi = ci if ci else (value, value)
    lowest = calibration.level_of(lo, low, high, inclusive=True)
    if lowest is Level.LOW:
        return Level.LOW, None
    highest = calibration.level_of(max(hi, value), low, high, inclusive=True)
    return lowest, (lowest, highest) if lowest is not highest else None


def _pair(ci: Any) -> tuple[float, float] | None:
    if isinstance(ci, list | tuple) and len(ci) == 2:
        lo, hi = fmt.number(ci[0]), fmt.number(ci[1])
        if lo is not None and hi is not None:
            return lo, hi
    return None


def _not_run(what: str) -> str:
    return f"No {what} was run (not chosen, or there was no model to attack)."
