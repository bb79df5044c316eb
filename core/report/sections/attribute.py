"""Attribute inference before vs after: success vs baseline, and the control-corrected risk."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.report import fmt, spread
from core.report.access import (
    attack_name,
    attacks,
    by_attack,
    get,
    rehearsal_sentence,
    rehearsed,
    sides,
)
from core.report.document import Chart, Paragraph, Section, Table, blocks
from core.report.references import cite
from core.report.verdict import ATTRIBUTE_HIGH, ATTRIBUTE_LOW


def attribute_section(a: Mapping[str, Any]) -> Section | None:
    present = sides(a, "attribute")
    if not present:
        return None
    found = {s: attacks(a, s, "attribute") for s in present}
    sensitive = next(
        (
            r.get("sensitive")
            for side in found.values()
            for r in side.values()
            if r.get("sensitive")
        ),
        get(a, "settings", "assessment", "sensitive") or "the sensitive column",
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
                f"{cite('Giomi 2023')}." + (f" {rehearsal_sentence(a)}" if rehearsed(a) else "")
            ),
            _chart(found),
            _table(found, spread.runs(a)),
        ),
    )


def _chart(found: Mapping[str, Mapping[str, Mapping]]) -> Chart | None:
    names = list(dict.fromkeys(k for side in found.values() for k in side))
    complete = [
        k
        for k in names
        if all(
            fmt.number(found[s].get(k, {}).get(f)) is not None
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
            "success": [fmt.number(res[k]["success_members"]) for k in complete],
            "control": [fmt.number(res[k]["success_control"]) for k in complete],
            "risk": [fmt.number(res[k]["risk"]) for k in complete],
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


def _baseline(found: Mapping[str, Mapping[str, Mapping]], key: str) -> float:
    values = [fmt.number(side[key].get("baseline")) for side in found.values() if key in side]
    return next((v for v in values if v is not None), 0.0)


def _ci(res: Mapping[str, Any]) -> list[float]:
    ci = res.get("risk_ci")
    risk = fmt.number(res.get("risk"))
    if isinstance(ci, list | tuple) and len(ci) == 2 and None not in map(fmt.number, ci):
        return [fmt.number(ci[0]), fmt.number(ci[1])]
    return [risk, risk]


def _table(found: Mapping[str, Mapping[str, Mapping]], runs: int = 1) -> Table:
    """One row per attack and side; with repeated rehearsals, the risk's mean (range)."""
    rows = []
    for key, side, res in by_attack(found):
        row = (
            attack_name(key),
            side.capitalize(),
            fmt.pct(res.get("success_members")),
            fmt.pct(res.get("success_control")),
            fmt.pct(res.get("baseline")),
            fmt.with_ci(res.get("risk"), res.get("risk_ci"), label=""),
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
