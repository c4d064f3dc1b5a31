"""Vanguard downloads ("OfxDownload.csv").

Two holdings layouts, each possibly followed by a transactions table after a blank line
(which is not holdings and is ignored):

* brokerage: ``Account Number,Investment Name,Symbol,Shares,Share Price,Total Value`` (plain
  numbers, ``BRK-B``-style symbols, sometimes a trailing comma, sometimes no final newline);
* mutual-fund and 529 accounts: ``Fund Account Number,Fund Name,Price,Shares,Total Value``
  (``$`` amounts, no symbol column).

No account names and no totals: accounts are typed ``unknown`` until the user says.
"""

from __future__ import annotations

from planner.brokers.base import (
    ParsedFile,
    Reader,
    concat_positions,
    find_columns,
    make_positions,
    strip_text,
)
from planner.brokers.source import Source
from planner.core.holdings import Account

BROKERAGE = {
    "account_id": ["account number"],
    "description": ["investment name"],
    "symbol": ["symbol"],
    "quantity": ["shares"],
    "price": ["share price"],
    "value": ["total value"],
}
FUND = {
    "account_id": ["fund account number"],
    "description": ["fund name"],
    "quantity": ["shares"],
    "price": ["price"],
    "value": ["total value"],
}


def _headers(src: Source) -> list[tuple[int, str, dict[str, int]]]:
    found = []
    for n in range(1, len(src) + 1):
        raw = src.line(n).lstrip('"\ufeff ')
        if not (raw.startswith("Account Number,") or raw.startswith("Fund Account Number,")):
            continue
        cells = src.cells(n)
        for layout, aliases in (("vanguard-brokerage", BROKERAGE), ("vanguard-fund", FUND)):
            cols = find_columns(cells, aliases)
            if len(cols) == len(aliases):
                found.append((n, layout, cols))
                break
    return found


def detect(src: Source) -> bool:
    return any(n <= 10 for n, _, _ in _headers(src))


def read(src: Source) -> ParsedFile:
    frames = []
    warnings = []
    accounts: dict[str, Account] = {}
    layouts = []
    for h, layout, cols in _headers(src):
        layouts.append(layout)
        last = h
        while last < len(src) and not src.is_blank(last + 1):
            last += 1
        block = src.columns(h + 1, last, len(src.cells(h)), list(cols.values()))
        ids = strip_text(block[cols["account_id"]])
        keep = [i for i, a in enumerate(ids) if a]
        desc = strip_text(block[cols["description"]])
        symbols = strip_text(block[cols["symbol"]]) if "symbol" in cols else [""] * len(ids)
        frame, warns = make_positions(
            src,
            [h + 1 + i for i in keep],
            [ids[i] for i in keep],
            [symbols[i] for i in keep],
            [desc[i] for i in keep],
            [block[cols["value"]][i] for i in keep],
            quantity=[block[cols["quantity"]][i] for i in keep],
            price=[block[cols["price"]][i] for i in keep],
            type_hint=["mutual fund" if layout == "vanguard-fund" else "" for _ in keep],
        )
        frames.append(frame)
        warnings.extend(warns)
        for i in keep:
            a = ids[i]
            if a in accounts:
                continue
            if layout == "vanguard-brokerage":
                accounts[a] = Account(a, f"Vanguard brokerage {a}", "unknown", src.path)
            elif all(desc[j].endswith("Portfolio") for j in keep if ids[j] == a):
                # Vanguard's 529 plan calls every investment option a "Portfolio".
                accounts[a] = Account(a, f"Vanguard 529 plan {a}", "tax_free", src.path)
            else:
                accounts[a] = Account(a, f"Vanguard fund account {a}", "unknown", src.path)
    fmt = "+".join(dict.fromkeys(layouts))
    return ParsedFile(fmt, None, list(accounts.values()), concat_positions(frames), warnings)


READER = Reader("vanguard", detect, read)
