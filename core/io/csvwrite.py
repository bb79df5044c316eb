"""A columnar CSV/TSV writer: byte-for-byte what ``DataFrame.to_csv`` writes, without a Python
call per row.

Each column is factorized once; its distinct values are rendered by pandas itself (so numbers,
dates and missing values read as before) and quoted as the ``csv`` module would (a value
holding the separator, a quote, CR or LF is put in quotes, quotes doubled). Rows are then
assembled with numpy: every value's bytes are gathered into a padded byte matrix and the
padding dropped in one pass; with pyarrow, each column's values are gathered into an Arrow
binary array instead and the columns joined row by row in C++ (no padding to drop). Tables
this layout does not suit (one column, names that are not text, very wide text, mixed-type
columns) go through ``to_csv``.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

ROW_END = b"\r\n"
MAX_ROW_BYTES = 8192  # wider padded rows (long free text) go through to_csv
CHUNK_BYTES = 16 << 20  # padded bytes assembled at a time


class _Column:
    """One column as codes into a padded matrix of its rendered, quoted values (the last
    matrix row is the empty value, for missing cells)."""

    def __init__(self, codes: np.ndarray, matrix: np.ndarray, lengths: np.ndarray) -> None:
        self.codes, self.matrix, self.lengths = codes, matrix, lengths

    @property
    def width(self) -> int:
        return int(self.matrix.shape[1])


def to_csv_bytes_like_pandas(frame: pd.DataFrame, out: BinaryIO, sep: str) -> None:
    """Write ``frame`` (header, no index, UTF-8, CRLF rows) to ``out``."""
    plain = frame.shape[1] > 1 and all(isinstance(name, str) for name in frame.columns)
    columns = _columns(frame, sep, has_pyarrow()) if plain else None
    if columns is None or sum(c.width for c in columns) + len(columns) + 2 > MAX_ROW_BYTES:
        frame.to_csv(out, index=False, sep=sep, encoding="utf-8", lineterminator="\r\n")
        return
    out.write(_header(frame, sep))
    if has_pyarrow():
        from core.io.csvjoin import TextColumn, write_plain_arrow, write_rows_arrow

        plain = all(isinstance(c, TextColumn) for c in columns)
        write = write_plain_arrow if plain else write_rows_arrow
        write(columns, len(frame), sep.encode("utf-8"), out)
    else:
        _write_rows(columns, len(frame), sep.encode("utf-8"), out)


def has_pyarrow() -> bool:
    """Whether pyarrow can be imported (the desktop bundle may leave it out)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _header(frame: pd.DataFrame, sep: str) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=sep, lineterminator="\r\n")
    writer.writerow(list(frame.columns))
    return text.getvalue().encode("utf-8")


def _columns(frame: pd.DataFrame, sep: str, arrow: bool = False) -> list | None:
    """Each column ready to assemble (Arrow text that needs no quoting kept as it is, when
    the rows are joined by pyarrow), or None when the layout does not suit the table."""
    from core.io.csvjoin import plain_text

    out = []
    for i in range(frame.shape[1]):
        column = (plain_text(frame.iloc[:, i], sep) if arrow else None) or _column(
            frame.iloc[:, i], sep
        )
        if column is None:
            return None
        out.append(column)
    return out


def _column(series: pd.Series, sep: str) -> _Column | None:
    import pandas as pd

    dtype = series.dtype
    if dtype == np.float64:
        return _float_column(series)
    if pd.api.types.is_float_dtype(dtype) or pd.api.types.is_complex_dtype(dtype):
        return None  # -0.0 and 0.0 would be one value to factorize
    if pd.api.types.is_object_dtype(dtype) and pd.api.types.infer_dtype(
        series, skipna=True
    ) not in ("string", "empty"):
        return None  # 1, 1.0 and True would be one value to factorize: keep pandas' way
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts = _rendered(pd.Series(uniques))
    if texts is None:
        return None
    encoded = [_quoted(t, sep).encode("utf-8") for t in texts]
    matrix, lengths = _padded([*encoded, b""])
    codes = np.where(codes < 0, len(encoded), codes)
    return _Column(codes, matrix, lengths)


def _float_column(series: pd.Series) -> _Column:
    """Floats are rendered one by one, as pandas does (``astype(str)``; NaN empty)."""
    values = series.to_numpy()
    missing = np.isnan(values)
    text = values.astype(str)  # ASCII: digits, '.', 'e', '+', '-', 'inf'
    width = max(text.dtype.itemsize // 4, 1)
    matrix = text.view(np.uint32).reshape(len(text), width).astype(np.uint8)
    lengths = np.char.str_len(text).astype(np.int64)
    lengths[missing] = 0
    matrix = np.vstack([matrix, np.zeros((1, width), np.uint8)])
    lengths = np.append(lengths, 0)
    return _Column(np.arange(len(values)), matrix, lengths)


def _rendered(uniques: pd.Series) -> list[str] | None:
    """How ``to_csv`` spells each value (read back from a two-column CSV of them)."""
    import pandas as pd

    if not len(uniques):
        return []
    two = pd.DataFrame({"v": uniques.reset_index(drop=True), "m": 0})
    text = two.to_csv(index=False, header=False, lineterminator="\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if len(rows) != len(uniques) or any(len(r) != 2 for r in rows):
        return None
    return [r[0] for r in rows]


def _quoted(text: str, sep: str) -> str:
    """The ``csv`` module's minimal quoting for CRLF rows."""
    if sep in text or '"' in text or "\r" in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _padded(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """A (values × longest) byte matrix, zero-padded, and each value's length."""
    lengths = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values))
    width = max(int(lengths.max(initial=0)), 1)
    flat = np.frombuffer(b"".join(values), dtype=np.uint8)
    matrix = np.zeros((len(values), width), dtype=np.uint8)
    rows = np.repeat(np.arange(len(values)), lengths)
    starts = np.cumsum(lengths) - lengths
    cols = np.arange(flat.size) - np.repeat(starts, lengths)
    matrix[rows, cols] = flat
    return matrix, lengths


def _write_rows(columns: list[_Column], n: int, sep: bytes, out: BinaryIO) -> None:
    """Rows in chunks: padded values, separators and row ends, then the padding dropped."""
    pieces: list[tuple[_Column | None, bytes | None, int]] = []
    offset = 0
    for i, column in enumerate(columns):
        pieces.append((column, None, offset))
        offset += column.width
        tail = sep if i < len(columns) - 1 else ROW_END
        pieces.append((None, tail, offset))
        offset += len(tail)
    width = offset
    step = max(CHUNK_BYTES // width, 1)
    for start in range(0, n, step):
        stop = min(start + step, n)
        block = np.empty((stop - start, width), dtype=np.uint8)
        keep = np.ones((stop - start, width), dtype=bool)
        for column, fixed, at in pieces:
            if column is None:
                block[:, at : at + len(fixed)] = np.frombuffer(fixed, dtype=np.uint8)
                continue
            codes = column.codes[start:stop]
            block[:, at : at + column.width] = column.matrix[codes]
            keep[:, at : at + column.width] = (
                np.arange(column.width) < column.lengths[codes][:, None]
            )
        out.write(block[keep].tobytes())
