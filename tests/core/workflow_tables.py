"""Small purpose-built tables for the workflow tests (people with accented names, cp1252)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

FIRST = ["José", "Renée", "Zoë", "André", "Inès", "Björn", "Søren", "Chloé", "Åsa", "Noël"]


def people(rows: int = 80, seed: int = 0) -> pd.DataFrame:
    """People with a name, age, sex, zip, a diagnosis and an outcome; seeded."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "name": [f"{FIRST[i % len(FIRST)]} Müller{i}" for i in range(rows)],
            "age": rng.integers(18, 90, rows),
            "sex": rng.choice(["f", "m"], rows),
            "zip": rng.choice(["75001", "75002", "69001", "13001"], rows),
            "diagnosis": rng.choice(["flu", "asthma", "diabetes"], rows),
            "outcome": rng.choice(["yes", "no"], rows),
        }
    )


def write_cp1252(frame: pd.DataFrame, path: Path) -> Path:
    """A CSV in Windows-1252: the loader reads it and warns that it is not UTF-8."""
    path.write_bytes(frame.to_csv(index=False).encode("cp1252", errors="replace"))
    return path


def write_utf8(frame: pd.DataFrame, path: Path) -> Path:
    path.write_text(frame.to_csv(index=False), encoding="utf-8")
    return path
