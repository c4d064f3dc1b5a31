"""Account names, numbers and dates out of title lines, without regular expressions.

The expressions these replace (``(?P<name>.*?)\\s*(?P<id>...[\\dX]*\\d{3,})\\s*$`` and the
like) backtrack: a title of ``Individual`` and a few thousand digits took minutes. Each
function here walks its text a fixed number of times, and titles longer than
:data:`~planner.brokers.base.MAX_TITLE_CHARS` are not titles at all. ``tests/brokers/
test_titles.py`` checks every function against the expression it replaces.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from planner.brokers.base import MAX_TITLE_CHARS

_DIGITS = frozenset("0123456789")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _lower(text: str) -> str:
    """``text`` with its ASCII letters in lower case: unlike ``str.lower`` (``İ`` becomes two
    characters) it keeps every position, so an index found in it is one in ``text``."""
    return text.translate(_ASCII_LOWER)


def _run_start(s: str, end: int, chars: frozenset[str]) -> int:
    """Where the run of ``chars`` ending just before ``end`` starts."""
    i = end
    while i > 0 and s[i - 1] in chars:
        i -= 1
    return i


def split_schwab_account(text: str) -> tuple[str, str] | None:
    """``"Individual ...920"`` -> (``Individual``, ``...920``); ``"Brokerage XXXX-1234"`` ->
    (``Brokerage``, ``XXXX-1234``); None when the text does not end in an account number
    (at least three digits, optionally after ``...``, ``XX-`` or ``**``) after a name."""
    s = text.strip()
    if len(s) > MAX_TITLE_CHARS:
        return None
    start = _run_start(s, len(s), frozenset("0123456789X"))
    if len(s) - _run_start(s, len(s), _DIGITS) < 3:
        return None
    # An optional prefix just before the run: "...", "**..." or "XX...-".
    if s[:start].endswith("..."):
        start -= 3
    elif s[:start].endswith("**"):
        start = _run_start(s, start, frozenset("*"))
    elif s[:start].endswith("XX-"):
        start = _run_start(s, start - 1, frozenset("X"))
    name = s[:start].strip()
    if not name:
        return None
    return name, s[start:]


def split_etrade_account(text: str) -> tuple[str, str] | None:
    """``"Rollover IRA -4821"`` -> (``Rollover IRA``, ``4821``): the number is the run of at
    least four digits, ``X`` or ``*`` at the end, the name what comes before it without the
    separating spaces and dash. None when there is no such run."""
    s = text.rstrip()
    if len(s) > MAX_TITLE_CHARS:
        return None
    start = _run_start(s, len(s), frozenset("0123456789X*"))
    if len(s) - start < 4:
        return None
    name = s[:start].rstrip()
    if name.endswith("-"):
        name = name[:-1].rstrip()
    return name, s[start:]


def schwab_title_subject(title: str) -> str | None:
    """What a Schwab title is about: ``Individual ...920`` in "Positions for account
    Individual ...920 as of 07:49 PM ET, 2026/07/16"; None for any other line."""
    if len(title) > MAX_TITLE_CHARS:
        return None
    low = _lower(title)
    if not low.startswith("positions for "):
        return None
    at = len("positions for ")
    if low.startswith("account ", at):
        at += len("account ")
    end = low.find(" as of ", at)
    if end < 0:
        return None
    return title[at:end]


@dataclass(frozen=True)
class StatementTitle:
    """``Account Statement for <id> (<name>) since <date> through <date>``."""

    account_id: str
    name: str
    end: str


def thinkorswim_title(line: str) -> StatementTitle | None:
    """The parts of a thinkorswim statement title; the id is empty when the title names no
    account number (``Account Statement for  (Individual) since ...``)."""
    prefix = "account statement for "
    if len(line) > MAX_TITLE_CHARS or not line.lower().startswith(prefix):
        return None
    rest = line[len(prefix) :]
    pos = 0
    if not rest.startswith("("):  # "for (Individual)": no number, the name comes first
        while pos < len(rest) and not rest[pos].isspace():
            pos += 1
    account_id = rest[:pos]
    while pos < len(rest) and rest[pos].isspace():
        pos += 1
    name = ""
    if rest.startswith("(", pos):
        close = rest.find(")", pos)
        if close >= 0:
            name = rest[pos + 1 : close].strip()
            pos = close + 1
    at = _lower(rest).find("through ", pos)
    if at < 0:
        return None
    first = end = at + len("through ")
    while end < len(rest) and rest[end] in "0123456789/":
        end += 1
    if end == first:
        return None
    return StatementTitle(account_id, name, rest[first:end])
