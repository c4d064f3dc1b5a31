"""Tax-lot rows, as brokers write them, to :class:`~planner.core.holdings.LotRecord` s.

Every lots layout (E*TRADE's lot sub-rows, Schwab's Lot Details, Fidelity's lots view, a
mapped lots CSV) hands its rows here as raw cells, so every layout treats a bad lot alike -
the bad-input contract of the positions, applied to lots:

* the acquisition date: a date brokers write (``10/30/2017``, ``10/30/2017 00:00:00``,
  ``Mar-15-2020``, ``2024-01-12``); a placeholder (``--``, empty) is an unknown date, said
  nothing about; anything else is a **warning** naming the line, and the date is unknown (the
  gain's term is then unknown, as for a position without lots);
* the quantity, in shares, must be a number above zero: a lot with no shares, a negative
  quantity or one that is not a number is **refused** (``FILE:LINE: reason``, exit 3) - leaving
  the lot out would make the position's lots look whole when they are not;
* the cost, in dollars for the whole lot (or per share times the quantity): not a number is a
  warning and the cost is unknown; a negative cost is refused; infinity, NaN and amounts beyond
  ten trillion are refused as everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from planner.brokers.base import parse_date
from planner.brokers.numbers import PLACEHOLDERS, is_absurd, parse_number
from planner.brokers.source import Source
from planner.core.assets import normalize_symbol
from planner.core.errors import InputError
from planner.core.holdings import ImportWarning, LotRecord

#: Words a lots file writes where it does not know the acquisition date.
UNKNOWN_DATES = PLACEHOLDERS | {"unknown", "various", "multiple"}


@dataclass(frozen=True)
class RawLot:
    """One lot row as cells. ``cost`` is dollars for the whole lot; when it is empty,
    ``value`` minus ``gain`` (E*TRADE states both exactly) is, else ``unit_cost`` (dollars
    per share) times the quantity."""

    line: int
    account: str
    symbol: str
    acquired: str
    quantity: str
    cost: str = ""
    unit_cost: str = ""
    value: str = ""
    gain: str = ""


def lot_date(text: str, date_format: str | None = None) -> date | None:
    """A lot's acquisition date, in ``date_format`` (a ``strptime`` format) or any form
    brokers use; a time after the date (``00:00:00``) is ignored."""
    t = text.strip()
    words = t.split()
    # the date is the words before the first one of a time ("Mar 15 2020 10:30:00 AM")
    time = next((i for i, w in enumerate(words) if i > 0 and ":" in w), None)
    if time is not None:
        t = " ".join(words[:time])
    if date_format is None:
        return parse_date(t)
    try:
        return datetime.strptime(t, date_format).date()
    except ValueError:
        return None


class _NotANumber(ValueError):
    """A cell that should be a number and is not (a placeholder is None, not this)."""


def _number(
    src: Source, raw: RawLot, cell: str, name: str, decimal_comma: bool = False
) -> float | None:
    """One cell of a lot row: a number, None for a placeholder; :class:`_NotANumber` for
    text; infinity, NaN and absurd sizes are refused."""
    if is_absurd(cell, decimal_comma):
        raise InputError(
            src.path,
            raw.line,
            f"{name} {cell.strip()[:40]!r} of the lot of {raw.symbol.strip() or '?'} is not a "
            "finite number within ten trillion: the file is damaged",
        )
    try:
        return parse_number(cell, decimal_comma)
    except ValueError:
        raise _NotANumber(cell) from None


def _cost(src: Source, raw: RawLot, quantity: float, comma: bool) -> float | None:
    """The lot's total cost in dollars: as stated, else value - gain (both numbers), else
    per share x quantity, else unknown."""
    if raw.cost.strip():
        return _number(src, raw, raw.cost, "the cost", comma)
    if raw.value.strip() and raw.gain.strip():
        value = _number(src, raw, raw.value, "the value", comma)
        gain = _number(src, raw, raw.gain, "the gain", comma)
        if value is not None and gain is not None:
            return round(value - gain, 6)  # no float noise beyond the file's decimals
    if raw.unit_cost.strip():
        unit = _number(src, raw, raw.unit_cost, "the cost per share", comma)
        return None if unit is None else round(unit * quantity, 6)
    return None


def _quantity(src: Source, raw: RawLot, what: str, comma: bool) -> float:
    said = raw.quantity.strip()[:40]
    try:
        quantity = _number(src, raw, raw.quantity, "the quantity", comma)
    except _NotANumber:
        quantity = None
    if quantity is not None and quantity > 0:
        return quantity
    why = (
        "is missing"
        if not said
        else "is not a number"
        if quantity is None
        else "is negative"
        if quantity < 0
        else "is zero"
    )
    raise InputError(
        src.path,
        raw.line,
        f"the quantity {said!r} of {what} {why}: a lot holds a number of shares above zero; "
        "the lots file is damaged",
    )


def make_lots(
    src: Source,
    raws: Iterable[RawLot],
    decimal_comma: bool = False,
    date_format: str | None = None,
) -> tuple[list[LotRecord], list[ImportWarning]]:
    """Lot records for the raw rows, in order, and the warnings they earned (numbers with a
    decimal comma when ``decimal_comma``; dates in ``date_format`` when given)."""
    lots: list[LotRecord] = []
    warnings: list[ImportWarning] = []
    for raw in raws:
        symbol = normalize_symbol(raw.symbol.strip())
        what = f"the lot of {symbol}" if symbol else "the lot"
        account = raw.account.strip() or None
        quantity = _quantity(src, raw, what, decimal_comma)
        try:
            cost = _cost(src, raw, quantity, decimal_comma)
        except _NotANumber as bad:
            said = str(bad).strip()[:40]
            message = f"the cost {said!r} of {what} is not a number; the lot's cost is unknown"
            warnings.append(ImportWarning(src.path, raw.line, account, message))
            cost = None
        if cost is not None and cost < 0:
            raise InputError(
                src.path,
                raw.line,
                f"the cost -${-cost:,.2f} of {what} is negative: a lot costs zero dollars or more",
            )
        acquired = lot_date(raw.acquired, date_format)
        said = raw.acquired.strip()
        if acquired is None and said.lower() not in UNKNOWN_DATES:
            message = (
                f"the acquisition date {said[:40]!r} of {what} is not a date; the term of a "
                "gain on it (short or long) is unknown"
            )
            warnings.append(ImportWarning(src.path, raw.line, account, message))
        lots.append(
            LotRecord(raw.account.strip(), symbol, acquired, quantity, cost, src.path, raw.line)
        )
    return lots, warnings
