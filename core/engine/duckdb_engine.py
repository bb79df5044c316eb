"""The DuckDB engine: files read by DuckDB itself (CSV/TSV/Parquet), streamed, with an explicit
memory limit and a spill folder in the user's cache, progress and cancel."""

from __future__ import annotations

import contextlib
import math
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from core.engine.frequency import COUNT, Frequencies, from_text
from core.engine.plan import Plan
from core.engine.ragged import fields_of, ragged_error
from core.engine.release import class_keys, qi_maps
from core.engine.source import Source
from core.engine.sql import class_key, guarded, label_expr, quote_ident, quote_text
from core.errors import ConfigError, InputError, JobCancelled
from core.jobs import Monitor

POLL_SECONDS = 0.05
BYTES_PER_SECOND = 40e6  # for the progress estimate of a read (2 cores, CSV)
SCREEN_BITS = 16  # bits of the suppression screen per suppressed frequency row
_LINE = re.compile(
    r"CSV Error on Line: (\d+).*?Expected Number of Columns: (\d+) Found: (\d+)", re.S
)
_ORIGINAL = re.compile(r"Original Line: (.*?)\n\s*Expected Number of Columns", re.S)


def cache_folder() -> Path:
    """Where DuckDB spills: the user's cache folder (Windows, macOS or XDG), Veil's part."""
    if sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Caches"
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return root / "veil" / "duckdb"


def default_memory_limit() -> str:
    """Half of the machine's memory (at least 1 GB), as DuckDB wants it."""
    from core.engine.choose import total_memory

    return f"{max(total_memory() // 2, 1 << 30) >> 20}MB"


