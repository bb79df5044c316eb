"""Model extraction before vs after: agreement of a copy with the model per query budget."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from core.report import fmt, spread
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
                "agreement is measured on people neither the model nor the copy saw. A served "
                "model may answer only a label, or also how sure it is of each (class "
                "probabilities): Veil trains one copy on each kind of answer."
            ),
            Verdicts((extraction_light(a),)),
            Paragraph(_budgets(a, last), lead="Query budgets. "),
            _chart(found),
            _table(found),
            _spread_note(found),
            Paragraph(_probabilities(found), lead="Labels or probabilities. "),
            Paragraph(_chain(found), lead="Membership through the copy. "),
            Paragraph(_monitoring(last), lead="Monitoring queries. "),
        ),
    )


def summary(side: Mapping[str, Any]) -> str | None:
    """One plain line for the GUI."""
    found = section(side, "extraction")
    proba = found.get("stronger") == "probabilities"
    points = get(found, "probability_curves" if proba else "curves", "pool") or []
    if not points:
        return None
    last = points[-1]
    n95 = get(found, "probability_queries_for" if proba else "queries_for", "0.95")
    reach = f"95 % after about {n95:,} queries" if isinstance(n95, int) else "95 % not reached"
    answered = "class probabilities" if proba else "labels"
    return (
        f"a copy from {last['queries']:,} answers ({answered}) agrees "
        f"{fmt.pct(last['fidelity'], 0)} (chance {fmt.pct(found.get('chance_agreement'), 0)}; "
        f"{reach})"
    )


def _spread_note(found: Mapping[str, Mapping[str, Any]]) -> Paragraph | None:
    text = spread.side_summary(
        found,
        (("agreement", "copy agreement", True), ("copy_gain", "copy gain over chance", False)),
    )
    return Paragraph(text, style="note") if text else None


def _budgets(a: Mapping[str, Any], res: Mapping[str, Any]) -> str:
    """Which budgets were tried, who chose them, and the cap the attacker's pool set."""
    tried = [b for b in res.get("budgets") or [] if isinstance(b, int)]
    if not tried:
        return "Not stated."
    shown = ", ".join(fmt.count(b) for b in tried)
    pool = res.get("pool_size")
    if get(a, "settings", "assessment", "extraction_budgets"):
        return f"{shown} queries, as asked (the attacker's pool holds {fmt.count(pool)} records)."
    if res.get("capped"):
        return (
            f"{shown} queries: the usual budgets up to 10,000, capped at the attacker's pool of "
            f"{fmt.count(pool)} records (each query is a different record)."
        )
    return f"{shown} queries (the usual budgets)."


def _chart(found: Mapping[str, Mapping[str, Any]]) -> Chart:
    chance = next(iter(found.values())).get("chance_agreement")
    data: dict[str, Any] = {"chance": fmt.number(chance)}
    for side, res in found.items():
        data[side] = {
            f"{source}{suffix}": [_chart_point(p) for p in points]
            for key, suffix in (("curves", ""), ("probability_curves", "_probabilities"))
            for source, points in (res.get(key) or {}).items()
        }
    return Chart(
        "extraction",
        data,
        caption="Agreement of the copy with the model on people neither saw, against the number "
        "of queries (log scale); solid: queries from records like the population, dashed: "
        "made-up records; round markers: a copy trained on the labels the model answers, "
        "triangles: on its class probabilities (dash-dot for records like the population); "
        "bands: 95% intervals across repeats of the copy trained on labels; dotted lines: "
        "90% and 95%; black line: always giving the most common answer.",
        alt="Line chart of the copy's agreement with the model as the number of queries grows.",
        aspect=0.5,
    )


def _chart_point(p: Mapping[str, Any]) -> dict[str, Any]:
    ci = p.get("fidelity_interval") or [p["fidelity"]] * 2
    return {"queries": p["queries"], "fidelity": p["fidelity"], "low": ci[0], "high": ci[1]}


def _table(found: Mapping[str, Mapping[str, Any]]) -> Table:
    rows = []
    for side, res in found.items():
        with_proba = res.get("probability_curves") or {}
        for source, points in (res.get("curves") or {}).items():
            other = {p["queries"]: p for p in with_proba.get(source) or []}
            for p in points:
                q = other.get(p["queries"]) or {}
                rows.append((
                    side.capitalize(),
                    SOURCE_WORDS.get(source, source),
                    fmt.count(p["queries"]),
                    fmt.with_ci(p["fidelity"], p.get("fidelity_interval"), label=""),
                    fmt.with_ci(q.get("fidelity"), q.get("fidelity_interval"), label=""),
                    fmt.with_ci(p.get("accuracy"), p.get("accuracy_interval"), label=""),
                ))  # fmt: skip
    return Table(
        (
            "Protection",
            "Queries from",
            "Queries",
            "Agreement, labels answered (95% CI)",
            "Agreement, probabilities answered (95% CI)",
            "Copy's accuracy (labels)",
        ),
        tuple(rows),
        caption="Means across repeats (different queries each time).",
        numeric=(2, 3, 4, 5),
        widths=(1.1, 1.9, 0.9, 1.7, 1.7, 1.5),
    )


def _probabilities(found: Mapping[str, Mapping[str, Any]]) -> str:
    """Per side, whether answering class probabilities made copying cheaper, as measured."""
    parts = []
    for side, res in found.items():
        if not res.get("probability_curves"):
            continue
        said = probabilities_sentence(
            res.get("queries_for") or {}, res.get("probability_queries_for") or {},
            res.get("copy_gain_by_answers") or {},
        )  # fmt: skip
        parts.append(f"{side.capitalize()} protection: {said[:1].lower()}{said[1:]}")
    if not parts:
        return "Only the labels the model answers were tried."
    return " ".join(parts) + " The light and the advice below rest on whichever copy was stronger."


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


def probabilities_sentence(
    labels_for: dict[str, int | None], proba_for: dict[str, int | None], gains: dict
) -> str:
    """Whether answering class probabilities made copying cheaper, as measured."""
    parts, cheaper = [], False
    for level in ("0.9", "0.95"):
        lab, pro = labels_for.get(level), proba_for.get(level)
        if lab is None and pro is None:
            continue
        cheaper |= _rank(pro) < _rank(lab)
        parts.append(
            f"{float(level):.0%} agreement took {_reach(pro)} with probabilities, "
            f"{_reach(lab)} with labels only"
        )
    g_lab, g_pro = gains.get("labels"), gains.get("probabilities")
    if not parts and (g_lab is None or g_pro is None):
        return "Whether answering class probabilities makes copying cheaper was not measured."
    if not parts:
        cheaper = g_pro > g_lab
        parts.append(
            f"neither copy reached 90 % agreement; at the largest budget its gain over chance was "
            f"{g_pro:.2f} with probabilities, {g_lab:.2f} with labels only"
        )
    lead = "made copying cheaper" if cheaper else "did not make copying cheaper"
    return f"Answering class probabilities as well as labels {lead}: {'; '.join(parts)}."


def _rank(n: int | None) -> float:
    return math.inf if n is None else n


def _reach(n: int | None) -> str:
    return "more than the largest budget" if n is None else f"about {n:,} queries"
