"""Charles Schwab "Lot Details" downloads: the tax lots of a position.

On schwab.com, Accounts > Positions, the Cost Basis of a position opens its lot details, which
export as CSV. One section per security (a file may hold several, one after another)::

    "NVDA Lot Details for XXXX-8046 as of 10:12 AM ET, 09/30/2025"
    (blank)
    "Open Date","Quantity","Price","Cost/Share","Market Value","Cost Basis","Gain/Loss $",
        "Gain/Loss %","Holding Period",
    "06/14/2021 00:00:00","40","$186.58","$18.75","$7,463.20","$750.00",...,"Long Term",
    "Total","120","--","--","$22,389.60","$5,400.00",...,"--",

Only the title names the security and the account (masked, ``XXXX-8046``: the positions file
says ``...046``; :func:`planner.core.lots.attach_lots` matches the two); a title without
``for <account>`` leaves the account to the only imported account holding the security.
``Cost Basis`` is the lot's total cost in dollars (``Cost/Share`` x ``Quantity`` when it is
missing). The file holds lots only: it is imported with the positions file of the same account.

Completeness: each section ends with its ``Total`` row, so a file without it was cut off and
is refused; the lots of a section must add up to its Total row's quantity and cost basis, or
the import warns naming the line - a lot row lost or damaged inside the file is never silent.
"""

from __future__ import annotations

from planner.brokers.base import (
    ParsedFile,
    Reader,
    find_columns,
    find_date,
    header_key,
    reported_number,
    window,
)
from planner.brokers.complete import ends_before, filled
from planner.brokers.lots import RawLot, make_lots
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import ImportWarning, LotRecord, empty_positions

FORMAT = "schwab-lot-details"
ALIASES = {
    "open_date": ["open date"],
    "quantity": ["quantity", "qty"],
    "unit_cost": ["cost/share", "cost per share"],
    "cost": ["cost basis"],
}
TITLE = " lot details"


def _is_header(src: Source, n: int) -> bool:
    raw = src.line(n)
    if not (raw.startswith('"Open Date"') or raw.startswith("Open Date")):
        return False
    keys = {header_key(c) for c in src.cells(n)}
    return {"open date", "quantity", "cost basis"} <= keys and bool(
        keys & {"cost/share", "cost per share", "holding period"}
    )


def detect(src: Source) -> int | None:
    return next((n for n in window(src) if _is_header(src, n)), None)


def split_title(text: str) -> tuple[str, str] | None:
    """``"NVDA Lot Details for XXXX-8046 as of 10:12 AM ET, 09/30/2025"`` -> (``NVDA``,
    ``XXXX-8046``); the account is ``""`` when the title names none; None for other text."""
    if len(text) > 400:
        return None
    low = text.lower()
    at = low.find(TITLE)
    if at <= 0:
        return None
    rest, low_rest = text[at + len(TITLE) :], low[at + len(TITLE) :]
    account = ""
    if low_rest.startswith(" for "):
        end = low_rest.rfind(" as of ")  # the date comes last: a nickname may say "as of"
        account = rest[5 : end if end >= 0 else len(rest)].strip()
    return text[:at].strip(), account


def _title_above(src: Source, header: int) -> tuple[int, str, str]:
    """The section title above the header on line ``header``: line, symbol, account."""
    for n in range(header - 1, 0, -1):
        if src.is_blank(n):
            continue
        found = split_title(src.first_cell(n))
        if found is not None and filled(src, n) == 1:
            return n, found[0], found[1]
        break
    raise InputError(
        src.path,
        header,
        'a Lot Details table without its title line above it ("<symbol> Lot Details for '
        '<account> as of ..."): the title names the security; the file is damaged',
    )


