"""The fast CSV/TSV path: pyarrow's parser, used only where it gives exactly the frame the
pandas parser gives (every column ``str``, the missing markers missing).

It applies to UTF-8 files whose header is one plain line; it gives up (returns None, and the
caller reads the file with pandas, which warns or names the line) on anything else: a row
with too few or too many fields, bytes that are not UTF-8, a value starting with a space
(pandas skips spaces after a delimiter), a quote still open at the end, no pyarrow.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from core.colcache import arrow_array, seed_text_columns, text_codes
from core.io.progress import ProgressReader
from core.jobs import Monitor

if TYPE_CHECKING:
    import pandas as pd

UTF8 = ("utf-8", "utf-8-sig")
PEEK_BYTES = 1 << 16
MIN_BLOCK, MAX_BLOCK = 1 << 20, 16 << 20
READ_STEP = 1 << 20  # bytes read between progress reports and cancel points
SEED_ROWS = 200_000  # longer columns are factorized here, once (core.colcache)


def read_arrow(
    path: Path,
    monitor: Monitor,
    encoding: str,
    delimiter: str,
    names: list[str],
    missing: tuple[str, ...],
    *,
    contiguous: bool = True,
) -> tuple[pd.DataFrame, str | None] | None:
    """The file's data rows as text columns named ``names``, and its sha256 (None when the
    read stopped early); None when this path cannot promise pandas' result.

    ``contiguous=False`` leaves each column in the pieces pyarrow parsed (no copy of the
    table): the same values, for a run that reads each column once or through its codes."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return None
    if encoding not in UTF8 or not _plain_header(path, names):
        return None
    quoted = b'"' in _peek(path)
    table, sha, watch = _parse(path, monitor, delimiter, names, missing, quoted)
    if table is not None and watch.saw_quote and not quoted:  # a quoted line break?
        table, sha, watch = _parse(path, monitor, delimiter, names, missing, True)
    if table is None or (watch.saw_quote and _open_quote_at_end(path, table, missing)):
        return None
    chunked = table.columns
    del table  # each column's parsed chunks go as soon as it is combined
    frame = _frame(_combined(chunked) if contiguous else chunked, names)
    if len(frame) >= SEED_ROWS:  # codes for the checks below, conversion and the search
        columns = [frame.iloc[:, i] for i in range(frame.shape[1])]
        seed_text_columns(columns, monitor.check_cancelled)
    if any(_starts_with_space(frame.iloc[:, i]) for i in range(frame.shape[1])):
        return None
    return frame, sha


def _peek(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(PEEK_BYTES)


def _plain_header(path: Path, names: list[str]) -> bool:
    """The header is the first line, not blank, and holds no line break in quotes (pyarrow
    skips it as one line)."""
    if any("\n" in n or "\r" in n for n in names):
        return False
    first = _peek(path).removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return bool(first.strip(b"\r"))


def _open_quote_at_end(path: Path, table, missing: tuple[str, ...]) -> bool:
    """Whether the file may end inside a quoted value, which pandas refuses (naming the row)
    and pyarrow accepts: its last bytes are then a quote and the last value, quotes doubled."""
    if not table.num_rows:
        return False
    last = table.column(table.num_columns - 1)[-1].as_py()
    values = [last] if last is not None else [*missing, ""]
    tails = [b'"' + v.replace('"', '""').encode("utf-8") for v in values]
    longest = max(len(t) for t in tails)
    with open(path, "rb") as f:
        f.seek(max(f.seek(0, 2) - longest, 0))
        end = f.read()
    return any(end.endswith(t) for t in tails)


def _block_size(path: Path) -> int:
    """Bytes parsed per task: a few large blocks (fewer chunks to combine), enough of them for
    both cores."""
    return min(max(path.stat().st_size // 8, MIN_BLOCK), MAX_BLOCK)


class _Watch(ProgressReader):
    """The progress reader, also noting whether a quote character went through and whether
    every byte was ASCII (then every value is valid UTF-8). pyarrow calls ``read``: the
    bytes come straight from the file, with no buffer in between."""

    saw_quote = False
    ascii_only = True

    def read(self, size: int = -1) -> bytearray:  # type: ignore[override]
        """Up to ``size`` bytes, read (and hashed, and reported) a step at a time, so that
        progress and cancel stay fine-grained within pyarrow's large blocks."""
        data = bytearray(size if size is not None and size >= 0 else self._size)
        view, got = memoryview(data), 0
        while got < len(data):
            n = self._file.readinto(view[got : got + READ_STEP])
            self._account(view[got : got + n] if n else b"")
            if not n:
                break
            got += n
        view.release()
        del data[got:]
        self.saw_quote = self.saw_quote or b'"' in data
        self._note_ascii(data, self.position - got)
        return data

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = super().readinto(buffer)
        if n:
            data = memoryview(buffer)[:n].tobytes()
            self.saw_quote = self.saw_quote or b'"' in data
            self._note_ascii(data, self.position - n)
        return n

    def _note_ascii(self, data, start: int) -> None:
        """Whether ``data``, read from offset ``start``, is ASCII past a UTF-8 BOM."""
        if self.ascii_only:
            bom = start == 0 and data.startswith(b"\xef\xbb\xbf")
            self.ascii_only = (data[3:] if bom else data).isascii()


def _parse(path, monitor, delimiter, names, missing, quoted):
    """(the table or None when pyarrow refuses the file, the file's sha256 or None when the
    read stopped early, the reader that watched the bytes)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    raw = _Watch(path, monitor, f"Reading {path.name}")
    text = pa.large_string()  # what pandas' str dtype holds: no cast afterwards
    try:
        table = pcsv.read_csv(
            raw,
            read_options=pcsv.ReadOptions(column_names=[f"c{i}" for i in range(len(names))],
                                          skip_rows=1, block_size=_block_size(path)),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=quoted),
            convert_options=pcsv.ConvertOptions(
                check_utf8=False,  # ASCII is valid UTF-8; anything else is checked below
                column_types={f"c{i}": text for i in range(len(names))},
                null_values=list(missing),
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )  # fmt: skip
        sha = raw.sha256() if raw.complete else None
        if not raw.ascii_only:
            for column in table.columns:
                column.validate(full=True)  # raises on bytes that are not UTF-8
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None, None, raw
    finally:
        raw.close()
    return table, sha, raw


def _combined(chunked: list) -> list:
    """Each column as one contiguous array (what pandas' parser gives, and faster to encode
    later), two at a time (pyarrow releases the GIL); a column's parsed chunks are let go
    as soon as it is combined."""
    from concurrent.futures import ThreadPoolExecutor

    def combine(i: int):
        column = chunked[i].combine_chunks()
        chunked[i] = None
        return column

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(combine, range(len(chunked))))


def _starts_with_space(column: pd.Series) -> bool:
    """Whether any value starts with a space (which pandas skips after a delimiter): read off
    the column's distinct values when they are known."""
    import pyarrow.compute as pc

    codes = text_codes(column)
    if codes is not None:
        return any(key.startswith(" ") for key in codes[1])
    return bool(pc.any(pc.starts_with(arrow_array(column), " ")).as_py())


def _frame(columns: list, names: list[str]) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    text = pd.StringDtype("pyarrow", na_value=np.nan)
    frame = {
        name: pd.Series(pd.arrays.ArrowStringArray(column, dtype=text))
        for name, column in zip(names, columns, strict=True)
    }
    return pd.DataFrame(frame, copy=False)
