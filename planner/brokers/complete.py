"""Is the file whole? Where a table ends, and what a reader says when it cannot tell.

Every layout's reader knows what the end of a whole file looks like - a total row, a footer,
a section's closing row - and refuses a file that stops before it (:func:`ends_before`: exit
3, ``FILE:LINE: the file ends before ...``). A layout with no such marker imports with a
warning that its completeness could not be checked (:func:`unchecked`).

A blank line does not end a table by itself: :func:`table_end` reads through blank lines
and stops only where the next line is not a row of the table (a disclaimer, a footer, the
header of a trailing section).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import ImportWarning

#: The phrase every completeness warning carries (the README and the tests name it).
UNCHECKED = "completeness could not be checked"
_BLANKISH = re.compile(r'\n[ \t",;]*(?=\n|\Z)')  # the "\n" ending the line before it


def last_text_line(src: Source) -> int:
    """The number of the last line holding anything but blanks (1 for an all-blank file)."""
    n = len(src)
    while n > 1 and src.is_blank(n):
        n -= 1
    return max(n, 1)


def ends_before(src: Source, what: str) -> InputError:
    """The error for a file cut before ``what`` (its total row, its footer, ...)."""
    return InputError(
        src.path,
        last_text_line(src),
        f"the file ends before {what}: it looks cut off; download it again",
    )


def unchecked(src: Source, why: str, account_id: str | None = None) -> ImportWarning:
    """The warning for a layout that states nothing to prove it is whole."""
    return ImportWarning(src.path, None, account_id, f"{UNCHECKED}: {why}")


def no_account(src: Source, line: int, name: str) -> InputError:
    """The error for a row that holds something (``name``: its symbol or description) but
    names no account: it cannot be placed, and dropping it would leave the household short."""
    return InputError(
        src.path,
        line,
        f"the row for {name or 'a holding'} has no account number: every holding belongs to an "
        "account; the file is damaged",
    )


def no_amount(src: Source, line: int, what: str, cell: str, account_id: str) -> ImportWarning:
    """The warning for a total the layout always states, written without an amount (blank,
    ``--``): the file is whole, but its positions cannot be reconciled with it."""
    shown = f"{cell.strip()[:40]!r}" if cell.strip() else "blank"
    return ImportWarning(
        src.path,
        line,
        account_id,
        f"{what} states no amount ({shown}): the positions could not be reconciled with it",
    )


def filled(src: Source, n: int) -> int:
    """How many non-empty cells line ``n`` has."""
    return sum(1 for c in src.cells(n) if c)


def next_text_line(src: Source, n: int) -> int | None:
    """The first non-blank line at or after ``n``."""
    while n <= len(src):
        if not src.is_blank(n):
            return n
        n += 1
    return None


def table_end(src: Source, first: int, is_row: Callable[[int], bool]) -> int:
    """The last line of the table whose rows start on line ``first`` (``first - 1``: none).

    Runs of non-blank lines are rows; after a blank line the table goes on if the next
    non-blank line ``is_row``, and ends before it otherwise (a trailing section). Only the
    lines after blank lines are looked at one by one: a million-row table costs one pass of
    a regular expression over its text.
    """
    last = first - 1
    cursor = first
    if first > len(src):
        return last
    if src.is_blank(first):
        nxt = next_text_line(src, first)
        if nxt is None or not is_row(nxt):
            return last
        cursor = nxt
    for m in _BLANKISH.finditer(src.text, max(src.offset(cursor) - 1, 0)):
        n = src.line_at(m.start() + 1)
        if n > len(src):
            break
        if n < cursor or not src.is_blank(n):
            continue
        last = n - 1
        nxt = next_text_line(src, n + 1)
        if nxt is None or not is_row(nxt):
            return last
        cursor = nxt
    return len(src)
