"""The one error type bad input turns into.

Every reader, parser and validator raises :class:`InputError` for anything wrong with what
the user gave us; the command line prints ``str(err)`` and exits with code 3, the app shows it
in a dialog. Any other exception escaping an import is a bug in Rotation Planner.
"""

from __future__ import annotations


class InputError(Exception):
    """Bad input, located: ``FILE:LINE: reason`` (the line is omitted when unknown)."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        super().__init__(self.__str__())

    def __reduce__(self) -> tuple[type[InputError], tuple[str, int | None, str]]:
        """Pickled with its three parts, so it crosses from a worker process intact."""
        return (type(self), (self.file, self.line, self.reason))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}"
