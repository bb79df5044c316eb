"""render_pdf: the report as an A4 PDF with reportlab (pure Python), DejaVu fonts, bookmarks."""

from __future__ import annotations

import io
import os
import re
from functools import singledispatch
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from core.export import write_bytes_atomic
from core.report import fonts
from core.report.bidi import visible_controls
from core.report.document import (
    Block,
    Bullets,
    Callout,
    Chart,
    Level,
    Paragraph,
    ReportDocument,
    Table,
    Verdicts,
)

INK, MUTED, RULE, HEAD, ACCENT = "#1d2733", "#5a6775", "#d5dde5", "#eef2f6", "#1f5f99"
LEVEL_COLOURS = {
    Level.LOW: "#2e7d32",
    Level.MODERATE: "#e0a100",
    Level.HIGH: "#c62828",
    Level.NOT_ASSESSED: "#9aa5b1",
    Level.NOT_APPLICABLE: "#9aa5b1",
    Level.TOO_FEW: "#9aa5b1",
    Level.NOTHING_RELEASED: "#9aa5b1",
}
MARGIN = 50.0
CELL_PAD = 4.0
MAX_SHARE = 0.4  # of the table's width: the most a column widens to fit its longest word
SHORT_TABLE = 12  # rows; shorter tables are never split across pages
TAIL_ROWS = 2  # a longer table's last rows, kept with its caption


def render_pdf(doc: ReportDocument, path: str | os.PathLike[str]) -> Path:
    """Write the report as a PDF at ``path`` (atomically) and return the path."""
    write_bytes_atomic(path, pdf_bytes(doc))
    return Path(path)


def pdf_bytes(doc: ReportDocument) -> bytes:
    """The PDF as bytes; the same document gives the same bytes (no timestamps)."""

    fonts.register_fonts()
    st = _styles()
    buf = io.BytesIO()
    template = _Template(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=visible_controls(f"{doc.title} — {doc.subtitle}"),
        author="Veil",
        subject="Privacy risk assessment",
        creator="Veil",
        invariant=1,
        lang="en",
        initialFontName=fonts.SANS,
    )
    width = A4[0] - 2 * MARGIN
    story: list[Any] = _title_block(doc, st, width)
    appendix_started = False
    for heading, section in doc.numbered():
        if section.appendix and not appendix_started:
            story.append(PageBreak())
            appendix_started = True
        story += _section_flowables(_para(heading, st["h1"]), section.blocks, st, width)
    footer = visible_controls(f"{doc.title} — {doc.subtitle}")
    template.build(story, onFirstPage=_footer(footer), onLaterPages=_footer(footer))
    return buf.getvalue()


def _section_flowables(
    heading: Any, blocks: tuple[Block, ...], st: dict[str, Any], width: float
) -> list[Any]:
    """Group the flowables so that a heading never ends a page, a paragraph stays with the
    chart it introduces, and charts and short tables are never split.

    Groups are flat lists wrapped once: reportlab mis-measures nested KeepTogether.
    """
    groups: list[list[Any]] = [[heading]]
    kept = [True]
    for i, block in enumerate(blocks):
        made = flowables(block, st, width)
        whole = isinstance(block, Chart) or (
            isinstance(block, Table) and len(block.rows) <= SHORT_TABLE
        )
        if i == 0:  # the heading decides where the section starts
            made = [f for f in made if not isinstance(f, CondPageBreak)]
        if i == 0 and not whole and len(made) > 1:  # only its start stays with the heading
            groups[-1] += made[:1]
            groups.append(made[1:])
            kept.append(False)
        elif i == 0 or (isinstance(block, Chart) and isinstance(blocks[i - 1], Paragraph)):
            groups[-1] += made
            kept[-1] = kept[-1] or whole
        else:
            groups.append(made)
            kept.append(whole)
    out: list[Any] = []
    for group, keep in zip(groups, kept, strict=True):
        out += [KeepTogether(group)] if keep else group
    if len(out) > 1 and all(isinstance(f, RLParagraph) for f in out[-2:]):
        out[-2].keepWithNext = 1  # a section's last line never ends up alone on a page
    return out


