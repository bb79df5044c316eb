"""Importing core.dp is cheap and safe from several threads: diffprivlib loads only where
mechanisms run (the GUI reads a hierarchy's range while the engine warms up in the background)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

LIGHT = """
import sys
import core.dp, core.dp.domains, core.dp.result
from core.dp.domains import from_hierarchies, ranged_columns
heavy = sorted(m for m in ("diffprivlib", "sklearn", "scipy") if m in sys.modules)
print(heavy)
"""

THREADS = """
import sys, threading
names = sys.argv[1:]
barrier = threading.Barrier(len(names))
failures = []

def load(name):
    barrier.wait()
    try:
        __import__(name)
    except BaseException as exc:
        failures.append(f"{name}: {exc!r}")

threads = [threading.Thread(target=load, args=(n,)) for n in names]
for t in threads:
    t.start()
for t in threads:
    t.join()
from core.dp import BudgetLedger, DPResult, release
import core.dp.engine
print(failures, callable(release), release is core.dp.engine.release, BudgetLedger.__name__)
"""


def run(code: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_the_package_and_its_domains_import_without_diffprivlib():
    assert run(LIGHT) == "[]"


def test_threads_importing_the_package_and_its_modules_at_once_all_succeed():
    # the engine (diffprivlib inside) beside the light modules, as the GUI's warm-up and its
    # ranges box do; the package-level function stays the function, not its module
    names = ["core.dp.engine", "core.dp.domains", "core.dp", "core.dp.models", "core.dp.sweep",
             "core.dp.network", "core.dp.ledger", "core.dp.result"]  # fmt: skip
    assert run(THREADS, *names) == "[] True True BudgetLedger"
