"""Guessing how a delimited text file is written: encoding, delimiter, header, binary content."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputError

SAMPLE_BYTES = 1 << 16
MAX_SAMPLE_BYTES = 1 << 26  # a header row longer than this is refused
MIN_LINES = 4  # the header and a few records, for the delimiter vote
SAMPLE_RECORDS = 200
DELIMITERS = (",", ";", "\t", "|")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
MAGIC = {
    b"PK\x03\x04": "a zip archive or an Excel .xlsx workbook",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls (or other Office) file",
    b"PAR1": "a Parquet file",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip-compressed file",
    b"SQLite format 3": "an SQLite database",
}
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252 (cp1252)",
    "latin-1": "Latin-1 (ISO-8859-1)",
}


@dataclass(frozen=True)
class Dialect:
    """What the first bytes of a delimited file say about it."""

    encoding: str
    delimiter: str
    header: tuple[str, ...]
    field_counts: tuple[int, ...]  # fields per sampled data record


def read_sample(path: Path) -> tuple[bytes, bool]:
    """The first bytes of the file, enough to hold its header row and a few records however
    wide they are (up to MAX_SAMPLE_BYTES), and whether that is the whole file."""
    with open(path, "rb") as f:
        sample = f.read(SAMPLE_BYTES)
        while len(sample) < MAX_SAMPLE_BYTES and sample.count(b"\n") < MIN_LINES:
            more = f.read(len(sample))
            if not more:
                return sample, True
            sample += more
        return sample, not f.read(1)


def guess_encoding(sample: bytes, path: Path) -> str:
    """The encoding to try first; refuses binary content with a message saying what it is."""
    for bom, name in BOMS:
        if sample.startswith(bom):
            return name
    if b"\x00" in sample:
        utf16 = _utf16_without_bom(sample)
        if utf16 is None:
            raise _binary_error(sample, path)
        return utf16
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return fallback_encoding(sample)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text has NUL in (nearly) every other byte when it is mostly ASCII."""
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4 and odd.count(0) >= 0.9 * len(odd) and 0 not in even:
        return "utf-16-le"
    if len(sample) >= 4 and even.count(0) >= 0.9 * len(even) and 0 not in odd:
        return "utf-16-be"
    return None


def fallback_encoding(data: bytes) -> str:
    """cp1252 when every byte is defined there, otherwise Latin-1 (which accepts any byte)."""
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _binary_error(sample: bytes, path: Path) -> InputError:
    kind = next((k for magic, k in MAGIC.items() if sample.startswith(magic)), None)
    what = f"it looks like {kind}" if kind else "it contains binary data"
    return InputError(
        f"{path.name} is not a text table: {what}.",
        path=str(path),
        hint="Open it in the program that made it and save it as CSV, or pick the right file.",
    )


def sniff(path: Path, default_delimiter: str = ",") -> Dialect:
    """Encoding, delimiter and header of the file at ``path``, from its first bytes."""
    sample, complete = read_sample(path)
    encoding = guess_encoding(sample, path)
    text = _decode(sample, encoding)
    truncated = not complete
    if truncated and b"\n" not in sample:
        raise InputError(
            f"The first row of {path.name} is longer than {MAX_SAMPLE_BYTES >> 20} MB: it is "
            "not a table Veil can read.",
            path=str(path),
            row=0,
            hint="Check that the file is a CSV/TSV table with one record per line.",
        )
    best = None
    for delimiter in DELIMITERS:
        records = _records(text, delimiter, truncated)
        if records and len(records[0]) > 1:
            score = _consistency(records), len(records[0]), delimiter == default_delimiter
            if best is None or score > best[0]:
                best = score, delimiter, records
    if best is None:
        records = _records(text, default_delimiter, truncated)
        best = None, default_delimiter, records
    _, delimiter, records = best
    header = tuple(records[0]) if records else ()
    return Dialect(encoding, delimiter, header, tuple(len(r) for r in records[1:]))


def _decode(sample: bytes, encoding: str) -> str:
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False)


def _records(text: str, delimiter: str, truncated: bool) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True)
    try:
        records = [r for _, r in zip(range(SAMPLE_RECORDS + 1), reader, strict=False) if r]
    except csv.Error:
        return []
    if truncated and len(records) > 1:
        records = records[:-1]  # the last record may be cut in the middle
    return records


def _consistency(records: list[list[str]]) -> float:
    """Share of sampled records with as many fields as the header."""
    width = len(records[0])
    return sum(len(r) == width for r in records) / len(records)
