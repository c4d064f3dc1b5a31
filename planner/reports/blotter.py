"""The trade blotter: the plan as order lines for a custodian's bulk-trade upload, in
execution order (map the headers in the upload screen if yours names them differently).

    step,account_number,symbol,action,quantity,order_type,estimated_price,estimated_value,
    price_as_of,price_source,lot_method,lot_acquired,lot_term,lot_cost,lot_gain

One line per order, in ``step`` order (per account, sells before buys: their cash pays for the
buys). ``action`` is BUY or SELL, ``order_type`` MARKET, ``quantity`` whole shares unless the
policy allows fractions; account numbers are written in full (an upload needs them) unless
masked.

Lots: a sell names its lots by **specific identification**, the way custodians take it on an
order - one lot per order line, "versus purchase" (VSP) the lot's acquisition date. So a sell
drawn from several lots is several lines with the same ``step``, one per lot, each with that
lot's shares; the lines of one step add up to the trade. ``lot_method`` is ``VSP`` when the line
names a dated lot; empty when the custodian's default applies (a lot without a date, or a buy).
``lot_cost`` is the dollars of cost of those shares; ``lot_gain`` their estimated gain.

The file is created readable by its owner only (0600): it holds full account numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from planner.core.errors import InputError
from planner.core.plan import Plan, PlannedTrade
from planner.core.privacy import mask_account
from planner.storage import write_text_atomic

COLUMNS = (
    "step",
    "account_number",
    "symbol",
    "action",
    "quantity",
    "order_type",
    "estimated_price",
    "estimated_value",
    "price_as_of",
    "price_source",
    "lot_method",
    "lot_acquired",
    "lot_term",
    "lot_cost",
    "lot_gain",
)
#: Permissions of a written blotter: the owner's alone.
FILE_MODE = 0o600


def _number(x: float, places: int = 6) -> str:
    return f"{x:.{places}f}".rstrip("0").rstrip(".") if places else f"{x:.0f}"


def _money(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def _text(value: str) -> str:
    """A leading = + - @ would make a spreadsheet read a formula: quote it away."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def in_order(trades: list[PlannedTrade]) -> list[PlannedTrade]:
    """Trades by ``step`` (the plan's order where steps tie)."""
    return [t for _, t in sorted(enumerate(trades), key=lambda it: (it[1].step, it[0]))]


def _lines(t: PlannedTrade) -> Iterator[tuple[float, list[str]]]:
    """(quantity, lot fields) for each order line of a trade."""
    if t.side != "sell" or not t.lots:
        yield t.shares, ["", "", "", "", ""]
        return
    for lot in t.lots:
        acquired = lot.acquired.isoformat() if lot.acquired else ""
        yield (
            lot.shares,
            ["VSP" if acquired else "", acquired, lot.term, _money(lot.cost), _money(lot.gain)],
        )


def blotter_text(plan: Plan, mask_accounts: bool = False) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for i, t in enumerate(in_order(plan.trades), 1):
        account = mask_account(t.account_id) if mask_accounts else t.account_id
        as_of = t.price_as_of.isoformat() if t.price_as_of else ""
        for quantity, lot in _lines(t):
            value = t.value if quantity == t.shares else quantity * t.price
            w.writerow(
                [
                    t.step or i,
                    _text(account),
                    _text(t.symbol),
                    t.side.upper(),
                    _number(quantity),
                    "MARKET",
                    f"{t.price:.2f}",
                    f"{value:.2f}",
                    as_of,
                    _text(t.price_source),
                    *lot,
                ]
            )
    return out.getvalue()


def write_blotter(path: str | Path, plan: Plan, mask_accounts: bool = False) -> None:
    """The blotter alone, atomically, readable by its owner only (0600: full account
    numbers). ``export_plan`` writes it together with the workbook and the archive entry."""
    try:
        write_text_atomic(Path(path), blotter_text(plan, mask_accounts), mode=FILE_MODE)
    except OSError as err:
        raise InputError(
            str(path),
            None,
            f"cannot write the blotter ({err.strerror or err}); the previous file is unchanged",
        ) from None
