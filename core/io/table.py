"""What load_table returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.results import ResultMixin, not_serialized
from core.schema import ColumnType

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class LoadedTable(ResultMixin):
    """A table read from a file, with how it was read and what the user should know.

    ``encoding`` and ``delimiter`` are None for binary formats (Excel, Parquet, Stata, SPSS,
    SAS). ``to_dict()`` leaves the frame out and adds the row and column counts.
    """

    frame: pd.DataFrame = not_serialized()
    path: Path = Path()
    sha256: str = ""
    format: str = "csv"
    encoding: str | None = None
    delimiter: str | None = None
    types: dict[str, ColumnType] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    rename_duplicates: bool = False  # loaded with repeated column names renamed name.2, …

    @property
    def rows(self) -> int:
        return len(self.frame)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "rows": self.rows, "columns": self.columns}
