"""build_report: a pure function from an assessment dictionary to a ReportDocument."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from core.assessment.families import FAMILIES
from core.errors import ValidationError
from core.report import fmt
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
    ledger_section,
    methods_section,
    references_section,
    reproducibility_section,
)
from core.report.sections.notes import defences_section, warnings_section
from core.report.sections.protection import header_facts, protection_section, roles_section
from core.report.sections.summary import release_section, sample_sentence, verdict_section
from core.report.sections.utility import frontier_section, utility_section
from core.report.views import AssessmentDoc, View


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
        *(_sampled(fam.name, fam.load("section")(a), a) for fam in FAMILIES),
        utility_section(a),
        frontier_section(a),
        warnings_section(a),
    ]
    lights = next(b.lights for b in first.blocks if isinstance(b, Verdicts))
    body.append(defences_section(a, lights))
    body += [methods_section(a), ledger_section(a), glossary_section(), reproducibility_section(a)]
    sections = tuple(s for s in body if s is not None)
    sections += (references_section(_texts(sections)),)
    return ReportDocument(
        title="Privacy risk report",
        subtitle=_subtitle(AssessmentDoc(a)),
        facts=_facts(AssessmentDoc(a)),
        sections=sections,
    )


def _sampled(family: str, section: Section | None, a: Mapping[str, Any]) -> Section | None:
    """An attack family's section opening with "Measured on a sample of N of M records." when
    the attacks saw a sample of a larger table (re-identification always sees the whole)."""
    sentence = sample_sentence(a)
    if section is None or sentence is None or family == "reidentification":
        return section
    return dataclasses.replace(section, blocks=(Paragraph(sentence, style="note"), *section.blocks))


def _subtitle(a: AssessmentDoc) -> str:
    name = a.dataset.name or "unnamed table"
    synthetic = " (synthetic demonstration data)" if a.dataset.synthetic else ""
    return f"{name}{synthetic}"


def _facts(a: AssessmentDoc) -> tuple[tuple[str, str], ...]:
    created = "" if a.provenance.created is None else str(a.provenance.created)
    version = a.veil_version or View(a.provenance.versions).get("veil") or ""
    return (
        *header_facts(a),
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
