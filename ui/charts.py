"""Charts in the GUI: a matplotlib Figure on a Qt canvas, both imported on first use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui import theme
from ui.qt import QtWidgets


class ChartView(QtWidgets.QWidget):
    """Holds one figure; ``draw(fn)`` clears it and calls ``fn(figure)``; no pyplot anywhere."""

    def __init__(self, min_height: int = 220, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setMinimumHeight(min_height)
        self.figure: Any = None
        self.canvas: Any = None
        self.on_pick: Callable[[Any], None] | None = None

    def _ensure_canvas(self) -> None:
        if self.canvas is not None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setParent(self)
        self.canvas.mpl_connect("pick_event", self._picked)
        self._layout.addWidget(self.canvas)

    def draw(self, fn: Callable[[Any], None]) -> None:
        """Redraw with ``fn(figure)``, in colours that read on the current background."""
        self._ensure_canvas()
        self.figure.clear()
        fg, bg = _colours(self)
        self.figure.set_facecolor(bg)
        fn(self.figure)
        for ax in self.figure.axes:
            _style_axes(ax, fg, bg)
        for legend in self.figure.legends:
            _style_legend(legend, fg, bg)
        self.canvas.draw_idle()

    def _picked(self, event: Any) -> None:
        if self.on_pick is not None:
            self.on_pick(event)


def _colours(widget: QtWidgets.QWidget) -> tuple[str, str]:
    from ui.qt import QtGui

    pal = widget.palette()
    fg = pal.color(QtGui.QPalette.ColorRole.WindowText).name()
    bg = pal.color(
        QtGui.QPalette.ColorRole.Base
        if not theme.is_dark(widget)
        else QtGui.QPalette.ColorRole.Window
    ).name()
    return fg, bg


def _style_axes(ax: Any, fg: str, bg: str) -> None:
    ax.set_facecolor(bg)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(fg)
    ax.tick_params(colors=fg, labelsize=8)
    ax.xaxis.label.set_color(fg)
    ax.yaxis.label.set_color(fg)
    ax.title.set_color(fg)
    legend = ax.get_legend()
    if legend is not None:
        _style_legend(legend, fg, bg)


def _style_legend(legend: Any, fg: str, bg: str) -> None:
    legend.get_frame().set_facecolor(bg)
    for text in legend.get_texts():
        text.set_color(fg)
