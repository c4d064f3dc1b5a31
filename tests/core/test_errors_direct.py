"""The one error bad input turns into: ``FILE:LINE: reason``, the line left out when unknown;
the same text is the exception's message, so a log or a traceback shows where and why."""

from __future__ import annotations

import pickle

import pytest

from planner.core.errors import InputError


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (12, "positions.csv:12: no Symbol column"),
        (None, "positions.csv: no Symbol column"),
        (0, "positions.csv:0: no Symbol column"),  # a line 0 is still a line
    ],
)
def test_an_input_error_says_the_file_the_line_and_the_reason(line: int | None, shown: str) -> None:
    err = InputError("positions.csv", line, "no Symbol column")
    assert (err.file, err.line, err.reason) == ("positions.csv", line, "no Symbol column")
    assert str(err) == shown
    assert err.args == (shown,)
    assert repr(err) == f"InputError({shown!r})"


@pytest.mark.parametrize("line", [12, None])
def test_an_input_error_crosses_a_process_boundary_intact(line: int | None) -> None:
    # a worker of the book's process pool may raise one: unpickled, it is the same error
    err = InputError("book/clients/a.csv", line, "the file is empty")
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is InputError
    assert (again.file, again.line, again.reason, str(again)) == (
        err.file,
        err.line,
        err.reason,
        str(err),
    )
