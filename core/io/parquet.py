"""Reading Parquet through DuckDB (no pyarrow needed, so the desktop bundle opens Parquet), with
the dtypes pandas' pyarrow reader gives, a progress tick and a cancel point per chunk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from core.errors import InputError
from core.io.arrow_schema import column_hints
from core.jobs import Monitor

CHUNK_VECTORS = 64  # DuckDB vectors of 2,048 rows fetched at a time: ~130,000 rows per tick


def read_parquet(path: Path, monitor: Monitor) -> pd.DataFrame:
    """The table in ``path`` as pandas' reader would give it; damaged files raise InputError."""
    import duckdb

    monitor.check_cancelled()
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        source = [str(path)]
        columns = _top_level(con.execute(_SCHEMA, source).fetchall())
        keys = dict(con.execute(_KEYS, source).fetchall())
        total = int(con.execute(_ROWS, source).fetchone()[0] or 0)
        result = con.execute("SELECT * FROM read_parquet(?)", source)
        kinds = [str(d[1]) for d in result.description]
        frame = _fetch(result, total, monitor, path.name)
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(
            f"{path.name} could not be read as Parquet: {first}",
            path=str(path),
            hint="Check that it is a complete Parquet file (copy it again), or save it as CSV.",
        ) from None
    finally:
        con.close()
    meta = _pandas_metadata(keys.get("pandas"))
    hints = column_hints(keys["ARROW:schema"]) if "ARROW:schema" in keys else {}
    return _as_pandas_reads(frame, kinds, columns, meta, _described(meta, hints))


_SCHEMA = "SELECT name, logical_type, num_children FROM parquet_schema(?)"
_KEYS = "SELECT decode(key), value FROM parquet_kv_metadata(?)"
_ROWS = "SELECT sum(num_rows) FROM parquet_file_metadata(?)"


def _fetch(result, total: int, monitor: Monitor, name: str) -> pd.DataFrame:
    """Every row, chunk by chunk (pandas' own conversion in DuckDB, without pyarrow)."""
    parts: list[pd.DataFrame] = []
    done = 0
    while True:
        monitor.progress(done / max(total, 1), f"Reading {name}")
        part = result.fetch_df_chunk(CHUNK_VECTORS)
        if not len(part):
            parts = parts or [part]  # an empty table keeps its columns
            break
        parts.append(part)
        done += len(part)
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _top_level(rows: list[tuple]) -> list[tuple[str, str | None]]:
    """(name, Parquet logical type) of each top-level column; fields nested inside are skipped."""

    def end_of(i: int) -> int:
        children = rows[i][2] or 0
        i += 1
        for _ in range(children):
            i = end_of(i)
        return i

    out, i = [], 1
    while i < len(rows):
        out.append((rows[i][0], rows[i][1]))
        i = end_of(i)
    return out


def _pandas_metadata(value: bytes | None) -> dict[str, Any]:
    """The metadata pandas stores in files it writes (nullable dtypes, categoricals, zones)."""
    try:
        return json.loads(bytes(value).decode("utf-8")) if value else {}
    except ValueError:
        return {}


def _described(meta: dict, hints: dict[str, dict]) -> dict[str, dict]:
    """Each column's description in pandas' metadata terms; Arrow's schema fills in for files
    pandas did not write (dictionary columns, zones, durations)."""
    out: dict[str, dict] = {}
    for name, hint in hints.items():
        described: dict[str, Any] = {"metadata": {"timezone": hint.get("timezone")}}
        if hint.get("dictionary"):
            described.update(pandas_type="categorical")
            described["metadata"]["ordered"] = hint.get("ordered", False)
        if hint.get("duration"):
            described["numpy_type"] = f"timedelta64[{hint['duration']}]"
        out[name] = described
    for column in meta.get("columns", []):
        if column.get("field_name"):
            out[column["field_name"]] = column
    return out


