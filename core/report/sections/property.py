"""Property inference before vs after: the distinguishing game and the attacker's estimate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import methods
from core.report import fmt, spread
from core.report.access import get, section, sides
from core.report.document import Chart, Paragraph, Section, Table, Verdicts, blocks
from core.report.family_lights import property_light

HEADER = (
    "Protection", "Told apart (95% CI)", "Estimated share", "True share", "Error",
    "Look-alike models",
)  # fmt: skip


def property_section(a: Mapping[str, Any]) -> Section | None:
    present = sides(a, "property")
    if not present:
        return None
    found = {s: section(a, s, "property") for s in present}
    first = found[present[0]]
    prop = f"{first.get('column')} = {first.get('value')}"
    return Section(
        "Property inference",
        blocks(
            Paragraph(
                f"Can someone holding the model learn a fact about the whole group of people it "
                f"was trained on — here the share with {prop} — although the model was not built "
                f"to predict it? The attacker trains look-alike models on records like the "
                f"population, some at the true share ({fmt.pct(first.get('true_share'), 0)}) and "
                f"some at a shifted one ({fmt.pct(first.get('shifted_share'), 0)}), learns to "
                f"tell them apart from their answers to the same questions, and is then scored "
                f"on look-alikes it never saw. 50 % is chance."
            ),
            Verdicts((property_light(a),)),
            _chart(found),
            _table(found),
            _spread_note(found),
            Paragraph(_honesty(found, get(a, "settings", "protection", "method"))),
        ),
    )


def _spread_note(found: Mapping[str, Mapping[str, Any]]) -> Paragraph | None:
    text = spread.side_summary(
        found, (("game_accuracy", "game accuracy", True), ("error", "estimate's error", True))
    )
    return Paragraph(text, style="note") if text else None


def summary(side: Mapping[str, Any]) -> str | None:
    """One plain line for the GUI."""
    found = section(side, "property")
    acc = fmt.number(get(found, "game", "accuracy"))
    if acc is None:
        return None
    return (
        f"share of {found.get('column')} = {found.get('value')} told apart {fmt.pct(acc, 0)} "
        f"of the time (chance 50 %); estimate {fmt.pct(found.get('estimate'), 0)}, true "
        f"{fmt.pct(found.get('true_share'), 0)}"
    )


def _chart(found: Mapping[str, Mapping[str, Any]]) -> Chart:
    rows = [
        {"side": s, "accuracy": get(r, "game", "accuracy"), "interval": get(r, "game", "interval")}
        for s, r in found.items()
        if get(r, "game", "interval") is not None
    ]
    return Chart(
        "property",
        {"sides": rows},
        caption="How often the attacker told the true share from the shifted one on look-alike "
        "models it never trained on, with 95% Wilson intervals; dashed line: chance (50%).",
        alt="Bar chart of the property game's accuracy before and after protection.",
        aspect=0.12 + 0.1 * len(rows),
    )


def _table(found: Mapping[str, Mapping[str, Any]]) -> Table:
    rows = tuple(
        (
            side.capitalize(),
            fmt.with_ci(get(r, "game", "accuracy"), get(r, "game", "interval"), label=""),
            fmt.pct(r.get("estimate")),
            fmt.pct(r.get("true_share")),
            fmt.pct(r.get("error")),
            f"{r.get('shadow_models')} of {r.get('planned_models')}",
        )
        for side, r in found.items()
    )
    return Table(
        HEADER,
        rows,
        caption="Look-alike models are bounded by a time budget; the table says how many were "
        "used.",
        numeric=(1, 2, 3, 4),
        widths=(1.2, 1.8, 1.3, 1.1, 1.0, 1.5),
    )


def _honesty(found: Mapping[str, Mapping[str, Any]], method: Any) -> str:
    after = found.get("after")
    if not after:
        return "Only the model before protection was attacked."
    lo = (get(after, "game", "interval") or [0.0, 1.0])[0]
    if lo > 0.5 and methods.generalizes(method):
        return (
            "Grouping records (k-anonymity) does not hide a share of the whole group: the "
            "attacker still tells the shares apart after protection. Differentially private "
            "training is what drives this game toward chance."
        )
    if lo > 0.5:
        return "After protection the attacker still tells the shares apart better than chance."
    return "After protection the attacker cannot tell the shares apart better than chance."
