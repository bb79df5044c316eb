"""DejaVu fonts for the PDF: the base-14 PDF fonts lack ε, ℓ, ≥ and most non-Latin letters.

matplotlib ships DejaVu with every install (and the frozen app bundles matplotlib's data), so
the PDF needs no font of its own.
"""

from __future__ import annotations

import threading
from pathlib import Path

from core.errors import VeilError

SANS, BOLD, ITALIC, BOLD_ITALIC, MONO = (
    "DejaVuSans",
    "DejaVuSans-Bold",
    "DejaVuSans-Oblique",
    "DejaVuSans-BoldOblique",
    "DejaVuSansMono",
)
_lock = threading.Lock()
_done = False


def font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def register_fonts() -> None:
    """Register the DejaVu family with reportlab once per process (safe from any thread)."""
    global _done
    with _lock:
        if _done:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name in (SANS, BOLD, ITALIC, BOLD_ITALIC, MONO):
            path = font_dir() / f"{name}.ttf"
            if not path.is_file():
                raise VeilError(
                    f"The font file {path} is missing, so the PDF report cannot be written.",
                    hint="Reinstall Veil (matplotlib's bundled fonts are needed); the HTML "
                    "report does not need them.",
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        for bold, italic, name in ((0, 0, SANS), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
            addMapping(SANS, bold, italic, name)
        _done = True
