"""The app icon: one SVG, PNGs at every size, a Windows .ico and a macOS .icns, all current."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from resources import resource_path
from tests.packaging.scripts import load

ICONS = resource_path("icons")
make_icons = load("make_icons")


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_png_sizes_exist_square_and_transparent_in_the_corners(size):
    image = Image.open(ICONS / f"veil-{size}.png")
    assert image.size == (size, size) and image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0, "rounded corners are transparent"
    assert image.getpixel((size // 2, size // 2))[3] == 255


def test_ico_holds_every_windows_size_as_drawn_for_that_size():
    ico = Image.open(ICONS / "veil.ico")
    sizes = sorted(ico.ico.sizes())
    assert sizes == [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    small = ico.ico.getimage((16, 16)).convert("RGBA")
    assert ImageChops.difference(small, Image.open(ICONS / "veil-16.png")).getbbox() is None


def test_icns_holds_every_macos_size_at_1x_and_2x():
    icns = Image.open(ICONS / "veil.icns")
    points = (16, 32, 128, 256, 512)
    assert {(p, p, s) for p in points for s in (1, 2)} <= set(icns.info["sizes"])
    small = icns.icns.getimage((16, 16, 1)).convert("RGBA")
    assert ImageChops.difference(small, Image.open(ICONS / "veil-16.png")).getbbox() is None


def test_committed_pngs_are_rendered_from_the_current_svg(qapp):
    """Editing veil.svg without running packaging/make_icons.py fails here."""
    fresh = Image.open(io.BytesIO(make_icons.render_png(ICONS / "veil.svg", 64)))
    committed = Image.open(ICONS / "veil-64.png")
    diff = ImageChops.difference(fresh.convert("RGBA"), committed.convert("RGBA"))
    assert max(high for _, high in diff.getextrema()) <= 2
