"""Merrill Edge holdings downloads.

Every cell quoted; ``COB Date`` (close of business) on every row; accounts by ``Account #``
with ``Account Nickname`` (``--`` when unset) and ``Account Registration`` (``IRA-Edge``,
``Roth IRA-Edge``, ``CMA-Edge``...). Negatives in parentheses (short options), options with
``#`` symbols, and the bank deposit sweep (``IIAXX``) at a price of 1.00.

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
from planner.brokers.complete import filled, table_end, unchecked
from planner.brokers.positions import make_positions
from planner.brokers.source import Source
from planner.core.accounts import account_type_from_name
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
    symbols = strip_text(block[cols["symbol"]])
    keep = [i for i in range(len(ids)) if ids[i] and symbols[i] and ids[i] != "--"]

    def pick(field: str) -> Sequence[str] | None:
        return table.take(block[cols[field]], keep) if field in cols else None

    cusips = pick("cusip") or [""] * len(keep)
    syms = [s if s != "--" else c for s, c in zip(pick("symbol") or [], cusips, strict=True)]
    frame, warnings = make_positions(
        src,
        [h + 1 + i for i in keep],
        [ids[i] for i in keep],
        syms,
        pick("description") or [""] * len(keep),
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
