"""Record reconstruction before vs after: recovery per column (members, control, population
guess), the control-corrected risk, the light, and the records most at risk by row number."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.report import fmt, spread
from core.report.access import get, rehearsal_sentence, rehearsed, section, sides
from core.report.document import Chart, Paragraph, Section, Table, Verdicts, blocks
from core.report.references import cite
from core.report.verdict import ATTRIBUTE_HIGH, ATTRIBUTE_LOW, reconstruction

MAX_ROWS_LISTED = 10


def reconstruction_section(a: Mapping[str, Any]) -> Section | None:
    present = sides(a, "reconstruction")
    if not present:
        return None
    found = {s: section(a, s, "reconstruction") for s in present}
    latest = found[present[-1]]
    return Section(
        "Record reconstruction",
        blocks(
            Paragraph(
                "Knowing a person's quasi-identifiers, can an attacker fill in the rest of their "
                "record from the release? " + str(latest.get("notes") or "") + " Each column is "
                "tried on people in the release and, as a control, on people held back; the risk "
                "keeps the part due to the release: (recovered in the release − recovered "
                f"outside) / (1 − recovered outside) {cite('Giomi 2023')}."
                + (f" {rehearsal_sentence(a)}" if rehearsed(a) else "")
            ),
            Verdicts((reconstruction(a),)),
            _chart(found),
            _table(found),
            _spread_note(found),
            _records(found),
        ),
    )


def _spread_note(found: Mapping[str, Mapping[str, Any]]) -> Paragraph | None:
    text = spread.side_summary(
        found,
        (("highest_risk", "worst column's risk", False),
         ("share_members", "share of a member's cells recovered", True)),
    )  # fmt: skip
    return Paragraph(text, style="note") if text else None


def _columns(found: Mapping[str, Mapping[str, Any]]) -> list[str]:
    names = [c for res in found.values() for c in section(res, "columns")]
    return [
        c
        for c in dict.fromkeys(names)
        if all(fmt.number(get(res, "columns", c, "risk")) is not None for res in found.values())
    ]


def _chart(found: Mapping[str, Mapping[str, Any]]) -> Chart | None:
    names = _columns(found)
    if not names:
        return None
    data: dict[str, Any] = {
        "attacks": names,
        "baseline": [
            next(
                (
                    fmt.number(get(r, "columns", c, "baseline"))
                    for r in found.values()
                    if fmt.number(get(r, "columns", c, "baseline")) is not None
                ),
                0.0,
            )
            for c in names
        ],
        "thresholds": [ATTRIBUTE_LOW, ATTRIBUTE_HIGH],
        "rate_label": "Recovered for people in the release",
        "baseline_label": "Guess from the whole population",
    }
    for side, res in found.items():
        cols = [section(res, "columns", c) for c in names]
        data[side] = {
            "success": [fmt.number(r.get("recovered_members")) for r in cols],
            "control": [fmt.number(r.get("recovered_control")) for r in cols],
            "risk": [fmt.number(r.get("risk")) for r in cols],
            "risk_ci": [_ci(r) for r in cols],
        }
    return Chart(
        "reconstruction",
        data,
        caption="Left: how often each column is recovered for people in the release (bars), for "
        "people outside it (circles), and by guessing from the whole population (black line). "
        f"Right: the risk due to the release, with its 95% interval {cite('Wilson 1927')}; "
        f"dotted lines mark {ATTRIBUTE_LOW} and {ATTRIBUTE_HIGH}.",
        alt="Bar charts of how often each column is recovered against the population guess, and "
        "of the control-corrected risk with intervals, before and after protection.",
        aspect=0.2 + 0.08 * len(names),
    )


def _ci(res: Mapping[str, Any]) -> list[float]:
    ci, risk = res.get("risk_ci"), fmt.number(res.get("risk"))
    if isinstance(ci, list | tuple) and len(ci) == 2 and None not in map(fmt.number, ci):
        return [fmt.number(ci[0]), fmt.number(ci[1])]
    return [risk, risk]


def _table(found: Mapping[str, Mapping[str, Any]]) -> Table:
    rows = []
    for c in dict.fromkeys(c for res in found.values() for c in section(res, "columns")):
        for side, res in found.items():
            r = section(res, "columns", c)
            if not r:
                continue
            rows.append(
                (
                    c,
                    side.capitalize(),
                    fmt.pct(r.get("recovered_members")),
                    fmt.pct(r.get("recovered_control")),
                    fmt.pct(r.get("baseline")),
                    fmt.with_ci(r.get("risk"), r.get("risk_ci"), label=""),
                )
            )
    return Table(
        ("Column", "Protection", "Right in release", "Right outside", "Population guess",
         "Risk due to the release (95% CI)"),
        tuple(rows),
        caption="A label counts when exact (in its released form); a number or date when within "
        "5% of its public range of the true value.",
        numeric=(2, 3, 4, 5),
        widths=(2.6, 1.5, 1.4, 1.4, 1.4, 2.6),
    )  # fmt: skip


def _records(found: Mapping[str, Mapping[str, Any]]) -> Paragraph:
    parts = []
    for side, res in found.items():
        parts.append(
            f"{side.capitalize()} protection, a person in the release had on average "
            f"{fmt.pct(res.get('share_members'))} of their other columns recovered "
            f"(people outside it: {fmt.pct(res.get('share_control'))})."
        )
    latest = list(found.values())[-1]
    rows = [
        str(int(r["row"]) + 1)
        for r in latest.get("at_risk") or []
        if isinstance(r, Mapping) and fmt.number(r.get("row")) is not None
    ][:MAX_ROWS_LISTED]
    if rows:
        parts.append(
            "Records most at risk (their place in the input table, the first record being 1): "
            f"{', '.join(rows)}."
        )
    return Paragraph(" ".join(parts), style="note")
