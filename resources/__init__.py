"""Bundled data files (icons, report templates, the demo dataset)."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource; works from source, an installed wheel and a PyInstaller bundle.

    PyInstaller keeps this module's ``__file__`` inside the bundle, next to the data files
    that ``build.spec`` collects under ``resources/``.
    """
    return _ROOT.joinpath(*parts)
