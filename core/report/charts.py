"""Charts drawn with matplotlib's object API (Figure + Agg canvas, never pyplot): thread-safe."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from core.report.document import Chart

WIDTH_INCHES = 6.8
DPI = 200
BEFORE = "#9aa5b1"
AFTER = "#1f5f99"
BASELINE = "#333333"
ATTACK_COLOURS = ("#1f5f99", "#d1495b", "#2e8b57", "#e69f00", "#6a4c93", "#00798c")
TITLE_SIZE, LABEL_SIZE, TICK_SIZE, LEGEND_SIZE, NOTE_SIZE = 9, 8.5, 7.5, 7.5, 6.5


def render_png(chart: Chart) -> bytes:
    """Draw ``chart`` into a PNG (deterministic bytes: no timestamp in the metadata)."""
    fig = draw(chart)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def draw(chart: Chart) -> Figure:
    """``chart`` drawn on a new Figure with an Agg canvas (legends sit outside the plots)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_INCHES, WIDTH_INCHES * chart.aspect), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    DRAWERS[chart.kind](fig, chart.data)
    for ax in fig.axes:
        _tidy(ax)
    return fig


def _legend_below(fig: Figure, handles: list[Any], labels: list[str] | None = None) -> None:
    """The legend under the plots, outside every axes, so it can never hide a bar or a label."""
    labels = [h.get_label() for h in handles] if labels is None else labels
    fig.legend(
        handles, labels, loc="outside lower center", ncols=4, frameon=False, fontsize=LEGEND_SIZE
    )