class _Template(SimpleDocTemplate):
    """SimpleDocTemplate that adds a PDF bookmark for every section heading."""

    def afterFlowable(self, flowable: Any) -> None:
        style = getattr(flowable, "style", None)
        if style is not None and style.name == "h1":
            key = f"s{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)


def _footer(text: str):
    def draw(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.SANS, 7.5)
        canvas.setFillColor(_colour(MUTED))
        canvas.drawString(MARGIN, MARGIN / 2, text[:110])
        canvas.drawRightString(document.pagesize[0] - MARGIN, MARGIN / 2, f"Page {document.page}")
        canvas.restoreState()

    return draw


def _colour(hex_: str) -> HexColor:
    return HexColor(hex_)


def _styles() -> dict[str, Any]:
    base = ParagraphStyle(
        "body",
        fontName=fonts.SANS,
        fontSize=9.2,
        leading=13,
        textColor=_colour(INK),
        spaceAfter=5,
        allowWidows=0,  # no last line of a paragraph alone at the top of a page
        allowOrphans=0,  # …nor its first line alone at the bottom
    )

    def style(name: str, parent: ParagraphStyle = base, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    cell = style("cell", fontSize=7.9, leading=10.2, spaceAfter=0)
    head = style("cell_head", parent=cell, fontName=fonts.BOLD)
    return {
        "body": base,
        "note": style("note", fontSize=8.2, leading=11.5, textColor=_colour(MUTED)),
        "small": style("small", fontSize=8, leading=11),
        "title": style(
            "title",
            fontName=fonts.BOLD,
            fontSize=22,
            leading=27,
            textColor=_colour(ACCENT),
            spaceAfter=2,
        ),
        "subtitle": style(
            "subtitle", fontSize=12, leading=16, textColor=_colour(MUTED), spaceAfter=8
        ),
        "h1": style(
            "h1",
            fontName=fonts.BOLD,
            fontSize=13.5,
            leading=17,
            spaceBefore=14,
            spaceAfter=6,
            textColor=_colour(ACCENT),
            keepWithNext=1,
        ),
        "risk": style("risk", fontName=fonts.BOLD, fontSize=10.5, leading=14, spaceAfter=2),
        "cell": cell,
        "cell_num": style("cell_num", parent=cell, alignment=TA_RIGHT),
        "cell_head": head,
        "cell_head_num": style("cell_head_num", parent=head, alignment=TA_RIGHT),
        "cell_mono": style("cell_mono", parent=cell, fontName=fonts.MONO, fontSize=6.6, leading=9),
        "caption": style(
            "caption",
            fontName=fonts.ITALIC,
            fontSize=7.8,
            leading=10.5,
            textColor=_colour(MUTED),
            spaceBefore=3,
            spaceAfter=8,
        ),
        "bullet": style(
            "bullet", leftIndent=12, bulletIndent=2, spaceAfter=3, bulletFontName=fonts.SANS
        ),
        "fact": style("fact", fontSize=8.8, leading=12, spaceAfter=0),
        "callout": style("callout", spaceAfter=0),
    }


def escape(text: str) -> str:
    """XML-escaped text for reportlab, bidi controls written out (core.report.bidi)."""
    return _xml_escape(visible_controls(text))


def _para(text: str, style: Any, lead: str = "") -> Any:
    body = escape(text).replace("\n", "<br/>")
    if lead:
        body = f"<b>{escape(lead)}</b> {body}"
    return RLParagraph(body, style)


def _title_block(doc: ReportDocument, st: dict[str, Any], width: float) -> list[Any]:
    facts = RLTable(
        [[_para(k, st["fact"]), _para(v, st["fact"])] for k, v in doc.facts],
        colWidths=[70, width - 70],
        style=_table_style(
            ("TEXTCOLOR", (0, 0), (0, -1), _colour(MUTED)),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("LINEBELOW", (0, -1), (-1, -1), 0.6, _colour(RULE)),
        ),
        hAlign="LEFT",
    )
    return [_para(doc.title, st["title"]), _para(doc.subtitle, st["subtitle"]), facts]


@singledispatch
def flowables(block: Block, st: dict[str, Any], width: float) -> list[Any]:
    raise TypeError(f"no PDF for {type(block).__name__}")


@flowables.register
def _(block: Paragraph, st: dict[str, Any], width: float) -> list[Any]:
    return [_para(block.text, st.get(block.style, st["body"]), block.lead)]


@flowables.register
def _(block: Bullets, st: dict[str, Any], width: float) -> list[Any]:
    return [RLParagraph(escape(item), st["bullet"], bulletText="•") for item in block.items]


@flowables.register
def _(block: Callout, st: dict[str, Any], width: float) -> list[Any]:
    edge = "#e0a100" if block.kind == "warning" else ACCENT
    fill = "#fff7e0" if block.kind == "warning" else "#eef4fb"
    box = RLTable([[_para(block.text, st["callout"])]], colWidths=[width])
    box.setStyle(
        _table_style(
            ("BACKGROUND", (0, 0), (-1, -1), _colour(fill)),
            ("LINEBEFORE", (0, 0), (0, -1), 3, _colour(edge)),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        )
    )
    return [box, _spacer(6)]


@flowables.register
def _(block: Table, st: dict[str, Any], width: float) -> list[Any]:
    col_widths = column_widths(block, st, width)

    def cell(i: int, text: str, head: bool = False) -> Any:
        if head:
            name = "cell_head_num" if i in block.numeric else "cell_head"
        else:
            name = "cell_mono" if i in block.mono else "cell_num" if i in block.numeric else "cell"
        return _cell_para(text, st[name], col_widths[i] - 2 * CELL_PAD)

    data = [[cell(i, h, head=True) for i, h in enumerate(block.header)]]
    data += [[cell(i, v) for i, v in enumerate(row)] for row in block.rows]
    caption = _para(block.caption, st["caption"]) if block.caption else _spacer(8)
    if len(block.rows) <= SHORT_TABLE:
        return [_spacer(2), _grid(data, col_widths, head=True), caption]
    # A long table may split, but starts only where its first rows fit, and its last rows
    # stay with the caption (never a header and one row, or a caption, alone on a page).
    start = [[cell(i, v) for i, v in enumerate(row)] for row in block.rows[: TAIL_ROWS + 1]]
    room = _grid([data[0], *start], col_widths).wrap(width, A4[1])[1]
    body = _grid(data[:-TAIL_ROWS], col_widths, head=True)
    tail = KeepTogether([_grid(data[-TAIL_ROWS:], col_widths), caption])
    return [CondPageBreak(room + 2), _spacer(2), body, tail]


def _grid(data: list[list[Any]], col_widths: list[float], *, head: bool = False) -> RLTable:
    """Rows of cells with the report's rules; ``head``: the first row is a repeated header."""
    table = RLTable(data, colWidths=col_widths, repeatRows=1 if head else 0, hAlign="LEFT")
    table.setStyle(
        _table_style(
            *([("BACKGROUND", (0, 0), (-1, 0), _colour(HEAD))] if head else []),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, _colour(RULE)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        )
    )
    return table


def column_widths(block: Table, st: dict[str, Any], width: float) -> list[float]:
    """The table's relative widths, widened where a column's longest word would not fit.

    A column never needs more than MAX_SHARE of the table: longer words break after '_'.
    """
    n = len(block.header)
    weights = block.widths if len(block.widths) == n else (1.0,) * n
    need = [
        min(_widest_word(block, i, st) + 2 * CELL_PAD + 0.5, width * MAX_SHARE) for i in range(n)
    ]
    if sum(need) >= width:
        return [width * w / sum(need) for w in need]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(n) if i not in fixed]
        room = width - sum(fixed.values())
        total = sum(weights[i] for i in free)
        widths = {i: room * weights[i] / total for i in free}
        short = [i for i in free if widths[i] < need[i]]
        if not short:
            return [fixed.get(i, widths.get(i, 0.0)) for i in range(n)]
        fixed.update({i: need[i] for i in short})


