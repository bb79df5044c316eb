"""The one registry of protection methods: name, labels, settings fields, runner and wording.

Adding a method is one ``Method`` entry here (plus its runner): the settings, the CLI
``--method`` choices, the GUI's method buttons, the glossary, the report and the charts read
this table. Light to import (no pandas or sklearn): the runner is a "module:function" path
resolved on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

NONE = "none"  # the baseline: direct identifiers only
DEFAULT = "optimal"  # what the settings, `veil-cli protect` and a new project start with
GENERALIZATION, DP = "generalization", "dp"  # the families besides the baseline
IDENTIFIER_FIELDS = ("identifiers",)
K_FIELDS = ("k", "l", "l_variant", "c", "t", "suppression", "metric", "max_nodes")
DP_FIELDS = ("epsilon", "delta", "bounds", "domain")


@dataclass(frozen=True)
class Method:
    """One protection method and every word and setting the program shows for it."""

    name: str  # as stored in settings, project files and assessment.json
    family: str  # NONE, GENERALIZATION or DP
    label: str  # the GUI's method button
    words: str  # the line under the button
    term: str  # glossary sentence and tooltip
    title: str  # glossary title, chart legend and sidebar
    short: str  # the report's short name (tables, sweep)
    report: str  # the report's description, followed by ``citations``
    citations: tuple[str, ...]
    fields: tuple[str, ...]  # the ProtectionSettings fields it reads
    runner: str  # "module:function" called by core.protect.protect
    qi_fate: str  # what happens to the quasi-identifiers (Columns step overview)
    colour: str  # chart colour
    synthetic: bool = False  # releases made-up records (``rows`` sets how many)
    global_recoding: bool = False  # one generalization level per column for the whole table
    menu_rank: int = 0  # position among the GUI's method buttons

    @property
    def is_dp(self) -> bool:
        return self.family == DP

    @property
    def generalizes(self) -> bool:
        """True for k-anonymity by generalizing the quasi-identifiers (k, ℓ, t, suppression)."""
        return self.family == GENERALIZATION

    def uses(self, field: str) -> bool:
        return field in self.fields

    def run(self) -> Callable[..., Any]:
        """The runner function, imported now (heavy libraries load here, not at start-up)."""
        module, _, name = self.runner.partition(":")
        return getattr(importlib.import_module(module), name)


REGISTRY: dict[str, Method] = {
    m.name: m
    for m in (
        Method(
            name=NONE,
            family=NONE,
            label="Only remove identifiers",
            words="Drops names, e-mails and the like; a baseline to compare the others against.",
            term="Only removes or pseudonymizes the direct identifiers; useful as a baseline.",
            title="Identifiers removed",
            short="No protection",
            report="No protection (direct identifiers only)",
            citations=(),
            fields=IDENTIFIER_FIELDS,
            runner="core.protect:pass_through",
            qi_fate="will be kept as they are",
            colour="#6a4c93",
            menu_rank=4,
        ),
        Method(
            name="optimal",
            family=GENERALIZATION,
            label="Generalize (k-anonymity) — recommended",
            words="Blurs the quasi-identifiers just enough that everyone hides in a group; "
            "keeps real records.",
            term="Searches every combination of generalization levels and keeps the one that "
            "loses the least information (like ARX).",
            title="Generalize (k)",
            short="k-anonymity",
            report="k-anonymity, optimal generalization",
            citations=("Sweeney 2002", "Prasser 2014"),
            fields=IDENTIFIER_FIELDS + K_FIELDS,
            runner="core.protect:generalize",
            qi_fate="will be generalized",
            colour="#1f5f99",
            global_recoding=True,
            menu_rank=0,
        ),
        Method(
            name="mondrian",
            family=GENERALIZATION,
            label="Generalize, fast (Mondrian)",
            words="Like the above, group by group; faster on big tables and often more precise.",
            term="Splits the records into small groups and generalizes each group on its own; "
            "fast and often more precise.",
            title="Generalize, fast (k)",
            short="k-anonymity (Mondrian)",
            report="k-anonymity, Mondrian partitioning",
            citations=("LeFevre 2006",),
            fields=IDENTIFIER_FIELDS + K_FIELDS,
            runner="core.protect:generalize",
            qi_fate="will be generalized",
            colour="#2e8b57",
            menu_rank=1,
        ),
        Method(
            name="dp-noise",
            family=DP,
            label="Add noise (differential privacy)",
            words="Adds random noise to every value; a mathematical privacy guarantee set by ε.",
            term="Adds calibrated random noise to every column (differential privacy); the "
            "table keeps its rows.",
            title="Noise (ε)",
            short="DP noise",
            report="Differential privacy: noise added to each value",
            citations=("Dwork 2006",),
            fields=IDENTIFIER_FIELDS + DP_FIELDS,
            runner="core.protect:dp_release",
            qi_fate="will get noise",
            colour="#d1495b",
            menu_rank=2,
        ),
        Method(
            name="dp-synthetic",
            family=DP,
            label="Synthetic records (differential privacy)",
            words="Releases made-up records that follow the table's patterns; no real row is "
            "released.",
            term="Generates new, artificial records from a differentially private model "
            "of the table; no real row is released.",
            title="Synthetic (ε)",
            short="DP synthetic data",
            report="Differential privacy: synthetic table from noisy statistics",
            citations=("Dwork 2014",),
            fields=(*IDENTIFIER_FIELDS, *DP_FIELDS, "rows"),
            runner="core.protect:dp_release",
            qi_fate="will be drawn anew",
            colour="#e69f00",
            synthetic=True,
            menu_rank=3,
        ),
    )
}
# the sweep's method for the k points / the ε points when the chosen one is of the other family
SWEEP_DEFAULTS = {GENERALIZATION: DEFAULT, DP: "dp-synthetic"}


def names() -> tuple[str, ...]:
    """Every method name, in registry order (the CLI choices and the schema's enum)."""
    return tuple(REGISTRY)


def menu() -> list[Method]:
    """The methods in the order the GUI offers them (recommended first, baseline last)."""
    return sorted(REGISTRY.values(), key=lambda m: m.menu_rank)


def get(name: str) -> Method | None:
    return REGISTRY.get(name)


def method(name: str) -> Method:
    """The method called ``name``; KeyError for an unknown name (settings refuse those first)."""
    return REGISTRY[name]


def is_dp(name: Any) -> bool:
    found = REGISTRY.get(str(name))
    return found is not None and found.is_dp


def generalizes(name: Any) -> bool:
    found = REGISTRY.get(str(name))
    return found is not None and found.generalizes


def synthetic(name: Any) -> bool:
    found = REGISTRY.get(str(name))
    return found is not None and found.synthetic


def short(name: Any) -> str:
    """The report's short name; an unknown name as it is."""
    found = REGISTRY.get(str(name))
    return found.short if found else str(name)


class Words(Mapping[str, str]):
    """A live read-only view ``{name: getattr(method, attribute)}`` over the registry."""

    def __init__(self, attribute: str) -> None:
        self._attribute = attribute

    def __getitem__(self, name: str) -> str:
        return getattr(REGISTRY[name], self._attribute)

    def __iter__(self) -> Iterator[str]:
        return iter(REGISTRY)

    def __len__(self) -> int:
        return len(REGISTRY)
