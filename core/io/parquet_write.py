"""Writing Parquet: with pyarrow when it is installed, else through DuckDB, so the desktop
bundle (which leaves pyarrow out) exports the protected table as Parquet too."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.errors import ValidationError


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` (no index) to ``path`` as Parquet."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        write_parquet_duckdb(frame, path)
    else:
        frame.to_parquet(path, index=False)


def write_parquet_duckdb(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` through DuckDB's pandas scan (no pyarrow): each dtype keeps its
    Parquet type (text, nullable integers, floats, booleans, timestamps, categories)."""
    import duckdb

    _refuse_duplicate_names(frame)
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.register("release", _scannable(frame))
        target = "'" + str(path).replace("'", "''") + "'"
        con.execute(f"COPY release TO {target} (FORMAT parquet)")
    finally:
        con.close()


def _refuse_duplicate_names(frame: pd.DataFrame) -> None:
    names = [str(c) for c in frame.columns]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValidationError(
            f"Parquet cannot hold two columns with the same name: {', '.join(twice)}.",
            hint="Rename one of them, or export as CSV.",
        )


def _scannable(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with string column names and text-typed mixed columns (DuckDB's scan types a
    Python-object column from its first values and fails on a later value of another type)."""
    out = {}
    for name, column in frame.items():
        if pd.api.types.is_object_dtype(column) and not _all_text(column):
            column = column.map(str, na_action="ignore").astype("str")
        out[str(name)] = column
    return pd.DataFrame(out, index=frame.index)


def _all_text(column: pd.Series) -> bool:
    values = column.dropna()
    return bool(values.map(type).eq(str).all())
