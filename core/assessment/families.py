"""The attack families, one entry each: adding a family is one entry here plus its modules.

Import-light (no pandas, sklearn or report code at import): runners, report sections, lights
and the GUI's one-line summaries are named as "module:function" and loaded on first use, so
the GUI and the settings may read this table at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Family:
    """One attack family. ``name`` is the key in ``AssessmentSettings.attacks``, the CLI's
    ``--attacks`` list and the assessment.json side section.

    ``runner(ctx, release, model, *, link, monitor, **options) -> (result | None, notes)``
    (``options``: the side's extras it takes, e.g. ``ceilings``); ``section(assessment) ->
    Section | None``; ``light(assessment) -> Light`` (None: one of ``core.report.verdicts``);
    ``summary(side_dict) -> str | None``: the GUI's plain line for one side; ``figure``:
    (label, key path in a side, higher is riskier) the frontier may plot; ``weight``: share
    of a side's progress bar."""

    name: str
    label: str
    sentence: str
    needs_model: bool
    runner: str
    section: str
    light: str | None = None
    summary: str | None = None
    figure: tuple[str, tuple[str, ...]] | None = None
    options: tuple[str, ...] = ()
    weight: float = 1.0
    gates_release: bool = False  # a HIGH light stops the release (an attack on the table itself)

    def load(self, which: str) -> Callable[..., Any] | None:
        """The function named by field ``which`` ('runner', 'section', 'light', 'summary')."""
        ref = getattr(self, which)
        if ref is None:
            return None
        module, _, attr = ref.partition(":")
        return getattr(importlib.import_module(module), attr)


FAMILIES: tuple[Family, ...] = (
    Family(
        "reidentification",
        "Re-identification",
        "The attacker knows a person's quasi-identifiers and looks for the rows that match them.",
        needs_model=False,
        runner="core.assessment.side:run_reidentification",
        section="core.report.sections.reidentification:reidentification_section",
        figure=("average re-identification risk", ("reidentification", "average_risk")),
        weight=0.3,
    ),
    Family(
        "membership",
        "Membership inference",
        "The attacker holds a person's record and asks the model trained on the release, or the "
        "release itself, whether that person was in it.",
        needs_model=False,
        runner="core.assessment.membership:run_family",
        section="core.report.sections.membership:membership_section",
        figure=("strongest membership advantage", ("membership", "*", "advantage")),
        options=("ceilings", "membership_attacks"),
        weight=3.0,
    ),
    Family(
        "attribute",
        "Attribute inference",
        "The attacker knows a person's quasi-identifiers and guesses their sensitive value from "
        "the release or the model.",
        needs_model=False,
        runner="core.assessment.attribute:run_family",
        section="core.report.sections.attribute:attribute_section",
        figure=("group-matching attribute risk", ("attribute", "linkage", "risk")),
        options=("attribute_attacks",),
        weight=1.0,
    ),
    Family(
        "extraction",
        "Model extraction",
        "The attacker sends records to the model as if it were served, keeps its answers and "
        "trains a copy; from the copy it may learn what the model learned.",
        needs_model=True,
        runner="core.assessment.extraction:run_extraction",
        section="core.report.sections.extraction:extraction_section",
        light="core.report.family_lights:extraction_light",
        summary="core.report.sections.extraction:summary",
        figure=("model copy gain over chance", ("extraction", "copy_gain")),
        weight=1.5,
    ),
    Family(
        "property",
        "Property inference",
        "The attacker holds the model and learns a share in the data it was trained on, such as "
        "the share of women, by comparing it with look-alike models trained at known shares.",
        needs_model=True,
        runner="core.assessment.property:run_property",
        section="core.report.sections.property:property_section",
        light="core.report.family_lights:property_light",
        summary="core.report.sections.property:summary",
        figure=("property game accuracy", ("property", "game", "accuracy")),
        weight=1.5,
    ),
    Family(
        "reconstruction",
        "Record reconstruction",
        "The attacker knows a person's quasi-identifiers and fills in the rest of their record "
        "from the released rows that share them.",
        needs_model=False,
        runner="core.assessment.reconstruction:run_reconstruction",
        section="core.report.sections.reconstruction:reconstruction_section",
        light="core.report.verdict:reconstruction",
        gates_release=True,
        figure=("share of record cells recovered", ("reconstruction", "share_members")),
        weight=1.0,
    ),
)

BY_NAME: dict[str, Family] = {f.name: f for f in FAMILIES}
NAMES: tuple[str, ...] = tuple(BY_NAME)


def family(name: str) -> Family:
    return BY_NAME[name]


def chosen(attacks: tuple[str, ...]) -> tuple[Family, ...]:
    """The families asked for, in the registry's order."""
    return tuple(f for f in FAMILIES if f.name in attacks)


def figure_value(side: Any, path: tuple[str, ...]) -> float | None:
    """The number at ``path`` in a side's dictionary; '*' takes the largest over a level."""
    if not path:
        return side if isinstance(side, int | float) and not isinstance(side, bool) else None
    if not isinstance(side, dict):
        return None
    head, rest = path[0], path[1:]
    if head == "*":
        found = [figure_value(v, rest) for v in side.values()]
        return max((v for v in found if v is not None), default=None)
    return figure_value(side.get(head), rest)


def figures(side: dict[str, Any]) -> dict[str, float]:
    """Each family's frontier figure found in a side's dictionary."""
    out = {}
    for fam in FAMILIES:
        value = figure_value(side, fam.figure[1]) if fam.figure else None
        if value is not None:
            out[fam.name] = value
    return out
