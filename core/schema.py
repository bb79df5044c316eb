"""The vocabulary shared by the engine, the project file, the CLI and the GUI."""

from __future__ import annotations

import enum


class ColumnType(enum.StrEnum):
    """What a column holds, as inferred on load."""

    INTEGER = "integer"
    FLOAT = "float"
    CATEGORICAL = "categorical"
    DATE = "date"
    TEXT = "text"
    IDENTIFIER = "identifier"


class Role(enum.StrEnum):
    """What a column means for privacy; the same names appear in the project file."""

    IDENTIFIER = "identifier"
    QUASI_IDENTIFIER = "quasi_identifier"
    SENSITIVE = "sensitive"
    TARGET = "target"
    INSENSITIVE = "insensitive"
    LEAVE_OUT = "leave_out"


ROLE_DESCRIPTIONS = {
    Role.IDENTIFIER: "Points straight at a person (name, e-mail, record number): removed or "
    "replaced by a pseudonym.",
    Role.QUASI_IDENTIFIER: "Harmless alone, identifying in combination (age, ZIP code, sex): "
    "generalized until people hide in groups.",
    Role.SENSITIVE: "What must not be learned about a person (diagnosis, salary): protected "
    "by l-diversity / t-closeness and attacked by attribute inference.",
    Role.TARGET: "The label a downstream model predicts: used to measure how useful the "
    "release still is.",
    Role.INSENSITIVE: "Released as it is.",
    Role.LEAVE_OUT: "Not released: the column is dropped from the release by choice, and the "
    "attacks never see it.",
}
