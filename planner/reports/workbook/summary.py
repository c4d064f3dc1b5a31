"""The Summary sheet: who the plan is for and by whom, the household, the regime as applied,
key figures as formulas over the Trades sheet, the buckets before and after with what keeps a
bucket outside its band, the accounts, every warning, the files, and a chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.core.plan import BUCKET_NAMES
from planner.core.plan_warnings import stale_days
from planner.core.policy import BUCKETS
from planner.reports.labels import ACCOUNT_TYPE_WORDS, warning_text, word
from planner.reports.workbook.context import Book
from planner.reports.workbook.layout import (
    BOLD,
    DATE,
    DOLLARS,
    MONEY,
    PCT,
    SECTION,
    SIGNED_PCT,
    WARN,
    WHOLE,
    Col,
    Sheet,
)
from planner.reports.workbook.trades import trades_column

DISCLAIMER = (
    "Prepared with Rotation Planner for discussion with the client. Estimates only: prices "
    "and classifications are as of the dates shown, tax is estimated from the lots sold at the "
    "rates on the Assumptions sheet, and nothing here is an order until the advisor places it."
)
COLS = [Col(30), Col(16), Col(13), Col(13), Col(12), Col(12), Col(11), Col(46, 46)]
SPAN = len(COLS)


def _regime_rows(book: Book) -> list[tuple[str, Any, str | None]]:
    plan = book.plan
    r = plan.regime
    if r is None:
        return [("Regime", "none: the plan follows the policy without a tilt", None)]
    tilt = plan.policy.tilt
    strength = tilt.strength(r.age_days) if tilt.enabled else 0.0
    rows: list[tuple[str, Any, str | None]] = [
        ("Regime", r.label, None),
        ("Composite (-1 mega-caps ... +1 small-caps)", r.composite, "+0.00;-0.00;0.00"),
        ("Regime as of", r.as_of, DATE),
        ("Regime age (days)", r.age_days if r.age_days is not None else "unknown", WHOLE),
        ("Strength applied", strength, "0%"),
        ("Override reason", tilt.override_reason.strip() or "none", None),
        ("Tilt applied (mega-caps to small-caps)", plan.tilt, "+0.0%;-0.0%;0.0%"),
    ]
    return rows


def write_summary(ws: Worksheet, book: Book) -> None:
    plan, household, ctx = book.plan, book.household, book.ctx
    ws.title = "Summary"
    s = Sheet(ws, book.mask, COLS)
    s.title(
        1, 1, f"Rotation plan for {ctx.client.strip()}" if ctx.client.strip() else "Rotation plan"
    )
    rows: list[tuple[str, Any, str | None]] = [
        ("Client", ctx.client.strip() or "not named", None),
        ("Prepared by", ctx.author.strip() or "not named ([report] author in the settings)", None),
        ("Prepared", ctx.created.strftime("%Y-%m-%d %H:%M"), None),
        ("Plan", ctx.plan_id, None),
        ("Household value", plan.household_total, MONEY),
        ("Holdings as of", plan.holdings_as_of or "unknown", DATE),
        ("Plan date (lots' terms)", plan.as_of or "unknown", DATE),
        *_regime_rows(book),
    ]
    row = 3
    for label, value, fmt in rows:
        s.text(row, 1, label, font=BOLD)
        if isinstance(value, str) or fmt is None:
            s.text(row, 2, str(value), wrap=True, span=SPAN - 1)
        else:
            s.number(row, 2, value, fmt, span=SPAN - 1)
        row += 1
    age = stale_days(plan.holdings_as_of, plan.as_of)
    if age is not None:
        s.text(
            row,
            1,
            f"STALE: the holdings are {age:,} days old - the trades use that "
            "day's shares and prices; download the files again before trading.",
            font=WARN,
            span=SPAN,
        )
        row += 1
    r = plan.regime
    if r is not None and r.stale:
        s.text(
            row,
            1,
            f"STALE: the regime is {r.age_days} days old - refresh it before trading on the tilt.",
            font=WARN,
            span=SPAN,
        )
        row += 1

    # key figures: formulas over the Trades sheet
    row += 1
    s.title(row, 1, "Key figures", SECTION)
    n = len(plan.trades)
    last = 1 + n

    def over(name: str) -> str:
        return f"Trades!{trades_column(name)}2:{trades_column(name)}{last}"

    realized = sum(t.realized_gain or 0.0 for t in plan.trades)
    figures: list[tuple[str, str | float, str, float]] = [
        ("Trades", f"=COUNTA({over('Symbol')})" if n else 0, WHOLE, n),
        ("Turnover", f"=SUM({over('Value')})" if n else 0, MONEY, plan.turnover),
        ("Estimated tax", f"=SUM({over('Tax')})" if n else 0, MONEY, plan.tax_total),
        ("Realised gains (taxable)", f"=SUM({over('Realised gain')})" if n else 0, MONEY, realized),
    ]
    for label, formula, fmt, expect in figures:
        row += 1
        s.text(row, 1, label)
        if isinstance(formula, str):
            s.formula(row, 2, formula, fmt, expect)
        else:
            s.number(row, 2, formula, fmt)
    for term in ("short", "long"):
        if term in plan.realized:
            row += 1
            s.text(row, 1, f"Net {term}-term gain realised (taxable)")
            s.number(row, 2, plan.realized[term], MONEY)
    tax = plan.policy.tax
    for label, limit in (
        ("Tax budget: realised gains", tax.max_realized_gain),
        ("Tax budget: tax", tax.max_tax),
    ):
        if limit is not None:
            row += 1
            s.text(row, 1, label)
            s.number(row, 2, limit, DOLLARS)

    # buckets: current / target / after, changes as formulas, what binds those outside
    row += 2
    s.title(row, 1, "Buckets", SECTION)
    head = row + 1
    s.header(
        head,
        [
            "Bucket",
            "Current",
            "Target",
            "After the plan",
            "Change",
            "Off target after",
            "Band (+/-)",
            "What keeps it outside its band",
        ],
    )
    for i, k in enumerate(BUCKETS):
        b = plan.buckets[k]
        rr = head + 1 + i
        s.text(rr, 1, BUCKET_NAMES[k])
        for col, v in ((2, b.current), (3, b.target), (4, b.post)):
            s.number(rr, col, v, PCT)
        s.formula(rr, 5, f"=D{rr}-B{rr}", SIGNED_PCT, b.post - b.current)
        s.formula(rr, 6, f"=D{rr}-C{rr}", SIGNED_PCT, b.post - b.target)
        s.number(rr, 7, b.band, PCT)
        why = plan.binding.get(k)
        if why:
            s.text(rr, 8, why, wrap=True)
        elif abs(b.post - b.target) > b.band + 1e-9:
            s.text(rr, 8, "outside its band; no single rule found", wrap=True)
    end = head + len(BUCKETS)
    total = end + 1
    s.text(total, 1, "Total", font=BOLD)
    for col in (2, 3, 4):
        letter = get_column_letter(col)
        s.formula(total, col, f"=SUM({letter}{head + 1}:{letter}{end})", PCT, 1.0, font=BOLD)
    row = total

    # accounts
    row += 2
    s.title(row, 1, "Accounts", SECTION)
    row += 1
    s.header(row, ["Account", "Type", "Value", "Cash before", "Cash after"])
    totals = household.account_totals()
    for a in plan.accounts:
        row += 1
        s.text(row, 1, book.account(a.id, a.name), wrap=True)
        s.text(row, 2, word(ACCOUNT_TYPE_WORDS, a.type), wrap=True)
        if a.id in totals:
            s.number(row, 3, totals[a.id][1], MONEY)
        s.number(row, 4, a.cash_before, MONEY)
        s.number(row, 5, a.cash_after, MONEY)

    # warnings: the plan's, then the import's
    paths = [f.path for f in household.files]
    notes = [*plan.warnings, *(warning_text(w, paths) for w in household.warnings)]
    if notes:
        row += 2
        s.title(row, 1, "Warnings", SECTION)
        for note in notes:
            row += 1
            s.text(row, 1, note, span=SPAN)

    row += 2
    s.title(row, 1, "Files", SECTION)
    row += 1
    s.header(row, ["File", "Layout", "As of"])
    for f in household.files:
        row += 1
        s.text(row, 1, Path(f.path).name, wrap=True)
        s.text(row, 2, f.format)
        if f.as_of:
            s.number(row, 3, f.as_of, DATE)
        else:
            s.text(row, 3, "date unknown")

    row += 2
    s.text(row, 1, DISCLAIMER, span=SPAN)
    row += 2
    chart = BarChart()
    chart.type = "col"
    chart.title = "Buckets: current, target, after the plan"
    chart.y_axis.title = "share of the household"
    chart.y_axis.number_format = "0%"
    chart.add_data(
        Reference(ws, min_col=2, max_col=4, min_row=head, max_row=end), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=end))
    chart.height, chart.width = 8, 20
    ws.add_chart(chart, f"A{row}")
    s.finish(None, book.page)
