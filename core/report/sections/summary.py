"""The first page: the verdict lights, and what was released."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import methods
from core.report import fmt, spread
from core.report.access import (
    rehearsal_sentence,
)
from core.report.document import Callout, Paragraph, Section, Table, Verdicts, blocks
from core.report.verdict import verdicts
from core.report.views import AssessmentDoc, Dataset, Split

SYNTHETIC = (
    "The data in this report are synthetic: invented records made for demonstration. No real "
    "person is described in them."
)


def verdict_section(assessment: Mapping[str, Any]) -> Section:
    a = AssessmentDoc.of(assessment)
    synthetic = bool(a.dataset.synthetic)
    return Section(
        "Verdict",
        blocks(
            Callout(SYNTHETIC) if synthetic else None,
            Paragraph(_verdict_intro(a)),
            Verdicts(verdicts(a)),
            Paragraph(
                "Low: within the threshold. Moderate: acceptable only with further safeguards "
                "(a data-sharing agreement, access control). High: do not release as it is — "
                "protect more strongly or use one of the other defences described later. A "
                "range such as 'moderate to high': the measured figure is uncertain enough to "
                "lie on either side of a line. Too few records: the table is too small to tell "
                "a moderate leak from chance.",
                style="note",
            ),
        ),
    )


def _verdict_intro(a: AssessmentDoc) -> str:
    if not a.rehearsed:
        return (
            "Three ways an attacker could learn about the people in this table were tried on "
            "the protected release. Each light below gives the remaining risk in one "
            f"sentence, with the threshold it was judged against.{_repeats_sentence(a)}"
            f"{_sample_words(a)}"
        )
    return (
        "Three ways an attacker could learn about the people in this table were measured. "
        "Re-identification was measured on the released table itself. Membership and "
        "attribute inference need people known to be outside the release, so they were "
        f"measured in a rehearsal. {rehearsal_sentence(a)} Each light gives the remaining risk "
        f"in one sentence, with the threshold it was judged against.{_repeats_sentence(a)}"
        f"{_sample_words(a)}"
    )


def sample_sentence(assessment: Mapping[str, Any]) -> str | None:
    """ "Measured on a sample of N of M records." when the attacks saw a sample of a larger
    table (assessment.json's ``sample``), else None."""
    sample = assessment.get("sample")
    if not isinstance(sample, Mapping):
        return None
    rows, of = sample.get("rows"), sample.get("of")
    if not isinstance(rows, int) or not isinstance(of, int):
        return None
    return f"Measured on a sample of {fmt.count(rows)} of {fmt.count(of)} records."


def _sample_words(a: AssessmentDoc) -> str:
    sentence = sample_sentence(a)
    if sentence is None:
        return ""
    rows = fmt.count(a.dataset.rows)
    return (
        f" The table is large: the attacks were {sentence[0].lower()}{sentence[1:-1]}, drawn "
        f"at random; re-identification was measured on all {rows} records."
    )


def _repeats_sentence(a: AssessmentDoc) -> str:
    n = spread.runs(a)
    if n < 2:
        return ""
    what = "rehearsal" if a.rehearsed else "assessment"
    return (
        f" The {what} was repeated {n} times, each time with other people chosen at random: "
        f"each light rests on the average across all {n} runs and its 95% interval, with "
        "the range of the runs."
    )


def release_section(assessment: Mapping[str, Any]) -> Section:
    a = AssessmentDoc.of(assessment)
    data, rel, split = a.dataset, a.release, a.split
    rows = [
        (
            "Input table",
            fmt.text(data.name),
            fmt.count(data.rows),
            fmt.count(data.columns),
        ),
        (
            "Released table",
            fmt.text(rel.name or "release.csv"),
            fmt.count(rel.rows),
            fmt.count(rel.columns),
        ),
    ]
    rehearsal = a.rehearsal_release
    if a.rehearsed and rehearsal:
        rows.append(
            (
                "Rehearsal (attacked)",
                "not written",
                fmt.count(rehearsal.rows),
                fmt.count(rehearsal.columns),
            )
        )
    hashes = (
        ("Input table", fmt.text(data.sha256)),
        ("Released table", fmt.text(rel.sha256)),
    )
    return Section(
        "What was released",
        blocks(
            Paragraph(
                "The fingerprint identifies the exact files this report is about: if a single "
                "character of a file changes, its SHA-256 changes too."
            ),
            _released_paragraph(a) if a.rehearsed else None,
            Table(
                ("", "File", "Rows", "Columns"),
                tuple(rows),
                numeric=(2, 3),
                widths=(2, 4, 1.2, 1.2),
            ),
            Table(("", "SHA-256 fingerprint"), hashes, widths=(2, 6.4), mono=(1,)),
            _split_paragraph(split, data, a.rehearsed),
        ),
    )


def _released_paragraph(a: AssessmentDoc) -> Paragraph:
    """What the released file holds: every input record protected, less those suppressed."""
    total, rows = a.dataset.rows, a.release.rows
    suppressed = fmt.number(a.applied_protection.suppressed_records)
    if methods.synthetic(a.method):
        return Paragraph(
            f"The released table holds {fmt.count(rows)} synthetic records drawn from noisy "
            f"statistics of all {fmt.count(total)} input records."
        )
    left = f", less the {fmt.count(suppressed)} suppressed" if suppressed else ""
    return Paragraph(
        f"The released table holds the {fmt.count(total)} input records protected with the "
        f"chosen settings{left}: {fmt.count(rows)} records."
    )


def _split_paragraph(split: Split, data: Dataset, rehearsal: bool = False) -> Paragraph | None:
    members, others = split.members, split.non_members
    if members is None or others is None:
        return None
    strat = split.stratified_on
    how = f", keeping the share of each '{strat}' value the same in both" if strat else ""
    if rehearsal:
        text = (
            f"For the rehearsal, the {fmt.count(data.rows)} input records were split at "
            f"random{how}: {fmt.count(members)} records (the 'members') were protected with the "
            f"same settings and attacked; the other {fmt.count(others)} played people known to be "
            f"outside, so that what a release gives away about its own people can be told apart "
            f"from what anyone could guess about anyone. The rehearsal is never written out."
        )
    else:
        text = (
            f"The {fmt.count(data.rows)} input records were split at random{how}: "
            f"{fmt.count(members)} records form the release (the 'members'); the other "
            f"{fmt.count(others)} were held back as a control group, so that what the release "
            f"gives away about its own people can be told apart from what anyone could guess "
            f"about anyone."
        )
    tested, outside = split.evaluation_members, split.evaluation_non_members
    if tested is not None and outside is not None:
        text += (
            f" The membership attacks were scored on {fmt.count(tested)} members and "
            f"{fmt.count(outside)} held-back people"
        )
        pool = split.reference_pool
        text += (
            f"; the attacker's own sample, used to train look-alike models, was the other "
            f"{fmt.count(pool)} held-back people."
            if pool
            else "."
        )
    return Paragraph(text)
