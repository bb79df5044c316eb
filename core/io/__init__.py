"""Loading tables from files and inferring column types."""

from core.io.delimited import MISSING_MARKERS
from core.io.header import DuplicateColumnsError
from core.io.infer import column_type, infer_types
from core.io.loader import SUPPORTED_EXTENSIONS, load_table
from core.io.table import LoadedTable

__all__ = [
    "MISSING_MARKERS",
    "SUPPORTED_EXTENSIONS",
    "DuplicateColumnsError",
    "LoadedTable",
    "column_type",
    "infer_types",
    "load_table",
]
