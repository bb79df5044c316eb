"""Adult with ARX's hierarchies, as the engines read it."""

from __future__ import annotations

import shutil

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
def spark():
    """One local Spark session (2 cores) for the engine tests."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: Spark needs a Java 17 runtime")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("veil tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    yield session
    session.stop()


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