def _as_pandas_reads(
    frame: pd.DataFrame,
    kinds: list[str],
    columns: list[tuple[str, str | None]],
    meta: dict,
    described: dict[str, dict],
) -> pd.DataFrame:
    """DuckDB's frame with pandas' dtypes and the file's own column names (repeated names too:
    DuckDB renames them, the loader must see them)."""
    fixed = {
        name: _column(frame[name], kind, logical, described.get(name, {}))
        for name, kind, (_, logical) in zip(frame.columns, kinds, columns, strict=False)
    }
    out = pd.DataFrame(fixed, index=frame.index, copy=False)
    if len(columns) == len(out.columns):
        out.columns = [name for name, _ in columns]
    return _with_index(out, meta.get("index_columns", []))


def _with_index(frame: pd.DataFrame, stored: list) -> pd.DataFrame:
    """The index pandas wrote: columns it stored, or a range it only described."""
    index = [c for c in stored if isinstance(c, str) and c in frame.columns]
    if index:
        frame = frame.set_index(index)
        frame.index.names = [None if n.startswith("__index_level_") else n for n in index]
    elif len(stored) == 1 and isinstance(stored[0], dict) and stored[0].get("kind") == "range":
        start, step = int(stored[0].get("start", 0)), int(stored[0].get("step", 1))
        name = stored[0].get("name")
        frame.index = pd.RangeIndex(start, start + step * len(frame), step, name=name)
    return frame


def _column(column: pd.Series, kind: str, logical: str | None, described: dict) -> pd.Series:
    """One column as pyarrow's ``to_pandas`` gives it (``described``: see _described)."""
    wanted = str(described.get("numpy_type") or "")
    if kind == "VARCHAR" and described.get("pandas_type") == "categorical":
        ordered = bool((described.get("metadata") or {}).get("ordered"))
        return column.astype(pd.CategoricalDtype(ordered=ordered))
    if kind == "BOOLEAN":
        return _boolean(column, wanted)
    if pd.api.types.is_integer_dtype(column.dtype):
        return _integer(column, wanted)
    if kind == "DATE":
        return column.astype("datetime64[s]")  # pyarrow: datetime.date objects, which the
        # loader turns into datetime64[s]; DuckDB's dates are already vectors
    if kind.startswith("TIMESTAMP"):
        return _timestamp(column, kind, logical, wanted, described)
    if kind == "BLOB":
        column = column.map(bytes, na_action="ignore")  # DuckDB gives bytearray
    if pd.api.types.is_object_dtype(column.dtype) and column.hasnans:
        return column.where(column.notna(), None)  # pyarrow marks missing objects with None
    return column


def _boolean(column: pd.Series, wanted: str) -> pd.Series:
    if wanted == "boolean":
        return column.astype("boolean")
    if column.hasnans:
        return column.astype(object).where(column.notna(), None)
    return column.astype(bool)


def _integer(column: pd.Series, wanted: str) -> pd.Series:
    if wanted[:1] in ("I", "U"):  # pandas' nullable Int64, UInt8, ...
        return column.astype(wanted)
    if wanted.startswith("timedelta64"):  # durations are stored as plain integers
        return pd.to_timedelta(column, unit=wanted[12:-1] or "ns").astype(wanted)
    if column.hasnans:
        return column.astype("float64")
    dtype = column.dtype
    return column.astype(dtype.numpy_dtype) if hasattr(dtype, "numpy_dtype") else column


def _timestamp(
    column: pd.Series, kind: str, logical: str | None, wanted: str, described: dict
) -> pd.Series:
    zone = (described.get("metadata") or {}).get("timezone")
    if zone and kind.endswith("TIME ZONE"):
        column = column.dt.tz_convert(zone)
    unit = wanted[11:-1] if wanted.startswith("datetime64[") else _unit(logical)
    if unit and unit != column.dt.unit:
        column = column.dt.as_unit(unit)
    return column


def _unit(logical: str | None) -> str | None:
    """The time unit in a Parquet logical type's text, e.g. ``unit=TimeUnit(MILLIS=Mil...``."""
    for marker, unit in (("MILLIS=Milli", "ms"), ("MICROS=Micro", "us"), ("NANOS=Nano", "ns")):
        if logical and marker in logical:
            return unit
    return None
