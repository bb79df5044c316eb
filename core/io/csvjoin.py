"""Row assembly for the columnar CSV writer with pyarrow: each column's cells gathered into
an Arrow array, the columns joined row by row in C++, the joined bytes written as they lie.

Arrow text that holds no separator, quote, CR or LF is written as it is (pandas writes such
``str`` values unchanged and missing ones empty): no factorizing, no gathering.
"""

from __future__ import annotations

import os
from collections import deque
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

import core.io.csvwrite as csvwrite

if TYPE_CHECKING:
    import pandas as pd


WINDOW = 1 << 20  # bytes searched at a time for characters that need quotes


class TextColumn:
    """An Arrow-backed text column written as it is (missing cells empty); ``width`` is its
    mean length in bytes (rows are joined by pyarrow: no padding to the longest)."""

    def __init__(self, values, width: int) -> None:
        self.values, self.width = values, width


def plain_text(series: pd.Series, sep: str) -> TextColumn | None:
    """The column as a TextColumn when it is Arrow text that no value needs quoting in."""
    if type(series.array).__name__ != "ArrowStringArray":
        return None
    import pyarrow as pa

    values = series.array.__arrow_array__()
    if not pa.types.is_large_string(values.type):
        values = values.cast(pa.large_string())
    special = (sep.encode("utf-8"), b'"', b"\r", b"\n")  # single bytes: windows can split
    for chunk in values.chunks:
        view = _value_view(chunk)
        for start in range(0, len(view), WINDOW):
            data = view[start : start + WINDOW].tobytes()  # a small copy, memory reused
            if any(s in data for s in special):
                return None
    total = sum(len(_value_view(chunk)) for chunk in values.chunks)
    return TextColumn(values, -(-total // max(len(values), 1)))


def _value_view(chunk) -> memoryview:
    """The bytes of every value of a large_string array, end to end, without a copy."""
    _, offsets, data = chunk.buffers()
    if data is None or not len(chunk):
        return memoryview(b"")
    ends = np.frombuffer(offsets, np.int64)[chunk.offset : chunk.offset + len(chunk) + 1]
    return memoryview(data)[int(ends[0]) : int(ends[-1])]


def write_rows_arrow(columns: list, n: int, sep: bytes, out: BinaryIO) -> None:
    """Rows in chunks: cells gathered by code or sliced, joined with the separator (missing
    cells empty; the last column's cells carry the row end), written as joined. pyarrow
    releases the GIL while joining: a few chunks are joined at once, written in order."""
    from concurrent.futures import ThreadPoolExecutor

    end = csvwrite.ROW_END
    last = len(columns) - 1
    values = [None if isinstance(c, TextColumn) else _dictionary(c, end if i == last else b"")
              for i, c in enumerate(columns)]  # fmt: skip
    width = sum(c.width for c in columns) + len(sep) * len(columns) + len(end)
    step = max(csvwrite.CHUNK_BYTES // width, 1)

    def rows(start: int):
        stop = min(start + step, n)
        cells = [_cells(c, v, start, stop) for c, v in zip(columns, values, strict=True)]
        if values[last] is None:
            cells[last] = _joined([cells[last], _empty()], end)
        return _joined(cells, sep)

    workers = max(min(os.cpu_count() or 1, 4), 1)
    pending: deque = deque()
    with ThreadPoolExecutor(workers) as pool:
        for start in range(0, n, step):  # chunks are joined while earlier ones are written
            pending.append(pool.submit(rows, start))
            if len(pending) > workers:  # at most `workers + 1` chunks in memory
                _write_joined(pending.popleft().result(), out)
        while pending:
            _write_joined(pending.popleft().result(), out)


def write_plain_arrow(columns: list[TextColumn], n: int, sep: bytes, out: BinaryIO) -> None:
    """Rows of text that needs no quoting, written by pyarrow's CSV writer (the bytes the
    row join writes, at half its work: no joined copy). A few chunks are rendered at once
    (pyarrow releases the GIL), written in order."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.csv as pcsv

    table = pa.table({f"c{i}": c.values for i, c in enumerate(columns)})
    options = pcsv.WriteOptions(
        include_header=False, delimiter=sep.decode("utf-8"), quoting_style="none",
        eol=csvwrite.ROW_END.decode("ascii"), batch_size=1 << 16,
    )  # fmt: skip
    width = sum(c.width for c in columns) + len(sep) * len(columns) + len(csvwrite.ROW_END)
    step = max(csvwrite.CHUNK_BYTES // width, 1)

    def rows(start: int):
        sink = pa.BufferOutputStream()
        pcsv.write_csv(table.slice(start, step), sink, options)
        return sink.getvalue()

    workers = max(min(os.cpu_count() or 1, 4), 1)
    pending: deque = deque()
    with ThreadPoolExecutor(workers) as pool:
        for start in range(0, n, step):
            pending.append(pool.submit(rows, start))
            if len(pending) > workers:
                out.write(pending.popleft().result())
        while pending:
            out.write(pending.popleft().result())


def _write_joined(joined, out: BinaryIO) -> None:
    for chunk in getattr(joined, "chunks", [joined]):
        out.write(_value_view(chunk))


def _empty():
    import pyarrow as pa

    return pa.scalar("", pa.large_string())


def _cells(column, dictionary, start: int, stop: int):
    import pyarrow as pa
    import pyarrow.compute as pc

    if dictionary is None:
        return column.values.slice(start, stop - start)
    return pc.take(dictionary, pa.array(column.codes[start:stop]))


def _joined(cells: list, sep: bytes):
    """The cells of each row joined with ``sep``; a missing cell counts as empty."""
    import pyarrow as pa
    import pyarrow.compute as pc

    options = pc.JoinOptions(null_handling="replace", null_replacement="")
    separator = pa.scalar(sep.decode("utf-8"), pa.large_string())
    return pc.binary_join_element_wise(*cells, separator, options=options)


def _dictionary(column, suffix: bytes):
    """A factorized column's rendered values (then the empty one, for missing cells) as a
    large_string array, each followed by ``suffix``."""
    import pyarrow as pa

    matrix, lengths = column.matrix, column.lengths
    if suffix:
        wide = np.zeros((len(lengths), column.width + len(suffix)), np.uint8)
        wide[:, : column.width] = matrix
        at = lengths[:, None] + np.arange(len(suffix))
        wide[np.arange(len(lengths))[:, None], at] = np.frombuffer(suffix, np.uint8)
        matrix, lengths = wide, lengths + len(suffix)
    flat = matrix[np.arange(matrix.shape[1]) < lengths[:, None]]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return pa.LargeStringArray.from_buffers(len(lengths), pa.py_buffer(offsets), pa.py_buffer(flat))
