"""The three traffic lights: re-identification, membership and attribute inference.

Re-identification rests on the released table itself when the document has it (``release``),
else on the attacked table ("after", or "before" when no protection was measured).
Membership and attribute inference rest on the rehearsal's "after" side: the released table
cannot be attacked for membership, as nobody is known to be outside it. Each light states its
threshold with the source behind it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from core import methods
from core.report import calibration, fmt, spread
from core.report.access import (
    attack_name,
    current,
    member_share,
    method,
    section,
)
from core.report.document import Level, Light
from core.report.references import cite
from core.report.views import AssessmentDoc, Reidentification
from core.report.views import Attribute as AttributeView
from core.report.views import Membership as MembershipView

PUBLIC_RISK = 0.09  # highest prosecutor risk for public release (EMA, Health Canada)
SHARED_RISK = 0.2  # least strict threshold in El Emam's range, for trusted recipients
ADVANTAGE_LOW = 0.05  # = (e^ε-1)/(e^ε+1) at ε = 0.1
ADVANTAGE_HIGH = 0.10
ATTRIBUTE_LOW = 0.05
ATTRIBUTE_HIGH = 0.20

NEAR_EMPTY_ROWS = 10  # fewer released rows than this is "nothing useful was released"
NEAR_EMPTY = 0.01  # …and so is less than 1% of the input records

PLAIN_NAMES = {
    "threshold": "model confidence",
    "shadow": "look-alike models",
    "lira": "per-person look-alike models",
    "distance": "closest record",
    "domias": "denser than the population",
    "tapas": "re-running the protection",
    "linkage": "group matching",
    "ml": "learned guess",
    "inversion": "model reversal",
}
KNOWS = {
    "threshold": "a person's record and a model trained on the release",
    "shadow": "a person's record, a model trained on the release and similar records",
    "lira": "a person's record, a model trained on the release and similar records",
    "distance": "a person's record and the released table",
    "domias": "a person's record, the released table and similar records",
    "tapas": "a person's record, the released table, similar records and how it was protected",
    "inversion": "every other column of a person's record and the model's prediction for them",
}
ATTACK_GLOSS = {
    "threshold": "a model trained on the release is more confident about the people it saw",
    "shadow": "look-alike models teach the attacker how the people a model saw look to it",
    "lira": "each person's score is compared with models that never saw them",
    "distance": "someone holding a person's record finds it, or a near copy, in the release",
    "domias": "the release is more crowded around a person than the population is",
    "tapas": "the attacker protects similar records the same way and learns what a person's "
    "presence leaves in the output",
}
REID_THRESHOLD = (
    f"Threshold: a highest chance of picking a person out of the table {cite('El Emam 2008')} "
    f"of {PUBLIC_RISK} (groups of at least 11) for public release of clinical data "
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
    a = AssessmentDoc.of(assessment)
    return (reidentification(a), membership(a), attribute(a))


def release_lights(assessment: Mapping[str, Any]) -> tuple[Light, ...]:
    """The lights the release gate weighs: the three verdicts, and the light of each family
    that attacks the released table itself (``Family.gates_release``) when it ran."""
    from core.assessment.families import FAMILIES

    a = AssessmentDoc.of(assessment)
    ran = [fam.load("light") for fam in FAMILIES if fam.gates_release and a.sides(fam.name)]
    return (*verdicts(a), *(light(a) for light in ran))


def reidentification(assessment: Mapping[str, Any]) -> Light:
    a = AssessmentDoc.of(assessment)
    side, now, before = _reid_figures(a)
    title = "Re-identification"
    empty = _empty_release(a, attacked=False)
    if empty:
        return _nothing(title, empty, REID_THRESHOLD)
    if not now:
        return Light(title, Level.NOT_ASSESSED, _not_run("re-identification risk"), REID_THRESHOLD)
    qis = _join(now.qis or []) or "the quasi-identifiers"
    highest, ci, runs = spread.basis(now, "highest_risk")
    if a.is_dp and side == "after":
        sentence = (
            f"{_share(now.unique_fraction, 'released rows', 'is', 'are').capitalize()} "
            f"unique on {qis}, but every row of this differentially private release is noisy or "
            f"synthetic, so a unique row does not reliably point at a real person; the membership "
            f"light is the better guide here."
        )
        return Light(title, Level.NOT_APPLICABLE, sentence, REID_THRESHOLD)
    parts = []
    protected = side == "after" and a.method != methods.NONE
    if before and protected:
        after_words = _released_words(a) if a.rehearsed else "after protection"
        parts.append(
            f"Before protection {_share(before.unique_fraction, 'records', 'was', 'were')} "
            f"unique on {qis}; {after_words} "
            f"{_share(now.unique_fraction, 'records', 'is', 'are', none='none is')}."
        )
    else:
        parts.append(
            f"{_share(now.unique_fraction, 'records', 'is', 'are').capitalize()} unique on "
            f"{qis}{'' if protected else ' (no protection was applied)'}."
        )
    if highest is None:
        return Light(title, Level.NOT_ASSESSED, " ".join(parts), REID_THRESHOLD)
    level, span = calibration.decide(highest, ci, PUBLIC_RISK, SHARED_RISK, inclusive=True)
    parts.append(_reid_highest(now, side, highest, ci, runs, level) + _range_words(span, ci))
    earlier = fmt.number(before.highest_risk) if before and protected else None
    return Light(
        title,
        level,
        " ".join(parts),
        REID_THRESHOLD,
        span=span,
        figure="highest risk",
        value=highest,
        interval=_ci(ci),
        runs=runs,
        attack="picking a person out by their " + qis,
        knows=f"a person's {qis}",
        before=earlier,
    )


def _reid_highest(
    now: Mapping[str, Any], side: str, highest: float, ci: Any, runs: int, level: Level
) -> str:
    """The highest risk in words: the first run's, or the mean across repeated rehearsals."""
    record = f"The highest risk for any {'released ' if side == 'after' else ''}record"
    judged = _reid_judgement(_reid_level(highest))
    if runs < 2:
        return (
            f"{record} is {fmt.dec(highest, 2)} ({fmt.one_in(highest)}), {judged}."
            + spread.sentence(
                now, "highest_risk", "the highest risk", judge=_reid_level, level=level
            )
        )
    s = spread.stats(now, "highest_risk")
    if fmt.number(s["min"]) == fmt.number(s["max"]):
        return (
            f"{record} was {fmt.dec(highest, 2)} ({fmt.one_in(highest)}) in each of {runs} "
            f"rehearsals, {judged}."
        )
    return (
        f"{record} averaged {fmt.with_ci(highest, ci, 2)}"
        f"{spread.across(now, 'highest_risk', runs, 2)}, {judged}."
    )


