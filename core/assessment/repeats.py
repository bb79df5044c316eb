"""Repeated rehearsals: the spread of each headline figure across runs with seeds
seed, seed + 1, …, each with its own split, protection of the member half, models and attacks.

A figure's spread is ``{"n", "mean", "min", "max", "sd", "interval"}``: ``interval`` is the 95%
confidence interval of the mean over the runs (Student's t with n − 1 degrees of freedom),
clipped to [0, 1] where every figure lives. It is used for every n: percentiles of 20 runs
would only repeat ``min`` and ``max``, and one rule keeps the meaning the same for every n.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core.assessment.families import figure_value
from core.results import ResultMixin

CONFIDENCE = 0.95
SIDES = ("before", "after")
FIGURES: dict[str, tuple[str, ...]] = {
    "reidentification": ("average_risk", "highest_risk", "unique_fraction"),
    "utility": ("accuracy", "balanced_accuracy", "roc_auc"),
}
ATTACK_FIGURES: dict[str, tuple[str, ...]] = {
    "membership": ("auc", "advantage", "tpr_at_fpr"),
    "attribute": ("risk", "success_members", "success_control"),
}
# the new families' headline figures: name in the section's ``repeats`` block -> key path in
# the section ('*': the largest over a level, as in core.assessment.families.figure_value)
PATH_FIGURES: dict[str, dict[str, tuple[str, ...]]] = {
    "extraction": {"agreement": ("agreement",), "copy_gain": ("copy_gain",)},
    "property": {"game_accuracy": ("game", "accuracy"), "error": ("error",)},
    "reconstruction": {
        "highest_risk": ("columns", "*", "risk"),
        "share_members": ("share_members",),
    },
}
FAMILY_WORDS = {
    "reidentification": "re-identification risk",
    "utility": "proxy model",
    "extraction": "model extraction",
    "property": "property inference",
    "reconstruction": "record reconstruction",
}
SIDE_WORDS = {"before": "Before protection", "after": "After protection"}

# figures of one run: (side, family, attack or "") -> {figure or "tpr_at_fpr/0.01": value}
RunFigures = dict[tuple[str, str, str], dict[str, float | None]]


@dataclass(frozen=True)
class Repeats(ResultMixin):
    """The spread blocks of every section measured, by side, and what some runs lacked."""

    seeds: tuple[int, ...]
    blocks: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """The top-level ``repeats`` entry of assessment.json."""
        return {
            "n": len(self.seeds),
            "seeds": list(self.seeds),
            "interval": f"{CONFIDENCE:.0%} t interval of the mean",
        }

    def attach(self, side: str, document: Mapping[str, Any]) -> dict[str, Any]:
        """``document`` (a side of assessment.json) with each section's ``repeats`` block."""
        out = dict(document)
        for (s, family, attack), block in self.blocks.items():
            if s != side or not isinstance(out.get(family), Mapping):
                continue
            section = dict(out[family])
            if attack:
                if isinstance(section.get(attack), Mapping):
                    section[attack] = {**section[attack], "repeats": block}
            else:
                section["repeats"] = block
            out[family] = section
        return out


def run_figures(sides: Mapping[str, Mapping[str, Any]]) -> RunFigures:
    """The headline figures of one run, from its ``before``/``after`` side documents."""
    out: RunFigures = {}
    for side in SIDES:
        doc = sides.get(side) or {}
        for family, names in FIGURES.items():
            section = doc.get(family)
            if isinstance(section, Mapping):
                out[(side, family, "")] = {n: section.get(n) for n in names}
        for family, paths in PATH_FIGURES.items():
            section = doc.get(family)
            if isinstance(section, Mapping):
                out[(side, family, "")] = {n: figure_value(section, p) for n, p in paths.items()}
        for family, names in ATTACK_FIGURES.items():
            section = doc.get(family)
            for attack, result in (section or {}).items():
                if isinstance(result, Mapping):
                    out[(side, family, attack)] = _attack_figures(result, names)
    return out


def _attack_figures(result: Mapping[str, Any], names: Sequence[str]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for name in names:
        value = result.get(name)
        if isinstance(value, Mapping):
            out.update({f"{name}/{k}": v for k, v in value.items()})
        else:
            out[name] = value
    return out


def summarize(runs: Sequence[RunFigures], seeds: Sequence[int]) -> Repeats:
    """Spread blocks for every section found in any run; a section some runs lacked is named
    in a warning (its block counts only the runs that measured it)."""
    keys = list(dict.fromkeys(k for run in runs for k in run))
    blocks: dict[tuple[str, str, str], dict[str, Any]] = {}
    notes: list[str] = []
    for key in keys:
        present = [(s, run[key]) for s, run in zip(seeds, runs, strict=True) if key in run]
        block: dict[str, Any] = {"n": len(present), "seeds": [s for s, _ in present]}
        names = list(dict.fromkeys(n for _, figures in present for n in figures))
        for name in names:
            found = spread([figures.get(name) for _, figures in present])
            if found is not None:
                _put(block, name, found)
        blocks[key] = block
        if len(present) < len(runs):
            notes.append(_missing_note(key, [s for s, _ in present], seeds))
    return Repeats(seeds=tuple(seeds), blocks=blocks, warnings=tuple(notes))


def _put(block: dict[str, Any], name: str, value: dict[str, Any]) -> None:
    head, _, rest = name.partition("/")
    if rest:
        block.setdefault(head, {})[rest] = value
    else:
        block[head] = value


def spread(values: Sequence[Any]) -> dict[str, Any] | None:
    """Mean, range, sample standard deviation and the t interval of the mean of the numbers
    among ``values`` (None and NaN are skipped); None when there is none."""
    x = np.array([float(v) for v in values if _is_number(v)], dtype=float)
    if not x.size:
        return None
    n, low = int(x.size), float(x.min())
    mean = low + float((x - low).mean())  # exact when every run agrees
    sd = float((x - low).std(ddof=1)) if n > 1 else None
    interval = None
    if sd is not None:
        from scipy.stats import t

        half = float(t.ppf(0.5 + CONFIDENCE / 2, n - 1)) * sd / math.sqrt(n)
        interval = [max(mean - half, 0.0), min(mean + half, 1.0)]
    return {
        "n": n,
        "mean": mean,
        "min": low,
        "max": float(x.max()),
        "sd": sd,
        "interval": interval,
    }


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def _missing_note(key: tuple[str, str, str], have: Sequence[int], seeds: Sequence[int]) -> str:
    side, family, attack = key
    what = f"the '{attack}' {family} attack" if attack else f"the {FAMILY_WORDS[family]}"
    lacking = ", ".join(str(s) for s in seeds if s not in have)
    return (
        f"Repeated rehearsals: {SIDE_WORDS[side].lower()}, {what} was measured in "
        f"{len(have)} of {len(seeds)} runs (not with seed {lacking}); its spread covers those."
    )
