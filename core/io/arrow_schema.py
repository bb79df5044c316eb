"""What a Parquet file's ``ARROW:schema`` says and Parquet's own types cannot: dictionary
columns, time zones and durations. A minimal reader of Arrow's flatbuffer Schema message (no
pyarrow); anything it cannot follow gives no hints rather than an error."""

from __future__ import annotations

import base64
import struct
from typing import Any

_TIMESTAMP, _DURATION = 10, 18  # Arrow's Type union
_UNITS = ("s", "ms", "us", "ns")
_SCHEMA = 1  # MessageHeader.Schema


def column_hints(encoded: bytes) -> dict[str, dict[str, Any]]:
    """Per top-level column: ``dictionary`` (and ``ordered``), ``timezone``, ``duration``."""
    try:
        return _hints(base64.b64decode(encoded))
    except (ValueError, IndexError, struct.error, UnicodeDecodeError):
        return {}


def _hints(raw: bytes) -> dict[str, dict[str, Any]]:
    start = 8 if raw[:4] == b"\xff\xff\xff\xff" else 4  # continuation marker, then a length
    buf = memoryview(raw)[start:]
    message = _Table(buf, _u32(buf, 0))
    if message.scalar(1, "B", 0) != _SCHEMA:
        return {}
    fields = message.table(2).vector(1)
    return {f.string(0): _field_hints(f) for f in fields}


def _field_hints(field: _Table) -> dict[str, Any]:
    hints: dict[str, Any] = {}
    kind = field.scalar(2, "B", 0)
    if kind == _TIMESTAMP and field.has(3):
        zone = field.table(3).string(1)
        if zone:
            hints["timezone"] = zone
    if kind == _DURATION:
        unit = field.table(3).scalar(0, "h", 1) if field.has(3) else 1  # default: milliseconds
        hints["duration"] = _UNITS[unit]
    if field.has(4):
        hints["dictionary"] = True
        hints["ordered"] = bool(field.table(4).scalar(2, "B", 0))
    return hints


def _u32(buf: memoryview, at: int) -> int:
    return struct.unpack_from("<I", buf, at)[0]


class _Table:
    """One flatbuffer table: a vtable of field offsets, then the fields."""

    def __init__(self, buf: memoryview, at: int) -> None:
        self.buf, self.at = buf, at
        self.vtable = at - struct.unpack_from("<i", buf, at)[0]
        self.size = struct.unpack_from("<H", buf, self.vtable)[0]

    def _offset(self, index: int) -> int:
        slot = 4 + 2 * index
        return struct.unpack_from("<H", self.buf, self.vtable + slot)[0] if slot < self.size else 0

    def has(self, index: int) -> bool:
        return self._offset(index) != 0

    def scalar(self, index: int, fmt: str, default: int) -> int:
        offset = self._offset(index)
        return struct.unpack_from("<" + fmt, self.buf, self.at + offset)[0] if offset else default

    def _target(self, index: int) -> int:
        where = self.at + self._offset(index)
        return where + _u32(self.buf, where)

    def table(self, index: int) -> _Table:
        if not self.has(index):
            raise ValueError("absent table")
        return _Table(self.buf, self._target(index))

    def string(self, index: int) -> str:
        if not self.has(index):
            return ""
        at = self._target(index)
        return bytes(self.buf[at + 4 : at + 4 + _u32(self.buf, at)]).decode("utf-8")

    def vector(self, index: int) -> list[_Table]:
        if not self.has(index):
            return []
        at = self._target(index)
        count = _u32(self.buf, at)
        if at + 4 + 4 * count > len(self.buf):
            raise ValueError("vector beyond the buffer")
        items = (at + 4 + 4 * i for i in range(count))
        return [_Table(self.buf, item + _u32(self.buf, item)) for item in items]