def _widest_word(block: Table, i: int, st: dict[str, Any]) -> float:
    head = st["cell_head"]
    body = st["cell_mono" if i in block.mono else "cell"]
    words = [(w, head) for w in block.header[i].split()]
    words += [(w, body) for row in block.rows for w in row[i].split()]
    return max((_text_width(w, style) for w, style in words), default=0.0)


def _text_width(text: str, style: Any) -> float:
    return stringWidth(visible_controls(text), style.fontName, style.fontSize)


def _cell_para(text: str, style: Any, room: float) -> Any:
    """A cell's paragraph; a word wider than the cell breaks after its underscores, never inside."""
    words = []
    for word in text.split(" "):
        if _text_width(word, style) <= room or "_" not in word:
            words.append(escape(word))
        else:
            words.append("<br/>".join(escape(p) for p in _pieces(word, style, room)))
    return RLParagraph(" ".join(words).replace("\n", "<br/>"), style)


def _pieces(word: str, style: Any, room: float) -> list[str]:
    """``word`` cut after underscores into runs that fit in ``room`` (greedy)."""
    parts = re.findall(r"[^_]*_+|[^_]+$", word)
    pieces = [parts[0]]
    for part in parts[1:]:
        if _text_width(pieces[-1] + part, style) <= room:
            pieces[-1] += part
        else:
            pieces.append(part)
    return pieces