def _reid_figures(a: AssessmentDoc) -> tuple[str, Reidentification, Reidentification]:
    """(side, figures the light rests on, figures before protection).

    The released table's own figures when the document has them, else the attacked table's.
    """
    real = a.real_release
    if real:
        side = "after" if a.method != methods.NONE else "before"
        return side, real.reidentification, real.input_reidentification
    side = a.current("reidentification")
    return side, a.side(side).reidentification, a.before.reidentification


def _released_words(a: AssessmentDoc) -> str:
    rows, total = a.real_release.rows, a.dataset.rows
    if fmt.number(rows) is None:
        return "in the released table"
    of = f" of {fmt.count(total)}" if fmt.number(total) is not None else ""
    return f"in the released table ({fmt.count(rows)}{of} records)"


def _judged(a: AssessmentDoc, family: str) -> tuple[str, dict[str, Mapping[str, Any]]]:
    """(side, attacks) the light judges: after protection; before only when no protection was
    applied (an attack missing after protection is never replaced by the unprotected figures)."""
    side = a.current(family)
    if side == "before" and a.method != methods.NONE:
        return "", {}
    return side, a.side(side).family(family) if side else {}


def _num(res: Mapping[str, Any], figure: str) -> float:
    """A figure already known to be a number (``_scored``): its mean across repeated
    rehearsals when they measured it, else the first run's."""
    return float(spread.basis(res, figure)[0] or 0.0)


def _scored(found: Mapping[str, Mapping[str, Any]], figure: str) -> dict[str, Mapping[str, Any]]:
    return {k: v for k, v in found.items() if fmt.number(v.get(figure)) is not None}