class DuckDBEngine:
    """Frequency table and release by DuckDB SQL; the table never enters Python."""

    name = "duckdb"

    def __init__(
        self,
        *,
        memory_limit: str | None = None,
        temp_directory: str | os.PathLike[str] | None = None,
        threads: int | None = None,
    ) -> None:
        self.memory_limit = memory_limit or default_memory_limit()
        self.temp_directory = Path(temp_directory) if temp_directory else cache_folder()
        self.threads = threads

    def connect(self):
        """A fresh in-memory database with the limits set."""
        try:
            import duckdb
        except ImportError:  # pragma: no cover - duckdb is a dependency of the large-table mode
            raise ConfigError(
                "DuckDB is not installed.",
                hint="Reinstall Veil (pip install veil): it brings DuckDB.",
            ) from None
        self.temp_directory.mkdir(parents=True, exist_ok=True)
        config = {"memory_limit": self.memory_limit, "temp_directory": str(self.temp_directory)}
        if self.threads:
            config["threads"] = int(self.threads)
        return duckdb.connect(":memory:", config=config)

    def scan(self, source: Source) -> str:
        """The table function reading ``source`` (every CSV cell as text, Veil's markers of a
        missing value as NULL). A record with more or fewer fields than the header stops the
        read with its line (``null_padding=false``: DuckDB's strict reader counts the fields of
        every record as it parses them, so the check costs no second pass)."""
        path = quote_text(source.path)
        if source.format == "parquet":
            return f"read_parquet({path})"
        columns = ", ".join(f"{quote_text(c)}: 'VARCHAR'" for c in source.columns)
        markers = ", ".join(quote_text(m) for m in _markers())
        encoding = "utf-8" if source.encoding.startswith("utf-8") else source.encoding
        if encoding not in ("utf-8", "utf-16", "latin-1"):
            encoding = "latin-1"
        return (
            f"read_csv({path}, delim={quote_text(source.delimiter)}, header=true, "
            f"auto_detect=false, columns={{{columns}}}, quote='\"', escape='\"', "
            f"null_padding=false, nullstr=[{markers}], encoding={quote_text(encoding)})"
        )

    def columns(self, source: Source) -> list[str]:
        if source.columns:
            return list(source.columns)
        with contextlib.closing(self.connect()) as con:
            return [
                r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {self.scan(source)}").fetchall()
            ]

    def head(self, source: Source, rows: int) -> pd.DataFrame:
        """The first ``rows`` records, as text (for role suggestions and previews)."""
        query = f"SELECT * FROM {self.scan(source)} LIMIT {int(rows)}"
        return self.query_frame(source, query, None, "")

    def query_frame(
        self, source: Source, query: str, monitor: Monitor | None, message: str
    ) -> pd.DataFrame:
        """``query`` over ``source`` as a frame, on a connection of its own; Cancel interrupts
        it and a bad file is an InputError naming it."""
        with contextlib.closing(self.connect()) as con:
            return self._run(con, query, source, monitor, message).df()

    def frequencies(
        self, source: Source, qis: list[str], sensitive: str | None, monitor: Monitor
    ) -> Frequencies:
        """One GROUP BY over the file: the distinct (QI, sensitive) texts and their counts."""
        columns = [*qis, *([sensitive] if sensitive else [])]
        cells = ", ".join(f"CAST({quote_ident(c)} AS VARCHAR) AS {quote_ident(c)}" for c in columns)
        names = ", ".join(quote_ident(c) for c in columns)
        query = (
            f"SELECT {names}, count(*) AS {COUNT} FROM (SELECT {cells} FROM {self.scan(source)}) "
            f"GROUP BY ALL"
        )
        with contextlib.closing(self.connect()) as con:
            raw = self._run(con, query, source, monitor, f"Reading {source.name}").df()
        return from_text(raw, qis, sensitive, monitor.sub(1.0, 1.0))

    def write_release(
        self, source: Source, plan: Plan, keep: list[str], out: str, monitor: Monitor
    ) -> int:
        """Write ``keep`` (QIs generalized, suppressed classes left out, text formula-safe) to
        ``out`` (.csv, .tsv or .parquet) atomically; the number of records written."""
        from core.export import atomic_path

        fmt = _output_format(out)
        maps = {m.column: m for m in qi_maps(plan)}
        with contextlib.closing(self.connect()) as con:
            types = self._types(con, source)
            enums = {c: self._enum(con, i, m.texts) for i, (c, m) in enumerate(maps.items())}
            selects = []
            for column in keep:
                ident = quote_ident(column)
                if column in maps and maps[column].labels is not None:
                    expr = label_expr(ident, enums[column], maps[column].labels)
                elif types[column] == "VARCHAR":
                    expr = guarded(ident, "regexp_matches")
                elif types[column] == "BLOB":
                    expr = self._blob_text(con, source, ident)
                else:
                    expr = ident
                selects.append(f"{expr} AS {quote_ident(_guard_name(column))}")
            where = self._where(con, plan, list(maps.values()), enums)
            query = f"SELECT {', '.join(selects)} FROM {self.scan(source)} {where}"
            with atomic_path(out) as tmp:
                copy = f"COPY ({query}) TO {quote_text(str(tmp))} ({fmt})"
                written = self._run(con, copy, source, monitor, f"Writing {Path(out).name}")
                rows = int(written.fetchone()[0])
        return rows

    def _blob_text(self, con, source: Source, ident: str) -> str:
        """A binary column as the in-memory path shows it (``core.io.convert``): UTF-8 text
        when every cell decodes, else every cell in hexadecimal (0x…), no byte lost."""
        undecodable = (
            f"SELECT count(*) FROM {self.scan(source)} "
            f"WHERE {ident} IS NOT NULL AND try(decode({ident})) IS NULL"
        )
        if con.execute(undecodable).fetchone()[0] == 0:
            return guarded(f"decode({ident})", "regexp_matches")
        return f"'0x' || lower(hex({ident}))"

    def _types(self, con, source: Source) -> dict[str, str]:
        rows = con.execute(f"DESCRIBE SELECT * FROM {self.scan(source)}").fetchall()
        return {r[0]: str(r[1]) for r in rows}

    def _where(self, con, plan: Plan, maps, enums) -> str:
        """The WHERE clause leaving out the suppressed classes: each record's class key is
        cast to an ENUM of every class present, the suppressed ones first, so a record is
        kept when its position is past them (a cast that always succeeds; a failing
        TRY_CAST is slow, and indexing a list of a flag per class copies the list per chunk)."""
        if not plan.suppressed.any():
            return ""
        keys, gone = class_keys(plan, maps)
        flags = np.asarray(gone, dtype=bool)
        ordered = [*np.asarray(keys)[flags].tolist(), *np.asarray(keys)[~flags].tolist()]
        name = self._enum(con, len(maps), [str(k) for k in ordered])
        key = f"CAST(CAST({class_key(maps, enums)} AS VARCHAR) AS {name})"
        exact = f"enum_code({key}) >= {int(flags.sum())}"
        return f"WHERE CASE WHEN {self._screen(con, plan)} THEN {exact} ELSE true END"

    @staticmethod
    def _screen(con, plan: Plan) -> str:
        """A cheap test true for every record of a suppressed class and for few others, so
        the exact class lookup runs on those only: the hash of a record's QI texts lands on
        a bit set by a suppressed frequency row (same texts, same hash; a record whose bit
        is clear cannot be in a suppressed class, so the result stays exact)."""
        qis = list(plan.freq.qis)
        gone = plan.freq.text.loc[plan.suppressed, qis].reset_index(drop=True)
        size = int(min(max(SCREEN_BITS * len(gone), 1024), 1 << 30)) | 1
        con.register("veil_gone", gone)
        texts = ", ".join(f"CAST({quote_ident(c)} AS VARCHAR)" for c in qis)
        spot = f"CAST(hash({texts}) % {size} AS INTEGER)"
        con.execute(
            f"SET VARIABLE veil_screen = (SELECT bitstring_agg({spot}, 0, {size - 1}) "
            "FROM veil_gone)"
        )
        con.unregister("veil_gone")
        return f"get_bit(getvariable('veil_screen'), {spot}) = 1"

    @staticmethod
    def _enum(con, i: int, texts: list[str]) -> str:
        """An ENUM type of ``texts``; a value's position in it indexes the label lists."""
        name = f"veil_qi_{i}"
        if not texts:
            return ""
        values = ", ".join(quote_text(t) for t in texts)
        con.execute(f"CREATE TYPE {name} AS ENUM ({values})")
        return name

    def _run(self, con, query: str, source: Source, monitor: Monitor | None, message: str):
        import duckdb

        try:
            with _watch(con, monitor, message, _size(source)):
                return con.execute(query)
        except duckdb.InterruptException:
            raise JobCancelled() from None
        except duckdb.InvalidInputException as exc:
            raise input_error(exc, source) from None
        except duckdb.IOException as exc:
            raise InputError(
                f"{source.name} could not be read: {str(exc).splitlines()[0]}", path=source.path
            ) from None


