"""Adult with ARX's hierarchies, as the engines read it."""

from __future__ import annotations

import pytest

ADULT_QIS = [
    "sex", "age", "race", "marital-status", "education",
    "native-country", "workclass", "occupation", "salary-class",
]  # fmt: skip


@pytest.fixture(scope="session")
def arx_hierarchies(adult_hierarchy_files):
    from core.hierarchy import Hierarchy

    return {c: Hierarchy.from_arx_csv(p, name=c) for c, p in adult_hierarchy_files.items()}


@pytest.fixture(scope="session")
def adult_source(adult_csv):
    from core.engine import describe

    return describe(str(adult_csv))


def run_engine(engine, source, hierarchies, out, suppression, qis=ADULT_QIS, keep=None):
    """One protect run of ``engine`` on ``source`` at k = 5."""
    from core.engine import protect_file
    from core.settings import ProtectionSettings

    return protect_file(
        engine,
        source,
        str(out),
        qis=list(qis),
        sensitive=None,
        keep=list(keep or source.columns),
        hierarchies=hierarchies,
        settings=ProtectionSettings(k=5, suppression=suppression),
    )