def _empty_release(a: AssessmentDoc, *, attacked: bool) -> str | None:
    """The verdict for an empty or near-empty release (``attacked``: the table the attacks
    ran on, else the released one), or None when the release holds enough rows."""
    table = a.rehearsal_release if attacked and a.rehearsed else a.release
    rows, total = fmt.number(table.rows), fmt.number(a.dataset.rows)
    if rows is None or (rows >= NEAR_EMPTY_ROWS and (not total or rows >= total * NEAR_EMPTY)):
        return None
    which = "the rehearsal's protected table" if attacked and a.rehearsed else "the release"
    of = f" of {fmt.count(total)} input records" if total else ""
    return (
        f"Nothing useful was released: {which} holds {fmt.count(rows)} rows{of}. There is "
        f"nothing to attack, and nothing to use: protect with other settings (for differential "
        f"privacy, a larger ε or a stated number of rows) and assess again."
    )


def _nothing(title: str, sentence: str, threshold: str) -> Light:
    return Light(title, Level.NOTHING_RELEASED, sentence, threshold)


def membership(assessment: Mapping[str, Any]) -> Light:
    a = AssessmentDoc.of(assessment)
    title = "Membership inference"
    empty = _empty_release(a, attacked=True)
    if empty:
        return _nothing(title, empty, MEMBERSHIP_THRESHOLD)
    side, found = _judged(a, "membership")
    scored = _scored(found, "advantage")
    if not scored:
        return Light(
            title, Level.NOT_ASSESSED, _not_run("membership inference"), MEMBERSHIP_THRESHOLD
        )
    lines = {k: _family_line(a, v, len(scored)) for k, v in scored.items()}
    real = {k: v for k, v in scored.items() if lines[k] is None or _num(v, "advantage") > lines[k]}
    if not real:
        return _membership_noise(a, side, scored, lines)
    key = max(
        real,
        key=lambda k: (_lower(real[k], "advantage_ci", "advantage"), _num(real[k], "advantage")),
    )
    return _membership_leak(a, side, key, real[key], found)


def _family_line(a: AssessmentDoc, res: MembershipView, attacks: int) -> float | None:
    """The advantage pure noise reaches for this attack, corrected for taking the strongest."""
    null = fmt.number(res.null_advantage)
    if null is None:
        p = fmt.number(res.n_members) or fmt.number(a.split.evaluation_members)
        q = fmt.number(res.n_non_members) or fmt.number(a.split.evaluation_non_members)
        if not p or not q:
            return None
        null = calibration.ks_null_advantage(int(p), int(q))
    return calibration.family_threshold(null, attacks)


def _lower(res: Mapping[str, Any], ci_key: str, figure: str) -> float:
    value, ci, _ = spread.basis(res, figure, ci_key)
    value = value or 0.0
    if isinstance(ci, list | tuple) and len(ci) == 2 and fmt.number(ci[0]) is not None:
        return min(fmt.number(ci[0]), value)
    return value


def _membership_noise(
    a: AssessmentDoc,
    side: str,
    scored: Mapping[str, Mapping[str, Any]],
    lines: Mapping[str, float | None],
) -> Light:
    """No attack beat what random scores reach: LOW, or TOO_FEW when the table is too small
    to tell an advantage at the low line from noise."""
    key = max(scored, key=lambda k: _num(scored[k], "advantage"))
    best, floor = scored[key], max(v for v in lines.values() if v is not None)
    adv, ci, runs = spread.basis(best, "advantage", "advantage_ci")
    lead, members = _attacked(a)
    said = (
        f"the strongest attack ({plain_name(key)}) reached an {_averaging(runs, 'average ')}"
        f"advantage of {fmt.with_ci(adv, ci)}{spread.across(best, 'advantage', runs)}, "
        f"which random guessing about this many people also reaches"
    )
    if floor > ADVANTAGE_LOW:
        level = Level.TOO_FEW
        sentence = (
            f"{lead}too few records to measure below an advantage of {fmt.dec(floor, 2)}: "
            f"{said}. A leak that small could not be told apart from chance, yet from "
            f"{ADVANTAGE_LOW} on it counts as moderate: a larger table is needed to rule it out."
        )
    else:
        level = Level.LOW
        sentence = f"{lead}no attack told people in {members} from people outside it: {said}."
    sentence = _cap(sentence) + _before(a, side, key, "membership", "advantage")
    return Light(
        "Membership inference",
        level,
        sentence,
        MEMBERSHIP_THRESHOLD,
        figure="advantage",
        value=adv,
        interval=_ci(ci),
        runs=runs,
        attack=plain_name(key),
        attack_key=key,
        knows=KNOWS.get(key, ""),
        **_before_fields(a, side, key, "membership", "advantage"),
    )


