"""Charles Schwab web "Positions" exports.

Layouts seen since 2020, told apart by content:

* 2020-21: 25 columns, ``Account Total`` row, "All-Accounts" files with an account title row
  (``"Brokerage XXXX-1234"``) and the header repeated before each account, CRLF.
* 2023: every row padded with ``""`` cells, even the title and the blank rows.
* 2025-26: dual-name headers (``Qty (Quantity)``, ``Mkt Val (Market Value)``), a trailing
  comma on every row, ``Positions Total`` footer, ``YYYY/MM/DD`` in the title.

``Cash & Cash Investments`` is the account's cash and sweep balance; the total row is the
account's reported total, not a position.
"""

from __future__ import annotations

import re

import pandas as pd

from planner.brokers.base import (
    ParsedFile,
    Reader,
    RowSelection,
    concat_positions,
    find_columns,
    find_date,
    header_key,
    make_positions,
    strip_text,
)
from planner.brokers.numbers import parse_number
from planner.brokers.source import Source
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
CASH_LABELS = frozenset({"cash & cash investments", "cash & money market", "cash and money market"})
TOTAL_LABELS = frozenset({"account total", "positions total", "total"})
_TITLE = re.compile(r"^Positions for (account )?(?P<rest>.*?) as of ", re.IGNORECASE)
_ACCOUNT = re.compile(r"^(?P<name>.*?)\s*(?P<id>(?:\.\.\.|X{2,}-?|\*{2,})?[\dX]*\d{3,})\s*$")


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


def detect(src: Source) -> bool:
    return any(_is_header(src, n) for n in range(1, min(len(src), 12) + 1))


def _split_account(text: str) -> tuple[str, str]:
    """``"Individual ...920"`` -> (name ``Individual``, id ``...920``)."""
    m = _ACCOUNT.match(text.strip())
    if m and m.group("name"):
        return m.group("name").strip(), m.group("id")
    return text.strip(), text.strip()


def _layout(src: Source, header: list[str]) -> str:
    raw = [h.lower() for h in header]
    if any("(" in h and h.endswith(")") and "quantity" in h for h in raw):
        return "schwab-positions-2025"
    first = src.lines[0] if src.lines else ""
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
        if len(cells) == 1 and not _TITLE.match(cells[0]):
            return cells[0]
        break
    single = _TITLE.match(title)
    return single.group("rest") if single else ""


def _read_account(
    src: Source, h: int, end: int, acct_id: str
) -> tuple[pd.DataFrame, list[ImportWarning], float | None, int]:
    """Positions under the header on line ``h`` up to a blank line or line ``end``."""
    header = src.cells(h)
    cols = find_columns(header, ALIASES)
    if "symbol" not in cols or "value" not in cols:
        raise InputError(src.path, h, "Schwab header without Symbol or Market Value column")
    last = src.last_nonblank(h + 1, end)
    block = src.columns(h + 1, last, len(header), list(cols.values()))
    symbols = strip_text(block[cols["symbol"]])
    # Label rows ("Cash & Cash Investments", "Account Total") have spaces; tickers do not.
    labels = {i: s.lower() for i, s in enumerate(symbols) if " " in s}
    total_at = next((i for i, s in labels.items() if s in TOTAL_LABELS), None)
    if total_at is None:
        raise InputError(
            src.path,
            last,
            f"account {acct_id} ends without its 'Account Total' / 'Positions Total' row: "
            "the file looks cut off; download it again",
        )
    warnings: list[ImportWarning] = []
    total_line = h + 1 + total_at
    try:
        reported = parse_number(block[cols["value"]][total_at])
    except ValueError:
        reported = None
        warnings.append(ImportWarning(src.path, total_line, acct_id, "the total is not a number"))
    keep = [i for i in range(total_at) if symbols[i]]
    rows = RowSelection(keep, total_at)
    cash_rows = rows.positions_of(i for i, s in labels.items() if s in CASH_LABELS)

    def pick(field: str, cash_text: str | None = None) -> list[str]:
        col = block[cols[field]] if field in cols else [""] * len(symbols)
        return rows.take(col, None if cash_text is None else dict.fromkeys(cash_rows, cash_text))

    frame, warns = make_positions(
        src,
        rows.lines(h + 1),
        [acct_id] * len(keep),
        rows.take(symbols, dict.fromkeys(cash_rows, "CASH")),
        pick("description", "Cash & Cash Investments"),
        pick("value"),
        quantity=pick("quantity"),
        price=pick("price"),
        cost_basis=pick("cost_basis"),
        type_hint=pick("type", "Cash"),
    )
    return frame, warnings + warns, reported, total_line


def read(src: Source) -> ParsedFile:
    headers = [n for n in src.lines_starting_with(('"Symbol"', "Symbol")) if _is_header(src, n)]
    title = src.first_cell(1)
    accounts: list[Account] = []
    frames = []
    warnings: list[ImportWarning] = []
    for k, h in enumerate(headers):
        label = _account_label(src, h, headers[k - 1] if k else 0, title)
        name, acct_id = _split_account(label or f"Schwab account {k + 1}")
        end = headers[k + 1] - 1 if k + 1 < len(headers) else len(src)
        frame, warns, reported, total_line = _read_account(src, h, end, acct_id)
        frames.append(frame)
        warnings.extend(warns)
        accounts.append(
            Account(acct_id, name, account_type_from_name(name), src.path, reported, total_line)
        )
    layout = _layout(src, src.cells(headers[0]))
    return ParsedFile(layout, find_date(title), accounts, concat_positions(frames), warnings)


READER = Reader("schwab", detect, read)
