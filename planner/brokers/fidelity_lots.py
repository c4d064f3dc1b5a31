"""Fidelity lots ("Purchase History/Lots") downloads: the tax lots of the positions.

On Fidelity.com a position's row opens its lots (Accounts & Trade > Portfolio > Positions >
Purchase History/Lots); their download is one row per lot::

    Account Name,Symbol,Description,Acquired,Term,Total Gain/Loss,Total Gain/Loss (%),
        Current Value,Quantity,Average Cost Basis,Cost Basis Total
    Joint WROS - TOD,AAPL,APPLE INC,Mar-15-2019,Long,"+$9,102.00",+151.70%,...,"$6,000.00"

``Acquired`` is the acquisition date (``Mmm-DD-YYYY``), ``Cost Basis Total`` the lot's cost
in dollars (``Average Cost Basis`` x ``Quantity`` when it is missing). An ``Account Number``
(or ``Account Name/Number``) column, when there is one, names the account; else the account's
name does, and a file with neither leaves each lot to the only imported account holding its
symbol (:func:`planner.core.lots.attach_lots`). Headers written without spaces
(``CostBasisTotal``) are the same columns. The file holds lots only: it is imported with the
Fidelity ``Portfolio_Positions`` download of the same day.

Completeness: the download states no totals and no end marker; the lots of each position are
reconciled to the position's quantity and cost basis instead (a lot row lost or repeated is a
warning naming the position). Quoted disclaimers and ``Date downloaded`` after the table end it.
"""

from __future__ import annotations

from planner.brokers.base import ParsedFile, Reader, find_columns, find_date, window
from planner.brokers.complete import filled, table_end
from planner.brokers.fidelity import FOOTER
from planner.brokers.lots import RawLot, make_lots
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import empty_positions

FORMAT = "fidelity-lots"
ALIASES = {
    "account_id": ["account number"],
    "account_both": ["account name/number"],
    "account_name": ["account name"],
    "symbol": ["symbol"],
    "acquired": ["acquired", "date acquired"],
    "term": ["term"],
    "quantity": ["quantity"],
    "cost": ["cost basis total", "costbasistotal"],
    "unit_cost": ["average cost basis", "averagecostbasis", "cost basis per share"],
}


def _header_line(src: Source) -> int | None:
    for n in window(src):
        keys = find_columns(src.cells(n), ALIASES)
        if {"symbol", "acquired", "term", "quantity"} <= keys.keys() and (
            "cost" in keys or "unit_cost" in keys
        ):
            return n
    return None


def detect(src: Source) -> int | None:
    return _header_line(src)


def _is_footer(text: str) -> bool:
    return text.strip().strip('"').lower().startswith(FOOTER)


def read(src: Source) -> ParsedFile:
    h = _header_line(src)
    assert h is not None
    header = src.cells(h)
    cols = find_columns(header, ALIASES)
    last = table_end(
        src, h + 1, lambda n: filled(src, n) >= 3 and not _is_footer(src.first_cell(n))
    )
    account_col = next(
        (cols[k] for k in ("account_id", "account_both", "account_name") if k in cols), None
    )
    raws: list[RawLot] = []
    notes: list[str] = []  # footer lines inside the table (a "Date downloaded" right under it)
    for n in range(h + 1, last + 1):
        cells = src.cells(n)
        if any(cells) and _is_footer(cells[0]):
            notes.append(src.line(n))
        if not any(cells) or _is_footer(cells[0]):
            continue
        padded = [*cells, *([""] * (len(header) + 1))]

        def cell(field: str, padded: list[str] = padded) -> str:
            return padded[cols[field]] if field in cols else ""

        if not cell("symbol").strip():
            if cell("quantity").strip():
                raise InputError(
                    src.path, n, "a lot row without a symbol: the lots file is damaged"
                )
            continue
        account = padded[account_col] if account_col is not None else ""
        raws.append(
            RawLot(
                n,
                account,
                cell("symbol"),
                cell("acquired"),
                cell("quantity"),
                cost=cell("cost"),
                unit_cost=cell("unit_cost"),
            )
        )
    lots, warnings = make_lots(src, raws)
    footer = " ".join([*notes, *src.lines[last : last + 20]])
    return ParsedFile(FORMAT, find_date(footer), [], empty_positions(), warnings, lots)


READER = Reader("fidelity-lots", detect, read)
