"""One hierarchy of errors whose messages name the file, column or row and say what to do."""

from __future__ import annotations


class VeilError(Exception):
    """Base of every error Veil expects; the UI shows these as banners, the CLI as one line."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if not self.hint:
            return self.message
        # Messages that quote a library's text may lack their own full stop.
        sep = " " if self.message.rstrip().endswith((".", "!", "?", ":")) else ". "
        return f"{self.message.rstrip()}{sep}{self.hint}"


class InputError(VeilError):
    """A file cannot be read as a table: names the file and, when known, the row or column."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.row = row
        self.column = column


class ValidationError(VeilError):
    """Data or settings that cannot be processed as asked: names the column or value."""

    def __init__(
        self, message: str, *, column: str | None = None, value: object = None, hint: str = ""
    ) -> None:
        super().__init__(message, hint=hint)
        self.column = column
        self.value = value


class ConfigError(VeilError):
    """A project file or command-line setting is wrong or unknown."""


class BudgetExceeded(VeilError):
    """A differential-privacy mechanism would spend more epsilon/delta than the budget allows."""


class JobCancelled(VeilError):
    """The user cancelled a long operation; never shown as an error."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)
