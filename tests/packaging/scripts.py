"""Load the scripts in packaging/ by path: that folder is not a package (it would shadow PyPI's
``packaging``), so its modules cannot be imported by name."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.conftest import REPO

PACKAGING = REPO / "packaging"


def load(name: str) -> ModuleType:
    """The module ``packaging/<name>.py``, loaded once under a private name."""
    key = f"_veil_packaging_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, PACKAGING / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]
