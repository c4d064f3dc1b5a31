"""Interactive Brokers Flex Query "Open Positions" CSV, in either form: a plain table
(``ClientAccountID,...,MarkPrice,PositionValue``, its header possibly repeated per account,
``LevelOfDetail`` SUMMARY/LOT) or ``HEADER``/``DATA`` rows with section code ``POST``.

Values are in the row's own currency and ``FXRateToBase`` converts them: a blank or unreadable
rate leaves a row in another currency unconverted, and it warns; a rate of 0 or below is
refused. A row's multiplier is its ``Multiplier`` (10 for a mini option); a row without a
value is valued at quantity x price x multiplier; bonds are priced per 100 of face value.

Completeness: a Flex query states no totals, so every import of one warns that completeness
could not be checked; in ``HEADER``/``DATA`` form it must at least reach its ``EOF`` line, or
it was cut off and is refused; a ``DATA,POST`` row above the ``HEADER,POST`` row that names
its columns cannot be read, and is refused too. The Activity Statement is
:mod:`planner.brokers.ibkr`.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.brokers.base import ParsedFile, Reader, find_columns, parse_date, window
from planner.brokers.complete import ends_before, unchecked
from planner.brokers.ibkr import CATEGORY, number, stated
from planner.brokers.positions import make_positions
from planner.brokers.source import Source
from planner.core.accounts import account_type_from_name
from planner.core.errors import InputError
from planner.core.holdings import Account, ImportWarning


def _rate(
    src: Source, line: int, cell: str, currency: str, symbol: str, account: str
) -> tuple[float, ImportWarning | None]:
    """A Flex row's ``FXRateToBase`` and the warning it gives. A rate of 0 converts nothing
    and is refused; a blank or unreadable rate is 1, which is right for a row in US dollars
    and, for a row in another currency, leaves its value unconverted: that row warns."""
    rate = stated(src, line, cell, "FXRateToBase")
    if rate is None and number(cell) == 0:
        raise InputError(src.path, line, f"FXRateToBase {cell.strip()!r} is not a sane number")
    if rate is not None or currency.strip().upper() in ("", "USD"):
        return rate or 1.0, None
    shown = f"{cell.strip()[:40]!r}" if cell.strip() else "none"
    return 1.0, ImportWarning(
        src.path,
        line,
        account,
        f"{symbol} is valued in {currency.strip()}, not USD, and its FXRateToBase is "
        f"unreadable ({shown}), so its value is taken as is",
    )


FLEX = {
    "account_id": ["clientaccountid"],
    "alias": ["accountalias"],
    "currency": ["currencyprimary"],
    "fx": ["fxratetobase"],
    "category": ["assetclass"],
    "symbol": ["symbol"],
    "description": ["description"],
    "quantity": ["position", "quantity"],
    "price": ["markprice"],
    "value": ["positionvalue"],
    "cost_basis": ["costbasismoney"],
    "multiplier": ["multiplier"],
    "detail": ["levelofdetail"],
    "report_date": ["reportdate"],
}


def _flex_header(cells: Sequence[str]) -> dict[str, int] | None:
    body = list(cells[2:]) if cells[:2] in (["HEADER", "POST"],) else list(cells)
    cols = find_columns(body, FLEX)
    if {"symbol", "price", "value", "quantity"} <= cols.keys():
        return cols
    return None


def detect_flex(src: Source) -> int | None:
    return next((n for n in window(src) if _flex_header(src.cells(n))), None)


def read_flex(src: Source) -> ParsedFile:
    warnings: list[ImportWarning] = []
    cols: dict[str, int] | None = None
    prefixed = False
    lines: list[int] = []
    vals: dict[str, list[str]] = {k: [] for k in FLEX}
    sections = ended = False
    for n in range(1, len(src) + 1):
        cells = src.cells(n)
        if not cells:
            continue
        if cells[0] == "BOF":
            sections = True
        elif cells[0] == "EOF":
            ended = True
        found = _flex_header(cells)
        if found is not None:
            cols, prefixed = found, cells[:2] == ["HEADER", "POST"]
            continue
        if cells[:2] == ["DATA", "POST"] and not prefixed:
            raise InputError(
                src.path,
                n,
                "a DATA row of the positions section (POST) above its HEADER row: the file is "
                "damaged; download it again",
            )
        if cols is None:
            continue
        if prefixed:
            if cells[:2] != ["DATA", "POST"]:
                continue
            cells = cells[2:]
        elif cells[0] in ("BOF", "EOF", "BOA", "EOA", "BOS", "EOS", "HEADER", "DATA"):
            continue
        row = {k: (cells[i] if i < len(cells) else "") for k, i in cols.items()}
        if row.get("detail", "SUMMARY").upper() not in ("SUMMARY", ""):
            continue
        lines.append(n)
        for k in FLEX:
            vals[k].append(row.get(k, ""))
    if sections and not ended:
        raise ends_before(src, "its EOF line (a Flex query in HEADER/DATA form ends with one)")
    marker = "" if sections else " and, in this plain form, no end marker"
    warnings.append(unchecked(src, f"a Flex query states no totals{marker}"))
    ids = [a or "IBKR" for a in vals["account_id"]]
    types = [CATEGORY.get(c.lower(), "other") for c in vals["category"]]
    rated = [
        _rate(src, n, f, c, s, a)
        for n, f, c, s, a in zip(
            lines, vals["fx"], vals["currency"], vals["symbol"], ids, strict=True
        )
    ]
    fx = [rate for rate, _ in rated]
    warnings.extend(w for _, w in rated if w is not None)
    mult = [stated(src, n, m, "Multiplier") for n, m in zip(lines, vals["multiplier"], strict=True)]
    frame, warns = make_positions(
        src,
        lines,
        ids,
        vals["symbol"],
        vals["description"],
        vals["value"],
        quantity=vals["quantity"],
        price=vals["price"],
        cost_basis=vals["cost_basis"],
        asset_type=types,
        multiplier=[0.01 if t == "bond" else m for m, t in zip(mult, types, strict=True)],
    )
    warnings.extend(warns)
    if len(frame):
        frame["market_value"] = frame["market_value"] * fx
        frame["cost_basis"] = frame["cost_basis"] * fx
        frame["price"] = frame["price"] * fx
    accounts: dict[str, Account] = {}
    for a, alias in zip(ids, vals["alias"], strict=True):
        if a not in accounts:
            accounts[a] = Account(a, alias or a, account_type_from_name(alias), src.path)
    dates = [d for d in (parse_date(x) for x in vals["report_date"]) if d]
    return ParsedFile(
        "ibkr-flex-positions", max(dates, default=None), list(accounts.values()), frame, warnings
    )


FLEX_READER = Reader("ibkr-flex", detect_flex, read_flex)