@flowables.register
def _(block: Chart, st: dict[str, Any], width: float) -> list[Any]:
    image = Image(io.BytesIO(block.png), width=width, height=width * block.aspect)
    return [_spacer(4), image, _para(block.caption, st["caption"])]


@flowables.register
def _(block: Verdicts, st: dict[str, Any], width: float) -> list[Any]:
    lamp = 64
    rows = [
        [
            _Lamp(light.level, light.label),
            [
                _para(light.risk, st["risk"]),
                _para(light.sentence, st["body"]),
                _para(light.threshold, st["note"]),
            ],
        ]
        for light in block.lights
    ]
    table = RLTable(rows, colWidths=[lamp, width - lamp], hAlign="LEFT")
    table.setStyle(
        _table_style(
            ("BOX", (0, 0), (-1, -1), 0.6, _colour(RULE)),
            ("LINEBELOW", (0, 0), (-1, -2), 0.6, _colour(RULE)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
        )
    )
    return [table, _spacer(6)]


def _table_style(*commands: tuple) -> TableStyle:
    """A table style: every cell in the report's sans font, then ``commands``."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.SANS), *commands])


def _spacer(height: float) -> Spacer:
    return Spacer(1, height)


class _Lamp(Flowable):
    """A coloured disc with the level written under it (never colour alone)."""

    def __init__(self, level: Level, label: str = "") -> None:
        super().__init__()
        self.level, self.label = level, label or level.value

    def wrap(self, *_: Any) -> tuple[float, float]:
        return 52, 50

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(_colour(LEVEL_COLOURS[self.level]))
        c.circle(26, 36, 12, stroke=0, fill=1)
        c.setFillColor(_colour(INK))
        c.setFont(fonts.BOLD, 6.6)
        words = self.label.upper().split()
        lines = [" ".join(words)] if len(words) == 1 else [words[0], " ".join(words[1:])]
        for i, line in enumerate(lines):
            c.drawCentredString(26, 14 - 8 * i, line)
