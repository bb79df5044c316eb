"""Take 5-report-header.png: page 1 of the demo's PDF report, as a reader sees it.

    python docs/screenshots/take_report_header.py [OUT_DIR]

Runs the demo (or re-renders OUT_DIR's assessment.json when given) and draws page 1 of
report.pdf with pypdfium2 (installed with the test extra, through pdfplumber).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from core.pipeline import rerender, run_demo  # noqa: E402

SCALE = 1.6  # 115 dpi: the header and the lights are readable at README width


def first_page(pdf: Path, png: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    document[0].render(scale=SCALE).to_pil().save(png, optimize=True)
    document.close()


def main(argv: list[str]) -> int:
    if argv:
        out = Path(argv[0])
        rerender(out)
        first_page(out / "report.pdf", HERE / "5-report-header.png")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        result = run_demo(Path(tmp) / "demo", accept_risk=True)  # synthetic data: no gate
        first_page(result.report_pdf, HERE / "5-report-header.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
