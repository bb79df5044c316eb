"""The Spark engine: the same three steps as Spark SQL, for files in HDFS or object storage,
run on a cluster (``--spark-master URL`` or inside ``spark-submit``) or locally."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from core.engine.frequency import COUNT, Frequencies, from_text
from core.engine.plan import Plan
from core.engine.ragged import fields_of, first_ragged_line, ragged_error
from core.engine.release import QiMap, qi_maps, suppressed_keys
from core.engine.source import Source, is_remote
from core.errors import ConfigError, InputError
from core.jobs import Monitor

MISSING_TEXT = "\u0000veil-missing"  # stands for a missing cell in the lookup joins
SHUFFLE_PARTITIONS = 8
BAD = "__veil_corrupt_record"  # a record whose number of fields is not the header's


class SparkEngine:
    """Frequency table by a Spark GROUP BY; release by broadcast lookups, written by Spark."""

    name = "spark"

    def __init__(self, master: str | None = None, session=None) -> None:
        self.master = master
        self._session = session

    def session(self):
        """The active Spark session (``spark-submit``'s), else one on ``master`` (else local)."""
        if self._session is not None:
            return self._session
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise ConfigError(
                "Spark is not installed.", hint="Install it: pip install 'veil[spark]'."
            ) from None
        builder = SparkSession.builder.appName("veil protect")
        if self.master:
            builder = builder.master(self.master)
        builder = builder.config("spark.sql.shuffle.partitions", str(SHUFFLE_PARTITIONS))
        self._session = builder.getOrCreate()
        return self._session

    def read(self, source: Source, *, check: bool = False):
        """``source`` as a Spark DataFrame: CSV cells as text, Veil's missing markers null.

        ``check``: a record whose number of fields is not the header's is kept, its text in
        column ``BAD`` (else reading it fails)."""
        from pyspark.sql import functions as F
        from pyspark.sql.types import StringType, StructField, StructType

        from core.io.delimited import MISSING_MARKERS

        reader = self.session().read
        if source.format == "parquet":
            return reader.parquet(source.path)
        options = {"header": True, "sep": source.delimiter, "quote": '"', "escape": '"'}
        options["encoding"] = "UTF-8" if source.encoding.startswith("utf-8") else source.encoding
        columns = list(source.columns) or reader.options(**options).csv(source.path).columns
        fields = [StructField(c, StringType()) for c in columns]
        if check:
            options.update(mode="PERMISSIVE", columnNameOfCorruptRecord=BAD)
            fields.append(StructField(BAD, StringType()))
        else:
            options["mode"] = "FAILFAST"
        frame = reader.options(**options).schema(StructType(fields)).csv(source.path)
        markers = list(MISSING_MARKERS)
        cells = [
            F.when(F.col(quote(c)).isin(markers), None).otherwise(F.col(quote(c))).alias(c)
            for c in columns
        ]
        return frame.select(*cells, *([F.col(BAD)] if check else []))

    def columns(self, source: Source) -> list[str]:
        return list(source.columns) or list(self.read(source).columns)

    def head(self, source: Source, rows: int) -> pd.DataFrame:
        frame = self.read(source, check=source.format != "parquet")
        with _every_field_parsed(self.session()):
            records = [r.asDict() for r in _collect(frame.limit(int(rows)), source)]
        if any(r.get(BAD) is not None for r in records):
            raise self._ragged(source, frame)
        columns = [c for c in frame.columns if c != BAD]
        return pd.DataFrame.from_records(records, columns=columns)

    @contextlib.contextmanager
    def view(self, source: Source) -> Iterator[str]:
        """``source`` as a temporary view for Spark SQL, by the name this yields."""
        import uuid

        name = f"veil_{uuid.uuid4().hex}"
        self.read(source).createOrReplaceTempView(name)
        try:
            yield name
        finally:
            self.session().catalog.dropTempView(name)

    def rows(self, query: str, source: Source, monitor: Monitor, message: str) -> list[tuple]:
        """The rows of a Spark SQL ``query`` (over views of ``source``); reading errors name it."""
        monitor.progress(0.0, message)
        found = [tuple(r) for r in _collect(self.session().sql(query), source)]
        monitor.progress(1.0, message)
        return found

    def frequencies(
        self, source: Source, qis: list[str], sensitive: str | None, monitor: Monitor
    ) -> Frequencies:
        """One Spark GROUP BY: the distinct (QI, sensitive) texts and their counts; a record
        with too many or too few fields stops the run, named by its line."""
        from pyspark.sql import functions as F

        monitor.progress(0.0, f"Reading {source.name} on Spark")
        columns = [*qis, *([sensitive] if sensitive else [])]
        check = source.format != "parquet"
        frame = self.read(source, check=check)
        cells = [F.col(quote(c)).cast("string").alias(c) for c in columns]
        flag = [F.col(BAD).isNotNull().alias(BAD)] if check else []
        keys = [*(quote(c) for c in columns), *([BAD] if check else [])]
        grouped = frame.select(*cells, *flag).groupBy(*keys).count()
        with _every_field_parsed(self.session()):
            rows = _collect(grouped, source)
        raw = pd.DataFrame.from_records(rows, columns=[*columns, *([BAD] if check else []), COUNT])
        if check and raw[BAD].astype(bool).any():
            raise self._ragged(source, frame)
        monitor.progress(1.0, f"Read {source.name}")
        raw = raw.drop(columns=[BAD], errors="ignore")
        return from_text(raw, qis, sensitive, monitor.sub(1.0, 1.0))

    def _ragged(self, source: Source, frame) -> InputError:
        """The error naming the first record whose fields do not match the header: found by a
        scan of a local file, else by Spark (the first corrupt record's line in the file)."""
        from pyspark.sql import functions as F

        width = len(frame.columns) - 1
        if not is_remote(source.path):
            found = first_ragged_line(source, width)
            if found is not None:
                return ragged_error(source, found[0], found[1], width)
        other = next(c for c in frame.columns if c != BAD)
        bad = frame.where(F.col(BAD).isNotNull()).select(BAD, quote(other)).first()
        text = bad[0].rstrip("\r\n")
        line = line_of(self.session(), source.path, text)
        if line is None:
            return _input_error(Exception("Malformed record"), source)
        return ragged_error(source, line, fields_of(text, source.delimiter), width)

    def write_release(
        self, source: Source, plan: Plan, keep: list[str], out: str, monitor: Monitor
    ) -> int:
        """Write ``keep`` to ``out``: one CSV/TSV/Parquet file written atomically (locally),
        else the folder of part files Spark writes (HDFS, object storage)."""
        from pyspark.sql import functions as F

        spark = self.session()
        frame = self.read(source)
        maps = qi_maps(plan)
        keys = suppressed_keys(plan, maps)
        frame, key = _with_lookups(spark, frame, maps, need_key=bool(keys))
        if keys:
            gone = spark.createDataFrame([(k,) for k in keys], ["__veil_key"])
            frame = frame.join(F.broadcast(gone), on=key == gone["__veil_key"], how="left_anti")
        types = dict(frame.dtypes)
        selects = []
        for column in keep:
            generalized = next((m for m in maps if m.column == column and m.labels), None)
            value = F.col(f"__veil_label_{maps.index(generalized)}") if generalized else None
            if value is None:
                value = F.col(quote(column))
                if types.get(column) == "string":
                    value = _guarded(value)
            selects.append(value.alias(_guard_name(column)))
        released = frame.select(*selects)
        monitor.progress(0.1, f"Writing {Path(out).name} on Spark")
        _write(released, out, source)
        rows = plan.result.rows_out
        monitor.progress(1.0, f"Wrote {Path(out).name}")
        return rows


def line_of(spark, path: str, text: str) -> int | None:
    """The 1-based number of the first line of the text file at ``path`` that is ``text``
    (lines numbered by Spark, for files in HDFS or object storage)."""
    lines = spark.sparkContext.textFile(path).zipWithIndex()
    found = lines.filter(lambda pair: pair[0].rstrip("\r") == text).map(lambda p: p[1]).take(1)
    return int(found[0]) + 1 if found else None


@contextlib.contextmanager
def _every_field_parsed(spark) -> Iterator[None]:
    """Spark's CSV reader without column pruning: a pruned read does not see that a record
    has too many or too few fields."""
    key = "spark.sql.csv.parser.columnPruning.enabled"
    before = spark.conf.get(key, "true")
    spark.conf.set(key, "false")
    try:
        yield
    finally:
        spark.conf.set(key, before)


def quote(name: str) -> str:
    """A column name as Spark's col() and Spark SQL want it (dots and backticks escaped)."""
    return "`" + str(name).replace("`", "``") + "`"


def _collect(frame, source: Source) -> list:
    try:
        return frame.collect()
    except Exception as exc:  # Spark wraps reading errors in Py4J/Spark exceptions
        raise _input_error(exc, source) from None


def _input_error(exc: Exception, source: Source) -> InputError:
    text = str(exc)
    if "Malformed" in text or "malformed" in text:
        return InputError(
            f"{source.name} has a row whose fields do not match the header.",
            path=source.path,
            hint="A value probably contains the delimiter without quotes; quote it or fix "
            "the row (--engine duckdb names the line).",
        )
    first = next((line for line in text.splitlines() if line.strip()), text)
    return InputError(f"{source.name} could not be read on Spark: {first[:300]}", path=source.path)


def _with_lookups(spark, frame, maps: list[QiMap], *, need_key: bool):
    """``frame`` joined (broadcast, order kept) to each QI's label and class code."""
    from pyspark.sql import functions as F

    key = F.lit(0).cast("long")
    for i, m in enumerate(maps):
        if m.labels is None and not need_key:
            continue
        texts = [*m.texts, MISSING_TEXT]
        labels = m.labels or [None] * len(texts)
        rows = list(zip(texts, labels, m.codes, strict=True))
        schema = f"`__veil_text_{i}` string, `__veil_label_{i}` string, `__veil_code_{i}` long"
        lookup = spark.createDataFrame(rows, schema)
        cell = F.coalesce(F.col(quote(m.column)).cast("string"), F.lit(MISSING_TEXT))
        frame = frame.join(F.broadcast(lookup), on=cell == lookup[f"__veil_text_{i}"], how="left")
        key = key * F.lit(m.radix) + F.col(f"__veil_code_{i}")
    return frame, key


def _guarded(value):
    from pyspark.sql import functions as F

    from core.io.formulas import RISKY, SAFE_NUMBER

    risky = value.rlike(RISKY) & ~value.rlike(SAFE_NUMBER)
    return F.when(risky, F.concat(F.lit("'"), value)).otherwise(value)


def _guard_name(name: str) -> str:
    from core.io.formulas import neutralize

    return str(neutralize(name))


def _write(released, out: str, source: Source) -> None:
    suffix = Path(out).suffix.lower()
    if suffix not in (".csv", ".tsv", ".parquet"):
        raise ConfigError(
            f"A large table cannot be written as {suffix or 'a file without extension'}.",
            hint="Name the output .csv, .tsv or .parquet.",
        )
    if is_remote(out):
        _save(released, out, suffix, source)
        return
    from core.export import atomic_path

    staging = tempfile.mkdtemp(prefix=".veil-spark-", dir=Path(out).resolve().parent)
    try:
        _save(released.coalesce(1), os.path.join(staging, "out"), suffix, source)
        part = next(p for p in Path(staging, "out").iterdir() if p.name.startswith("part-"))
        with atomic_path(out) as tmp:
            shutil.move(str(part), tmp)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _save(frame, path: str, suffix: str, source: Source) -> None:
    writer = frame.write.mode("overwrite")
    sep = "\t" if suffix == ".tsv" else ","
    try:
        if suffix == ".parquet":
            writer.parquet(path)
        else:
            writer.options(header=True, sep=sep, quote='"', escape='"', emptyValue="").csv(path)
    except Exception as exc:
        raise _input_error(exc, source) from None
