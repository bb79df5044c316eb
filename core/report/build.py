"""build_report: a pure function from an assessment dictionary to a ReportDocument."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from core.errors import ValidationError
from core.report import fmt
from core.report.access import get, method
from core.report.document import (
    Block,
    Bullets,
    Callout,
    Chart,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    Verdicts,
)
from core.report.sections.appendix import (
    glossary_section,
    methods_section,
    references_section,
    reproducibility_section,
)
from core.report.sections.attribute import attribute_section
from core.report.sections.membership import membership_section
from core.report.sections.notes import defences_section, warnings_section
from core.report.sections.protection import METHOD_WORDS, protection_section, roles_section
from core.report.sections.reconstruction import reconstruction_section
from core.report.sections.reidentification import reidentification_section
from core.report.sections.summary import release_section, verdict_section
from core.report.sections.utility import frontier_section, utility_section


def build_report(assessment: Mapping[str, Any]) -> ReportDocument:
    """Turn an assessment dictionary (the assessment.json schema) into a report document.

    Sections whose data are absent (attacks not run, no sweep) are left out; nothing is read
    from disk and nothing is drawn yet, so this is cheap and safe to call from any thread.
    """
    if not isinstance(assessment, Mapping):
        raise ValidationError(
            "The assessment to report on is not a JSON object.",
            hint="Give the assessment.json written by 'veil-cli assess' or 'veil-cli run'.",
        )
    a = assessment
    first = verdict_section(a)
    body = [
        first,
        release_section(a),
        roles_section(a),
        protection_section(a),
        reidentification_section(a),
        membership_section(a),
        attribute_section(a),
        reconstruction_section(a),
        utility_section(a),
        frontier_section(a),
        warnings_section(a),
    ]
    lights = next(b.lights for b in first.blocks if isinstance(b, Verdicts))
    body.append(defences_section(a, lights))
    body += [methods_section(a), glossary_section(), reproducibility_section(a)]
    sections = tuple(s for s in body if s is not None)
    sections += (references_section(_texts(sections)),)
    return ReportDocument(
        title="Privacy risk report",
        subtitle=_subtitle(a),
        facts=_facts(a),
        sections=sections,
    )


def _subtitle(a: Mapping[str, Any]) -> str:
    name = get(a, "dataset", "name") or "unnamed table"
    synthetic = " (synthetic demonstration data)" if get(a, "dataset", "synthetic") else ""
    return f"{name}{synthetic}"


def _facts(a: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    m = method(a)
    protection = METHOD_WORDS.get(m, m).split(" (")[0]
    k = get(a, "settings", "protection", "k")
    eps = get(a, "settings", "protection", "epsilon")
    if m in ("optimal", "mondrian") and k is not None:
        protection += f", k = {k}"
    elif m.startswith("dp-"):
        protection += f", ε = {fmt.epsilon(eps)}"
    created = str(get(a, "provenance", "created", default=""))
    version = get(a, "veil_version") or get(a, "provenance", "versions", "veil") or ""
    return (
        ("Protection", protection),
        ("Prepared", created.replace("T", " ")[:16] or fmt.DASH),
        ("By", f"Veil {version}".strip()),
    )


def _texts(sections: tuple[Section, ...]) -> Iterator[str]:
    for s in sections:
        for b in s.blocks:
            yield from block_texts(b)


def block_texts(block: Block) -> Iterator[str]:
    """Every piece of text a block shows (used to list the references actually cited)."""
    if isinstance(block, Paragraph):
        yield block.lead
        yield block.text
    elif isinstance(block, Bullets):
        yield from block.items
    elif isinstance(block, Callout):
        yield block.text
    elif isinstance(block, Table):
        yield block.caption
        yield from block.header
        for row in block.rows:
            yield from row
    elif isinstance(block, Chart):
        yield block.caption
    elif isinstance(block, Verdicts):
        for light in block.lights:
            yield light.sentence
            yield light.threshold
