"""Bundled with both executables for the packaging tests; not used by the application.

With ``VEIL_BUNDLE_CHECK=<file.json>`` the entry scripts call :func:`main`, which imports every
module of Veil's packages found in the executable and writes what failed and where resources
resolved to. A file, not stdout: a windowed executable has no stdout on Windows and macOS.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
import traceback

PACKAGES = ("core", "app", "ui", "resources")


def _import_all(package: str, report: dict) -> None:
    try:
        module = importlib.import_module(package)
    except ImportError:
        report["absent"].append(package)
        return
    prefix = package + "."
    names = [package] + [m.name for m in pkgutil.walk_packages(module.__path__, prefix, str)]
    for name in names:
        try:
            importlib.import_module(name)
            report["imported"].append(name)
        except Exception:
            report["failed"][name] = traceback.format_exc(limit=4)


def main() -> int:
    """Import everything, write the JSON report to ``$VEIL_BUNDLE_CHECK``; 1 if an import failed."""
    report: dict = {"frozen": bool(getattr(sys, "frozen", False)), "imported": [], "absent": []}
    report["failed"] = {}
    for package in PACKAGES:
        _import_all(package, report)
    from resources import resource_path

    report["resource_root"] = str(resource_path())
    report["bundle_root"] = getattr(sys, "_MEIPASS", None)
    with open(os.environ["VEIL_BUNDLE_CHECK"], "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=1)
    return 1 if report["failed"] else 0
