"""render_html: one self-contained HTML file (inline CSS, charts as base64 PNG, no scripts).

Every piece of text is escaped; a Content-Security-Policy forbids scripts and remote content,
so even a hostile column name cannot run or fetch anything.
"""

from __future__ import annotations

import base64
import html
from functools import singledispatch

from core.report.bidi import ISOLATE_CSS, visible_controls
from core.report.document import (
    Block,
    Bullets,
    Callout,
    Chart,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    Verdicts,
)
from resources import resource_path

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def escape(text: object) -> str:
    """HTML-escaped text whose bidi controls cannot reorder what follows (core.report.bidi)."""
    return html.escape(visible_controls(str(text)))


def render_html(doc: ReportDocument) -> str:
    """The report as one HTML page that opens anywhere, offline."""
    css = resource_path("report", "report.css").read_text(encoding="utf-8") + ISOLATE_CSS
    numbered = doc.numbered()
    toc = "".join(
        f'<li><a href="#{escape(s.anchor)}">{escape(head)}</a></li>' for head, s in numbered
    )
    sections = "\n".join(section_html(head, s) for head, s in numbered)
    facts = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in doc.facts)
    title = f"{doc.title} — {doc.subtitle}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n<main>\n"
        f"<header><h1>{escape(doc.title)}</h1>"
        f'<p class="subtitle">{escape(doc.subtitle)}</p><dl class="facts">{facts}</dl></header>\n'
        f'<nav class="toc"><ol>{toc}</ol></nav>\n{sections}\n'
        "<footer>Made with Veil. The figures come from attacks run on this release; they "
        "estimate risk, they do not prove safety.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )


def section_html(heading: str, section: Section) -> str:
    cls = ' class="appendix"' if section.appendix else ""
    body = "\n".join(block_html(b) for b in section.blocks)
    return (
        f'<section id="{escape(section.anchor)}"{cls}><h2>{escape(heading)}</h2>\n{body}</section>'
    )


@singledispatch
def block_html(block: Block) -> str:
    raise TypeError(f"no HTML for {type(block).__name__}")


@block_html.register
def _(block: Paragraph) -> str:
    lead = f'<span class="lead">{escape(block.lead)}</span> ' if block.lead else ""
    return f'<p class="{escape(block.style)}">{lead}{escape(block.text)}</p>'


@block_html.register
def _(block: Bullets) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"


@block_html.register
def _(block: Callout) -> str:
    return f'<div class="callout {escape(block.kind)}">{escape(block.text)}</div>'


@block_html.register
def _(block: Table) -> str:
    def cell(tag: str, i: int, text: str) -> str:
        cls = " ".join(
            c for c, on in (("num", i in block.numeric), ("mono", i in block.mono)) if on
        )
        attr = f' class="{cls}"' if cls else ""
        return f"<{tag}{attr}>{escape(text)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(block.header))
    body = "".join(
        "<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>"
        for row in block.rows
    )
    caption = f'<p class="caption">{escape(block.caption)}</p>' if block.caption else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{caption}"


@block_html.register
def _(block: Chart) -> str:
    data = base64.b64encode(block.png).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{escape(block.alt)}">'
        f"<figcaption>{escape(block.caption)}</figcaption></figure>"
    )


@block_html.register
def _(block: Verdicts) -> str:
    items = []
    for light in block.lights:
        level = light.level.value.replace(" ", "-")
        items.append(
            f'<div class="light level-{escape(level)}">'
            f'<div class="lamp">{escape(light.label)}</div><div>'
            f"<h3>{escape(light.risk)}</h3><p>{escape(light.sentence)}</p>"
            f'<p class="threshold">{escape(light.threshold)}</p></div></div>'
        )
    return '<div class="verdicts">' + "".join(items) + "</div>"
