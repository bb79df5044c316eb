"""Attribute inference before vs after: success vs baseline, and the control-corrected risk."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.report import fmt, spread
from core.report.access import attack_name, by_attack, rehearsal_sentence
from core.report.document import Chart, Paragraph, Section, Table, blocks
from core.report.references import cite
from core.report.verdict import ATTRIBUTE_HIGH, ATTRIBUTE_LOW
from core.report.views import AssessmentDoc, Attribute


def attribute_section(assessment: Mapping[str, Any]) -> Section | None:
    a = AssessmentDoc.of(assessment)
    present = a.sides("attribute")
    if not present:
        return None
    found = {s: a.side(s).attribute for s in present}
    sensitive = next(
        (r.sensitive for side in found.values() for r in side.values() if r.sensitive),
        a.settings.assessment.sensitive or "the sensitive column",
    )
    return Section(
        "Attribute inference",
        blocks(
            Paragraph(
                f"Knowing a person's quasi-identifiers, can an attacker learn their {sensitive}? "
                "Each attack is tried on people in the release and, as a control, on people "
                "held back: whatever it also guesses right about people outside the release is "
                "general knowledge, not a leak. The risk keeps only the part due to the release: "
                "(success in the release − success outside) / (1 − success outside) "
                f"{cite('Giomi 2023')}." + (f" {rehearsal_sentence(a)}" if a.rehearsed else "")
            ),
            _chart(found),
            _table(found, spread.runs(a)),
        ),
    )


def _chart(found: Mapping[str, Mapping[str, Attribute]]) -> Chart | None:
    names = list(dict.fromkeys(k for side in found.values() for k in side))
    complete = [
        k
        for k in names
        if all(
            fmt.number(getattr(found[s].get(k, Attribute()), f)) is not None
            for s in found
            for f in ("success_members", "success_control", "risk")
        )
    ]
    if not complete:
        return None
    data: dict[str, Any] = {
        "attacks": [attack_name(k) for k in complete],
        "baseline": [_baseline(found, k) for k in complete],
        "thresholds": [ATTRIBUTE_LOW, ATTRIBUTE_HIGH],
    }
    for side, res in found.items():
        data[side] = {
            "success": [fmt.number(res[k].success_members) for k in complete],
            "control": [fmt.number(res[k].success_control) for k in complete],
            "risk": [fmt.number(res[k].risk) for k in complete],
            "risk_ci": [_ci(res[k]) for k in complete],
        }
    return Chart(
        "attribute",
        data,
        caption="Left: how often each attack guesses right for people in the release (bars), for "
        "people outside it (circles), and by always guessing the most common value (black "
        f"line). Right: the risk due to the release, with its 95% interval {cite('Wilson 1927')}; "
        f"dotted lines mark {ATTRIBUTE_LOW} and {ATTRIBUTE_HIGH}.",
        alt="Bar charts of attribute-attack success against the baseline, and of the "
        "control-corrected risk with intervals, before and after protection.",
        aspect=0.2 + 0.08 * len(complete),
    )


def _baseline(found: Mapping[str, Mapping[str, Attribute]], key: str) -> float:
    values = [fmt.number(side[key].baseline) for side in found.values() if key in side]
    return next((v for v in values if v is not None), 0.0)


def _ci(res: Attribute) -> list[float]:
    ci = res.risk_ci
    risk = fmt.number(res.risk)
    if isinstance(ci, list | tuple) and len(ci) == 2 and None not in map(fmt.number, ci):
        return [fmt.number(ci[0]), fmt.number(ci[1])]
    return [risk, risk]


def _table(found: Mapping[str, Mapping[str, Attribute]], runs: int = 1) -> Table:
    """One row per attack and side; with repeated rehearsals, the risk's mean (range)."""
    rows = []
    for key, side, res in by_attack(found):
        row = (
            attack_name(key),
            side.capitalize(),
            fmt.pct(res.success_members),
            fmt.pct(res.success_control),
            fmt.pct(res.baseline),
            fmt.with_ci(res.risk, res.risk_ci, label=""),
        )
        rows.append((row, res))
    header = (
        "Attack",
        "Protection",
        "Right in release",
        "Right outside",
        "Most common value",
        "Risk due to the release (95% CI)",
    )
    widths = (2.6, 1.5, 1.4, 1.4, 1.4, 2.6)
    return spread.attack_table(header, rows, widths=widths, runs=runs, figure="risk", label="Risk")
