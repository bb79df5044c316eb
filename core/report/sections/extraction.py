"""Model extraction before vs after: agreement of a copy with the model per query budget."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.report import fmt
from core.report.access import get, section, sides
from core.report.document import Chart, Paragraph, Section, Table, Verdicts, blocks
from core.report.family_lights import extraction_light

SOURCE_WORDS = {"pool": "Records like the population", "made_up": "Made-up records"}


def extraction_section(a: Mapping[str, Any]) -> Section | None:
    present = sides(a, "extraction")
    if not present:
        return None
    found = {s: section(a, s, "extraction") for s in present}
    last = found[present[-1]]
    return Section(
        "Model extraction",
        blocks(
            Paragraph(
                "Someone who can send records to a model, as if it were served, and keep its "
                "answers can train a copy of it. The copy is then theirs to study offline. "
                "Queries come from records like the population (the attacker owns similar "
                "data) or are made up column by column from public statistics (they do not); "
                "agreement is measured on people neither the model nor the copy saw."
            ),
            Verdicts((extraction_light(a),)),
            _chart(found),
            _table(found),
            Paragraph(_chain(found), lead="Membership through the copy. "),
            Paragraph(_monitoring(last), lead="Monitoring queries. "),
        ),
    )


def summary(side: Mapping[str, Any]) -> str | None:
    """One plain line for the GUI."""
    found = section(side, "extraction")
    points = get(found, "curves", "pool") or []
    if not points:
        return None
    last = points[-1]
    n95 = get(found, "queries_for", "0.95")
    reach = f"95 % after about {n95:,} queries" if isinstance(n95, int) else "95 % not reached"
    return (
        f"a copy from {last['queries']:,} queries agrees {fmt.pct(last['fidelity'], 0)} "
        f"(chance {fmt.pct(found.get('chance_agreement'), 0)}; {reach})"
    )


def _chart(found: Mapping[str, Mapping[str, Any]]) -> Chart:
    chance = next(iter(found.values())).get("chance_agreement")
    data: dict[str, Any] = {"chance": fmt.number(chance)}
    for side, res in found.items():
        data[side] = {
            source: [
                {
                    "queries": p["queries"],
                    "fidelity": p["fidelity"],
                    "low": (p.get("fidelity_interval") or [p["fidelity"]] * 2)[0],
                    "high": (p.get("fidelity_interval") or [p["fidelity"]] * 2)[1],
                }
                for p in points
            ]
            for source, points in (res.get("curves") or {}).items()
        }
    return Chart(
        "extraction",
        data,
        caption="Agreement of the copy with the model on people neither saw, against the number "
        "of queries (log scale); solid: queries from records like the population, dashed: "
        "made-up records; bands: 95% intervals across repeats; dotted lines: 90% and 95%; "
        "black line: always giving the most common answer.",
        alt="Line chart of the copy's agreement with the model as the number of queries grows.",
        aspect=0.45,
    )


def _table(found: Mapping[str, Mapping[str, Any]]) -> Table:
    rows = []
    for side, res in found.items():
        for source, points in (res.get("curves") or {}).items():
            for p in points:
                rows.append((
                    side.capitalize(),
                    SOURCE_WORDS.get(source, source),
                    fmt.count(p["queries"]),
                    fmt.with_ci(p["fidelity"], p.get("fidelity_interval"), label=""),
                    fmt.with_ci(p.get("accuracy"), p.get("accuracy_interval"), label=""),
                ))  # fmt: skip
    return Table(
        ("Protection", "Queries from", "Queries", "Agreement (95% CI)", "Copy's accuracy"),
        tuple(rows),
        caption="Means across repeats (different queries each time).",
        numeric=(2, 3, 4),
        widths=(1.2, 2.2, 1.0, 1.8, 1.8),
    )


def _chain(found: Mapping[str, Mapping[str, Any]]) -> str:
    parts = []
    for side, res in found.items():
        direct, copy = res.get("membership_auc_direct"), res.get("membership_auc_surrogate")
        if direct is None or copy is None:
            continue
        parts.append(
            f"{side.capitalize()} protection: the confidence attack scores an AUC of "
            f"{fmt.dec(copy, 2)} through the copy and {fmt.dec(direct, 2)} on the model itself."
        )
    return " ".join(parts) + " An AUC of 0.5 is chance." if parts else "Not measured."


def _monitoring(res: Mapping[str, Any]) -> str:
    text = str(res.get("advice") or "")
    flagged = res.get("flagged") or {}
    if flagged:
        text += (
            f" A simple detector of unusual queries (an isolation forest fitted on the people "
            f"in the data, raising a false alarm on {fmt.pct(res.get('detector_false_alarms'), 0)}"
            f" of ordinary records) flags {fmt.pct(flagged.get('pool'), 0)} of the queries made "
            f"of records like the population and {fmt.pct(flagged.get('made_up'), 0)} of the "
            f"made-up ones: queries that look like ordinary use are hard to tell from it, so a "
            f"limit on the number of queries matters more than spotting odd ones."
        )
    return text