def _size(source: Source) -> int:
    try:
        return os.path.getsize(source.path)
    except OSError:
        return 0


def _markers() -> tuple[str, ...]:
    from core.io.delimited import MISSING_MARKERS

    return MISSING_MARKERS


def _guard_name(name: str) -> str:
    from core.io.formulas import neutralize

    return str(neutralize(name))


def _output_format(out: str) -> str:
    suffix = Path(out).suffix.lower()
    if suffix == ".csv":
        return "FORMAT csv, HEADER true, DELIMITER ','"
    if suffix == ".tsv":
        return "FORMAT csv, HEADER true, DELIMITER '\t'"
    if suffix == ".parquet":
        return "FORMAT parquet"
    raise ConfigError(
        f"A large table cannot be written as {suffix or 'a file without extension'}.",
        hint="Name the output .csv, .tsv or .parquet.",
    )


def input_error(exc: Exception, source: Source) -> InputError:
    """DuckDB's reading errors in Veil's words: a ragged row names its line."""
    found = _LINE.search(str(exc))
    if found is None:
        first = str(exc).splitlines()[0]
        return InputError(
            f"{source.name} could not be read as a table: {first}",
            path=source.path,
            hint="Check that it is a CSV/TSV file with one record per line.",
        )
    line, expected, saw = (int(g) for g in found.groups())
    original = _ORIGINAL.search(str(exc))
    if saw > expected and original is not None:  # DuckDB stops counting one field past
        saw = max(saw, fields_of(original.group(1).strip("\r\n"), source.delimiter))
    return ragged_error(source, line, saw, expected)


@contextlib.contextmanager
def _watch(con, monitor: Monitor | None, message: str, size: int = 0) -> Iterator[None]:
    """While a query runs: interrupt it when the monitor is cancelled, and report progress
    estimated from the input's size (``query_progress()`` from a second thread can deadlock
    the Python binding, so the query is not asked)."""
    if monitor is None:
        yield
        return
    monitor.check_cancelled()
    done = threading.Event()
    expected = max(size / BYTES_PER_SECOND, 1.0)
    start = time.monotonic()

    def poll() -> None:
        while not done.wait(POLL_SECONDS):
            if monitor.cancelled:
                con.interrupt()  # repeated: a query may start just after the first one
                continue
            elapsed = time.monotonic() - start
            with contextlib.suppress(JobCancelled):
                monitor.progress(1.0 - math.exp(-elapsed / expected), message)

    thread = threading.Thread(target=poll, name="veil-duckdb-watch", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
    monitor.progress(1.0, message)
