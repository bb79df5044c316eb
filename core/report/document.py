"""The report as a small tree of plain blocks, independent of how it is rendered.

Text is plain (never markup): each renderer escapes it for its own format.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.results import ResultMixin


class Level(enum.StrEnum):
    """A traffic light; the word is always shown beside the colour (colour-blind readers)."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    NOT_ASSESSED = "not assessed"
    NOT_APPLICABLE = "not applicable"
    TOO_FEW = "too few records"  # the table cannot tell a leak below the lines from noise
    NOTHING_RELEASED = "nothing released"  # an empty or near-empty release


@dataclass(frozen=True)
class Paragraph(ResultMixin):
    """A paragraph; ``lead`` is an optional bold opening (e.g. a term being defined)."""

    text: str
    lead: str = ""
    style: str = "body"  # body | note | small


@dataclass(frozen=True)
class Bullets(ResultMixin):
    items: tuple[str, ...]


@dataclass(frozen=True)
class Callout(ResultMixin):
    """A boxed message: 'info' (e.g. synthetic data) or 'warning'."""

    text: str
    kind: str = "info"


@dataclass(frozen=True)
class Table(ResultMixin):
    """A table of already formatted strings; ``numeric`` marks right-aligned columns."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: tuple[int, ...] = ()
    widths: tuple[float, ...] = ()  # relative column widths; empty = renderer decides
    mono: tuple[int, ...] = ()  # columns in a fixed-width font (hashes)


@dataclass(frozen=True)
class Chart(ResultMixin):
    """A chart described by its data; drawn once (PNG) on first use and shared by renderers."""

    kind: str
    data: Mapping[str, Any]
    caption: str
    alt: str
    aspect: float = 0.42  # height / width

    @functools.cached_property
    def png(self) -> bytes:
        from core.report.charts import render_png

        return render_png(self)


@dataclass(frozen=True)
class Light(ResultMixin):
    """One verdict: the risk, its level, one plain sentence and the threshold behind it.

    The structured fields say what the sentence rests on, so GUI, PDF and HTML state the same.
    ``level`` decides the colour: HIGH only when the interval's lower end is above the high
    line. ``span`` is (lowest, highest) level the interval allows, when it straddles a line.
    """

    risk: str
    level: Level
    sentence: str
    threshold: str
    span: tuple[Level, Level] | None = None
    figure: str = ""  # what the level rests on: "highest risk", "advantage", "risk"
    value: float | None = None
    interval: tuple[float, float] | None = None
    attack: str = ""  # the attack that drives the level, in words
    attack_key: str = ""  # …and its key in assessment.json ("lira", "linkage", …)
    knows: str = ""  # what that attacker knows
    before: float | None = None  # the same attack before protection
    strongest_before: tuple[str, float] | None = None  # (attack, figure) strongest before
    runs: int = 1  # rehearsals whose mean ``value`` is (``interval``: its t interval) when > 1

    @property
    def label(self) -> str:
        """The level in words: 'moderate', or 'moderate to high' when the interval straddles."""
        if self.span is None or self.span[0] is self.span[1]:
            return self.level.value
        return f"{self.span[0].value} to {self.span[1].value}"

    @property
    def lowest(self) -> Level:
        return self.span[0] if self.span else self.level

    @property
    def highest(self) -> Level:
        return self.span[1] if self.span else self.level


@dataclass(frozen=True)
class Verdicts(ResultMixin):
    lights: tuple[Light, ...]


Block = Paragraph | Bullets | Callout | Table | Chart | Verdicts


@dataclass(frozen=True)
class Section(ResultMixin):
    title: str
    blocks: tuple[Block, ...]
    appendix: bool = False

    @property
    def anchor(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.title.lower()).strip("-")


@dataclass(frozen=True)
class ReportDocument(ResultMixin):
    """The whole report: a title, a few facts under it, then the sections in reading order."""

    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]

    def section(self, title: str) -> Section | None:
        return next((s for s in self.sections if s.title == title), None)

    def numbered(self) -> list[tuple[str, Section]]:
        """(heading, section): '1. Verdict', …, then 'Appendix A. Methods', …."""
        out, main, extra = [], 0, 0
        for s in self.sections:
            if s.appendix:
                out.append((f"Appendix {chr(ord('A') + extra)}. {s.title}", s))
                extra += 1
            else:
                main += 1
                out.append((f"{main}. {s.title}", s))
        return out

    @property
    def verdicts(self) -> tuple[Light, ...]:
        for s in self.sections:
            for b in s.blocks:
                if isinstance(b, Verdicts):
                    return b.lights
        return ()


def blocks(*items: Block | None) -> tuple[Block, ...]:
    """Drop the ``None`` placeholders of optional blocks."""
    return tuple(b for b in items if b is not None)


__all__ = [
    "Block",
    "Bullets",
    "Callout",
    "Chart",
    "Level",
    "Light",
    "Paragraph",
    "ReportDocument",
    "Section",
    "Table",
    "Verdicts",
    "blocks",
]
