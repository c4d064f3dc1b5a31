"""E*TRADE "PortfolioDownload" exports.

An ``Account Summary`` block (header, then a row naming the account and its net value, when
E*TRADE fills it in), a ``Filters applied`` mini-table, the positions table, ``CASH`` and
``TOTAL`` rows with one extra trailing field, blank lines and ``Generated at <date>``.

When lots are expanded, each position row is followed by tax-lot sub-rows whose first cell is
the acquisition date (often indented): they are parts of the position above and are not
counted again. The same symbol may legitimately appear on two position rows.
"""

from __future__ import annotations

import re

from planner.brokers.base import (
    ParsedFile,
    Reader,
    find_columns,
    find_date,
    make_positions,
    parse_date,
    strip_text,
)
from planner.brokers.numbers import parse_number
from planner.brokers.source import Source
from planner.core.accounts import account_type_from_name
from planner.core.holdings import Account, ImportWarning

ALIASES = {
    "symbol": ["symbol"],
    "description": ["description", "security description"],
    "quantity": ["quantity", "qty #", "qty"],
    "price": ["last price $", "last price", "price"],
    "price_paid": ["price paid $", "price paid"],
    "total_gain": ["total gain $"],
    "cost_total": ["total cost", "total cost $", "cost basis"],
    "value": ["value $", "market value", "value"],
}
_LOT = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{2,4}\s*$|^\s*--\s*$")
_ACCOUNT = re.compile(r"^(?P<name>.*?)\s*-?\s*(?P<id>[\dX*]{4,})\s*$")


def _header_line(src: Source) -> int | None:
    for n in range(1, min(len(src), 40) + 1):
        if not src.line(n).startswith("Symbol,"):
            continue
        cols = find_columns(src.cells(n), ALIASES)
        if "value" in cols and "quantity" in cols and "symbol" in cols:
            return n
    return None


def detect(src: Source) -> bool:
    head = [src.line(n).strip() for n in range(1, min(len(src), 12) + 1)]
    marker = any(
        line.startswith(("Account Summary", "View Summary", "Filters applied")) for line in head
    )
    return marker and _header_line(src) is not None


def read(src: Source) -> ParsedFile:
    warnings: list[ImportWarning] = []
    # Account summary: "Account,Net Account Value,..." then a data row, if any.
    acct_name, acct_id, reported = "", "", None
    for n in range(1, min(len(src), 12)):
        if src.line(n).startswith("Account,Net Account Value"):
            row = src.cells(n + 1) if n + 1 <= len(src) else []
            if row and row[0]:
                m = _ACCOUNT.match(row[0])
                acct_name, acct_id = (m.group("name"), m.group("id")) if m else (row[0], row[0])
                try:
                    reported = parse_number(row[1]) if len(row) > 1 else None
                except ValueError:
                    reported = None
            break
    if not acct_id:
        acct_id = "E*TRADE"
        acct_name = "E*TRADE account (number not in the file)"
        warnings.append(
            ImportWarning(
                src.path,
                None,
                None,
                "the file does not name its account; imported as 'E*TRADE' — rename it or set "
                "its type in the app",
            )
        )
    h = _header_line(src)
    assert h is not None
    header = src.cells(h)
    cols = find_columns(header, ALIASES)
    last = h
    while last < len(src) and not src.is_blank(last + 1):
        last += 1
    width = len(header) + 1  # CASH and TOTAL rows carry one extra field
    block = src.columns(h + 1, last, width, list(cols.values()))
    symbols = strip_text(block[cols["symbol"]])
    total_line = None
    keep: list[int] = []
    cash_rows: list[bool] = []
    lots = 0
    for i, s in enumerate(symbols):
        upper = s.upper()
        if not s:
            continue
        if upper == "TOTAL":
            total_line = h + 1 + i
            try:
                total_value = parse_number(block[cols["value"]][i])
            except ValueError:
                total_value = None
            if reported is None:
                reported = total_value
            continue
        if _LOT.match(s) or parse_date(s) is not None:
            lots += 1
            continue
        keep.append(i)
        cash_rows.append(upper == "CASH")
    lines = [h + 1 + i for i in keep]

    def pick(field: str) -> list[str] | None:
        if field not in cols:
            return None
        col = block[cols[field]]
        return [col[i] for i in keep]

    # Cost: value - total gain is exact; quantity x price paid is the fallback.
    value = pick("value") or []
    cost = pick("cost_total")
    if cost is None and "total_gain" in cols:
        gains = pick("total_gain") or []
        cost = []
        for v, g in zip(value, gains, strict=True):
            try:
                vv, gg = parse_number(v), parse_number(g)
            except ValueError:
                cost.append("")
                continue
            cost.append("" if vv is None or gg is None else f"{vv - gg:.4f}")
    frame, warns = make_positions(
        src,
        lines,
        [acct_id] * len(keep),
        [symbols[i] for i in keep],
        (pick("description") or ["Cash" if c else "" for c in cash_rows]),
        value,
        quantity=pick("quantity"),
        price=pick("price"),
        cost_basis=cost,
        asset_type=None,
    )
    frame.loc[[bool(c) for c in cash_rows], "asset_type"] = "cash"
    warnings.extend(warns)
    account = Account(
        acct_id,
        acct_name or "E*TRADE account",
        account_type_from_name(acct_name),
        src.path,
        reported,
        total_line,
    )
    footer = " ".join(line for line in src.lines[last:] if "Generated" in line)
    return ParsedFile(
        "etrade-portfolio-lots" if lots else "etrade-portfolio",
        find_date(footer),
        [account],
        frame,
        warnings,
    )


READER = Reader("etrade", detect, read)
