"""The three traffic lights: re-identification, membership and attribute inference.

Re-identification rests on the released table itself when the document has it (``release``),
else on the attacked table ("after", or "before" when no protection was measured).
Membership and attribute inference rest on the rehearsal's "after" side: the released table
cannot be attacked for membership, as nobody is known to be outside it. Each light states its
threshold with the source behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.report import fmt, spread
from core.report.access import (
    attack_name,
    attacks,
    current,
    get,
    is_dp,
    member_share,
    method,
    real_release,
    rehearsed,
    section,
)
from core.report.document import Level, Light
from core.report.references import cite

PUBLIC_RISK = 0.09  # highest prosecutor risk for public release (EMA, Health Canada)
SHARED_RISK = 0.2  # least strict threshold in El Emam's range, for trusted recipients
ADVANTAGE_LOW = 0.05  # = (e^ε-1)/(e^ε+1) at ε = 0.1
ADVANTAGE_HIGH = 0.10
ATTRIBUTE_LOW = 0.05
ATTRIBUTE_HIGH = 0.20

ATTACK_GLOSS = {
    "threshold": "a model trained on the release is more confident about the people it saw",
    "shadow": "look-alike models teach the attacker how the people a model saw look to it",
    "lira": "each person's score is compared with models that never saw them",
    "distance": "someone holding a person's record finds it, or a near copy, in the release",
}
REID_THRESHOLD = (
    f"Threshold: a highest re-identification (prosecutor) risk {cite('El Emam 2008')} of "
    f"{PUBLIC_RISK} (groups of at least 11) for public release of clinical data "
    f"{cite('EMA 2018', 'Health Canada 2019')}; up to {SHARED_RISK} (groups of at least 5), the "
    f"least strict value used in practice, only for a trusted recipient bound by a data-sharing "
    f"agreement {cite('El Emam 2013')}."
)
MEMBERSHIP_THRESHOLD = (
    f"Threshold: membership advantage (true-positive minus false-positive rate) "
    f"{cite('Yeom 2018')} below {ADVANTAGE_LOW} is treated as negligible — the most a "
    f"differentially private release with ε = 0.1 permits {cite('Kairouz 2015')} — and above "
    f"{ADVANTAGE_HIGH} as high. No regulator has set this cut-off: it is Veil's convention."
)
ATTRIBUTE_THRESHOLD = (
    f"Threshold: attribute risk after the control correction {cite('Giomi 2023')} below "
    f"{ATTRIBUTE_LOW} is treated as negligible and above {ATTRIBUTE_HIGH} as high; Veil's "
    f"convention, as no regulator has set one."
)


def verdicts(assessment: Mapping[str, Any]) -> tuple[Light, Light, Light]:
    """The three lights, in the order the report shows them."""
    return (reidentification(assessment), membership(assessment), attribute(assessment))


def reidentification(a: Mapping[str, Any]) -> Light:
    side, now, before = _reid_figures(a)
    title = "Re-identification"
    if not now:
        return Light(title, Level.NOT_ASSESSED, _not_run("re-identification risk"), REID_THRESHOLD)
    qis = _join(get(now, "qis", default=[])) or "the quasi-identifiers"
    highest = fmt.number(now.get("highest_risk"))
    if is_dp(a) and side == "after":
        sentence = (
            f"{_share(now.get('unique_fraction'), 'released rows', 'is', 'are').capitalize()} "
            f"unique on {qis}, but every row of this differentially private release is noisy or "
            f"synthetic, so a unique row does not reliably point at a real person; the membership "
            f"light is the better guide here."
        )
        return Light(title, Level.NOT_APPLICABLE, sentence, REID_THRESHOLD)
    parts = []
    protected = side == "after" and method(a) != "none"
    if before and protected:
        after_words = _released_words(a) if rehearsed(a) else "after protection"
        parts.append(
            f"Before protection {_share(before.get('unique_fraction'), 'records', 'was', 'were')} "
            f"unique on {qis}; {after_words} "
            f"{_share(now.get('unique_fraction'), 'records', 'is', 'are', none='none is')}."
        )
    else:
        parts.append(
            f"{_share(now.get('unique_fraction'), 'records', 'is', 'are').capitalize()} unique on "
            f"{qis}{'' if protected else ' (no protection was applied)'}."
        )
    if highest is None:
        level = Level.NOT_ASSESSED
    else:
        level = _level(highest, PUBLIC_RISK, SHARED_RISK, inclusive=True)
        parts.append(
            f"The highest risk for any {'released ' if side == 'after' else ''}record is "
            f"{fmt.dec(highest, 2)} ({fmt.one_in(highest)}), {_reid_judgement(level)}."
            + spread.sentence(
                now, "highest_risk", "the highest risk", judge=_reid_level, level=level
            )
        )
    return Light(title, level, " ".join(parts), REID_THRESHOLD)


def _reid_figures(a: Mapping[str, Any]) -> tuple[str, Mapping[str, Any], Mapping[str, Any]]:
    """(side, figures the light rests on, figures before protection).

    The released table's own figures when the document has them, else the attacked table's.
    """
    real = real_release(a)
    if real:
        now = section(real, "reidentification")
        side = "after" if method(a) != "none" else "before"
        return side, now, section(real, "input_reidentification")
    side, now = current(a, "reidentification")
    return side, now, section(a, "before", "reidentification")


def _released_words(a: Mapping[str, Any]) -> str:
    real = real_release(a)
    rows, total = real.get("rows"), get(a, "dataset", "rows")
    if fmt.number(rows) is None:
        return "in the released table"
    of = f" of {fmt.count(total)}" if fmt.number(total) is not None else ""
    return f"in the released table ({fmt.count(rows)}{of} records)"


def _strongest(
    a: Mapping[str, Any], family: str, figure: str
) -> tuple[str, str, Mapping[str, Any]] | None:
    """(side, attack, its figures) of the ``family`` attack with the highest ``figure`` on
    the side the lights judge, or None when none gave one."""
    side, _ = current(a, family)
    found = attacks(a, side, family) if side else {}
    scored = {k: v for k, v in found.items() if fmt.number(v.get(figure)) is not None}
    if not side or not scored:
        return None
    key, best = max(scored.items(), key=lambda kv: fmt.number(kv[1][figure]))
    return side, key, best


def membership(a: Mapping[str, Any]) -> Light:
    title = "Membership inference"
    strongest = _strongest(a, "membership", "advantage")
    if strongest is None:
        return Light(
            title, Level.NOT_ASSESSED, _not_run("membership inference"), MEMBERSHIP_THRESHOLD
        )
    side, key, best = strongest
    adv = fmt.number(best["advantage"])
    null = fmt.number(best.get("null_advantage"))
    chance = null is not None and adv <= null
    level = Level.LOW if chance else _level(adv, ADVANTAGE_LOW, ADVANTAGE_HIGH)
    lead, members = _attacked(a)
    sentence = (
        f"{lead}the strongest attack ({attack_name(key)}: {ATTACK_GLOSS.get(key, 'see Methods')}) "
        f"tells people in {members} from people outside it with an advantage of "
        f"{fmt.with_ci(adv, best.get('advantage_ci'))}"
    )
    sentence = sentence[:1].upper() + sentence[1:]
    if chance:
        sentence += " — no better than guessing."
    else:
        sentence += (
            f": asked about as many people in as out, it would be right "
            f"{fmt.pct(0.5 + adv / 2)} of the time, against 50% by guessing."
        )
    sentence += spread.sentence(
        best, "advantage", "its advantage", judge=None if chance else _advantage_level, level=level
    )
    tpr = fmt.number(get(best, "tpr_at_fpr", "0.01"))
    if tpr is not None and not chance:
        sentence += f" Allowing 1% false alarms, it finds {fmt.pct(tpr)} of the people in it."
    earlier = fmt.number(get(a, "before", "membership", key, "advantage"))
    if side == "after" and earlier is not None:
        sentence += f" Before protection the same attack reached {fmt.dec(earlier)}."
    return Light(title, level, sentence, MEMBERSHIP_THRESHOLD)


def attribute(a: Mapping[str, Any]) -> Light:
    title = "Attribute inference"
    strongest = _strongest(a, "attribute", "risk")
    if strongest is None:
        return Light(
            title, Level.NOT_ASSESSED, _not_run("attribute inference"), ATTRIBUTE_THRESHOLD
        )
    side, key, best = strongest
    risk = fmt.number(best["risk"])
    sensitive = best.get("sensitive") or get(a, "settings", "assessment", "sensitive") or "it"
    level = _level(risk, ATTRIBUTE_LOW, ATTRIBUTE_HIGH)
    lead, members = _attacked(a)
    sentence = (
        f"{lead}knowing a person's quasi-identifiers, the strongest attack ({attack_name(key)}) "
        f"guesses their {sensitive} right for {fmt.pct(best.get('success_members'))} of the people "
        f"in {members} and {fmt.pct(best.get('success_control'))} of people outside it (always "
        f"guessing the most common value: {fmt.pct(best.get('baseline'))}); the part due to the "
        f"release is {fmt.with_ci(risk, best.get('risk_ci'))}."
    )
    sentence += spread.sentence(best, "risk", "that part", judge=_attribute_level, level=level)
    sentence = sentence[:1].upper() + sentence[1:]
    earlier = fmt.number(get(a, "before", "attribute", key, "risk"))
    if side == "after" and earlier is not None:
        sentence += f" Before protection: {fmt.dec(earlier)}."
    return Light(title, level, sentence, ATTRIBUTE_THRESHOLD)


def _attacked(a: Mapping[str, Any]) -> tuple[str, str]:
    """How a sentence opens and names the attacked people: the rehearsal's protected half, or
    the release itself (an assessment without a separate release)."""
    if rehearsed(a):
        share = member_share(a)
        return (
            "In the rehearsal, ",
            f"the protected {share}{'' if share == 'half' else ' of records'}",
        )
    return "", "the release"


def _reid_level(value: float) -> Level:
    return _level(value, PUBLIC_RISK, SHARED_RISK, inclusive=True)


def _advantage_level(value: float) -> Level:
    return _level(value, ADVANTAGE_LOW, ADVANTAGE_HIGH)


def _attribute_level(value: float) -> Level:
    return _level(value, ATTRIBUTE_LOW, ATTRIBUTE_HIGH)


def _level(value: float, low: float, high: float, *, inclusive: bool = False) -> Level:
    if value < low or (inclusive and value <= low):
        return Level.LOW
    if value < high or (inclusive and value <= high):
        return Level.MODERATE
    return Level.HIGH


def _reid_judgement(level: Level) -> str:
    return {
        Level.LOW: f"within the {PUBLIC_RISK} threshold for public release",
        Level.MODERATE: f"above the {PUBLIC_RISK} threshold for public release but within "
        f"{SHARED_RISK} for sharing under a data-sharing agreement",
        Level.HIGH: f"above every usual threshold ({PUBLIC_RISK} public, {SHARED_RISK} shared)",
    }[level]


def _share(fraction: Any, noun: str, singular: str, plural: str, *, none: str | None = None) -> str:
    """0.25 → '1 in 4 records (25.0%) was'; 0.9 → '90.0% of records were'; 0 → 'no record was'."""
    f = fmt.number(fraction)
    if f is None:
        return f"an unknown share of {noun} {plural}"
    if f == 0:
        return none or f"no {noun.split()[-1][:-1]} {singular}"
    if f >= 1:
        return f"all {noun} {plural}"
    if 0.01 <= f <= 0.34:
        return f"{fmt.one_in(f)} {noun} ({fmt.pct(f)}) {singular}"
    return f"{fmt.pct(f)} of {noun} {plural}"


def _join(names: Any) -> str:
    names = [str(n) for n in names] if isinstance(names, list | tuple) else []
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _not_run(what: str) -> str:
    return f"Not measured: {what} was not part of this assessment."