def _section(
    src: Source, h: int, stop: int, symbol: str, account: str, is_last: bool
) -> tuple[list[RawLot], int, list[ImportWarning]]:
    """The lot rows under the header on line ``h`` and the line of their Total row (looked
    for before line ``stop``); warnings where the lots disagree with the Total row."""
    cols = find_columns(src.cells(h), ALIASES)
    if "open_date" not in cols or "quantity" not in cols:
        raise InputError(src.path, h, "a Lot Details header without Open Date or Quantity")
    raws: list[RawLot] = []
    for n in range(h + 1, stop):
        cells = src.cells(n)
        if not any(cells):
            continue
        if cells[0].strip().lower() == "total":
            return raws, n, _check_total(src, n, cells, cols, raws, symbol, account)
        padded = [*cells, *([""] * (len(src.cells(h)) + 1))]

        def cell(field: str, padded: list[str] = padded) -> str:
            return padded[cols[field]] if field in cols else ""

        raws.append(
            RawLot(
                n,
                account,
                symbol,
                cell("open_date"),
                cell("quantity"),
                cost=cell("cost"),
                unit_cost=cell("unit_cost"),
            )
        )
    what = f"the Total row of the {symbol} lots"
    if is_last:
        raise ends_before(src, what)
    raise InputError(
        src.path, stop, f"{what} is missing before the next security's lots: the file is damaged"
    )


def _check_total(
    src: Source,
    n: int,
    cells: list[str],
    cols: dict[str, int],
    raws: list[RawLot],
    symbol: str,
    account: str,
) -> list[ImportWarning]:
    """The section's lots against its Total row: shares and cost basis (to the broker's
    rounding: half a thousandth of a share, half a cent, per lot)."""
    lots, _ = make_lots(src, raws)
    padded = [*cells, *([""] * (max(cols.values()) + 1))]
    out: list[ImportWarning] = []
    qty, warns = reported_number(src, n, padded[cols["quantity"]], "the Total quantity")
    out += warns
    said = []
    if qty is not None:
        held = sum(lot.quantity for lot in lots)
        if abs(held - qty) > 0.0005 * (len(lots) + 1):
            said.append(f"{held:,.4f} shares where the Total row says {qty:,.4f}")
    if "cost" in cols and all(lot.cost is not None for lot in lots):
        cost, warns = reported_number(src, n, padded[cols["cost"]], "the Total cost basis")
        out += warns
        paid = sum(lot.cost or 0.0 for lot in lots)
        if cost is not None and abs(paid - cost) > 0.005 * (len(lots) + 1):
            said.append(f"a cost of ${paid:,.2f} where the Total row says ${cost:,.2f}")
    if said:
        out.append(
            ImportWarning(
                src.path,
                n,
                account or None,
                f"the {symbol} lots add up to {' and '.join(said)}: a lot row is missing, "
                "repeated or damaged",
            )
        )
    return out


def read(src: Source) -> ParsedFile:
    starts = src.lines_starting_with(('"Open Date"', "Open Date"))
    headers = [n for n in starts if _is_header(src, n)]
    titles = [_title_above(src, h) for h in headers]
    raws: list[RawLot] = []
    warnings: list[ImportWarning] = []
    as_of = find_date(src.first_cell(titles[0][0]))
    for k, (h, (_, symbol, account)) in enumerate(zip(headers, titles, strict=True)):
        last = k + 1 == len(headers)
        stop = len(src) + 1 if last else titles[k + 1][0]
        rows, total_line, warns = _section(src, h, stop, symbol, account, last)
        raws += rows
        warnings += warns
        _nothing_between(src, total_line + 1, stop)
    lots: list[LotRecord]
    lots, warns = make_lots(src, raws)
    return ParsedFile(FORMAT, as_of, [], empty_positions(), warnings + warns, lots)


def _nothing_between(src: Source, first: int, stop: int) -> None:
    """After a section's Total row only blank lines and the next title may come: a row there
    is a lot that lost its table, a title there a section that lost its table (the file cut
    off after it)."""
    for n in range(first, stop):
        if filled(src, n) >= 2:
            raise InputError(
                src.path,
                n,
                "a row after the Total row of a Lot Details table, outside any table: the file "
                "is damaged",
            )
        found = split_title(src.first_cell(n)) if filled(src, n) == 1 else None
        if found is not None:
            raise InputError(
                src.path,
                n,
                f"the title of the {found[0]} lots without their table after it: the file is "
                "cut short or damaged",
            )


READER = Reader("schwab-lots", detect, read)
