"""Merrill Edge holdings downloads.

Every cell quoted; ``COB Date`` (close of business) on every row; accounts by ``Account #``
with ``Account Nickname`` (``--`` when unset) and ``Account Registration`` (``IRA-Edge``,
``Roth IRA-Edge``, ``CMA-Edge``...). Negatives in parentheses (short options), options with
``#`` symbols, and the bank deposit sweep (``IIAXX``) at a price of 1.00.

A row without a symbol (``--`` or empty) is named by its CUSIP, else by its description (its
type is then read from the description); one with neither is refused. A row holding anything
(a symbol, CUSIP, description or number) without an account number (empty or ``--``) is
refused: dropping it would leave a household that looks whole and is not.

Completeness: the download states no totals and has no footer, so nothing in it shows that
it is whole: it imports with a warning saying so. Blank lines inside the table are read
through. (A row cut in the middle leaves an unclosed quote, which the import refuses.)
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.brokers import table
from planner.brokers.base import (
    ParsedFile,
    Reader,
    find_columns,
    parse_date,
    strip_text,
    window,
)
from planner.brokers.complete import filled, no_account, table_end, unchecked
from planner.brokers.positions import make_positions
from planner.brokers.source import Source
from planner.core.accounts import account_type_from_name
from planner.core.errors import InputError
from planner.core.holdings import Account

ALIASES = {
    "as_of": ["cob date"],
    "symbol": ["symbol"],
    "cusip": ["cusip #", "cusip"],
    "description": ["security description", "description"],
    "nickname": ["account nickname"],
    "registration": ["account registration"],
    "account_id": ["account #", "account number"],
    "quantity": ["quantity"],
    "price": ["price ($)", "price"],
    "value": ["value ($)", "value"],
    "cost_basis": ["cost basis ($)", "cost basis"],
}
NUMBERS = ("quantity", "price", "value", "cost_basis")
_REQUIRED = ("symbol", "registration", "account_id", "value")


def _header_line(src: Source) -> int | None:
    for n in window(src):
        cols = find_columns(src.cells(n), ALIASES)
        if all(k in cols for k in _REQUIRED):
            return n
    return None


def detect(src: Source) -> int | None:
    return _header_line(src)


def read(src: Source) -> ParsedFile:
    h = _header_line(src)
    assert h is not None
    header = src.cells(h)
    cols = find_columns(header, ALIASES)
    last = table_end(src, h + 1, lambda n: filled(src, n) >= 4)
    numbers = [cols[k] for k in NUMBERS if k in cols]
    block = src.columns(h + 1, last, len(header), list(cols.values()), joined=numbers)
    ids = strip_text(block[cols["account_id"]])
    n = len(ids)

    def text(field: str) -> list[str]:
        return strip_text(block[cols[field]]) if field in cols else [""] * n

    symbols, cusips, descriptions = text("symbol"), text("cusip"), text("description")
    # The symbol, else the CUSIP (bonds and the like have "--" for a symbol), else nothing.
    syms = [
        s if s not in ("", "--") else c if c not in ("", "--") else ""
        for s, c in zip(symbols, cusips, strict=True)
    ]
    held = [symbols, cusips, descriptions, *(text(k) for k in NUMBERS)]
    keep: list[int] = []
    for i in range(n):
        if not any(cells[i] for cells in held):
            continue  # no holding on this line (a blank row, a note)
        name = syms[i] or descriptions[i][:60]
        if ids[i] in ("", "--"):
            raise no_account(src, h + 1 + i, name)
        if not name:
            raise InputError(
                src.path,
                h + 1 + i,
                "a row without a symbol, CUSIP or description: nothing says what it holds; "
                "the file is damaged",
            )
        keep.append(i)

    def pick(field: str) -> Sequence[str] | None:
        return table.take(block[cols[field]], keep) if field in cols else None

    frame, warnings = make_positions(
        src,
        [h + 1 + i for i in keep],
        [ids[i] for i in keep],
        [syms[i] for i in keep],
        [descriptions[i] for i in keep],
        pick("value") or [],
        quantity=pick("quantity"),
        price=pick("price"),
        cost_basis=pick("cost_basis"),
    )
    accounts: dict[str, Account] = {}
    nick = pick("nickname") or [""] * len(keep)
    reg = pick("registration") or [""] * len(keep)
    for j, i in enumerate(keep):
        if ids[i] in accounts:
            continue
        name = nick[j].strip() if nick[j].strip() not in ("", "--") else reg[j].strip()
        kind = account_type_from_name(reg[j]) if reg[j].strip() else "unknown"
        if kind == "unknown":
            kind = account_type_from_name(name)
        accounts[ids[i]] = Account(ids[i], name or ids[i], kind, src.path)
    dates = pick("as_of") or []
    as_of = max((d for d in (parse_date(x) for x in dict.fromkeys(dates)) if d), default=None)
    warnings.append(
        unchecked(
            src,
            "Merrill holdings downloads state no totals and no end marker; compare each "
            "account's value with Merrill's site",
        )
    )
    return ParsedFile("merrill-holdings", as_of, list(accounts.values()), frame, warnings)


READER = Reader("merrill", detect, read)
