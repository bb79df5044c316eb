"""The shared degenerate-input corpus: bad or odd files, and what Veil must say about each.

Every entry point (load_table, veil-cli, each GUI panel) is tested against the same cases::

    from tests.corpus import cases
    for case in cases():                    # cases(include_slow=True) adds the 200 MB file
        path = case.make(tmp_path)          # writes the file (or folder) into tmp_path
        if (why := case.skip(path)):        # e.g. chmod 000 does not stop root
            pytest.skip(why)
        ...  # case.expect_error: an InputError whose message contains case.message_contains
             # otherwise: loads, and a warning contains case.message_contains ("" = no warning)

Messages name the file; ``case.column`` / ``case.row`` say which column or row the error
must name when there is one.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputError, VeilError

LARGE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One degenerate input: how to make it and what Veil must answer."""

    name: str
    make: Callable[[Path], Path]
    expect_error: bool
    message_contains: str
    error: type[VeilError] = InputError
    column: str | None = None
    row: int | None = None
    slow: bool = False
    skip_if: Callable[[Path], str | None] | None = None

    def skip(self, path: Path) -> str | None:
        """Why this case cannot be checked here (or None)."""
        return self.skip_if(path) if self.skip_if else None

    def __str__(self) -> str:
        return self.name


def _text(name: str, content: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(content.encode(encoding))
        return path

    return make


def _rows(header: str, body: Callable[[int], str], n: int) -> str:
    return header + "\n" + "".join(body(i) + "\n" for i in range(n))


def _binary_renamed(tmp: Path) -> Path:
    path = tmp / "patients.csv"
    with zipfile.ZipFile(path, "w") as z:  # what an .xlsx renamed to .csv looks like
        z.writestr("xl/workbook.xml", "<workbook/>")
    return path


def _random_bytes(tmp: Path) -> Path:
    path = tmp / "scan.csv"
    path.write_bytes(bytes(range(256)) * 64)
    return path


def _cp1252_late(tmp: Path) -> Path:
    """Valid UTF-8 for the first 100 kB, then one cp1252 byte: only the full read finds it."""
    path = tmp / "late.csv"
    body = _rows("name,city", lambda i: f"p{i},Springfield", 8000)
    path.write_bytes(body.encode() + "Zoë,Zürich\n".encode("cp1252"))
    return path


def _folder(tmp: Path) -> Path:
    path = tmp / "data.csv"
    path.mkdir()
    return path


def _unreadable(tmp: Path) -> Path:
    path = _text("locked.csv", "age,sex\n34,f\n51,m\n")(tmp)
    path.chmod(0)
    return path


def _still_readable(path: Path) -> str | None:
    if os.access(path, os.R_OK):
        return "chmod 000 does not stop this user (root) from reading; see case 'folder_as_file'"
    return None


def _empty_sheet(tmp: Path) -> Path:
    import openpyxl

    path = tmp / "empty.xlsx"
    openpyxl.Workbook().save(path)
    return path


def _ragged_sheet(tmp: Path) -> Path:
    import openpyxl

    path = tmp / "ragged.xlsx"
    book = openpyxl.Workbook()
    for row in (["age", "sex"], [34, "f"], [None, None], [51, "m", "note"], [40, "f"]):
        book.active.append(row)
    book.save(path)
    return path


def _corrupt_xlsx(tmp: Path) -> Path:
    path = tmp / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    return path


def _large(tmp: Path) -> Path:
    """A 200 MB CSV made by repeating the demo table's rows."""
    from core.demo import demo_path

    header, body = demo_path().read_bytes().split(b"\n", 1)
    path = tmp / "large.csv"
    with open(path, "wb") as f:
        f.write(header + b"\n")
        written = len(header) + 1
        while written < LARGE_BYTES:
            f.write(body)
            written += len(body)
    return path


CASES: tuple[Case, ...] = (
    Case("empty_file", _text("empty.csv", ""), True, "empty.csv is empty"),
    Case("blank_lines_only", _text("blank.csv", "\n \n\n"), True, "blank.csv is empty"),
    Case("header_only", _text("header.csv", "age,sex,zip\n"), True, "header but no data rows"),
    Case("one_row", _text("one.csv", "age,sex,zip\n34,f,12345\n"), False, "only one data row"),
    Case(
        "ragged_rows",
        _text("ragged.csv", "age,sex,zip\n34,f,12345\n51,m,12,345\n"),
        True,
        "Line 3 of ragged.csv (data row 2) has 4 fields but the header has 3",
        row=2,
    ),
    Case(
        "unclosed_quote",
        _text("quote.csv", 'age,sex\n34,f\n51,"m\n40,f\n'),
        True,
        "A quote opened in data row 2 of quote.csv is never closed",
        row=2,
    ),
    Case(
        "short_rows",
        _text("short.csv", "age,sex,zip\n34,f,12345\n51,m\n"),
        False,
        "fewer fields than the header (first: data row 2)",
    ),
    Case(
        "wrong_encoding",
        _text("latin.csv", "name;city\nJosé;Zürich\nRenée;Besançon\n", "cp1252"),
        False,
        "latin.csv is not UTF-8; it was read as Windows-1252 (cp1252)",
    ),
    Case(
        "wrong_encoding_late",
        _cp1252_late,
        False,
        "late.csv is not valid UTF-8 further in; it was read as Windows-1252",
    ),
    Case("binary_renamed_csv", _binary_renamed, True, "looks like a zip archive or an Excel"),
    Case("binary_noise", _random_bytes, True, "scan.csv is not a text table"),
    Case(
        "duplicate_column_names",
        _text("dup.csv", "age,sex,age\n34,f,35\n"),
        True,
        "Column names repeat in dup.csv: 'age' (columns 1 and 3)",
        column="age",
    ),
    Case(
        "blank_column_name",
        _text("blank_name.csv", "age, ,sex\n34,x,f\n"),
        True,
        "Column 2 of blank_name.csv has no name",
        column="#2",
    ),
    Case(
        "header_is_data",
        _text("noheader.csv", "39,State-gov,77516,13\n50,Private,83311,13\n"),
        True,
        "looks like data",
        row=0,
    ),
    Case(
        "unsupported_extension",
        _text("table.json", '{"age": [1, 2]}'),
        True,
        "Veil cannot read '.json'",
    ),
    Case("old_excel", _text("old.xls", "not really"), True, "old Excel (.xls)"),
    Case("missing_file", lambda tmp: tmp / "nowhere.csv", True, "nowhere.csv was not found"),
    Case("folder_as_file", _folder, True, "data.csv is a folder, not a file"),
    Case(
        "unreadable_file",
        _unreadable,
        True,
        "locked.csv cannot be read: permission denied",
        skip_if=_still_readable,
    ),
    Case("empty_excel_sheet", _empty_sheet, True, "empty.xlsx is empty"),
    Case("corrupt_excel", _corrupt_xlsx, True, "broken.xlsx could not be read as Excel"),
    Case("excel_values_beyond_header", _ragged_sheet, False, "first: row 4 of the sheet"),
    Case(
        "all_missing_column",
        _text("nan.csv", _rows("age,notes,sex", lambda i: f"{30 + i},,f", 5)),
        False,
        "Column 'notes' is empty (every value is missing)",
    ),
    Case(
        "constant_column",
        _text("const.csv", _rows("age,country,sex", lambda i: f"{30 + i},US,f", 5)),
        False,
        "Column 'country' has the same value ('US') in every row",
    ),
    Case(
        "number_with_typo",
        _text("typo.csv", _rows("age", lambda i: "4O" if i == 70 else str(20 + i % 50), 200)),
        False,
        "Column 'age' holds numbers except 1 value(s) such as '4O' (data row 71)",
    ),
    Case("large_200mb", _large, False, "", slow=True),
)


def cases(*, include_slow: bool = False) -> list[Case]:
    """The corpus; the 200 MB case only when asked for."""
    return [c for c in CASES if include_slow or not c.slow]


def case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)