def _membership_leak(
    a: AssessmentDoc,
    side: str,
    key: str,
    best: Mapping[str, Any],
    found: Mapping[str, Mapping[str, Any]],
) -> Light:
    adv, ci, runs = spread.basis(best, "advantage", "advantage_ci")
    level, span = calibration.decide(adv, ci, ADVANTAGE_LOW, ADVANTAGE_HIGH)
    lead, members = _attacked(a)
    sentence = _cap(
        f"{lead}the strongest attack ({plain_name(key)}: {ATTACK_GLOSS.get(key, 'see Methods')}) "
        f"tells people in {members} from people outside it with an "
        f"{_averaging(runs, 'average ')}advantage of {fmt.with_ci(adv, ci)}"
        f"{spread.across(best, 'advantage', runs)}: asked about as many people in as out, "
        f"it would be right {fmt.pct(0.5 + adv / 2)} of the time, against 50% by guessing."
    )
    sentence += _range_words(span, ci)
    if runs < 2:
        sentence += spread.sentence(
            best, "advantage", "its advantage", judge=_advantage_level, level=level
        )
    sentence += _tpr_words(best, runs)
    sentence += _before(a, side, key, "membership", "advantage")
    return Light(
        "Membership inference",
        level,
        sentence,
        MEMBERSHIP_THRESHOLD,
        span=span,
        figure="advantage",
        value=adv,
        interval=_ci(ci),
        runs=runs,
        attack=plain_name(key),
        attack_key=key,
        knows=KNOWS.get(key, ""),
        **_before_fields(a, side, key, "membership", "advantage"),
    )


def _averaging(runs: int, word: str = "on average ") -> str:
    return word if runs > 1 else ""


def _tpr_words(best: MembershipView, runs: int) -> str:
    """How many members the attack finds allowing 1% false alarms (on average, when repeated)."""
    mean = fmt.number(spread.stats(best, "tpr_at_fpr", "0.01").get("mean")) if runs > 1 else None
    tpr = mean if mean is not None else fmt.number(best.tpr_at("0.01"))
    if tpr is None:
        return ""
    return (
        f" Allowing 1% false alarms, it finds {_averaging(runs if mean is not None else 1)}"
        f"{fmt.pct(tpr)} of the people in it "
        f"({'about what guessing finds' if tpr <= 0.02 else 'guessing finds 1%'})."
    )


def attribute(assessment: Mapping[str, Any]) -> Light:
    a = AssessmentDoc.of(assessment)
    title = "Attribute inference"
    empty = _empty_release(a, attacked=True)
    if empty:
        return _nothing(title, empty, ATTRIBUTE_THRESHOLD)
    side, found = _judged(a, "attribute")
    scored = _scored(found, "risk")
    if not scored:
        return Light(
            title, Level.NOT_ASSESSED, _not_run("attribute inference"), ATTRIBUTE_THRESHOLD
        )
    beating = {k: v for k, v in scored.items() if _beats_guessing(v)}
    pool = beating or scored
    key = max(pool, key=lambda k: (_lower(pool[k], "risk_ci", "risk"), _num(pool[k], "risk")))
    best = pool[key]
    risk, ci, runs = spread.basis(best, "risk", "risk_ci")
    if beating:
        level, span = calibration.decide(risk, ci, ATTRIBUTE_LOW, ATTRIBUTE_HIGH)
    else:
        level, span = Level.LOW, None
    sensitive = best.sensitive or a.settings.assessment.sensitive or "it"
    lead, members = _attacked(a)
    knows = _knows(a, key)
    members_hit = spread.basis(best, "success_members")[0] if runs > 1 else None
    control_hit = spread.basis(best, "success_control")[0] if runs > 1 else None
    sentence = _cap(
        f"{lead}knowing {knows}, the strongest attack ({plain_name(key)}) guesses their "
        f"{sensitive} right {_averaging(runs)}for "
        f"{fmt.pct(best.success_members if members_hit is None else members_hit)} of the "
        f"people in {members} and "
        f"{fmt.pct(best.success_control if control_hit is None else control_hit)} of "
        f"people outside it (always guessing the most common value: "
        f"{fmt.pct(best.baseline)}); the part due to the release "
        f"{'averaged' if runs > 1 else 'is'} {fmt.with_ci(risk, ci)}"
        f"{spread.across(best, 'risk', runs)}"
    )
    if beating:
        sentence += "." + _range_words(span, ci)
    else:
        sentence += (
            " — no attack does better than always guessing the most common value once chance "
            "is allowed for."
        )
    if runs < 2:
        sentence += spread.sentence(best, "risk", "that part", judge=_attribute_level, level=level)
    sentence += _before(a, side, key, "attribute", "risk")
    return Light(
        title,
        level,
        sentence,
        ATTRIBUTE_THRESHOLD,
        span=span,
        figure="risk",
        value=risk,
        interval=_ci(ci),
        runs=runs,
        attack=plain_name(key),
        attack_key=key,
        knows=knows,
        **_before_fields(a, side, key, "attribute", "risk"),
    )


