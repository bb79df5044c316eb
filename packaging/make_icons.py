"""Render resources/icons/veil.svg to the PNG sizes, the Windows .ico and the macOS .icns.

Run after editing the SVG: ``python packaging/make_icons.py``. Needs PySide6 (QtSvg) and Pillow.
"""

from __future__ import annotations

import io
import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry type -> pixel size of the PNG it holds (1x and Retina 2x variants, 16 to 512 pt).
ICNS_TYPES = {
    b"icp4": 16, b"icp5": 32, b"icp6": 64, b"ic07": 128, b"ic08": 256, b"ic09": 512,
    b"ic10": 1024, b"ic11": 32, b"ic12": 64, b"ic13": 256, b"ic14": 512,
}  # fmt: skip


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn anti-aliased on a transparent ``size`` x ``size`` square, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An Apple icon file holding one PNG per ICNS type (what ``iconutil`` would write)."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for kind, size in ICNS_TYPES.items()
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # QPainter on QImage needs a Gui application
    svg = ICONS / "veil.svg"
    pngs = {size: render_png(svg, size) for size in PNG_SIZES}
    for size, png in pngs.items():
        if size <= 512:  # 1024 only feeds the .icns (Retina 512@2x)
            (ICONS / f"veil-{size}.png").write_bytes(png)
    ico = [Image.open(io.BytesIO(pngs[s])) for s in ICO_SIZES]
    ico[-1].save(ICONS / "veil.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=ico[:-1])
    (ICONS / "veil.icns").write_bytes(icns_bytes(pngs))
    del app
    print(f"wrote {len(PNG_SIZES) - 1} PNGs, veil.ico and veil.icns to {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
