"""How useful the release stays: a proxy model, and the privacy–utility frontier of a sweep."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import methods
from core.report import fmt, spread
from core.report.access import member_share
from core.report.document import Chart, Paragraph, Section, Table, blocks
from core.report.views import AssessmentDoc, ProtectionSettings, SweepPoint

METRICS = (
    ("accuracy", "Accuracy"),
    ("balanced_accuracy", "Balanced accuracy"),
    ("roc_auc", "ROC AUC"),
)
MODEL_WORDS = {
    "rf": "a random forest",
    "hgb": "gradient-boosted trees",
    "logreg": "a logistic regression",
    "dp-logreg": "a differentially private logistic regression",
    "dp-nb": "a differentially private naive Bayes model",
    "dp-rf": "a differentially private random forest",
}


def utility_section(assessment: Mapping[str, Any]) -> Section | None:
    a = AssessmentDoc.of(assessment)
    present = a.sides("utility")
    if not present:
        return None
    util = {s: a.side(s).utility for s in present}
    model = next((u.model for u in util.values() if u.model), None)
    target = next((u.target for u in util.values() if u.target), None)
    return Section(
        "Usefulness of the release",
        blocks(
            Paragraph(
                f"To measure what protection costs, {MODEL_WORDS.get(model, model or 'a model')} "
                f"was trained to predict {target or 'the target column'} from "
                f"{_trained_on(a)} and tested on the people held back, in their original form. "
                "The same model trained on the unprotected records gives the 'before' score."
            ),
            _chart(util),
            _table(util),
            _spread_note(util),
        ),
    )


def _spread_note(util: Mapping[str, Mapping[str, Any]]) -> Paragraph | None:
    words = (("accuracy", "accuracy"), ("balanced_accuracy", "balanced accuracy"),
             ("roc_auc", "ROC AUC"))  # fmt: skip
    text = spread.side_summary(util, tuple((k, label, True) for k, label in words))
    return Paragraph(text, style="note") if text else None


def _trained_on(a: AssessmentDoc) -> str:
    if not a.rehearsed:
        return "the release"
    share = member_share(a)
    return f"the rehearsal's protected {share}{'' if share == 'half' else ' of records'}"


def _chart(util: Mapping[str, Mapping[str, Any]]) -> Chart | None:
    shown = [
        (k, label)
        for k, label in METRICS
        if any(fmt.number(u.get(k)) is not None for u in util.values())
    ]
    if not shown:
        return None
    return Chart(
        "utility",
        {
            "metrics": [label for _, label in shown],
            **{s: [fmt.number(u.get(k)) for k, _ in shown] for s, u in util.items()},
        },
        caption="Scores of the model on people held back: 100% is perfect; balanced accuracy "
        "and ROC AUC are 50% for a model that has learned nothing.",
        alt="Bar chart of accuracy, balanced accuracy and ROC AUC before and after protection.",
        aspect=0.12 + 0.045 * len(shown) * len(util),
    )


def _table(util: Mapping[str, Mapping[str, Any]]) -> Table:
    cols = list(util)
    rows = []
    for key, label in METRICS:
        values = [fmt.number(util[s].get(key)) for s in cols]
        if all(v is None for v in values):
            continue
        row = [label, *(fmt.pct(v) for v in values)]
        if len(cols) == 2:
            row.append(_change(values[0], values[1]))
        rows.append(tuple(row))
    header = ("Measure", *(f"{s.capitalize()} protection" for s in cols))
    if len(cols) == 2:
        header += ("Change",)
    return Table(header, tuple(rows), numeric=tuple(range(1, len(header))))


def _change(before: float | None, after: float | None) -> str:
    return fmt.points(before, after)


def frontier_section(assessment: Mapping[str, Any]) -> Section | None:
    a = AssessmentDoc.of(assessment)
    points = [
        p for p in a.sweep if fmt.number(_x(p)) is not None and fmt.number(p.accuracy) is not None
    ]
    if not points:
        return None
    settings = a.settings.protection
    data = [
        {
            "method": methods.short(p.raw.get("method", "")),
            "label": _label(p),
            "chosen": _is_chosen(p, settings),
            "x": fmt.number(_x(p)),
            "y": fmt.number(p.accuracy),
        }
        for p in points
    ]
    figure, header, said, alt = _x_words(points)
    rows = tuple(
        (d["method"], d["label"], fmt.dec(d["x"]), fmt.pct(d["y"]), "yes" if d["chosen"] else "")
        for d in data
    )
    return Section(
        "Privacy–utility trade-off",
        (
            Paragraph(
                "The assessment was repeated for a range of settings. Each point is one setting: "
                "further left is more private, higher up is more useful. Settings to prefer lie "
                "on the upper-left edge; a setting below and to the right of another is beaten by "
                "it on both counts."
            ),
            Chart(
                "frontier",
                {"points": data, **figure},
                caption=f"{said} against model accuracy for each setting tried.",
                alt=f"Scatter plot of {alt} against model accuracy per setting.",
                aspect=0.5,
            ),
            Table(
                ("Method", "Setting", header, "Accuracy", "Chosen"),
                rows,
                numeric=(2, 3),
                widths=(2, 2, 1.5, 1.5, 1),
            ),
        ),
    )


def _x(p: SweepPoint) -> Any:
    """A point's privacy figure: the membership advantage, or the family it was measured by."""
    by = p.raw.get("measured_by")
    if by in (None, "membership"):
        return p.advantage
    return (p.raw.get("figures") or {}).get(by)


def _x_words(points: list[SweepPoint]) -> tuple[dict[str, str], str, str, str]:
    """(chart data's x label, the table's column header, the caption's, the alt text's)."""
    from core.assessment.families import BY_NAME

    by = {p.raw.get("measured_by") for p in points} - {None, "membership"}
    fam = BY_NAME.get(by.pop()) if len(by) == 1 else None
    if fam is None or fam.figure is None:
        return {}, "Advantage", "Attack advantage", "membership advantage"
    words = fam.figure[0]
    return {"x_label": words.capitalize()}, words.capitalize(), words.capitalize(), words


def _label(p: SweepPoint) -> str:
    if fmt.number(p.epsilon) is not None:
        return f"ε = {fmt.epsilon(p.epsilon).split()[0]}"
    if p.k is not None:
        return f"k = {p.k}"
    return str(p.label or p.method or "")


def _is_chosen(p: SweepPoint, settings: ProtectionSettings) -> bool:
    if p.method != settings.method:
        return False
    if methods.is_dp(p.method):
        return fmt.number(p.epsilon) == fmt.number(settings.epsilon)
    return p.k == settings.k
