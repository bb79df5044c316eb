"""The report document (core.report) shown in a QTextBrowser, in the rich text Qt supports.

The HTML export uses CSS that QTextDocument cannot draw, so the preview walks the same
document blocks and writes simple tables and images instead; words and numbers are identical.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ui import theme
from ui.qt import QtCore, QtGui, QtWidgets

LEVEL_COLOURS = {"low": "#2e9d49", "moderate": "#e0a526", "high": "#d1453b"}
PREVIEW_WIDTH = 760  # px, charts are scaled to this width


def show_report(browser: QtWidgets.QTextBrowser, doc: Any) -> None:
    """Render ``doc`` into ``browser``; chart PNGs become document resources."""
    document = browser.document()
    images: dict[str, bytes] = {}
    html = document_html(doc, images)
    for name, png in images.items():
        image = QtGui.QImage.fromData(png, "PNG")
        document.addResource(
            QtGui.QTextDocument.ResourceType.ImageResource, QtCore.QUrl(name), image
        )
    browser.setHtml(html)


def document_html(doc: Any, images: dict[str, bytes]) -> str:
    parts = [f"<h1>{escape(doc.title)}</h1>"]
    if doc.subtitle:
        parts.append(f"<p><i>{escape(doc.subtitle)}</i></p>")
    if doc.facts:
        rows = "".join(
            f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in doc.facts
        )
        parts.append(f"<table cellpadding=3>{rows}</table>")
    for number, section in enumerate(doc.sections, start=1):
        title = section.title if section.appendix else f"{number}. {section.title}"
        parts.append(f"<h2>{escape(title)}</h2>")
        parts.extend(block_html(block, images) for block in section.blocks)
    return "".join(parts)


def block_html(block: Any, images: dict[str, bytes]) -> str:
    kind = type(block).__name__
    if kind == "Paragraph":
        lead = f"<b>{escape(block.lead)}</b> " if block.lead else ""
        small = block.style in ("note", "small")
        text = f"{lead}{escape(block.text)}"
        return f"<p>{'<small>' + text + '</small>' if small else text}</p>"
    if kind == "Bullets":
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
    if kind == "Callout":
        bg, border, fg = theme.tone("warning" if block.kind == "warning" else "info")
        return (
            f"<table width='100%' cellpadding=8 style='background:{bg}; color:{fg};"
            f" border:1px solid {border}'><tr><td>{escape(block.text)}</td></tr></table><br>"
        )
    if kind == "Table":
        return table_html(block)
    if kind == "Chart":
        name = f"chart://{len(images)}"
        images[name] = block.png
        return (
            f"<p align=center><img src='{name}' width={PREVIEW_WIDTH}><br>"
            f"<small>{escape(block.caption)}</small></p>"
        )
    if kind == "Verdicts":
        return "".join(light_html(light) for light in block.lights)
    return ""


def table_html(block: Any) -> str:
    head = "".join(f"<th align=left>{escape(h)}</th>" for h in block.header)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td align={'right' if i in block.numeric else 'left'}>{escape(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in block.rows
    )
    caption = f"<p><small>{escape(block.caption)}</small></p>" if block.caption else ""
    return f"<table border=1 cellspacing=0 cellpadding=4><tr>{head}</tr>{body}</table>{caption}"


def light_html(light: Any) -> str:
    level = str(light.level)
    colour = LEVEL_COLOURS.get(level, "#9aa0a6")
    label = getattr(light, "label", level)  # "moderate to high" when the interval straddles
    word = label.capitalize() if level != "not assessed" else "Not measured"
    return (
        f"<table width='100%' cellpadding=6><tr><td width=8 bgcolor='{colour}'></td><td>"
        f"<b>{escape(light.risk)}: <span style='color:{colour}'>{escape(word)}</span></b><br>"
        f"{escape(light.sentence)}<br><small>{escape(light.threshold)}</small></td></tr></table>"
    )
