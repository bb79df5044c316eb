"""Appendices: the methods in two sentences each, reproducibility, and the references."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from core import methods
from core.report import fmt, spread
from core.report.access import (
    applied_protection,
    fresh_noise,
    get,
    is_dp,
    method,
    rehearsed,
    section,
)
from core.report.document import Bullets, Paragraph, Section, Table
from core.report.references import REFERENCES, cite
from core.report.sections.protection import full_ledger


def _ran(family: str, key: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda a: any(key in section(a, s, family) for s in ("before", "after"))


def _family(family: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda a: any(section(a, s, family) for s in ("before", "after"))


def _always(a: Mapping[str, Any]) -> bool:
    return True


def _k_family(a: Mapping[str, Any]) -> bool:
    return methods.generalizes(method(a))


METHODS: tuple[tuple[str, Callable[[Mapping[str, Any]], bool], str], ...] = (
    (
        "k-anonymity",
        _k_family,
        "Quasi-identifiers are generalized (or rare records suppressed) until every combination is "
        f"shared by at least k records {cite('Sweeney 2002')}. Veil searches the generalization "
        f"levels for the least information loss {cite('Prasser 2014')}, or splits the data "
        f"recursively with Mondrian {cite('LeFevre 2006')}.",
    ),
    (
        "ℓ-diversity",
        lambda a: get(a, "settings", "protection", "l") is not None,
        "Every group must hold at least ℓ well-represented values of the sensitive column, so that "
        "knowing someone's group does not reveal it. It answers the homogeneity attack that "
        f"k-anonymity alone allows {cite('Machanavajjhala 2007')}.",
    ),
    (
        "t-closeness",
        lambda a: get(a, "settings", "protection", "t") is not None,
        "The distribution of the sensitive column in every group must lie within a distance t "
        "of its distribution in the whole table. It stops an attacker learning from skewed groups "
        f"{cite('Li 2007')}.",
    ),
    (
        "Differential privacy",
        is_dp,
        "Random noise calibrated to ε makes the output almost equally likely whether or not any "
        f"one person is in the data {cite('Dwork 2006', 'Dwork 2014')}. Veil uses IBM's "
        f"diffprivlib mechanisms and accounts every ε spent {cite('Holohan 2019')}.",
    ),
    (
        "Rehearsal",
        rehearsed,
        "Membership and attribute attacks compare people in a release with people known to be "
        "outside it, and nobody is outside the released table. Veil therefore protects a random "
        "part of the records (the members) with the same settings and attacks that, with the "
        "rest as the control; the figures estimate what a release made this way gives away. "
        "Re-identification risk is measured on the released table itself.",
    ),
    (
        "Repeated rehearsals",
        lambda a: spread.runs(a) > 1,
        "The rehearsal was repeated with consecutive seeds, each time with a new random choice "
        "of members, a new protection of them, new models and new attacks. Detailed figures "
        "and charts come from the first run; 'mean (range)' sums up all runs, and each "
        "figure's 'repeats' entry in assessment.json adds its standard deviation and a 95% "
        "interval for the mean (Student's t). The lights rest on that mean and its interval "
        "(high only when the whole interval is above the high line), so more rehearsals give "
        "a narrower interval. The spread shows how much a figure depends on the luck of the "
        "draw.",
    ),
    (
        "Prosecutor risk",
        _always,
        "The chance 1/n of re-identifying a person whose quasi-identifiers are shared by n "
        "records, for an attacker who knows the person is in the release "
        f"{cite('El Emam 2008')}. Public releases of clinical data are held to a highest risk "
        f"of 0.09 {cite('EMA 2018', 'Health Canada 2019')}.",
    ),
    (
        "Journalist and marketer risk",
        lambda a: any(
            get(a, s, "reidentification", k) is not None
            for s in ("before", "after")
            for k in ("journalist_risk", "marketer_risk")
        ),
        "The journalist does not know whether the target is in the release, so group sizes in the "
        "whole population count; the marketer wants to re-identify as many records as possible and "
        f"is measured by the expected share re-identified {cite('El Emam 2013')}.",
    ),
    (
        "Membership advantage",
        _family("membership"),
        "The largest difference between the share of members an attack flags and the share of "
        f"non-members it wrongly flags {cite('Yeom 2018')}. An ε-differentially private release "
        f"caps it at (e^ε − 1)/(e^ε + 1) {cite('Kairouz 2015')}.",
    ),
    (
        "Confidence-threshold attack",
        _ran("membership", "threshold"),
        "Models are usually more confident on records they were trained on; the attack flags the "
        f"records on which the model is most confident {cite('Yeom 2018')}. It is cheap and shows "
        "how much a model overfits.",
    ),
    (
        "Shadow-model attack",
        _ran("membership", "shadow"),
        "The attacker trains look-alike models on data they own, where membership is known, and "
        f"learns from them how members look to a model {cite('Shokri 2017')}. Veil draws the "
        "shadow data from the held-back people only.",
    ),
    (
        "LiRA (likelihood-ratio attack)",
        _ran("membership", "lira"),
        "Reference models trained without each record show how the model would score it if it "
        "were not a member; the attack tests each record against that calibration "
        f"{cite('Carlini 2022')}. It is the strongest known attack at low false-alarm rates, "
        "where real harm happens.",
    ),
    (
        "Distance to closest record",
        _ran("membership", "distance"),
        "For a released table, people whose record is unusually close to a released row are "
        f"flagged as members {cite('Stadler 2022')}. It matters most for synthetic data, which "
        "may copy real records.",
    ),
    (
        "Linkage (group majority)",
        _ran("attribute", "linkage"),
        "The attacker finds the target's group in the release from their quasi-identifiers and "
        "guesses the most common sensitive value in that group, the homogeneity attack "
        f"{cite('Machanavajjhala 2007')}. It succeeds when groups are homogeneous.",
    ),
    (
        "Machine-learning inference",
        _ran("attribute", "ml"),
        "A classifier trained on the release predicts the sensitive value from the "
        f"quasi-identifiers, as in Anonymeter's inference attack {cite('Giomi 2023')}. It also "
        "catches patterns that generalization leaves intact.",
    ),
    (
        "Model inversion",
        _ran("attribute", "inversion"),
        "When the sensitive column is an input of a published model, the attacker tries each "
        "possible value and keeps the one that best explains the model's output "
        f"{cite('Fredrikson 2015')}. It measures what the model, not the table, gives away.",
    ),
    (
        "Control correction",
        _family("attribute"),
        "Every attribute attack is also run on people held back; the risk keeps only the excess "
        f"success on people in the release {cite('Giomi 2023')}. Its interval is a Wilson score "
        f"interval {cite('Wilson 1927')}.",
    ),
    (
        "How the lights are decided",
        _always,
        "A light rests on the attack with the strongest evidence, read with its 95% interval: "
        "HIGH only when the interval's lower end is above the high line, and a range such as "
        "'moderate to high' when it crosses a line. The membership light first asks whether any "
        "attack beat what random scores reach, allowing for taking the strongest of several "
        "attacks (a Bonferroni correction of the Kolmogorov–Smirnov null of the advantage, 4% in "
        "all, so pure noise lights it at most 5% of the time); when a table is too small for "
        "that to rule out a moderate advantage, it says 'too few records'. An attribute attack "
        "counts only when it beats both people held back and always guessing the most common "
        "value, interval included.",
    ),
    (
        "Confidence intervals",
        _always,
        "Figures from attacks are estimates from a sample; the 95% intervals show their "
        f"uncertainty, computed by resampling the people tested {cite('Efron 1993')}. An interval "
        "that includes the guessing level means no evidence of a leak.",
    ),
)


def ledger_section(a: Mapping[str, Any]) -> Section | None:
    """The privacy budget ledger in full, one row per mechanism, when the report groups it."""
    table = full_ledger(applied_protection(a)) if is_dp(a) else None
    if table is None:
        return None
    return Section(
        "Privacy budget ledger",
        (
            Paragraph(
                "Every mechanism that spent part of the privacy budget, in the order it ran; "
                "the section 'Protection applied' sums them up by step and kind of column.",
                style="note",
            ),
            table,
        ),
        appendix=True,
    )


def glossary_section() -> Section:
    """The technical names behind the plain words of the first page (core.glossary)."""
    from core.glossary import GLOSSARY

    rows = tuple((term, plain, text) for term, plain, text in GLOSSARY)
    return Section(
        "Glossary",
        (
            Paragraph(
                "The first page uses plain words; this table gives the technical name behind "
                "each, as the literature and the rest of this report use it.",
                style="note",
            ),
            Table(("Technical term", "Plain words", "What it means"), rows, widths=(2, 1.8, 5)),
        ),
        appendix=True,
    )


def methods_section(a: Mapping[str, Any]) -> Section:
    shown = [Paragraph(text, lead=f"{name}.") for name, applies, text in METHODS if applies(a)]
    return Section("Methods", tuple(shown), appendix=True)


def reproducibility_section(a: Mapping[str, Any]) -> Section:
    prov = section(a, "provenance")
    facts = [
        ("Seed", fmt.text(a.get("seed"))),
        ("Project file", fmt.text(get(a, "project", "name"))),
        ("Created", fmt.text(prov.get("created"))),
        ("Platform", fmt.text(prov.get("platform"))),
        ("Packaged application", fmt.text(prov.get("frozen"))),
        ("Run time", fmt.seconds(a.get("elapsed_seconds"))),
    ]
    facts += [
        (f"{name[:1].upper()}{name[1:]} version", fmt.text(v))
        for name, v in section(prov, "versions").items()
    ]
    settings = [
        (f"{part.capitalize()}: {key}", fmt.text(value))
        for part in ("protection", "assessment")
        for key, value in section(a, "settings", part).items()
        if value not in (None, "", [], {})
    ]
    blocks_: list[Any] = [
        Paragraph(
            "Running the same project file with the same seed and library versions gives the "
            "same figures (timings aside): veil-cli run PROJECT.veil.json --out FOLDER."
            + (
                " The differentially private release itself is drawn with fresh noise each time "
                "and differs from run to run; only the rehearsal is seeded."
                if fresh_noise(a)
                else ""
            )
        ),
        Table(("Item", "Value"), tuple(facts), widths=(2, 5)),
    ]
    if settings:
        blocks_.append(
            Table(
                ("Setting", "Value"), tuple(settings), widths=(2, 5), caption="Settings of the run."
            )
        )
    return Section("Reproducibility", tuple(blocks_), appendix=True)


def references_section(texts: Iterable[str]) -> Section:
    body = "\n".join(texts)
    cited = [f"{key}. {ref}" for key, ref in REFERENCES.items() if key in body]
    return Section("References", (Bullets(tuple(cited)),), appendix=True)
