"""Warnings gathered from every part of the run, and the other defences worth knowing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import methods
from core.report import fmt
from core.report.access import (
    attack_name,
)
from core.report.document import Bullets, Level, Light, Paragraph, Section
from core.report.references import cite
from core.report.views import AssessmentDoc

SEEDED_NOISE = "The noise was drawn from seed"  # core.dp.result.seed_warning
HIGH_SUPPRESSION = 0.10
UTILITY_DROP = 0.10


def warnings_section(assessment: Mapping[str, Any]) -> Section:
    a = AssessmentDoc.of(assessment)
    items = list(dict.fromkeys(_collected(a) + _derived(a)))
    body = Bullets(tuple(items)) if items else Paragraph("No warnings were raised during the run.")
    return Section(
        "Warnings",
        (
            Paragraph("Points to check before relying on the figures above.", style="note"),
            body,
        ),
    )


def _collected(a: AssessmentDoc) -> list[str]:
    """Every warning once: the run's own list may already repeat those of its parts."""
    found = [str(w) for w in a.warnings or []]
    parts = [("Release", w) for w in a.release.protection.warnings or []]
    parts += [("Protection", w) for w in a.protection.warnings or []]
    for side in ("before", "after"):
        parts += [(side.capitalize(), w) for w in a.side(side).warnings or []]
        for family in ("membership", "attribute"):
            for key, res in a.side(side).family(family).items():
                parts += [(f"{attack_name(key)} ({side})", w) for w in res.warnings or []]
    for where, w in parts:
        if not any(str(w) in seen for seen in found):
            found.append(f"{where}: {w}")
    if a.fresh_noise:  # the seeded noise was the rehearsal's, never released
        found = [w for w in found if SEEDED_NOISE not in w]
    return found


def _derived(a: AssessmentDoc) -> list[str]:
    out = []
    if a.method == methods.NONE:
        out.append(
            "No protection beyond the handling of direct identifiers was applied: the 'after' "
            "figures describe the table as it is."
        )
    prot = a.applied_protection
    suppressed = fmt.number(prot.suppressed_records)
    total = fmt.number(prot.rows_in) or fmt.number(a.split.members) or fmt.number(a.dataset.rows)
    if suppressed and total and suppressed / total > HIGH_SUPPRESSION:
        out.append(
            f"High suppression: {fmt.pct(suppressed / total)} of the records were left out of "
            "the release; rare groups of people may be missing from it."
        )
    before = fmt.number(a.before.utility.accuracy)
    after = fmt.number(a.after.utility.accuracy)
    if before is not None and after is not None and before - after > UTILITY_DROP:
        out.append(
            f"The model's accuracy fell by {(before - after) * 100:.1f} points after protection: "
            "check that the release is still fit for its purpose."
        )
    return out


def defences_section(assessment: Mapping[str, Any], lights: tuple[Light, ...]) -> Section:
    a = AssessmentDoc.of(assessment)
    worried = {
        light.risk
        for light in lights
        if (light.highest or light.level) in (Level.MODERATE, Level.HIGH)
    }
    wants_model = bool(a.settings.assessment.target or a.after.utility)
    items = [
        (
            "Access control.",
            bool(worried),
            "Instead of publishing the file, give it only to vetted people, for a stated "
            "purpose, inside a controlled environment whose outputs are checked (the 'Five "
            f"Safes' {cite('Desai 2016')}). It applies when a risk above stays moderate or high "
            "and stronger protection would spoil the data.",
        ),
        (
            "Monitoring of query patterns.",
            False,
            "When users only need counts and averages, answer their questions instead of "
            "releasing rows, and watch what they ask: enough precise answers let someone "
            f"rebuild the records {cite('Dinur 2003')}, so the system limits, audits or adds "
            "noise to answers, and the privacy budget caps the total.",
        ),
        (
            "Federated learning.",
            wants_model and "Membership inference" in worried,
            "When the goal is a model and the records sit with several holders, the model can "
            "be trained where the data are, sending only model updates "
            f"{cite('McMahan 2017')}. The model itself can still leak membership, so combine it "
            "with differentially private training.",
        ),
        (
            "Homomorphic encryption.",
            False,
            "When another party must compute on the data without seeing them (an outsourced "
            "analysis), the computation can run on encrypted values "
            f"{cite('Gentry 2009')}. It protects the data while in use, not what the results "
            "reveal, and it is slow for large analyses.",
        ),
    ]
    items.sort(key=lambda item: not item[1])
    paragraphs = tuple(
        Paragraph(("Relevant here. " if relevant else "") + text, lead=lead)
        for lead, relevant, text in items
    )
    return Section(
        "Other defences to consider",
        (
            Paragraph(
                "Anonymizing a file is one defence among several. These others protect data in "
                "different situations:"
            ),
            *paragraphs,
        ),
    )
