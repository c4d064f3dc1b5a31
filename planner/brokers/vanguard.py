"""Vanguard downloads ("OfxDownload.csv").

Two holdings layouts, each possibly followed by a transactions table after blank lines
(which is not holdings and is ignored):

* brokerage: ``Account Number,Investment Name,Symbol,Shares,Share Price,Total Value`` (plain
  numbers, ``BRK-B``-style symbols, sometimes a trailing comma, sometimes no final newline);
* mutual-fund and 529 accounts: ``Fund Account Number,Fund Name,Price,Shares,Total Value``
  (``$`` amounts, no symbol column).

No account names and no totals: accounts are typed ``unknown`` until the user says, and named
with the last four digits of their number only (the id keeps the whole number).

Completeness: the download states no totals, so a row missing from the middle cannot be
noticed, and every import says that completeness could not be checked. A holdings table
followed by the transactions table (or another holdings table) at least ended where the next
section began; one that runs to the end of the file may also have been cut short, and the
warning says so. Blank lines inside a table are read through. A row that holds anything but
names no account number is refused: it belongs to no account.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.brokers import table
from planner.brokers.base import ParsedFile, Reader, find_columns, strip_text, window
from planner.brokers.complete import filled, next_text_line, no_account, table_end, unchecked
from planner.brokers.positions import concat_positions, make_positions
from planner.brokers.source import Source
from planner.core.holdings import Account, ImportWarning

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
NUMBERS = ("quantity", "price", "value")
_STARTS = ("Account Number,", "Fund Account Number,", '"Account Number"', '"Fund Account Number"')


def _headers(src: Source) -> list[tuple[int, str, dict[str, int]]]:
    """Holdings headers: (line, layout, column of each field)."""
    found = []
    for n in src.lines_starting_with(_STARTS):
        cells = src.cells(n)
        for layout, aliases in (("vanguard-brokerage", BROKERAGE), ("vanguard-fund", FUND)):
            cols = find_columns(cells, aliases)
            if len(cols) == len(aliases):
                found.append((n, layout, cols))
                break
    return found


def _is_section_header(src: Source, n: int) -> bool:
    return src.line(n).lstrip('"').startswith(("Account Number", "Fund Account Number"))


def detect(src: Source) -> int | None:
    for n in window(src):
        if src.line(n).startswith(_STARTS):
            cells = src.cells(n)
            for aliases in (BROKERAGE, FUND):
                if len(find_columns(cells, aliases)) == len(aliases):
                    return n
    return None


def _short(account: str) -> str:
    """The last four digits of an account number, for its name."""
    digits = "".join(ch for ch in account if ch.isdigit())
    return digits[-4:] or account[-4:]


def _no_account(src: Source, h: int, ids: list[str], held: list[Sequence[str]]) -> None:
    """A row of the table under header ``h`` that holds anything but names no account is
    refused; one that holds nothing (blank in the table's columns) is passed over."""
    for i, a in enumerate(ids):
        if not a and any(cells[i].strip() for cells in held):
            raise no_account(src, h + 1 + i, held[0][i] or held[1][i][:60])


def read(src: Source) -> ParsedFile:
    frames = []
    warnings: list[ImportWarning] = []
    accounts: dict[str, Account] = {}
    layouts = []
    closed = True
    sections = src.lines_starting_with(_STARTS)
    for h, layout, cols in _headers(src):
        layouts.append(layout)

        def is_row(n: int) -> bool:
            return filled(src, n) >= 3 and not _is_section_header(src, n)

        following = next((n for n in sections if n > h), len(src) + 1)
        last = min(table_end(src, h + 1, is_row), following - 1)
        nxt = next_text_line(src, last + 1)
        closed = nxt is not None and _is_section_header(src, nxt)
        block = src.columns(
            h + 1, last, len(src.cells(h)), list(cols.values()), joined=[cols[k] for k in NUMBERS]
        )
        ids = strip_text(block[cols["account_id"]])
        keep = [i for i, a in enumerate(ids) if a]
        desc = strip_text(block[cols["description"]])
        symbols = strip_text(block[cols["symbol"]]) if "symbol" in cols else [""] * len(ids)
        # a fund account's portfolios (a 529's) have no ticker: each is named by its fund name
        symbols = [s or d for s, d in zip(symbols, desc, strict=True)]
        if len(keep) < len(ids):
            _no_account(src, h, ids, [symbols, desc, *(block[cols[k]] for k in NUMBERS)])
        frame, warns = make_positions(
            src,
            [h + 1 + i for i in keep],
            [ids[i] for i in keep],
            [symbols[i] for i in keep],
            [desc[i] for i in keep],
            table.take(block[cols["value"]], keep),
            quantity=table.take(block[cols["quantity"]], keep),
            price=table.take(block[cols["price"]], keep),
            type_hint=["mutual fund" if layout == "vanguard-fund" else "" for _ in keep],
        )
        frames.append(frame)
        warnings.extend(warns)
        for i in keep:
            a = ids[i]
            if a in accounts:
                continue
            end = _short(a)
            if layout == "vanguard-brokerage":
                accounts[a] = Account(a, f"Vanguard brokerage ...{end}", "unknown", src.path)
            elif all(desc[j].endswith("Portfolio") for j in keep if ids[j] == a):
                # Vanguard's 529 plan calls every investment option a "Portfolio".
                accounts[a] = Account(a, f"Vanguard 529 plan ...{end}", "tax_free", src.path)
            else:
                accounts[a] = Account(a, f"Vanguard fund account ...{end}", "unknown", src.path)
    cut = "" if closed else " and nothing after its holdings table shows it was not cut short"
    warnings.append(
        unchecked(
            src,
            f"Vanguard downloads state no totals{cut}; compare each account's value with "
            "Vanguard's site",
        )
    )
    fmt = "+".join(dict.fromkeys(layouts))
    return ParsedFile(fmt, None, list(accounts.values()), concat_positions(frames), warnings)


READER = Reader("vanguard", detect, read)
