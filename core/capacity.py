"""Will it fit? The memory a run will need, estimated before it starts, against what this
computer has free; refused in plain words when it would not fit."""

from __future__ import annotations

import os

from core import methods
from core.bounds import BOUNDS, SEED_MAX
from core.errors import ConfigError
from core.settings import ProtectionSettings

# Peak memory per synthetic cell measured on Adult (9 columns): 69 bytes at 300,000 rows and
# 42 at 1,000,000; rounded up for the copy written to disk and the rehearsal beside it.
BYTES_PER_CELL = 100
USABLE_SHARE = 0.8  # of the memory free now


def available_memory() -> int | None:
    """Bytes of memory free for a new job (Linux MemAvailable, else free pages), or None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def needed_memory(rows: int, columns: int) -> int:
    """Estimated peak bytes to make and write ``rows`` synthetic records of ``columns``."""
    return rows * max(columns, 1) * BYTES_PER_CELL


def check_capacity(
    columns: int, settings: ProtectionSettings, *, available: int | None = None
) -> None:
    """Refuse a DP synthetic release whose row count would not fit in memory."""
    if not methods.synthetic(settings.method) or settings.rows is None:
        return
    have = available_memory() if available is None else available
    need = needed_memory(settings.rows, columns)
    if have is None or need <= USABLE_SHARE * have:
        return
    fits = int(USABLE_SHARE * have // (max(columns, 1) * BYTES_PER_CELL))
    raise ConfigError(
        f"{settings.rows:,} synthetic records of {columns} columns would need about "
        f"{_size(need)} of memory, and this computer has {_size(have)} free.",
        hint=f"Ask for at most {fits:,} records (rows), or close other programs and retry.",
    )


def check_seeds(seed: int, repeats: int) -> None:
    """Repeated rehearsals use seeds seed … seed + repeats − 1: all must be valid seeds."""
    BOUNDS["seed"].check(seed, "seed")
    if seed + repeats - 1 > SEED_MAX:
        raise ConfigError(
            f"seed {seed:,} with {repeats} repeats would use seeds above {SEED_MAX:,}.",
            hint=f"Use a seed of at most {SEED_MAX - repeats + 1:,}.",
        )


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} TB"