def _tidy(ax: Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.title.set_fontsize(TITLE_SIZE)
    ax.xaxis.label.set_fontsize(LABEL_SIZE)
    ax.yaxis.label.set_fontsize(LABEL_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)


def _sides(data: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(key, label, colour) for the sides present in ``data``."""
    known = [("before", "Before protection", BEFORE), ("after", "After protection", AFTER)]
    return [s for s in known if data.get(s[0]) is not None]


def _bar_slots(centres: np.ndarray, n: int) -> tuple[float, list[np.ndarray]]:
    """Thickness of ``n`` bars side by side around each centre, and each one's positions."""
    size = 0.8 / max(n, 1)
    return size, [centres + (i - (n - 1) / 2) * size for i in range(n)]


def _percent_axis(ax: Axes, axis: str = "y", decimals: int | None = 0) -> None:
    from matplotlib.ticker import PercentFormatter

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(PercentFormatter(1.0, decimals=decimals))


def class_sizes(fig: Figure, data: Mapping[str, Any]) -> None:
    """Share of records per equivalence-class size band, before vs after."""
    ax = fig.add_subplot()
    labels = list(data["labels"])
    x = np.arange(len(labels))
    sides = _sides(data)
    width, slots = _bar_slots(x, len(sides))
    for (key, label, colour), pos in zip(sides, slots, strict=True):
        values = np.asarray(data[key], dtype=float)
        bars = ax.bar(pos, values, width, label=label, color=colour)
        ax.bar_label(
            bars, labels=[_pct(v) if v > 0 else "" for v in values], fontsize=NOTE_SIZE, padding=1
        )
    ax.set_xticks(x, labels)
    ax.set_xlabel("Size of the group of records sharing the same quasi-identifiers")
    ax.set_ylabel("Share of records")
    _percent_axis(ax)
    ax.set_ylim(0, max(1e-9, *(max(data[k]) for k, _, _ in sides)) * 1.18)
    _legend_below(fig, *ax.get_legend_handles_labels())


def roc(fig: Figure, data: Mapping[str, Any]) -> None:
    """ROC curves of the membership attacks, on a linear and a logarithmic FPR axis."""
    linear, log = fig.subplots(1, 2)
    lowest = float(data.get("lowest_fpr") or 1e-3)
    for ax, scale in ((linear, "linear"), (log, "log")):
        grid = np.logspace(np.log10(lowest), 0, 50) if scale == "log" else np.linspace(0, 1, 2)
        ax.plot(grid, grid, color="#999999", lw=0.8, ls=":")
        for curve in data["curves"]:
            fpr, tpr = np.asarray(curve["fpr"], float), np.asarray(curve["tpr"], float)
            if scale == "log":
                keep = fpr >= lowest
                fpr, tpr = fpr[keep], tpr[keep]
            after = curve["side"] == "after"
            ax.plot(
                fpr,
                tpr,
                color=curve["colour"],
                lw=1.4 if after else 1.0,
                ls="-" if after else "--",
                alpha=1.0 if after else 0.7,
            )
        ax.set_xscale(scale)
        ax.set_xlabel("Outsiders wrongly flagged as in the data")
        ax.set_ylabel("People in the data correctly found")
        if scale == "log":
            ax.set_xlim(lowest, 1)
            ax.set_yscale("log")
            ax.set_ylim(lowest, 1)
            ax.set_title("Zoom on rare false alarms (log scales)")
        else:
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1)
            ax.set_title("All thresholds")
    _roc_legend(fig, data["curves"])


def _roc_legend(fig: Figure, curves: list[Mapping[str, Any]]) -> None:
    """Colour = attack, line style = before/after: one entry each instead of one per curve."""
    from matplotlib.lines import Line2D

    attacks = dict.fromkeys((c["attack"], c["colour"]) for c in curves)
    handles = [Line2D([], [], color=colour, lw=1.6, label=name) for name, colour in attacks]
    present = {c["side"] for c in curves}
    if "after" in present:
        handles.append(Line2D([], [], color="black", lw=1.4, label="after protection"))
    if "before" in present:
        handles.append(Line2D([], [], color="black", lw=1.0, ls="--", label="before protection"))
    handles.append(Line2D([], [], color="#999999", lw=0.8, ls=":", label="guessing"))
    _legend_below(fig, handles)


def attribute(fig: Figure, data: Mapping[str, Any]) -> None:
    """Success of each attribute attack on released people vs the baseline, and the risk."""
    rate, risk = fig.subplots(1, 2)
    names = list(data["attacks"])
    y = np.arange(len(names))
    sides = _sides(data)
    height = 0.8 / max(len(sides), 1)
    for i, (key, label, colour) in enumerate(sides):
        pos = y + (i - (len(sides) - 1) / 2) * height
        side = data[key]
        rate.barh(pos, side["success"], height, color=colour, label=label)
        rate.scatter(
            side["control"],
            pos,
            marker="o",
            s=14,
            color="white",
            edgecolor="black",
            zorder=3,
            label="People outside the release" if i == len(sides) - 1 else None,
        )
        values = np.asarray(side["risk"], dtype=float)
        ci = np.asarray(side["risk_ci"], dtype=float).reshape(-1, 2)
        err = np.vstack([values - ci[:, 0], ci[:, 1] - values]).clip(min=0)
        risk.barh(
            pos,
            values,
            height,
            color=colour,
            xerr=err,
            capsize=2,
            error_kw={"lw": 0.8, "ecolor": "black"},
        )
    for j, base in enumerate(data["baseline"]):
        rate.plot(
            [base, base],
            [j - 0.45, j + 0.45],
            color=BASELINE,
            lw=1.5,
            label=data.get("baseline_label", "Most-common-value guess") if j == 0 else None,
        )
    rate.set_yticks(y, names)
    rate.invert_yaxis()
    rate.set_xlim(0, 1)
    _percent_axis(rate, "x")
    rate.set_xlabel(data.get("rate_label", "Correct guesses of the sensitive value"))
    rate.set_title("Success on people in the release")
    risk.set_yticks(y, [""] * len(names))
    risk.invert_yaxis()
    risk.axvline(0, color=BASELINE, lw=0.8)
    for mark in data.get("thresholds", ()):
        risk.axvline(mark, color="#aa3333", lw=0.8, ls=":")
    spans = np.concatenate([np.asarray(data[k]["risk_ci"], float).ravel() for k, _, _ in sides])
    risk.set_xlim(min(0.0, np.nanmin(spans)) - 0.02, max(0.25, np.nanmax(spans)) * 1.08)
    risk.set_xlabel("Risk after the control correction (95% CI)")
    risk.set_title("Part due to the release")
    _legend_below(fig, *rate.get_legend_handles_labels())


def utility(fig: Figure, data: Mapping[str, Any]) -> None:
    """Proxy-model scores on people outside the release, before vs after."""
    ax = fig.add_subplot()
    metrics = list(data["metrics"])
    y = np.arange(len(metrics))
    sides = _sides(data)
    height, slots = _bar_slots(y, len(sides))
    for (key, label, colour), pos in zip(sides, slots, strict=True):
        values = np.asarray([np.nan if v is None else v for v in data[key]], dtype=float)
        bars = ax.barh(pos, np.nan_to_num(values), height, color=colour, label=label)
        ax.bar_label(bars, labels=[_pct(v) for v in values], fontsize=NOTE_SIZE, padding=2)
    ax.set_yticks(y, metrics)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.12)
    _percent_axis(ax, "x")
    ax.set_xlabel("Score of the model on people outside the release (higher is more useful)")
    _legend_below(fig, *ax.get_legend_handles_labels())


