"""thinkorswim (Schwab) "Account Statement" CSV.

A multi-section report: a title line naming the account and period, then sections (Cash
Balance, Futures, Forex, Order History, Trade History, Equities, Options, Profits and Losses,
Account Summary), each a title line, a header and rows, separated by blank lines.
Positions are the ``Equities`` (and ``Options``) sections; cash is ``Total Cash $...``; the
reported total is ``Net Liquidating Value`` in the Account Summary. Excel text guards
(``="1004844804619"``) and ``($110.00)`` negatives appear throughout.
"""

from __future__ import annotations

import re

from planner.brokers.base import (
    ParsedFile,
    Reader,
    concat_positions,
    find_columns,
    make_positions,
    parse_date,
)
from planner.brokers.numbers import parse_number
from planner.brokers.source import Source
from planner.core.accounts import account_type_from_name
from planner.core.holdings import Account, ImportWarning

_TITLE = re.compile(
    r"^Account Statement for (?P<id>\S+)\s*(?:\((?P<name>[^)]*)\))?.*?through (?P<end>[\d/]+)",
    re.IGNORECASE,
)
EQUITIES = {
    "symbol": ["symbol"],
    "description": ["description"],
    "quantity": ["qty", "quantity"],
    "price": ["mark"],
    "value": ["mark value"],
}
OPTIONS = {
    "symbol": ["symbol"],
    "option_code": ["option code"],
    "description": ["description"],
    "quantity": ["qty", "quantity"],
    "price": ["mark"],
    "value": ["mark value"],
}


def detect(src: Source) -> bool:
    return bool(len(src) and _TITLE.match(src.first_cell(1)))


def _sections(src: Source) -> dict[str, int]:
    """Section title -> line number of its title (a one-cell line after a blank line)."""
    out: dict[str, int] = {}
    for n in range(1, len(src) + 1):
        if (n == 1 or src.is_blank(n - 1)) and not src.is_blank(n):
            cells = [c for c in src.cells(n) if c]
            if len(cells) == 1:
                out.setdefault(cells[0], n)
    return out


def read(src: Source) -> ParsedFile:
    m = _TITLE.match(src.first_cell(1))
    assert m is not None
    acct_id = m.group("id")
    name = (m.group("name") or acct_id).strip()
    as_of = parse_date(m.group("end"))
    sections = _sections(src)
    warnings: list[ImportWarning] = []
    frames = []
    for title, aliases in (("Equities", EQUITIES), ("Options", OPTIONS)):
        start = sections.get(title)
        if start is None or start + 1 > len(src):
            continue
        h = start + 1
        cols = find_columns(src.cells(h), aliases)
        if not {"symbol", "value"} <= cols.keys():
            continue
        lines: list[int] = []
        rows: list[list[str]] = []
        n = h + 1
        while n <= len(src) and not src.is_blank(n):
            cells = src.cells(n)
            first = cells[0] if cells else ""
            if first and "TOTAL" not in " ".join(cells[:2]).upper():
                lines.append(n)
                rows.append(cells)
            n += 1

        def col(key: str, rows: list[list[str]] = rows, cols: dict[str, int] = cols) -> list[str]:
            i = cols.get(key)
            return [r[i] if i is not None and i < len(r) else "" for r in rows]

        symbols = col("symbol")
        if "option_code" in cols:  # "QQQ251219P550" names the contract, "QQQ" only its stock
            symbols = [c or s for s, c in zip(symbols, col("option_code"), strict=True)]
        frame, warns = make_positions(
            src,
            lines,
            [acct_id] * len(lines),
            symbols,
            col("description"),
            col("value"),
            quantity=col("quantity"),
            price=col("price"),
            asset_type=["option"] * len(lines) if title == "Options" else None,
        )
        frames.append(frame)
        warnings.extend(warns)
    reported: float | None = None
    reported_line: int | None = None
    for n in range(1, len(src) + 1):
        raw = src.line(n)
        if raw.strip(' "').startswith("Total Cash"):
            amount = raw.strip(' "')[len("Total Cash") :].strip()
            frame, warns = make_positions(
                src, [n], [acct_id], ["CASH"], ["Cash balance"], [amount], asset_type=["cash"]
            )
            frames.append(frame)
            warnings.extend(warns)
        elif raw.startswith("Net Liquidating Value"):
            cells = src.cells(n)
            try:
                reported = parse_number(cells[1]) if len(cells) > 1 else None
                reported_line = n
            except ValueError:
                warnings.append(
                    ImportWarning(src.path, n, acct_id, "Net Liquidating Value is not a number")
                )
    account = Account(
        acct_id, name, account_type_from_name(name), src.path, reported, reported_line
    )
    return ParsedFile("thinkorswim-statement", as_of, [account], concat_positions(frames), warnings)


READER = Reader("thinkorswim", detect, read)
