"""Membership inference before vs after: ROC curves and the table of attack scores."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from core.report import fmt, spread
from core.report.access import (
    attack_name,
    by_attack,
    rehearsal_sentence,
)
from core.report.charts import ATTACK_COLOURS
from core.report.document import Chart, Paragraph, Section, Table, blocks
from core.report.references import cite
from core.report.verdict import ADVANTAGE_LOW
from core.report.views import AssessmentDoc, Membership, View

UNCHANGED_ROLES = ("sensitive", "target", "insensitive")


def membership_section(assessment: Mapping[str, Any]) -> Section | None:
    a = AssessmentDoc.of(assessment)
    present = a.sides("membership")
    if not present:
        return None
    found = {s: a.side(s).membership for s in present}
    model = a.after.utility.model or a.settings.assessment.model
    return Section(
        "Membership inference",
        blocks(
            Paragraph(
                "Can an attacker tell whether a given person is in the release? Each attack "
                f"scores people{_model_words(model)}; the score is compared between people in the "
                "release and people held back. An attack no better than guessing has an area "
                "under the curve (AUC) of 0.5 and an advantage of 0."
                + (f" {rehearsal_sentence(a)}" if a.rehearsed else "")
            ),
            _chart(found, a.split.lowest_resolvable_fpr),
            _table(found, spread.runs(a)),
            _resolution_note(a),
            _dp_ceiling(a),
            _exact_columns_note(a),
        ),
    )


def _model_words(model: Any) -> str:
    if not model:
        return ""
    return f" using a model ({model}) trained on the release, as a data user would"


def _chart(found: Mapping[str, Mapping[str, Membership]], lowest: Any) -> Chart | None:
    names = list(dict.fromkeys(k for side in found.values() for k in side))
    colours = {k: ATTACK_COLOURS[i % len(ATTACK_COLOURS)] for i, k in enumerate(names)}
    curves = []
    for side, side_attacks in found.items():
        for key, res in side_attacks.items():
            fpr, tpr = res.roc.fpr, res.roc.tpr
            if not fpr or not tpr or len(fpr) != len(tpr):
                continue
            curves.append(
                {
                    "attack": attack_name(key),
                    "side": side,
                    "colour": colours[key],
                    "fpr": list(fpr),
                    "tpr": list(tpr),
                }
            )
    if not curves:
        return None
    low = fmt.number(lowest)
    return Chart(
        "roc",
        {"curves": curves, "lowest_fpr": low if low and 0 < low < 1 else 1e-3},
        caption="How many people in the release each attack finds (up) for a given rate of "
        "false alarms among people outside it (right). The dotted diagonal is guessing. The "
        f"right panel zooms on rare false alarms, where a confident attacker operates "
        f"{cite('Carlini 2022')}. Solid lines: after protection; dashed: before.",
        alt="ROC curves of the membership attacks before and after protection, on linear and "
        "logarithmic axes.",
        aspect=0.5,
    )


def _table(found: Mapping[str, Mapping[str, Membership]], runs: int = 1) -> Table:
    """One row per attack and side; with repeated rehearsals, the advantage's mean (range)."""
    rows = []
    for key, side, res in by_attack(found):
        row = (
            attack_name(key),
            side.capitalize(),
            fmt.with_ci(res.auc, res.auc_ci, label=""),
            fmt.with_ci(res.advantage, res.advantage_ci, label=""),
            fmt.pct(res.tpr_at("0.01")),
            fmt.pct(res.tpr_at("0.001")),
        )
        rows.append((row, res))
    header = (
        "Attack",
        "Protection",
        "AUC (95% CI)",
        "Advantage (95% CI)",
        "Found at 1% false alarms",
        "Found at 0.1% false alarms",
    )
    widths = (2.3, 1.5, 2.3, 2.3, 1.5, 1.5)
    caption = (
        "Advantage is the largest gap between people found and false alarms; 95% "
        f"confidence intervals by bootstrap {cite('Efron 1993')}."
    )
    return spread.attack_table(
        header, rows, widths=widths, caption=caption, runs=runs, figure="advantage",
        label="Advantage",
    )  # fmt: skip


def _resolution_note(a: AssessmentDoc) -> Paragraph | None:
    lowest = fmt.number(a.split.lowest_resolvable_fpr)
    others = a.split.evaluation_non_members or a.split.non_members
    if lowest is None:
        return None
    return Paragraph(
        f"With {fmt.count(others)} held-back people tested, the smallest false-alarm rate it can "
        f"measure is {fmt.pct(lowest, 2)}; figures at lower rates are not measurable here.",
        style="note",
    )


def _dp_ceiling(a: AssessmentDoc) -> Paragraph | None:
    eps = fmt.number(a.settings.protection.epsilon)
    if not a.is_dp or eps is None or math.isinf(eps):
        return None
    ceiling = math.tanh(eps / 2)  # = (e^ε - 1) / (e^ε + 1)
    return Paragraph(
        f"Differential privacy with ε = {fmt.epsilon(eps)} keeps the advantage of any attack on "
        f"the release at or below (e^ε − 1)/(e^ε + 1) = {fmt.dec(ceiling)}, up to sampling "
        f"error {cite('Kairouz 2015')}.",
        style="note",
    )


def _exact_columns_note(a: AssessmentDoc) -> Paragraph | None:
    """k-anonymity leaves the other columns exact: a record holder still finds a person."""
    if not a.generalizes:
        return None
    distance = a.after.membership.get("distance", Membership())
    adv, null = fmt.number(distance.advantage), fmt.number(distance.null_advantage)
    if adv is None or adv < ADVANTAGE_LOW or (null is not None and adv <= null):
        return None
    exact = [str(c) for c, role in View(a.roles).items() if role in UNCHANGED_ROLES]
    if not exact:
        return None
    names = ", ".join(exact[:-1]) + f" and {exact[-1]}" if len(exact) > 1 else exact[0]
    return Paragraph(
        "k-anonymity generalizes the quasi-identifiers only. The other columns "
        f"({names}) are released as they are, so an attacker who holds a person's full record "
        "can still recognise it in the release — exact numbers in particular make records one of "
        f"a kind. The distance attack shows it (advantage {fmt.dec(adv)}). To close this gap, "
        "generalize or perturb those columns too (mark them as quasi-identifiers, or round exact "
        "numbers into ranges), or use differential privacy.",
        lead="Known limitation.",
    )
