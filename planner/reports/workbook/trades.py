"""The Trades sheet (one row per trade in execution order, with its price's date and source,
its reason in words and its sentence) and the Lots sheet (one row per lot a sell names,
keyed by the trade's step): the operations desk works down these in order."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from planner.core.plan import PlannedTrade
from planner.reports.labels import (
    ACCOUNT_TYPE_WORDS,
    SIDE_WORDS,
    TERM_WORDS,
    reasons_in_words,
    word,
)
from planner.reports.workbook.context import Book
from planner.reports.workbook.layout import (
    BOLD,
    DATE,
    MONEY,
    PRICE,
    SHARES,
    WHOLE,
    Col,
    Sheet,
)

#: The Trades sheet's columns (header, column).
TRADE_COLUMNS: list[tuple[str, Col]] = [
    ("Step", Col(4)),
    ("Account", Col(12, 22)),
    ("Account type", Col(10, 12)),
    ("Side", Col(4)),
    ("Symbol", Col(6, 8)),
    ("Description", Col(12, 18)),
    ("Shares", Col(7)),
    ("Price", Col(8)),
    ("Value", Col(10)),
    ("Price as of", Col(9)),
    ("Price source", Col(12, 16)),
    ("Realised gain", Col(9)),
    ("Tax", Col(8)),
    ("Wash sale", Col(5)),
    ("Reason", Col(12, 14)),
    ("Explanation", Col(48, 48)),
]
LOT_COLUMNS: list[tuple[str, Col]] = [
    ("Step", Col(5)),
    ("Account", Col(12, 24)),
    ("Account type", Col(10, 15)),
    ("Symbol", Col(7, 10)),
    ("Lot", Col(5)),
    ("Acquired", Col(10)),
    ("Term", Col(9)),
    ("Shares", Col(8)),
    ("Price", Col(9)),
    ("Proceeds", Col(11)),
    ("Cost", Col(11)),
    ("Gain", Col(11)),
]
_INDEX = {name: i for i, (name, _) in enumerate(TRADE_COLUMNS, 1)}
_LOT_INDEX = {name: i for i, (name, _) in enumerate(LOT_COLUMNS, 1)}


def trades_column(name: str) -> str:
    """The letter of a Trades column (``"Value"`` -> ``"I"``), for formulas elsewhere."""
    return str(get_column_letter(_INDEX[name]))


def lots_column(name: str) -> str:
    return str(get_column_letter(_LOT_INDEX[name]))


def in_order(trades: Sequence[PlannedTrade]) -> list[PlannedTrade]:
    """Trades in execution order (``step``; the plan's order where steps tie)."""
    return [t for _, t in sorted(enumerate(trades), key=lambda it: (it[1].step, it[0]))]


def _descriptions(book: Book) -> dict[str, str]:
    out: dict[str, str] = {}
    for rec in book.household.records():
        out.setdefault(rec.symbol, rec.description)
    for p in book.ctx.positions:  # what the plan buys new carries the master's name
        out.setdefault(str(p["symbol"]), str(p.get("description", "")))
    return out


def _price_source(t: PlannedTrade) -> str:
    return t.price_source or "unknown"


def write_trades(ws: Worksheet, book: Book) -> None:
    trades = in_order(book.plan.trades)
    s = Sheet(ws, book.mask, [c for _, c in TRADE_COLUMNS])
    s.header(1, [name for name, _ in TRADE_COLUMNS])
    descriptions = _descriptions(book)
    c = _INDEX
    for i, t in enumerate(trades):
        r = i + 2
        s.number(r, c["Step"], t.step or i + 1, WHOLE)
        s.text(r, c["Account"], book.account(t.account_id, t.account_name))
        s.text(r, c["Account type"], word(ACCOUNT_TYPE_WORDS, t.account_type))
        s.text(r, c["Side"], word(SIDE_WORDS, t.side))
        s.text(r, c["Symbol"], t.symbol)
        s.text(r, c["Description"], descriptions.get(t.symbol, ""))
        s.number(r, c["Shares"], t.shares, WHOLE if float(t.shares).is_integer() else SHARES)
        s.number(r, c["Price"], t.price, PRICE)
        sh, pr = trades_column("Shares"), trades_column("Price")
        s.formula(r, c["Value"], f"=ROUND({sh}{r}*{pr}{r},2)", MONEY, t.value)
        if t.price_as_of is not None:
            s.number(r, c["Price as of"], t.price_as_of, DATE)
        else:
            s.text(r, c["Price as of"], "unknown")
        s.text(r, c["Price source"], _price_source(t))
        if t.realized_gain is not None:
            s.number(r, c["Realised gain"], t.realized_gain, MONEY)
        s.number(r, c["Tax"], t.tax, MONEY)
        s.text(r, c["Wash sale"], "yes" if t.wash_sale else "no")
        s.text(r, c["Reason"], reasons_in_words(t.reasons))
        s.text(r, c["Explanation"], t.explanation, wrap=True)
    last = len(trades) + 1
    total = last + 1
    s.text(total, 1, "Total (visible rows)", font=BOLD, span=3)
    for name, expect in (
        ("Value", book.plan.turnover),
        ("Realised gain", None),
        ("Tax", book.plan.tax_total),
    ):
        letter = trades_column(name)
        s.formula(
            total, c[name], f"=SUBTOTAL(109,{letter}2:{letter}{last})", MONEY, expect, font=BOLD
        )
    if trades:
        table = Table(displayName="Trades", ref=f"A1:{get_column_letter(len(TRADE_COLUMNS))}{last}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(table)
    else:
        s.text(
            2, 1, "No trades: the household is within its policy, or nothing may be traded.", span=6
        )
    ws.freeze_panes = "A2"
    s.finish(1, book.page)


def write_lots(ws: Worksheet, book: Book) -> None:
    """One row per lot sold: the specific-identification instruction for the custodian. Gain
    is a formula (proceeds less cost); an unknown cost leaves it blank."""
    s = Sheet(ws, book.mask, [c for _, c in LOT_COLUMNS])
    s.header(1, [name for name, _ in LOT_COLUMNS])
    c = _LOT_INDEX
    r = 1
    for i, t in enumerate(in_order(book.plan.trades)):
        if t.side != "sell":
            continue
        for lot in t.lots:
            r += 1
            s.number(r, c["Step"], t.step or i + 1, WHOLE)
            s.text(r, c["Account"], book.account(t.account_id, t.account_name))
            s.text(r, c["Account type"], word(ACCOUNT_TYPE_WORDS, t.account_type))
            s.text(r, c["Symbol"], t.symbol)
            s.number(r, c["Lot"], lot.lot + 1, WHOLE)
            if lot.acquired is not None:
                s.number(r, c["Acquired"], lot.acquired, DATE)
            else:
                s.text(r, c["Acquired"], "not given")
            s.text(r, c["Term"], word(TERM_WORDS, lot.term))
            s.number(
                r, c["Shares"], lot.shares, WHOLE if float(lot.shares).is_integer() else SHARES
            )
            s.number(r, c["Price"], t.price, PRICE)
            sh, pr = lots_column("Shares"), lots_column("Price")
            s.formula(r, c["Proceeds"], f"=ROUND({sh}{r}*{pr}{r},2)", MONEY, lot.shares * t.price)
            if lot.cost is not None:
                s.number(r, c["Cost"], lot.cost, MONEY)
                pc, co = lots_column("Proceeds"), lots_column("Cost")
                s.formula(r, c["Gain"], f"={pc}{r}-{co}{r}", MONEY, lot.gain)
            else:
                s.text(r, c["Cost"], "unknown")
    if r == 1:
        s.text(2, 1, "No lots: the plan sells nothing.", span=6)
    else:
        total = r + 1
        s.text(total, 1, "Total, all accounts", font=BOLD, span=3)
        for name in ("Proceeds", "Cost", "Gain"):
            letter = lots_column(name)
            s.formula(total, c[name], f"=SUM({letter}2:{letter}{r})", MONEY, font=BOLD)
    ws.freeze_panes = "A2"
    s.finish(1, book.page)
