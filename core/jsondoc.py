"""Read an untrusted JSON document: size and nesting limits before parsing, no NaN/Infinity,
no huge numbers or strings. Every refusal is one ConfigError line naming the file or field."""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import Any

from core.bounds import BOUNDS, MAX_DEPTH, MAX_PROJECT_BYTES, MAX_TEXT, plain
from core.errors import ConfigError

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_MAX_DIGITS = 30


class NotJson:
    """What a non-JSON number (NaN, Infinity, 1e999, a 5,000-digit integer) parses to: no
    setting accepts it, so the field holding it is named by the usual checks."""

    def __init__(self, text: str) -> None:
        self.text = text if len(text) <= 24 else text[:20] + "…"

    def __repr__(self) -> str:
        return self.text


def read_document(path: str | os.PathLike[str], *, what: str = "Project file") -> Any:
    """Parse the JSON file at ``path`` within ``core.bounds``' size, depth and text limits."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PROJECT_BYTES:
            raise ConfigError(
                f"{what} {path.name} is {size / 2**20:,.0f} MB; the limit is "
                f"{MAX_PROJECT_BYTES // 2**20} MB.",
                hint="Choose a file saved by Veil.",
            )
        raw = path.read_bytes()[: MAX_PROJECT_BYTES + 1]
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{what} {path} not found.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{what} {path.name} cannot be read: {exc}.") from None
    return parse(text, path.name)


def parse(text: str, source: str) -> Any:
    """``json.loads`` after a nesting check, then a check of every string's length."""
    depth = max_depth(text)
    if depth > MAX_DEPTH:
        raise ConfigError(
            f"{source} nests objects or lists {depth:,} levels deep; the limit is {MAX_DEPTH}.",
            hint="Choose a file saved by Veil.",
        )
    try:
        doc = json.loads(
            text,
            parse_constant=NotJson,
            parse_float=_float,
            parse_int=_int,
            object_pairs_hook=functools.partial(_obj, source=source),
        )
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
            hint="Fix the file in a text editor or save the project again from Veil.",
        ) from None
    check_strings(doc, source)
    return doc


def max_depth(text: str) -> int:
    """How deeply objects and lists nest in ``text`` (brackets inside strings ignored)."""
    import numpy as np

    bare = _STRING.sub("", text).encode("utf-8", "replace")
    codes = np.frombuffer(bare, dtype=np.uint8)
    brackets = codes[np.isin(codes, np.frombuffer(b"{[]}", dtype=np.uint8))]
    steps = np.where((brackets == ord("{")) | (brackets == ord("[")), 1, -1).astype(np.int32)
    return int(np.cumsum(steps).max(initial=0))


def check_strings(doc: Any, source: str, where: str = "") -> None:
    """Refuse any key or string longer than ``MAX_TEXT`` characters and any non-JSON number,
    naming where it is (and the allowed range, for a setting)."""
    if isinstance(doc, str):
        if len(doc) > MAX_TEXT:
            raise ConfigError(
                f"{where or 'A value'} in {source} is {len(doc):,} characters long; the limit is "
                f"{MAX_TEXT:,}.",
                hint="Choose a file saved by Veil.",
            )
    elif isinstance(doc, NotJson):
        raise ConfigError(_not_json(doc, where or "The document", source))
    elif isinstance(doc, dict):
        for key, value in doc.items():
            check_strings(key, source, f"A key in {where or 'the file'}")
            check_strings(value, source, f"{where}.{plain(key)}" if where else plain(key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            check_strings(value, source, f"{where}[{i}]")


def _not_json(value: NotJson, where: str, source: str) -> str:
    name = where.rpartition(".")[2]
    if name in BOUNDS and name != "bounds":
        bound = BOUNDS[name]
        return f"{where} in {source} must be {bound.describe()}, not {value}."
    return f"{where} in {source} is {value}, which is not a JSON number."


def _float(text: str) -> float | NotJson:
    number = float(text)
    return number if abs(number) != float("inf") else NotJson(text)


def _int(text: str) -> int | NotJson:
    digits = text.lstrip("-")
    return int(text) if len(digits) <= _MAX_DIGITS else NotJson(text)


def _obj(pairs: list[tuple[str, Any]], source: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ConfigError(
                f"The key '{key[:40]}' appears twice in the same object of {source}.",
                hint="Keep one; Veil will not guess which was meant.",
            )
        out[key] = value
    return out
