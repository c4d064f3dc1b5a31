"""Charles Schwab web "Positions" exports.

Layouts seen since 2020, told apart by content:

* 2020-21: 25 columns, ``Account Total`` row, "All-Accounts" files with an account title row
  (``"Brokerage XXXX-1234"``) and the header repeated before each account, CRLF.
* 2023: every row padded with ``""`` cells, even the title and the blank rows.
* 2025-26: dual-name headers (``Qty (Quantity)``, ``Mkt Val (Market Value)``), a trailing
  comma on every row, ``Positions Total`` footer, ``YYYY/MM/DD`` in the title.

``Cash & Cash Investments`` is the account's cash and sweep balance; the total row is the
account's reported total, not a position.

Completeness: every account's table ends with its total row, so an account without one was
cut off (the last account: ``the file ends before ...``) and the file is refused; a row with
no header above it (an All-Accounts file missing a repeated header) is refused too, rather
than dropped, and so are a row without a symbol, a table of an All-Accounts file without its
account's title row and a second table for the same account. Blank lines inside an account's
table are read through.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from planner.brokers.base import (
    ParsedFile,
    Reader,
    find_columns,
    find_date,
    header_key,
    reported_number,
    strip_text,
    window,
)
from planner.brokers.complete import (
    ends_before,
    filled,
    next_text_line,
    no_amount,
    table_end,
)
from planner.brokers.positions import RowSelection, concat_positions, make_positions
from planner.brokers.source import Source
from planner.brokers.titles import schwab_title_subject, split_schwab_account
from planner.core.accounts import account_type_from_name
from planner.core.errors import InputError
from planner.core.holdings import Account, ImportWarning

ALIASES = {
    "symbol": ["symbol"],
    "description": ["description"],
    "quantity": ["quantity", "qty"],
    "price": ["price"],
    "value": ["market value", "mkt val"],
    "cost_basis": ["cost basis"],
    "type": ["security type", "asset type"],
}
NUMBERS = ("quantity", "price", "value", "cost_basis")
CASH_LABELS = frozenset({"cash & cash investments", "cash & money market", "cash and money market"})
TOTAL_LABELS = frozenset({"account total", "positions total", "total"})


def _is_header(src: Source, n: int) -> bool:
    raw = src.line(n)
    if not (raw.startswith('"Symbol"') or raw.startswith("Symbol")):
        return False
    keys = {header_key(c) for c in src.cells(n)}
    return (
        "description" in keys
        and bool(keys & {"quantity", "qty"})
        and bool(keys & {"market value"})
        and bool(keys & {"security type", "asset type", "% of account"})
    )


def detect(src: Source) -> int | None:
    return next((n for n in window(src) if _is_header(src, n)), None)


def _title_line(src: Source) -> int | None:
    return next((n for n in window(src) if schwab_title_subject(src.first_cell(n))), None)


def _split_account(text: str) -> tuple[str, str]:
    """``"Individual ...920"`` -> (name ``Individual``, id ``...920``)."""
    return split_schwab_account(text) or (text.strip(), text.strip())


def _layout(src: Source, header: list[str], title_line: int | None) -> str:
    raw = [h.lower() for h in header]
    if any("(" in h and h.endswith(")") and "quantity" in h for h in raw):
        return "schwab-positions-2025"
    first = src.line(title_line or 1)
    if first.rstrip().endswith('""') or ',""' in first:
        return "schwab-positions-2023"
    return "schwab-positions-2020"


def _account_label(src: Source, header: int, previous: int, title: str) -> str:
    """The account a header belongs to: the title row just above it (All-Accounts files:
    ``"Brokerage XXXX-1234"``), else the file title (single-account files)."""
    for n in range(header - 1, previous, -1):
        if src.is_blank(n):
            continue
        cells = [c for c in src.cells(n) if c]
        if len(cells) == 1 and schwab_title_subject(cells[0]) is None:
            return cells[0]
        break
    subject = schwab_title_subject(title) or ""
    if subject.lower() == "all-accounts":  # names no account: this table's title is missing
        raise InputError(
            src.path,
            header,
            "the table under this header has no account title above it (like 'Individual "
            "...1234'): whose positions they are cannot be told; the file is damaged; "
            "download it again",
        )
    return subject


def _read_account(
    src: Source, h: int, end: int, acct_id: str, is_last: bool
) -> tuple[pd.DataFrame, list[ImportWarning], float | None, int]:
    """Positions under the header on line ``h``, up to its total row (at most line ``end``)."""
    header = src.cells(h)
    cols = find_columns(header, ALIASES)
    if "symbol" not in cols or "value" not in cols:
        raise InputError(src.path, h, "Schwab header without Symbol or Market Value column")
    numbers = [cols[k] for k in NUMBERS if k in cols]
    block = src.columns(h + 1, end, len(header), list(cols.values()), joined=numbers)
    symbols = strip_text(block[cols["symbol"]])
    # Label rows ("Cash & Cash Investments", "Account Total") have spaces; tickers do not.
    labels = {i: s.lower() for i, s in enumerate(symbols) if " " in s}
    total_at = next((i for i, s in labels.items() if s in TOTAL_LABELS), None)
    if total_at is None:
        what = f"account {acct_id}'s total row ('Account Total' or 'Positions Total')"
        if is_last:
            raise ends_before(src, what)
        raise InputError(
            src.path,
            end,
            f"{what} is missing before the next account's header: the file is damaged; "
            "download it again",
        )
    after = next((i for i in range(total_at + 1, len(symbols)) if symbols[i]), None)
    if after is not None:
        raise InputError(
            src.path,
            h + 1 + after,
            f"a row after account {acct_id}'s total row: the file is damaged; download it again",
        )
    total_line = h + 1 + total_at
    cell = block[cols["value"]][total_at]
    reported, warnings = reported_number(src, total_line, cell, "the total", acct_id)
    if reported is None and not warnings:
        warnings.append(no_amount(src, total_line, f"account {acct_id}'s total row", cell, acct_id))
    filled_rows = np.fromiter((bool(s) for s in symbols[:total_at]), dtype=bool, count=total_at)
    for i in np.flatnonzero(~filled_rows):  # blank lines, or rows that lost their symbol
        if not src.is_blank(h + 1 + int(i)):
            raise InputError(
                src.path,
                h + 1 + int(i),
                f"a row without a symbol in account {acct_id}'s table: the file is damaged; "
                "download it again",
            )
    rows = RowSelection(np.flatnonzero(filled_rows), total_at)
    cash_rows = rows.positions_of(i for i, s in labels.items() if s in CASH_LABELS)

    def pick(field: str, cash_text: str | None = None) -> Sequence[str]:
        col = block[cols[field]] if field in cols else [""] * len(symbols)
        return rows.take(col, None if cash_text is None else dict.fromkeys(cash_rows, cash_text))

    frame, warns = make_positions(
        src,
        rows.lines(h + 1),
        [acct_id] * len(rows),
        rows.take(symbols, dict.fromkeys(cash_rows, "CASH")),
        pick("description", "Cash & Cash Investments"),
        pick("value"),
        quantity=pick("quantity"),
        price=pick("price"),
        cost_basis=pick("cost_basis"),
        type_hint=pick("type", "Cash"),
    )
    return frame, warnings + warns, reported, total_line


def _check_nothing_outside(src: Source, spans: list[tuple[int, int]]) -> None:
    """Outside the accounts' header..total spans there may only be blank lines and titles
    (one cell): rows there have lost their header, and would be dropped; after the last
    account's total there may be nothing at all (an account title there is an account cut
    off before its table)."""
    gaps = [(1, spans[0][0])]
    gaps += [(spans[k][1] + 1, spans[k + 1][0]) for k in range(len(spans) - 1)]
    gaps.append((spans[-1][1] + 1, len(src) + 1))
    for k, (first, stop) in enumerate(gaps):
        title: int | None = None
        for n in range(first, stop):
            count = filled(src, n)
            if count == 1:
                title = n
            elif count >= (3 if k == 0 else 2):  # above the first: notes may hold commas
                raise InputError(
                    src.path,
                    title or n,
                    f"rows from line {n} belong to no account: there is no header row above "
                    "them (an account's 'Symbol,Description,...' line is missing); the file is "
                    "damaged; download it again",
                )
    after = next_text_line(src, spans[-1][1] + 1)
    if after is not None:  # only titles after the last account: one cut before its table
        raise ends_before(src, "the table of the account named on its last lines")


def read(src: Source) -> ParsedFile:
    headers = [n for n in src.lines_starting_with(('"Symbol"', "Symbol")) if _is_header(src, n)]
    title_line = _title_line(src)
    title = src.first_cell(title_line) if title_line else ""
    accounts: list[Account] = []
    frames = []
    warnings: list[ImportWarning] = []
    spans: list[tuple[int, int]] = []
    for k, h in enumerate(headers):
        label = _account_label(src, h, headers[k - 1] if k else 0, title)
        name, acct_id = _split_account(label or f"Schwab account {k + 1}")
        twice = next((s for a, s in zip(accounts, spans, strict=True) if a.id == acct_id), None)
        if twice is not None:
            raise InputError(
                src.path,
                h,
                f"a second table for account {acct_id} (its first is on line {twice[0]}): "
                "the two cannot be told apart; the file is damaged or joined from two; "
                "download it again",
            )
        nxt = headers[k + 1] if k + 1 < len(headers) else len(src) + 1
        end = min(nxt - 1, table_end(src, h + 1, lambda n: filled(src, n) >= 3))
        frame, warns, reported, total_line = _read_account(
            src, h, end, acct_id, k + 1 == len(headers)
        )
        frames.append(frame)
        warnings.extend(warns)
        spans.append((h, total_line))
        accounts.append(
            Account(
                acct_id,
                name,
                account_type_from_name(name),
                src.path,
                reported,
                total_line if reported is not None else None,
                src.first_cell(total_line) if reported is not None else "",
            )
        )
    _check_nothing_outside(src, spans)
    layout = _layout(src, src.cells(headers[0]), title_line)
    return ParsedFile(layout, find_date(title), accounts, concat_positions(frames), warnings)


READER = Reader("schwab", detect, read)
