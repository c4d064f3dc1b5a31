"""thinkorswim (Schwab) "Account Statement" CSV.

A multi-section report: a title line naming the account and period, then sections (Cash
Balance, Futures, Forex, Order History, Trade History, Equities, Options, Profits and Losses,
Account Summary), each a title line, a header and rows, separated by blank lines.
Positions are the ``Equities`` (and ``Options``) sections; cash is ``Total Cash $...``; the
reported total is ``Net Liquidating Value`` in the Account Summary. Excel text guards
(``="1004844804619"``) and ``($110.00)`` negatives appear throughout.

Variants:

* the title names no account number when people remove it before sharing
  (``Account Statement for  (Individual) since ...``): the account gets an id made from the
  file's content, with a warning;
* paperMoney (simulated trading) statements open with ``This document was exported from the
  paperMoney platform.`` and have the title on line 3: the account name says paper trading.

Completeness: the Account Summary with its Net Liquidating Value closes every statement, and
each positions section ends with its ``OVERALL TOTALS`` row; a statement without them was cut
off and is refused, as is a positions section without its header or with a row that has no
symbol. Blank lines inside a section are read through.
"""

from __future__ import annotations

import pandas as pd

from planner.brokers.base import (
    ParsedFile,
    Reader,
    content_id,
    find_columns,
    parse_date,
    reported_number,
    window,
)
from planner.brokers.complete import ends_before, filled, no_amount, table_end
from planner.brokers.positions import concat_positions, make_positions
from planner.brokers.source import Source
from planner.brokers.titles import StatementTitle, thinkorswim_title
from planner.core.accounts import account_type_from_name
from planner.core.errors import InputError
from planner.core.holdings import Account, ImportWarning

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
NET_LIQ = "Net Liquidating Value"


def _title(src: Source) -> tuple[int, StatementTitle] | None:
    for n in window(src):
        title = thinkorswim_title(src.first_cell(n))
        if title is not None:
            return n, title
    return None


def detect(src: Source) -> int | None:
    found = _title(src)
    return found[0] if found else None


def _sections(src: Source) -> dict[str, int]:
    """Section title -> line number of its title (a one-cell line after a blank line)."""
    out: dict[str, int] = {}
    for n in range(1, len(src) + 1):
        if (n == 1 or src.is_blank(n - 1)) and not src.is_blank(n):
            cells = [c for c in src.cells(n) if c]
            if len(cells) == 1:
                out.setdefault(cells[0], n)
    return out


def _positions(
    src: Source, title: str, start: int, acct_id: str
) -> tuple[pd.DataFrame, list[ImportWarning]]:
    """The rows of the Equities or Options section whose title is on line ``start``."""
    h = start + 1
    aliases = OPTIONS if title == "Options" else EQUITIES
    cols = find_columns(src.cells(h), aliases) if h <= len(src) else {}
    if not {"symbol", "value"} <= cols.keys():
        raise InputError(
            src.path,
            min(h, len(src)),
            f"the {title} section (line {start}) has no header with Symbol and Mark Value "
            "columns under its title: the file is damaged; download it again",
        )
    last = table_end(src, h + 1, lambda n: filled(src, n) >= 2)
    lines: list[int] = []
    rows: list[list[str]] = []
    closed = False
    for n in range(h + 1, last + 1):
        cells = src.cells(n)
        first = cells[0] if cells else ""
        if closed and any(cells):
            raise InputError(
                src.path,
                n,
                f"a row after the {title} section's OVERALL TOTALS row: the file is damaged",
            )
        if first:  # a symbol: a position, whatever its description says ("TOTAL STOCK")
            lines.append(n)
            rows.append(cells)
        elif "TOTAL" in " ".join(cells[:2]).upper():
            closed = True
        elif any(cells):
            raise InputError(
                src.path,
                n,
                f"a row without a symbol in the {title} section: the file is damaged; "
                "download it again",
            )
    if not closed:
        raise InputError(
            src.path,
            max(last, h),
            f"the {title} section (line {start}) ends without its OVERALL TOTALS row: the file "
            "is damaged or cut; download it again",
        )

    def col(key: str) -> list[str]:
        i = cols.get(key)
        return [r[i] if i is not None and i < len(r) else "" for r in rows]

    symbols = col("symbol")
    if "option_code" in cols:  # "QQQ251219P550" names the contract, "QQQ" only its stock
        symbols = [c or s for s, c in zip(symbols, col("option_code"), strict=True)]
    return make_positions(
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


def read(src: Source) -> ParsedFile:
    found = _title(src)
    assert found is not None
    title_line, title = found
    warnings: list[ImportWarning] = []
    acct_id, name = title.account_id, title.name
    if not acct_id:
        acct_id = f"thinkorswim-{content_id(src, title_line)}"
        warnings.append(
            ImportWarning(
                src.path,
                title_line,
                acct_id,
                f"the statement's title names no account number; imported as account "
                f"{acct_id!r}, an id made from the file's content - rename it in the app",
            )
        )
    name = name or acct_id
    paper = next((n for n in range(1, title_line) if "papermoney" in src.line(n).lower()), None)
    if paper is not None:
        name = f"{name} (paper trading)"
        warnings.append(
            ImportWarning(
                src.path,
                paper,
                acct_id,
                "a paperMoney statement: simulated trading, not real holdings",
            )
        )
    net_liq = next(
        (n for n in range(title_line, len(src) + 1) if src.line(n).startswith(NET_LIQ)), None
    )
    if net_liq is None:
        raise ends_before(src, f"its Account Summary ({NET_LIQ})")
    sections = _sections(src)
    frames = []
    for section in ("Equities", "Options"):
        start = sections.get(section)
        if start is None:
            continue
        frame, warns = _positions(src, section, start, acct_id)
        frames.append(frame)
        warnings.extend(warns)
    for n in range(title_line, len(src) + 1):
        raw = src.line(n).strip(' "')
        if raw.startswith("Total Cash"):
            amount = raw[len("Total Cash") :].strip()
            frame, warns = make_positions(
                src, [n], [acct_id], ["CASH"], ["Cash balance"], [amount], asset_type=["cash"]
            )
            frames.append(frame)
            warnings.extend(warns)
    cells = src.cells(net_liq)
    cell = cells[1] if len(cells) > 1 else ""
    reported, warns = reported_number(src, net_liq, cell, NET_LIQ, acct_id)
    warnings.extend(warns)
    if reported is None and not warns:
        warnings.append(no_amount(src, net_liq, NET_LIQ, cell, acct_id))
    account = Account(
        acct_id,
        name,
        account_type_from_name(title.name or title.account_id),
        src.path,
        reported,
        net_liq if reported is not None else None,
        NET_LIQ if reported is not None else "",
    )
    fmt = "thinkorswim-statement"
    return ParsedFile(fmt, parse_date(title.end), [account], concat_positions(frames), warnings)


READER = Reader("thinkorswim", detect, read)
