"""The privacy–utility frontier: one point per setting tried; click one to adopt it."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from core import methods
from core.settings import ProtectionSettings
from ui.charts import ChartView
from ui.glossary import TERMS
from ui.qt import Qt, QtCore, QtWidgets, Signal
from ui.widgets import hint

METHOD_COLOURS = methods.Words("colour")
METHOD_WORDS = methods.Words("title")


def point_label(p: dict[str, Any]) -> str:
    if p.get("epsilon") is not None:
        return f"ε={p['epsilon']:g}"
    if p.get("k") is not None:
        return f"k={p['k']}"
    return str(p.get("method", ""))


def point_settings(p: dict[str, Any], current: ProtectionSettings) -> ProtectionSettings:
    """The current settings changed to what the sweep point used."""
    changes: dict[str, Any] = {"method": p.get("method", current.method)}
    for key in ("k", "l", "t", "epsilon", "suppression"):
        if key in p and p[key] is not None:
            changes[key] = p[key]
    return replace(current, **changes)


def is_current(p: dict[str, Any], s: ProtectionSettings) -> bool:
    if p.get("method") != s.method:
        return False
    if s.is_dp:
        e = p.get("epsilon")
        return e is not None and s.epsilon is not None and math.isclose(e, s.epsilon)
    return s.method == methods.NONE or p.get("k") == s.k


NO_SWEEP = (
    "Tick “Also compare other protection levels” above and run the "
    "assessment: each protection level tried becomes one point here."
)
NO_TARGET = (
    "This chart needs a column to predict. It places each protection level by how private it "
    "is and how well a model still predicts that column, and no column to predict was "
    "chosen. Pick one in “Column to predict” above (or give a column the Target role in step "
    "2, Columns), then run the assessment again."
)
NO_ATTACK = (
    "The attack chosen in “Privacy measured by” gave no figure at the other protection levels "
    "(see the warnings above), so they cannot be placed from private to revealing. Choose "
    "another one there."
)
NOTHING_MEASURED = (
    "None of the other protection levels could be measured on this table (see the warnings "
    "above). Try fewer quasi-identifiers or a different column to predict, then run the "
    "assessment again."
)
NOT_MEASURED = (
    "The other protection levels were measured by {measured} only. Measuring them by {wanted} "
    "runs the assessment again with the same settings (Cancel stops it)."
)


def empty_reason(points: list[dict[str, Any]], figure: str = "advantage") -> str:
    """Why the frontier of ``points`` (a sweep) has nothing to plot, and what fills it."""
    if not points:
        return NO_SWEEP
    measured = [p for p in points if "error" not in p]
    if measured and not any(_finite(p.get("accuracy")) for p in measured):
        return NO_TARGET
    if measured and not any(_finite(x_value(p, figure)) for p in measured):
        return NO_ATTACK
    return NOTHING_MEASURED


FIGURE_TIP = (
    "Which attack's figure places the settings from private to revealing. Each setting is "
    "measured by this attack only (and by a model's accuracy for usefulness), which keeps the "
    "comparison quick; choosing another attack measures them again."
)
ADVANTAGE = "advantage"  # the default privacy figure: the strongest membership advantage


def family_of(figure: str) -> str:
    """The attack family behind a frontier figure key."""
    return "membership" if figure == ADVANTAGE else figure


def figure_of(family: str) -> str:
    return ADVANTAGE if family == "membership" else family


def x_value(p: dict[str, Any], figure: str) -> Any:
    """A sweep point's privacy figure: its advantage, or one family's figure."""
    if figure == ADVANTAGE:
        return p.get("advantage")
    return (p.get("figures") or {}).get(figure)


def figure_choices(points: list[dict[str, Any]] | None = None) -> list[tuple[str, str]]:
    """(key, label) of every family's privacy figure, the attacker's advantage first."""
    from core.assessment.families import FAMILIES

    del points  # every family can be measured: one not measured yet is measured on request
    choices = [(ADVANTAGE, "Attacker's advantage")]
    for fam in FAMILIES:
        if fam.figure and fam.name != "membership":
            choices.append((fam.name, fam.figure[0].capitalize()))
    return choices


def measured_by(points: list[dict[str, Any]]) -> set[str]:
    """The figure keys the sweep measured (older documents without ``measured_by``: every
    figure some point has)."""
    said = {p["measured_by"] for p in points if isinstance(p.get("measured_by"), str)}
    if said:
        return {figure_of(f) for f in said}
    found = {k for p in points for k in (p.get("figures") or {})}
    if any(_finite(p.get("advantage")) for p in points):
        found.add(ADVANTAGE)
    return {figure_of(f) for f in found}


class FrontierView(QtWidgets.QWidget):
    """Scatter of (a privacy figure, accuracy); the current choice is ringed. The privacy
    figure is the attacker's advantage unless another family's figure is chosen."""

    point_adopted = Signal(object)  # ProtectionSettings
    measure_requested = Signal(str)  # an attack family to measure the settings by

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = ChartView(240)
        self.chart.on_pick = self._picked
        self.chart.setToolTip(TERMS["frontier"])
        chart_page = QtWidgets.QWidget()
        col = QtWidgets.QVBoxLayout(chart_page)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(hint(TERMS["frontier"]))
        self.figure_box = QtWidgets.QComboBox()
        self.figure_box.setToolTip(FIGURE_TIP)
        self.figure_box.currentIndexChanged.connect(self._figure_changed)
        pick = QtWidgets.QHBoxLayout()
        pick.addWidget(QtWidgets.QLabel("Privacy measured by"))
        pick.addWidget(self.figure_box)
        self.measured_note = hint("")
        pick.addWidget(self.measured_note, 1)
        col.addLayout(pick)
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(self.chart)
        self.stack.addWidget(self._measure_page())
        col.addWidget(self.stack, 1)
        self.pages = QtWidgets.QStackedLayout(self)
        self.pages.addWidget(self._empty_page())
        self.pages.addWidget(chart_page)
        self.points: list[dict[str, Any]] = []
        self.all_points: list[dict[str, Any]] = []
        self.figure = ADVANTAGE
        self.current = ProtectionSettings()
        self.set_points([], self.current)

    def _empty_page(self) -> QtWidgets.QWidget:
        """What shows instead of an empty chart: why it is empty and how to fill it."""
        title = QtWidgets.QLabel("<b>Nothing to compare yet</b>")
        self.empty = hint("")
        self.empty.setObjectName("frontierEmpty")
        page = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout(page)
        grid.addWidget(title, 1, 1)
        grid.addWidget(self.empty, 2, 1)
        for i, stretch in enumerate((1, 3, 1)):  # a readable column in the middle
            grid.setColumnStretch(i, stretch)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(3, 2)
        return page

    def _measure_page(self) -> QtWidgets.QWidget:
        """Shown when the chosen figure was not measured: what measuring it takes, a button."""
        self.measure_text = hint("")
        self.measure_button = QtWidgets.QPushButton()
        self.measure_button.clicked.connect(
            lambda: self.measure_requested.emit(family_of(self.figure))
        )
        page = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout(page)
        grid.addWidget(self.measure_text, 1, 1)
        grid.addWidget(self.measure_button, 2, 1, Qt.AlignmentFlag.AlignLeft)
        for i, stretch in enumerate((1, 3, 1)):
            grid.setColumnStretch(i, stretch)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(3, 2)
        return page

    def set_points(
        self,
        points: list[dict[str, Any]],
        current: ProtectionSettings,
        figure: str | None = None,
    ) -> None:
        """Plot ``points`` by ``figure`` (a family; None: the one chosen before); with nothing
        to plot, say why and how to fill the chart instead."""
        self.all_points = list(points)
        choices = dict(figure_choices())
        if figure is not None:
            self.figure = figure_of(figure)
        if self.figure not in choices:
            self.figure = ADVANTAGE
        with QtCore.QSignalBlocker(self.figure_box):
            self.figure_box.clear()
            for key, label in choices.items():
                self.figure_box.addItem(label, key)
            self.figure_box.setCurrentIndex(max(self.figure_box.findData(self.figure), 0))
        measured = measured_by(points)
        waiting = bool(measured) and self.figure not in measured
        self.points = [p for p in points if _finite(x_value(p, self.figure), p.get("accuracy"))]
        self.empty.setText(empty_reason(points, self.figure))
        words = [choices[f].lower() for f in choices if f in measured]
        self.measured_note.setText(
            f"Each setting was measured by {' and '.join(words)}, and by a model's accuracy "
            "for usefulness."
            if words
            else ""
        )
        self.measure_text.setText(
            NOT_MEASURED.format(measured=" and ".join(words), wanted=choices[self.figure].lower())
        )
        self.measure_button.setText(f"Measure by {choices[self.figure].lower()}")
        self.stack.setCurrentIndex(1 if waiting else 0)
        self.pages.setCurrentIndex(1 if self.points or waiting else 0)
        self.set_current(current)

    def is_waiting(self) -> bool:
        """Whether the chosen figure waits to be measured (the Measure button shows)."""
        return self.pages.currentIndex() == 1 and self.stack.currentIndex() == 1

    def _figure_changed(self) -> None:
        figure = self.figure_box.currentData()
        if figure and figure != self.figure:
            self.figure = figure
            self.set_points(self.all_points, self.current)

    def is_empty(self) -> bool:
        return not self.points

    def set_current(self, current: ProtectionSettings) -> None:
        self.current = current
        if self.points:
            self.chart.draw(self._draw)

    def current_index(self) -> int | None:
        return next((i for i, p in enumerate(self.points) if is_current(p, self.current)), None)

    def adopt(self, index: int) -> None:
        """Use the settings of point ``index`` (what a click does)."""
        self.point_adopted.emit(point_settings(self.points[index], self.current))

    def _draw(self, fig) -> None:
        ax = fig.add_subplot()
        methods = sorted({p["method"] for p in self.points})
        for method in methods:
            idx = [i for i, p in enumerate(self.points) if p["method"] == method]
            idx.sort(key=lambda i: x_value(self.points[i], self.figure))
            xs = [x_value(self.points[i], self.figure) for i in idx]
            ys = [self.points[i]["accuracy"] for i in idx]
            colour = METHOD_COLOURS.get(method, "#555555")
            ax.plot(xs, ys, color=colour, lw=1, alpha=0.6)
            label = METHOD_WORDS.get(method, method)
            dots = ax.scatter(xs, ys, s=40, color=colour, label=label, picker=6, zorder=3)
            dots.veil_indices = idx
        chosen = self.current_index()
        if chosen is not None:
            p = self.points[chosen]
            ax.scatter(
                [x_value(p, self.figure)], [p["accuracy"]], s=260, facecolor="none",
                edgecolor="#d1453b", lw=2, zorder=4, label="Your current choice",
            )  # fmt: skip
        words = dict(figure_choices()).get(self.figure, "Attacker's advantage")
        ax.set_xlabel(f"{words} (left = more private)")
        ax.set_ylabel("Model accuracy (up = more useful)")
        ax.legend(frameon=False, fontsize=8, loc="best")
        labels = [
            (
                point_label(p),
                x_value(p, self.figure),
                p["accuracy"],
                METHOD_COLOURS.get(p["method"], "#555"),
            )
            for p in self.points
        ]
        place_labels(ax, labels, ring=chosen)

    def _picked(self, event) -> None:
        indices = getattr(event.artist, "veil_indices", None)
        if indices is not None and len(event.ind):
            self.adopt(indices[int(event.ind[0])])


RING = 10  # points: the radius of the ring around the current choice (s=260 and its line)
# where a point's label may go (offset in points, alignment), tried in this order
LABEL_SPOTS = (
    (5, 4, "left"), (5, -11, "left"), (-5, 4, "right"), (-5, -11, "right"),
    (5, 13, "left"), (-5, 13, "right"), (5, -20, "left"), (-5, -20, "right"),
    (12, -3, "left"), (-12, -3, "right"),
)  # fmt: skip


def place_labels(ax: Any, labels: list[tuple[str, float, float, str]], ring: int | None) -> None:
    """Label each point where it overlaps no other label, no point and not the ring around
    the current choice (the first free spot of LABEL_SPOTS; the first one when none is)."""
    fig = ax.figure
    fig.draw_without_rendering()  # lays the axes out, so positions on screen are known
    renderer = fig.canvas.get_renderer()
    taken = [_around(ax, x, y, RING if i == ring else 4) for i, (_t, x, y, _c) in enumerate(labels)]
    for text, x, y, colour in labels:
        for n, (dx, dy, ha) in enumerate(LABEL_SPOTS):
            note = ax.annotate(text, (x, y), textcoords="offset points", xytext=(dx, dy),
                               ha=ha, fontsize=8, color=colour)  # fmt: skip
            box = note.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in taken):
                break
            note.remove()
            if n == len(LABEL_SPOTS) - 1:  # nowhere free: the usual place
                note = ax.annotate(text, (x, y), textcoords="offset points", xytext=(5, 4),
                                   fontsize=8, color=colour)  # fmt: skip
                box = note.get_window_extent(renderer)
        taken.append(box)


def _around(ax: Any, x: float, y: float, radius: float) -> Any:
    from matplotlib.transforms import Bbox

    px, py = ax.transData.transform((x, y))
    r = radius * ax.figure.dpi / 72
    return Bbox([[px - r, py - r], [px + r, py + r]])


def _finite(*values: Any) -> bool:
    return all(isinstance(v, int | float) and math.isfinite(v) for v in values)