def frontier(fig: Figure, data: Mapping[str, Any]) -> None:
    """Privacy–utility trade-off: attack advantage vs model accuracy for each setting tried."""
    ax = fig.add_subplot()
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for p in data["points"]:
        groups.setdefault(p["method"], []).append(p)
    for i, (method, points) in enumerate(sorted(groups.items())):
        colour = ATTACK_COLOURS[i % len(ATTACK_COLOURS)]
        # Joined in the order the settings were tried (k or ε rising), not by position.
        ax.plot([p["x"] for p in points], [p["y"] for p in points], marker="o", ms=4, lw=1,
                color=colour, alpha=0.85, label=method)  # fmt: skip
        for (x, y), label in _merged_labels(points).items():
            ax.annotate(label, (x, y), textcoords="offset points", xytext=(4, -9),
                        fontsize=NOTE_SIZE, color=colour)  # fmt: skip
    chosen = [p for p in data["points"] if p.get("chosen")]
    if chosen:
        ax.scatter(
            [p["x"] for p in chosen],
            [p["y"] for p in chosen],
            s=120,
            facecolor="none",
            edgecolor="black",
            lw=1.2,
            label="Chosen setting",
            zorder=3,
        )
    what = data.get("x_label", "Membership advantage of the attacker")  # the sweep's figure
    ax.set_xlabel(f"{what} (lower is more private)")
    ax.set_ylabel("Model accuracy (higher is more useful)")
    _percent_axis(ax, decimals=None)
    ax.margins(0.08)  # room for the labels of the outermost points
    _legend_below(fig, *ax.get_legend_handles_labels())


def _merged_labels(points: list[Mapping[str, Any]]) -> dict[tuple[float, float], str]:
    """One label per position: settings that gave the same point read 'k = 5, 10, 20'."""
    merged: dict[tuple[float, float], list[str]] = {}
    for p in points:
        merged.setdefault((round(p["x"], 6), round(p["y"], 6)), []).append(p["label"])
    out = {}
    for pos, labels in merged.items():
        name = labels[0].split("=")[0].strip()
        values = [lab.split("=", 1)[-1].strip() for lab in labels]
        out[pos] = labels[0] if len(labels) == 1 else f"{name} = {', '.join(values)}"
    return out


def _pct(v: float) -> str:
    if v is None or not np.isfinite(v):
        return ""
    if v == 0:
        return "0"
    return f"{v * 100:.0f}%" if v >= 0.01 else "<1%"


DRAWERS: dict[str, Callable[[Figure, Mapping[str, Any]], None]] = {
    "class_sizes": class_sizes,
    "roc": roc,
    "attribute": attribute,
    "reconstruction": attribute,  # the same bars, per column (its own labels in the data)
    "utility": utility,
    "frontier": frontier,
}


def _family_drawers() -> None:
    """Charts of the attack families that keep their drawers beside their sections."""
    from core.report.family_charts import DRAWERS as MORE

    DRAWERS.update(MORE)


_family_drawers()
