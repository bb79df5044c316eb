"""Re-identification before vs after: group sizes, unique records, prosecutor risk.

Measured on the released table and the input as it is when the document has them; an older
document (or one from ``veil-cli assess``) gives the attacked table before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.report import fmt, spread
from core.report.document import Chart, Paragraph, Section, Table, blocks
from core.report.references import cite
from core.report.views import AssessmentDoc, Reidentification, View

HEADERS = {"before": "Before protection", "after": "After protection"}
RELEASE_HEADERS = {"before": "Input table, as it is", "after": "Released table"}


def reidentification_section(assessment: Mapping[str, Any]) -> Section | None:
    a = AssessmentDoc.of(assessment)
    reid = _figures(a)
    if not reid:
        return None
    qis = next((r.qis for r in reid.values() if r.qis), [])
    headers = RELEASE_HEADERS if a.rehearsed else HEADERS
    return Section(
        "Re-identification",
        blocks(
            Paragraph(
                "An attacker who knows that a person is in the release, and knows their "
                f"quasi-identifiers ({', '.join(map(str, qis)) or 'not recorded'}), looks for the "
                "records that match. If n records share those values, the chance of picking the "
                f"right one is 1 in n: the prosecutor risk {cite('El Emam 2008')}. A unique "
                "record (n = 1) is re-identified with certainty."
                + (
                    " These figures were measured on the released table itself and on the whole "
                    "input table."
                    if a.rehearsed
                    else ""
                )
            ),
            _chart(reid),
            _table(reid, headers),
            _spread_note(reid),
            Paragraph(
                "For a differentially private release the groups are formed by noisy or "
                "synthetic rows, which do not match real people one-to-one, so these figures "
                "overstate the risk of linking; rely on the membership results instead.",
                style="note",
            )
            if a.is_dp
            else None,
        ),
    )


def _figures(a: AssessmentDoc) -> dict[str, Reidentification]:
    """'before' and 'after' figures: the input and the released table, else the attacked one."""
    real = a.real_release
    if real:
        found = {"before": real.input_reidentification, "after": real.reidentification}
        return {side: r for side, r in found.items() if r}
    return {s: a.side(s).reidentification for s in a.sides("reidentification")}


def _spread_note(reid: Mapping[str, Mapping[str, Any]]) -> Paragraph | None:
    """Only an attacked table has a spread: the released table is measured once."""
    text = spread.side_summary(
        reid,
        (("average_risk", "average risk", False), ("highest_risk", "highest risk", False),
         ("unique_fraction", "unique records", True)),
    )  # fmt: skip
    return Paragraph(text, style="note") if text else None


def _chart(reid: Mapping[str, Reidentification]) -> Chart | None:
    shares: dict[str, list[float]] = {}
    labels: list[str] = []
    for side, r in reid.items():
        hist = r.class_size_histogram
        records = [fmt.number(v) or 0.0 for v in hist.records or []]
        if not records or not hist.labels:
            continue
        total = sum(records) or 1.0
        labels = [str(x) for x in hist.labels]
        shares[side] = [v / total for v in records]
    if not shares or any(len(v) != len(labels) for v in shares.values()):
        return None
    return Chart(
        "class_sizes",
        {"labels": labels, **shares},
        caption="Share of records by the size of their group. Records in groups of 1 are unique "
        "and can be re-identified with certainty; larger groups hide people better.",
        alt="Bar chart of the share of records by group size, before and after protection.",
        aspect=0.36,
    )


def _table(reid: Mapping[str, Reidentification], headers: Mapping[str, str]) -> Table:
    cols = list(reid)
    rows: list[tuple[str, ...]] = [
        (
            "Groups of identical quasi-identifiers",
            *(fmt.count(reid[s].equivalence_classes) for s in cols),
        ),
        ("Unique records", *(_unique(reid[s]) for s in cols)),
        ("Average risk", *(fmt.dec(reid[s].average_risk) for s in cols)),
        ("Highest risk", *(_highest(reid[s].highest_risk) for s in cols)),
    ]
    thresholds = sorted(
        {t for s in cols for t in View(reid[s].records_at_risk)},
        key=lambda t: -(fmt.number(t) or 0),
    )
    for t in thresholds:
        rows.append(
            (
                f"Records with risk above {t} ({fmt.one_in(t)})",
                *(fmt.pct(View(reid[s].records_at_risk).get(t)) for s in cols),
            )
        )
    for key, label in (("journalist_risk", "Journalist risk"), ("marketer_risk", "Marketer risk")):
        if any(getattr(reid[s], key) is not None for s in cols):
            rows.append((label, *(_risk_value(getattr(reid[s], key)) for s in cols)))
    return Table(
        ("Measure", *(headers[s] for s in cols)),
        tuple(rows),
        numeric=tuple(range(1, len(cols) + 1)),
        widths=(4, *([2] * len(cols))),
    )


def _unique(r: Reidentification) -> str:
    share = fmt.pct(r.unique_fraction)
    if r.unique_records is None:
        return share
    return f"{fmt.count(r.unique_records)} ({share})"


def _highest(risk: Any) -> str:
    return fmt.DASH if fmt.number(risk) is None else f"{fmt.dec(risk)} ({fmt.one_in(risk)})"


def _risk_value(value: Any) -> str:
    if isinstance(value, Mapping):
        return "; ".join(f"{fmt.humanize(k).lower()} {_risk_value(v)}" for k, v in value.items())
    return fmt.dec(value) if fmt.number(value) is not None else fmt.text(value)
