"""The Holdings sheet (every position before and after the plan, its bucket mix and where its
classification came from) and the Frozen sheet (what the plan may not touch, and why)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from planner.core.plan import BUCKET_NAMES
from planner.core.policy import BUCKETS
from planner.reports.workbook.context import Book
from planner.reports.workbook.layout import BOLD, MONEY, PCT, Col, Sheet


def write_holdings(ws: Worksheet, book: Book) -> None:
    plan, ctx = book.plan, book.ctx
    names = [
        "Account",
        "Symbol",
        "Description",
        "Value before",
        "Value after",
        "Weight before",
        "Weight after",
        *[BUCKET_NAMES[k] for k in BUCKETS],
        "Classification",
        "As of",
    ]
    cols = [
        Col(12, 24),
        Col(7, 10),
        Col(16, 30),
        Col(12),
        Col(12),
        Col(8),
        Col(8),
        *[Col(7) for _ in BUCKETS],
        Col(11, 16),
        Col(10),
    ]
    s = Sheet(ws, book.mask, cols)
    s.header(1, names)
    total = plan.household_total or 1.0
    mix0 = 8
    r = 1
    for p in ctx.positions:
        r += 1
        value = float(p["market_value"])
        after = float(p.get("after", value))
        s.text(r, 1, book.account(str(p["account_id"])))
        s.text(r, 2, str(p["symbol"]))
        s.text(r, 3, str(p.get("description", "")))
        s.number(r, 4, value, MONEY)
        s.number(r, 5, after, MONEY)
        s.formula(r, 6, f"=D{r}/{total!r}", PCT, value / total)
        s.formula(r, 7, f"=E{r}/{total!r}", PCT, after / total)
        mix = p.get("mix") or {}
        for j, k in enumerate(BUCKETS):
            share = mix.get(k) if isinstance(mix, dict) else None
            if share:
                s.number(r, mix0 + j, float(share), "0%")
        s.text(r, mix0 + len(BUCKETS), str(p.get("source", "")))
        s.text(r, mix0 + len(BUCKETS) + 1, str(p.get("as_of") or "unknown"))
    if r > 1:
        r += 1
        s.text(r, 1, "Total", font=BOLD)
        for col, letter in ((4, "D"), (5, "E")):
            s.formula(r, col, f"=SUM({letter}2:{letter}{r - 1})", MONEY, total, font=BOLD)
    ws.freeze_panes = "C2"
    s.finish(1, book.page)


def write_frozen(ws: Worksheet, book: Book) -> None:
    """Every position the plan may not sell or buy, and why (unclassified, an option, the
    cover of a short call, restricted, held away, unsupervised)."""
    s = Sheet(ws, book.mask, [Col(12, 24), Col(8, 12), Col(12), Col(50, 60)])
    s.header(1, ["Account", "Symbol", "Value", "Why the plan may not trade it"])
    r = 1
    for f in book.plan.frozen:
        r += 1
        s.text(r, 1, book.account(f.account_id))
        s.text(r, 2, f.symbol)
        s.number(r, 3, f.market_value, MONEY)
        s.text(r, 4, f.why)
    if r == 1:
        s.text(2, 1, "Nothing is frozen: the plan may trade every position it holds.", span=4)
    else:
        s.text(r + 1, 1, "Total", font=BOLD)
        s.formula(
            r + 1,
            3,
            f"=SUM(C2:C{r})",
            MONEY,
            sum(f.market_value for f in book.plan.frozen),
            font=BOLD,
        )
    ws.freeze_panes = "A2"
    s.finish(1, book.page)
