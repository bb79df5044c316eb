"""Keeping right-to-left control characters in user text from reordering the report.

A column name holding U+202E (right-to-left override) would mirror every figure after it on
the line. Explicit embeddings, overrides and isolates are shown as their code point instead,
and each table cell and list item is isolated (``unicode-bidi: isolate``) in the HTML, so
right-to-left names still read correctly without spilling onto their neighbours.
"""

from __future__ import annotations

import re

CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
ISOLATE_CSS = "td, th, dd, dt, li, h3, figcaption { unicode-bidi: isolate; }\n"


def visible_controls(text: str) -> str:
    """``text`` with every explicit bidi control written out as [U+XXXX]."""
    return CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)