def _beats_guessing(res: AttributeView) -> bool:
    """The attack beats people outside the release (the risk interval's lower end is above 0)
    and always guessing the most common value (its success interval's lower end is above it)."""
    success, ci, _ = spread.basis(res, "success_members", "success_members_ci")
    baseline = fmt.number(res.baseline)
    if success is not None and baseline is not None:
        ci = _ci(ci)
        if (ci[0] if ci else success) <= baseline:
            return False
    return _lower(res, "risk_ci", "risk") > 0


def _knows(a: AssessmentDoc, key: str) -> str:
    if key in ("linkage", "ml"):
        qis = _join(a.after.reidentification.qis or [])
        return f"a person's {qis}" if qis else "a person's quasi-identifiers"
    return KNOWS.get(key, "a person's other columns")


def _range_words(span: tuple[Level, Level] | None, ci: Any) -> str:
    if span is None:
        return ""
    lowest, highest = span[0].value, span[1].value
    return (
        f" The interval {fmt.interval(ci)} reaches from {lowest} to {highest} risk, so the light "
        f"says \u201c{lowest} to {highest}\u201d."
    )


def _before_fields(
    a: AssessmentDoc, side: str, key: str, family: str, figure: str
) -> dict[str, Any]:
    if side != "after":
        return {}
    same = spread.basis(a.before.family(family).get(key, {}), figure)[0]
    scored = _scored(a.before.family(family), figure)
    top = max(scored, key=lambda k: _num(scored[k], figure)) if scored else None
    strongest = (plain_name(top), _num(scored[top], figure)) if top else None
    return {"before": same, "strongest_before": strongest}


def _before(a: AssessmentDoc, side: str, key: str, family: str, figure: str) -> str:
    """Before protection: the same attack, and the strongest one when that was another."""
    fields = _before_fields(a, side, key, family, figure)
    same, strongest = fields.get("before"), fields.get("strongest_before")
    words = []
    if same is not None:
        words.append(f"the same attack reached {fmt.dec(same)}")
    if strongest and strongest[0] != plain_name(key) and (same is None or strongest[1] > same):
        words.append(f"the strongest then ({strongest[0]}) reached {fmt.dec(strongest[1])}")
    runs = spread.basis(a.before.family(family).get(key, {}), figure)[2]
    when = " (mean across the rehearsals)" if runs > 1 else ""
    return f" Before protection{when}, {' and '.join(words)}." if words else ""


def _ci(ci: Any) -> tuple[float, float] | None:
    if not isinstance(ci, list | tuple) or len(ci) != 2:
        return None
    lo, hi = fmt.number(ci[0]), fmt.number(ci[1])
    return None if lo is None or hi is None else (lo, hi)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def plain_name(key: str) -> str:
    """An attack's name in plain words (the technical name is in the glossary)."""
    return PLAIN_NAMES.get(key) or attack_name(key)


