"""Charts of the model-extraction and property-inference sections (matplotlib object API)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

BEFORE, AFTER, BASELINE = "#9aa5b1", "#1f5f99", "#333333"
LEGEND_SIZE = 7.5
SOURCE_STYLE = {"pool": "-", "made_up": "--"}
SOURCE_WORDS = {"pool": "records like the population", "made_up": "made-up records"}
SHORT_WORDS = {"pool": "population-like queries", "made_up": "made-up queries"}
PROBABILITIES = "_probabilities"  # a copy trained on the class probabilities the model answers


def extraction(fig: Figure, data: Mapping[str, Any]) -> None:
    """Agreement of the copy with the model against the number of queries (log axis)."""
    from matplotlib.ticker import PercentFormatter

    ax = fig.add_subplot()
    for side, colour in (("before", BEFORE), ("after", AFTER)):
        for key, points in (data.get(side) or {}).items():
            source = key.removesuffix(PROBABILITIES)
            proba = key != source
            x = [p["queries"] for p in points]
            y = [p["fidelity"] for p in points]
            lo = [p["low"] for p in points]
            hi = [p["high"] for p in points]
            label = f"{side.capitalize()}: {SHORT_WORDS.get(source, source)}"
            label += ", probabilities" if proba else ", labels"
            style = "-." if proba and source == "pool" else SOURCE_STYLE.get(source, "-")
            ax.plot(x, y, style, marker="^" if proba else "o", ms=3, color=colour,
                    label=label)  # fmt: skip
            if not proba:  # one band per side and source keeps the chart readable
                ax.fill_between(x, lo, hi, color=colour, alpha=0.15, lw=0)
    for level in (0.9, 0.95):
        ax.axhline(level, color=BASELINE, lw=0.6, ls=":")
    if data.get("chance") is not None:
        ax.axhline(data["chance"], color=BASELINE, lw=1.0, label="Always the most common answer")
    from matplotlib.ticker import FuncFormatter

    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel("Queries sent to the model (log scale)")
    ax.set_ylabel("Copy agrees with the model")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    fig.legend(frameon=False, fontsize=LEGEND_SIZE, loc="outside lower center", ncols=2)


def property_game(fig: Figure, data: Mapping[str, Any]) -> None:
    """The game's accuracy with its interval per side, against chance (50 %)."""
    from matplotlib.ticker import PercentFormatter

    ax = fig.add_subplot()
    rows = data["sides"]
    for i, row in enumerate(rows):
        colour = BEFORE if row["side"] == "before" else AFTER
        lo, hi = row["interval"]
        ax.barh(i, row["accuracy"], 0.6, color=colour)
        ax.errorbar(row["accuracy"], i, xerr=[[row["accuracy"] - lo], [hi - row["accuracy"]]],
                    color=BASELINE, capsize=3, lw=1)  # fmt: skip
    ax.axvline(0.5, color=BASELINE, lw=1.0, ls="--")
    ax.set_yticks(range(len(rows)), [f"{r['side'].capitalize()} protection" for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("How often the attacker tells the two shares apart (dashed: chance)")


DRAWERS = {"extraction": extraction, "property": property_game}
