"""The first page: the verdict lights, and what was released."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.report import fmt
from core.report.access import get, section
from core.report.document import Callout, Paragraph, Section, Table, Verdicts, blocks
from core.report.verdict import verdicts

SYNTHETIC = (
    "The data in this report are synthetic: invented records made for demonstration. No real "
    "person is described in them."
)


def verdict_section(a: Mapping[str, Any]) -> Section:
    synthetic = bool(get(a, "dataset", "synthetic", default=False))
    return Section(
        "Verdict",
        blocks(
            Callout(SYNTHETIC) if synthetic else None,
            Paragraph(
                "Three ways an attacker could learn about the people in this table were tried on "
                "the protected release. Each light below gives the remaining risk in one "
                "sentence, with the threshold it was judged against."
            ),
            Verdicts(verdicts(a)),
            Paragraph(
                "Low: within the threshold. Moderate: acceptable only with further safeguards "
                "(a data-sharing agreement, access control). High: do not release as it is — "
                "protect more strongly or use one of the other defences described later.",
                style="note",
            ),
        ),
    )


def release_section(a: Mapping[str, Any]) -> Section:
    data, rel, split = section(a, "dataset"), section(a, "release"), section(a, "split")
    rows = (
        (
            "Input table",
            fmt.text(data.get("name")),
            fmt.count(data.get("rows")),
            fmt.count(data.get("columns")),
        ),
        (
            "Released table",
            fmt.text(rel.get("name") or "release.csv"),
            fmt.count(rel.get("rows")),
            fmt.count(rel.get("columns")),
        ),
    )
    hashes = (
        ("Input table", fmt.text(data.get("sha256"))),
        ("Released table", fmt.text(rel.get("sha256"))),
    )
    return Section(
        "What was released",
        blocks(
            Paragraph(
                "The fingerprint identifies the exact files this report is about: if a single "
                "character of a file changes, its SHA-256 changes too."
            ),
            Table(("", "File", "Rows", "Columns"), rows, numeric=(2, 3), widths=(2, 4, 1.2, 1.2)),
            Table(("", "SHA-256 fingerprint"), hashes, widths=(2, 6.4), mono=(1,)),
            _split_paragraph(split, data),
        ),
    )


def _split_paragraph(split: Mapping[str, Any], data: Mapping[str, Any]) -> Paragraph | None:
    members, others = split.get("members"), split.get("non_members")
    if members is None or others is None:
        return None
    strat = split.get("stratified_on")
    how = f", keeping the share of each '{strat}' value the same in both" if strat else ""
    text = (
        f"The {fmt.count(data.get('rows'))} input records were split at random{how}: "
        f"{fmt.count(members)} records form the release (the 'members'); the other "
        f"{fmt.count(others)} were held back as a control group, so that what the release gives "
        f"away about its own people can be told apart from what anyone could guess about anyone."
    )
    tested, outside = split.get("evaluation_members"), split.get("evaluation_non_members")
    if tested is not None and outside is not None:
        text += (
            f" The membership attacks were scored on {fmt.count(tested)} members and "
            f"{fmt.count(outside)} held-back people"
        )
        pool = split.get("reference_pool")
        text += (
            f"; the attacker's own sample, used to train look-alike models, was the other "
            f"{fmt.count(pool)} held-back people."
            if pool
            else "."
        )
    return Paragraph(text)
