"""core must stay importable and usable without Qt or the GUI."""

import subprocess
import sys

from tests.conftest import REPO

CORE_MODULES = [
    "core",
    "core.errors",
    "core.jobs",
    "core.results",
    "core.schema",
    "core.settings",
    "core.protect",
    "core.identifiers",
    "core.export",
    "core.provenance",
]


def test_importing_core_loads_no_qt_and_no_gui():
    code = (
        "import importlib, sys, pkgutil, core\n"
        "names = [m.name for m in pkgutil.walk_packages(core.__path__, 'core.')]\n"
        "for n in names: importlib.import_module(n)\n"
        "gui = ('PySide6', 'shiboken6', 'ui', 'app')\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] in gui or m == 'matplotlib.pyplot')\n"
        "print(len(names)); print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert int(out[0]) >= len(CORE_MODULES) - 1
    assert out[1] == "", f"core pulled in: {out[1]}"


def test_import_linter_contracts_hold():
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(REPO / "pyproject.toml")) == 0


def test_no_core_module_mentions_pyplot_or_qt_even_lazily():
    """import-linter cannot forbid external subpackages, and lazy imports escape sys.modules."""
    import ast

    offenders = []
    for path in (REPO / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            top = ("matplotlib.pyplot", "PySide6", "shiboken6", "ui", "app")
            offenders += [
                f"{path.relative_to(REPO)}: {n}"
                for n in names
                if any(n == t or n.startswith(t + ".") for t in top)
            ]
    assert offenders == []
