"""What every broker reader shares: the result type, detection in a bounded window, header
matching, dates, and numbers a file reports about itself (totals).

Nothing here runs a regular expression whose cost can grow faster than its input: header
cells are split by hand, dates are searched with bounded repetitions in a bounded tail.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from planner.brokers.numbers import is_absurd, parse_number
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import Account, ImportWarning, LotRecord

#: How many lines from the top detection looks through for a layout's markers: enough for
#: disclaimers, titles, summary blocks and blank lines before a header.
WINDOW = 30
#: A header has fewer cells than this; cells past it are never taken for column names.
MAX_HEADER_CELLS = 512
#: Longer cells are never header cells nor titles (a title is a line of a few words).
MAX_TITLE_CHARS = 400


@dataclass
class ParsedFile:
    """What one reader made of one file: positions and their accounts, tax lots, or both (a
    lots download has lots only; they are attached to the positions of the same import)."""

    format: str
    as_of: date | None
    accounts: list[Account]
    positions: pd.DataFrame
    warnings: list[ImportWarning] = field(default_factory=list)
    lots: list[LotRecord] = field(default_factory=list)


@dataclass(frozen=True)
class Reader:
    """A broker layout: ``detect`` looks at the content and says on which line it found the
    layout's marker (None: not this layout); ``read`` parses it."""

    name: str
    detect: Callable[[Source], int | None]
    read: Callable[[Source], ParsedFile]


def window(src: Source) -> range:
    """Line numbers detection may look at."""
    return range(1, min(len(src), WINDOW) + 1)


def header_text(cell: str) -> str:
    """A header cell as written, compared loosely: lower case, single spaces, no BOM."""
    return " ".join(cell.replace("\ufeff", "").split()).lower()


def header_key(cell: str) -> str:
    """Normalise a header cell: lower case, single spaces, the long name of a dual name.

    Schwab's 2025 layout writes ``Qty (Quantity)`` and ``Mkt Val (Market Value)``; the name in
    parentheses is the one earlier layouts used, so that is the key.
    """
    if len(cell) > MAX_TITLE_CHARS:
        return cell
    c = header_text(cell)
    # "<short> (<long>)": the first " (" after the first character, the cell ending in ")".
    at = c.find(" (", 1)
    if at > 0 and c.endswith(")") and at + 2 < len(c) - 1:
        inner = c[at + 2 : -1]
        if inner not in ("$", "%", "#"):
            c = inner
    return c


def find_columns(header: Sequence[str], aliases: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Index of each field whose alias appears in ``header`` (first alias that matches)."""
    keys = [header_key(h) for h in header[:MAX_HEADER_CELLS]]
    out: dict[str, int] = {}
    for name, names in aliases.items():
        for alias in names:
            if alias in keys:
                out[name] = keys.index(alias)
                break
    return out


_DATE_FORMATS = ("%Y/%m/%d", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%b-%d-%Y", "%b %d %Y", "%Y%m%d")


def parse_date(text: str) -> date | None:
    """A date in any of the forms brokers use, or None."""
    t = text.strip()
    if len(t) > 40:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(t, fmt).date()
        except ValueError:
            continue
    return None


_DATE_IN_TEXT = re.compile(
    r"(\d{4}/\d{2}/\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|[A-Z][a-z]{2}-\d{1,2}-\d{4}|[A-Z][a-z]{2} \d{1,2} \d{4})"
)


def find_date(text: str) -> date | None:
    """The last date written in ``text`` (titles say "... as of 07:49 PM, 2026/07/16");
    only the last 4,096 characters are searched."""
    found = None
    for m in _DATE_IN_TEXT.finditer(text[-4096:]):
        d = parse_date(m.group(1))
        if d is not None:
            found = d
    return found


def strip_text(cells: Sequence[str]) -> list[str]:
    """Cells without surrounding whitespace (copied only when some cell has any)."""
    joined = "\n".join(cells)
    if (
        joined.isascii()  # else a cell may end in a no-break space, which the checks miss
        and joined == joined.strip()
        and " \n" not in joined
        and "\n " not in joined
        and ("\t" not in joined)
    ):
        return list(cells)
    return [c.strip() for c in cells]


def reported_number(
    src: Source, line: int, cell: str, what: str, account_id: str | None = None
) -> tuple[float | None, list[ImportWarning]]:
    """A figure the file states about itself (a total, an account value): the number, or
    None with a warning when it is not one; infinity, NaN and absurd sizes are refused."""
    if is_absurd(cell):
        raise InputError(
            src.path,
            line,
            f"{what} {cell.strip()[:40]!r} is not a finite amount within "
            "ten trillion dollars: the file is damaged",
        )
    try:
        return parse_number(cell), []
    except ValueError:
        message = f"{what} {cell.strip()[:40]!r} is not a number"
        return None, [ImportWarning(src.path, line, account_id, message)]


def mask_number(text: str) -> str:
    """``text`` with every run of five or more digits cut to its last four (``...5678``):
    account names may be shown where full account numbers may not."""
    return re.sub(r"\d{5,}", lambda m: "..." + m.group(0)[-4:], text)


def content_id(src: Source, first_line: int) -> str:
    """Eight hex digits of a hash of the file's text from ``first_line`` on (line ends
    normalised): the same export gets the same id however it was saved, whatever notes were
    put above it, so an account the file does not number keeps one id across imports."""
    digest = hashlib.sha256(src.text[src.offset(first_line) :].encode("utf-8"))
    return digest.hexdigest()[:8]