def _attacked(a: AssessmentDoc) -> tuple[str, str]:
    """How a sentence opens and names the attacked people: the rehearsal's protected half, or
    the release itself (an assessment without a separate release)."""
    if a.rehearsed:
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


_level = calibration.level_of


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


RECONSTRUCTION_THRESHOLD = (
    f"Threshold: as for attribute inference, the worst column's risk after the control "
    f"correction {cite('Giomi 2023')} below {ATTRIBUTE_LOW} is treated as negligible and above "
    f"{ATTRIBUTE_HIGH} as high; a column counts only when people in the release are recovered "
    f"more often than people outside it beyond chance, allowing for the number of columns tried. "
    f"Veil's convention, as no regulator has set one."
)


def reconstruction(assessment: Mapping[str, Any]) -> Light:
    """Record reconstruction: the worst column among those recovered beyond chance."""
    a = AssessmentDoc.of(assessment)
    title = "Record reconstruction"
    empty = _empty_release(a, attacked=True)
    if empty:
        return _nothing(title, empty, RECONSTRUCTION_THRESHOLD)
    side, found = current(a, "reconstruction")
    columns = {
        c: r
        for c, r in section(found, "columns").items()
        if isinstance(r, Mapping) and fmt.number(r.get("risk")) is not None
    }
    if not columns or (side == "before" and method(a) != "none"):
        return Light(
            title, Level.NOT_ASSESSED, _not_run("record reconstruction"), RECONSTRUCTION_THRESHOLD
        )
    real = {c: r for c, r in columns.items() if beats_control(r, len(columns))}
    lead, members = _attacked(a)
    qis = _join(found.get("qis")) or "quasi-identifiers"
    said = _cap(
        f"{lead}knowing a person's {qis}, the attacker filled in the rest of their record from "
        f"the release: on average {fmt.pct(found.get('share_members'))} of the other columns of "
        f"a person in {members} came out right, against {fmt.pct(found.get('share_control'))} "
        f"for people outside it"
    )
    fields = {"figure": "risk", "attack": "filling in the rest of a record", "knows": qis}
    if not real:
        top = max(columns.values(), key=lambda r: _num(r, "risk"))
        sentence = (
            f"{said}; no column was recovered more often for people in it than chance allows."
        )
        return Light(
            title, Level.LOW, sentence, RECONSTRUCTION_THRESHOLD, value=_num(top, "risk"), **fields
        )
    col = max(real, key=lambda c: (_lower(real[c], "risk_ci", "risk"), _num(real[c], "risk")))
    best = real[col]
    risk, ci = _num(best, "risk"), best.get("risk_ci")
    level, span = calibration.decide(risk, ci, ATTRIBUTE_LOW, ATTRIBUTE_HIGH)
    sentence = (
        f"{said}. The column most at risk, {col}, is recovered for "
        f"{fmt.pct(best.get('recovered_members'))} of the people in {members} and "
        f"{fmt.pct(best.get('recovered_control'))} of people outside it (guessing from the whole "
        f"population: {fmt.pct(best.get('baseline'))}); the part due to the release is "
        f"{fmt.with_ci(risk, ci)}." + _range_words(span, ci)
    )
    return Light(
        title, level, sentence, RECONSTRUCTION_THRESHOLD, span=span, value=risk,
        interval=_ci(ci), **fields,
    )  # fmt: skip


def beats_control(res: Mapping[str, Any], columns: int) -> bool:
    """Members recovered more often than the control in a one-sided two-proportion z-test with
    continuity correction at calibration.ALPHA / ``columns`` (Bonferroni over the columns)."""
    from statistics import NormalDist

    n_m, n_c = fmt.number(res.get("n_members")) or 0, fmt.number(res.get("n_control")) or 0
    s_m = fmt.number(res.get("recovered_members")) or 0.0
    s_c = fmt.number(res.get("recovered_control")) or 0.0
    if not n_m or not n_c:
        return False
    pooled = (s_m * n_m + s_c * n_c) / (n_m + n_c)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_m + 1 / n_c))
    if se == 0:
        return s_m > s_c
    gap = s_m - s_c - (1 / n_m + 1 / n_c) / 2
    return gap / se > NormalDist().inv_cdf(1 - calibration.ALPHA / max(columns, 1))
