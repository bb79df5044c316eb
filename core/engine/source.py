"""Where a large table is read from: its format, delimiter, encoding and column names, found
without loading it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.errors import ConfigError

TEXT_FORMATS = {".csv": ",", ".tsv": "\t", ".txt": ","}
FORMATS = (*TEXT_FORMATS, ".parquet")


@dataclass(frozen=True)
class Source:
    """A table file as an engine reads it (``columns`` empty: the engine reads them)."""

    path: str
    format: str  # "csv" or "parquet"
    delimiter: str = ","
    encoding: str = "utf-8"
    columns: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return Path(self.path).name or self.path


def is_remote(path: str) -> bool:
    """True for object-storage and HDFS locations (s3://, hdfs://, abfss://, gs://)."""
    return "://" in path and not path.startswith("file://")


def describe(path: str, *, rename_duplicates: bool = False) -> Source:
    """Format, delimiter, encoding and header of the table at ``path`` (a local text file is
    sniffed by Veil's own reader; a remote one is taken as comma-separated UTF-8)."""
    suffix = Path(path.rstrip("/")).suffix.lower()
    if suffix not in FORMATS:
        raise ConfigError(
            f"{Path(path).name}: large tables must be CSV, TSV or Parquet files.",
            hint="Save the table as .csv or .parquet, or use --engine pandas.",
        )
    if suffix == ".parquet":
        return Source(path, "parquet")
    if is_remote(path):
        return Source(path, "csv", TEXT_FORMATS[suffix])
    from core.io.header import check_header
    from core.io.loader import check_readable
    from core.io.sniff import sniff

    file = Path(path)
    check_readable(file)
    dialect = sniff(file, TEXT_FORMATS[suffix])
    names, _ = check_header(list(dialect.header), file, rename_duplicates=rename_duplicates)
    return Source(path, "csv", dialect.delimiter, dialect.encoding, tuple(names))
