"""E*TRADE "PortfolioDownload" exports.

An ``Account Summary`` block (header, then a row naming the account and its net value, when
E*TRADE fills it in), a ``Filters applied`` mini-table, the positions table, ``CASH`` and
``TOTAL`` rows with one extra trailing field, blank lines and ``Generated at <date>``.

A position's cost basis, and a lot's, is ``Total Cost`` when the view has that column, else
``Value $`` minus ``Total Gain $`` (exact to the file's four decimals), else ``Quantity`` x
``Price Paid $`` when the value or the gain is missing. A gain that is not a number leaves the
cost unknown, with a warning naming the line and the cell, as every unreadable number does: the
row is damaged, so its cost is not made up from another column.

When lots are expanded, each position row is followed by tax-lot sub-rows whose first cell is
the acquisition date (often indented; ``--`` when E*TRADE does not know it): they are parts of
the position above, never counted again as positions, and become its tax lots - the lot's
``Quantity`` and its cost. A lot row with no position above it is refused. The same symbol may
legitimately appear on two position rows, each with its own lots.

Completeness and reconciliation: the ``TOTAL`` row closes every positions table, so a file
without one was cut off and is refused, and so is a row after it or a row of numbers without a
symbol (it would be left out unseen). The TOTAL row is also the figure the positions reconcile
against - the strongest the file states; ``Net Account Value`` in the summary (which counts
more than the view may show) is used only if the TOTAL row has no readable value. A custom
view filtered to some symbols or security types says so in a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from planner.brokers import table
from planner.brokers.base import (
    ParsedFile,
    Reader,
    find_columns,
    find_date,
    parse_date,
    reported_number,
    strip_text,
    window,
)
from planner.brokers.complete import ends_before, filled, no_amount, table_end, unchecked
from planner.brokers.lots import RawLot, make_lots
from planner.brokers.numbers import MAX_MAGNITUDE, PLACEHOLDERS, parse_column
from planner.brokers.positions import make_positions, read_numbers
from planner.brokers.source import Source
from planner.brokers.titles import split_etrade_account
from planner.core.accounts import account_type_from_name
from planner.core.errors import InputError
from planner.core.holdings import Account, ImportWarning, LotRecord

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
NUMBERS = ("quantity", "price", "price_paid", "total_gain", "cost_total", "value")
MARKERS = ("Account Summary", "View Summary", "Filters applied")
#: A lot sub-row's first cell: a date, a date-shaped cell that is not a valid one
#: (``13/45/2024``: a lot with a damaged date, not a ticker), or ``--``.
_LOT = re.compile(r"^\s*\d{1,4}[/-]\d{1,2}[/-]\d{1,4}\s*$|^\s*--\s*$")


def _header_line(src: Source) -> int | None:
    for n in window(src):
        if not src.line(n).startswith("Symbol,"):
            continue
        cols = find_columns(src.cells(n), ALIASES)
        if "value" in cols and "quantity" in cols and "symbol" in cols:
            return n
    return None


def detect(src: Source) -> int | None:
    if not any(src.line(n).strip().startswith(MARKERS) for n in window(src)):
        return None
    return _header_line(src)


def _summary(src: Source) -> tuple[str, str, float | None, int | None, list[ImportWarning]]:
    """Account name, number, Net Account Value and its line, from the summary block."""
    for n in window(src):
        if not src.line(n).startswith("Account,Net Account Value") or n + 1 > len(src):
            continue
        row = src.cells(n + 1)
        if not (row and row[0]):
            break
        name, acct_id = split_etrade_account(row[0]) or (row[0], row[0])
        if len(row) < 2:
            return name, acct_id, None, None, []
        value, warns = reported_number(src, n + 1, row[1], "Net Account Value", acct_id)
        return name, acct_id, value, n + 1, warns
    return "", "", None, None, []


def _filtered(src: Source) -> ImportWarning | None:
    """A view filtered to some symbols or security types leaves the others out of the file."""
    for n in window(src):
        if not src.line(n).startswith("Symbol,Security type(s)") or n + 1 > len(src):
            continue
        row = [*src.cells(n + 1), "", ""]
        symbols, kinds = row[0], row[1]
        if symbols or (kinds and kinds.lower() != "all"):
            shown = ", ".join(x for x in (symbols, kinds) if x)[:80]
            return unchecked(
                src,
                f"the view is filtered ({shown}): positions outside the filter are not in the "
                "file; download the 'All Positions' view for the whole account",
            )
    return None


def read(src: Source) -> ParsedFile:
    acct_name, acct_id, nav, nav_line, warnings = _summary(src)
    filtered = _filtered(src)
    if filtered is not None:
        warnings.append(filtered)
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
    last = table_end(src, h + 1, lambda n: filled(src, n) >= 2)
    width = len(header) + 1  # CASH and TOTAL rows carry one extra field
    numbers = [cols[k] for k in NUMBERS if k in cols]
    block = src.columns(h + 1, last, width, list(cols.values()), joined=numbers)
    symbols = strip_text(block[cols["symbol"]])
    total_at = next((i for i, s in enumerate(symbols) if s.upper() == "TOTAL"), None)
    if total_at is None:
        raise ends_before(src, "its TOTAL row")

    def holds_cells(i: int) -> bool:
        return any(block[c][i].strip() for c in cols.values())

    stray = next((i for i in range(total_at + 1, len(symbols)) if holds_cells(i)), None)
    if stray is not None:
        raise InputError(
            src.path,
            h + 1 + stray,
            "a row after the TOTAL row: the positions table is damaged; download it again",
        )
    total_line = h + 1 + total_at
    cell = block[cols["value"]][total_at]
    total, warns = reported_number(src, total_line, cell, "the TOTAL row's value", acct_id)
    warnings.extend(warns)
    strongest: tuple[float | None, int | None, str] = (total, total_line, "TOTAL row")
    if total is None and nav is not None:
        strongest = (nav, nav_line, "Net Account Value")
    elif total is None and not warns:
        warnings.append(no_amount(src, total_line, "the TOTAL row", cell, acct_id))
        strongest = (None, None, "")
    reported, strongest_line, label = strongest
    keep: list[int] = []
    cash_rows: list[bool] = []
    lot_rows: list[tuple[int, int]] = []  # (block row, index in keep of its position)
    for i in range(total_at):
        s = symbols[i]
        if not s:
            if holds_cells(i):
                raise InputError(
                    src.path,
                    h + 1 + i,
                    "a row without a symbol: nothing says what it holds; the file is damaged",
                )
            continue
        if _LOT.match(s) or parse_date(s) is not None:
            if not keep or cash_rows[-1]:
                above = "the CASH row" if keep else "the header"
                raise InputError(
                    src.path,
                    h + 1 + i,
                    f"a tax-lot row ({s[:20]!r}) right under {above}: a lot belongs to the "
                    "position above it and there is none; the file is damaged",
                )
            lot_rows.append((i, len(keep) - 1))
            continue
        keep.append(i)
        cash_rows.append(s.upper() == "CASH")

    def pick(field: str) -> Sequence[str] | None:
        return table.take(block[cols[field]], keep) if field in cols else None

    lines = [h + 1 + i for i in keep]
    ids = [acct_id] * len(keep)
    names = [symbols[i] for i in keep]
    value = pick("value") or []
    cost = pick("cost_total")
    if cost is None:
        cost, warns = _costs(
            src,
            (lines, ids, names),
            value,
            pick("total_gain"),
            pick("quantity"),
            pick("price_paid"),
        )
        warnings.extend(warns)
    frame, warns = make_positions(
        src,
        lines,
        ids,
        names,
        (pick("description") or ["Cash" if c else "" for c in cash_rows]),
        value,
        quantity=pick("quantity"),
        price=pick("price"),
        cost_basis=cost,
        asset_type=None,
    )
    frame.loc[np.asarray(cash_rows, dtype=bool), "asset_type"] = "cash"
    warnings.extend(warns)
    lots, warns = _lots(src, h, block, cols, symbols, lot_rows, frame["symbol"].tolist(), acct_id)
    warnings.extend(warns)
    account = Account(
        acct_id,
        acct_name or "E*TRADE account",
        account_type_from_name(acct_name),
        src.path,
        reported,
        strongest_line,
        label if reported is not None else "",
    )
    footer = " ".join(line for line in src.lines[last : last + 50] if "Generated" in line)
    return ParsedFile(
        "etrade-portfolio-lots" if lot_rows else "etrade-portfolio",
        find_date(footer),
        [account],
        frame,
        warnings,
        lots,
    )


def _costs(
    src: Source,
    rows: tuple[list[int], list[str], list[str]],
    value: Sequence[str],
    gain: Sequence[str] | None,
    quantity: Sequence[str] | None,
    paid: Sequence[str] | None,
) -> tuple[list[str], list[ImportWarning]]:
    """Each position's cost basis, as a cell: ``Value $`` - ``Total Gain $`` (exact to the
    file's decimals), else ``Quantity`` x ``Price Paid $`` where the value or the gain is
    missing (a placeholder, or no such column) - as for the lots. ``rows``: the positions'
    lines, account ids and symbols. A gain or price paid that is not a number is warned about
    as every number cell is (:func:`read_numbers`) and leaves the cost unknown: the row is
    damaged, and its lots, read from the same cells, have no cost either."""
    lines, ids, names = rows
    v, bad = parse_column(value)  # the value's own warnings come from make_positions
    damaged = set(bad)
    g = np.full(len(lines), np.nan)
    warnings: list[ImportWarning] = []
    if gain is not None:
        g, warnings = read_numbers(src, lines, ids, names, gain, "total gain")
    with np.errstate(invalid="ignore"):
        cost = np.where(np.abs(v) <= MAX_MAGNITUDE, v - g, np.nan)
    unknown = np.flatnonzero(np.isnan(cost)).tolist()
    if gain is not None:
        damaged.update(
            i for i in unknown if np.isnan(g[i]) and gain[i].strip().lower() not in PLACEHOLDERS
        )
    fall = [i for i in unknown if i not in damaged]
    if fall and quantity is not None and paid is not None:
        q, _ = parse_column(table.take(quantity, fall))  # warned about by make_positions
        p, warns = read_numbers(
            src,
            [lines[i] for i in fall],
            [ids[i] for i in fall],
            [names[i] for i in fall],
            table.take(paid, fall),
            "price paid",
        )
        warnings.extend(warns)
        cost[fall] = np.round(q * p, 6)
    return ["" if np.isnan(x) else f"{x:.6f}" for x in cost.tolist()], warnings


def _lots(
    src: Source,
    h: int,
    block: dict[int, Sequence[str]],
    cols: dict[str, int],
    symbols: Sequence[str],
    lot_rows: list[tuple[int, int]],
    position_symbols: Sequence[str],
    acct_id: str,
) -> tuple[list[LotRecord], list[ImportWarning]]:
    """The lot sub-rows as lots of the positions above them."""

    def cell(field: str, i: int) -> str:
        return block[cols[field]][i] if field in cols else ""

    raws = [
        RawLot(
            h + 1 + i,
            acct_id,
            position_symbols[parent],
            symbols[i],
            cell("quantity", i),
            cost=cell("cost_total", i),
            unit_cost=cell("price_paid", i),
            value=cell("value", i),
            gain=cell("total_gain", i),
        )
        for i, parent in lot_rows
    ]
    return make_lots(src, raws)


READER = Reader("etrade", detect, read)
