"""Which engine runs a protect job: pandas while the table fits in memory, else DuckDB."""

from __future__ import annotations

import os
from pathlib import Path

from core.engine.source import is_remote

ENGINES = ("auto", "pandas", "duckdb", "spark")
# In pandas a table takes about this many times its CSV size (text columns, copies).
MEMORY_FACTOR = {".csv": 6, ".tsv": 6, ".txt": 6, ".parquet": 20}
MEMORY_SHARE = 0.5  # the pandas path may use this share of the machine's memory


def total_memory() -> int:
    """Bytes of physical memory (8 GB when the system does not say)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):  # Windows
        return _windows_memory() or 8 << 30


def _windows_memory() -> int | None:  # pragma: no cover - Windows only
    try:
        import ctypes

        class Status(ctypes.Structure):
            _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong)] + [
                (n, ctypes.c_ulonglong)
                for n in ("total", "avail", "pagetotal", "pageavail", "vtotal", "vavail", "x")
            ]

        status = Status()
        status.length = ctypes.sizeof(Status)
        ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status))
        return int(status.total)
    except Exception:
        return None


def threshold(suffix: str, memory: int | None = None) -> int:
    """File size (bytes) above which ``auto`` leaves pandas for DuckDB."""
    memory = total_memory() if memory is None else memory
    return int(memory * MEMORY_SHARE / MEMORY_FACTOR.get(suffix.lower(), 6))


def choose_engine(requested: str, path: str, memory: int | None = None) -> tuple[str, str | None]:
    """The engine to use for ``path`` and, when ``auto`` chose DuckDB, one line saying why."""
    if requested != "auto":
        return requested, None
    if is_remote(path):
        return "spark", f"{path} is not a local file: running on Spark."
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in MEMORY_FACTOR or not file.is_file():
        return "pandas", None
    size, limit = file.stat().st_size, threshold(suffix, memory)
    if size <= limit:
        return "pandas", None
    return "duckdb", (
        f"{file.name} is {size / 1e9:.1f} GB, more than this computer's memory holds in a "
        f"table (limit {limit / 1e9:.1f} GB): it is processed out of memory with DuckDB."
    )


def make_engine(name: str, **options):
    """An engine object by name (options: DuckDB's memory_limit/temp_directory, Spark's
    master)."""
    if name == "pandas":
        from core.engine.pandas_engine import PandasEngine

        return PandasEngine()
    if name == "duckdb":
        from core.engine.duckdb_engine import DuckDBEngine

        return DuckDBEngine(**{k: v for k, v in options.items() if k != "master"})
    if name == "spark":
        from core.engine.spark_engine import SparkEngine

        return SparkEngine(master=options.get("master"))
    raise ValueError(f"unknown engine {name!r}")
