"""The plan workbook (.xlsx): Summary, Trades, Holdings, Regime, Assumptions.

Totals are live formulas (the spreadsheet computes them; LibreOffice checks them in the tests).
Text from input files is always written as text - a description starting with ``=`` never
becomes a formula. The file is written to a temporary file beside the target and moved over it,
so a failure (or a target locked by Excel) leaves the old file as it was.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from planner.core.errors import InputError
from planner.core.holdings import Household
from planner.core.plan import BUCKET_NAMES, Plan
from planner.core.policy import BUCKETS
from planner.core.policy_file import policy_to_toml
from planner.storage import write_bytes_atomic

MONEY = "#,##0.00;[Red]-#,##0.00"
SHARES = "#,##0.####"
PCT = "0.0%"
HEADER = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3B57")
TITLE = Font(bold=True, size=14)
DISCLAIMER = (
    "Prepared with Rotation Planner for discussion with the client. Estimates only: prices "
    "and classifications are as of the dates shown, tax is estimated at the long-term rate on "
    "average cost, and nothing here is an order until the advisor places it."
)


@dataclass(frozen=True)
class WorkbookContext:
    """What the workbook shows beyond the plan itself."""

    plan_id: str
    created: datetime
    app_version: str
    author: str = ""
    regime_signals: Sequence[Mapping[str, Any]] = ()
    positions: Sequence[Mapping[str, Any]] = ()  # account_id, symbol, description, value, mix,
    # source, as_of, after (value after the plan)
    thresholds: Mapping[str, float] = field(default_factory=dict)
    data_sources: Sequence[str] = ()
    mask_accounts: bool = True


def mask(account_id: str) -> str:
    """``…4321``: the last four characters (account numbers stay off paper by default)."""
    tail = account_id[-4:] if len(account_id) > 4 else account_id
    return f"…{tail}"


def _text(cell: Cell, value: str) -> None:
    """Text from a file, kept as text whatever it starts with."""
    cell.value = value
    cell.data_type = "s"


def _header(ws: Worksheet, row: int, names: Sequence[str]) -> None:
    for col, name in enumerate(names, 1):
        c = ws.cell(row=row, column=col, value=name)
        c.font, c.fill = HEADER, HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center")


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _print_setup(ws: Worksheet, header_row: int | None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = "&A - page &P of &N"


def _account(plan: Plan, account_id: str, masked: bool) -> str:
    return mask(account_id) if masked else account_id


def _summary(ws: Worksheet, plan: Plan, household: Household, ctx: WorkbookContext) -> None:
    ws.title = "Summary"
    ws["A1"] = "Rotation plan"
    ws["A1"].font = TITLE
    rows: list[tuple[str, Any, str | None]] = [
        ("Plan", ctx.plan_id, None),
        ("Prepared", ctx.created.strftime("%Y-%m-%d %H:%M"), None),
        ("Prepared by", ctx.author or "", None),
        ("Household value", plan.household_total, MONEY),
        ("Holdings as of", plan.holdings_as_of.isoformat() if plan.holdings_as_of else "unknown",
         None),
    ]  # fmt: skip
    r = plan.regime
    if r is not None:
        rows += [
            ("Regime", r.label, None),
            ("Composite (-1 mega ... +1 small)", r.composite, "0.00"),
            ("Tilt (mega to small)", plan.tilt, PCT),
            ("Regime as of", r.as_of.isoformat() if r.as_of else "unknown", None),
            ("Regime age (days)", r.age_days if r.age_days is not None else "unknown", None),
        ]
    else:
        rows.append(("Regime", "none: the plan follows the policy without a tilt", None))
    row = 3
    for label, value, fmt in rows:
        ws.cell(row=row, column=1, value=label).font = Font(bold=True)
        c = ws.cell(row=row, column=2, value=value)
        if isinstance(value, str):
            c.data_type = "s"
        if fmt:
            c.number_format = fmt
        row += 1
    if r is not None and r.stale:
        c = ws.cell(row=row, column=1, value=f"STALE: the regime is {r.age_days} days old - "
                                             "refresh it before trading on the tilt.")  # fmt: skip
        c.font = Font(bold=True, color="C00000")
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Files").font = Font(bold=True)
    row += 1
    for f in household.files:
        _text(ws.cell(row=row, column=1), Path(f.path).name)
        ws.cell(row=row, column=2, value=f.format)
        ws.cell(row=row, column=3, value=f.as_of.isoformat() if f.as_of else "date unknown")
        row += 1
    row += 1
    # key figures as formulas over the Trades sheet
    n = len(plan.trades)
    last = 1 + n
    ws.cell(row=row, column=1, value="Key figures").font = Font(bold=True)
    figures = [
        ("Trades", f"=COUNTA(Trades!B2:B{last})" if n else 0, "0"),
        ("Turnover", f"=SUM(Trades!H2:H{last})" if n else 0, MONEY),
        ("Estimated tax", f"=SUM(Trades!L2:L{last})" if n else 0, MONEY),
        ("Realised gains (taxable)", f"=SUM(Trades!K2:K{last})" if n else 0, MONEY),
    ]
    key_row = row + 1
    for i, (label, formula, fmt) in enumerate(figures):
        ws.cell(row=key_row + i, column=1, value=label)
        c = ws.cell(row=key_row + i, column=2, value=formula)
        c.number_format = fmt
    row = key_row + len(figures) + 1
    # buckets: current / target / post / change (a formula)
    table_row = row
    _header(ws, table_row, ["Bucket", "Current", "Target", "After the plan", "Change",
                            "Off target after"])  # fmt: skip
    for i, k in enumerate(BUCKETS):
        b = plan.buckets[k]
        rr = table_row + 1 + i
        ws.cell(row=rr, column=1, value=BUCKET_NAMES[k])
        for col, v in ((2, b.current), (3, b.target), (4, b.post)):
            ws.cell(row=rr, column=col, value=v).number_format = PCT
        ws.cell(row=rr, column=5, value=f"=D{rr}-B{rr}").number_format = "+0.0%;-0.0%;0.0%"
        ws.cell(row=rr, column=6, value=f"=D{rr}-C{rr}").number_format = "+0.0%;-0.0%;0.0%"
    end = table_row + len(BUCKETS)
    total_row = end + 1
    ws.cell(row=total_row, column=1, value="Total").font = Font(bold=True)
    for col in (2, 3, 4):
        letter = get_column_letter(col)
        c = ws.cell(row=total_row, column=col, value=f"=SUM({letter}{table_row + 1}:{letter}{end})")
        c.number_format = PCT
        c.font = Font(bold=True)
    chart = BarChart()
    chart.type = "col"
    chart.title = "Buckets: current, target, after the plan"
    chart.y_axis.title = "share of the household"
    chart.y_axis.number_format = "0%"
    data = Reference(ws, min_col=2, max_col=4, min_row=table_row, max_row=end)
    cats = Reference(ws, min_col=1, min_row=table_row + 1, max_row=end)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.height, chart.width = 8, 18
    ws.add_chart(chart, f"H{table_row}")
    c = ws.cell(row=total_row + 2, column=1, value=DISCLAIMER)
    c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=total_row + 2, start_column=1, end_row=total_row + 4, end_column=6)
    _widths(ws, [34, 22, 14, 14, 12, 16])
    _print_setup(ws, None)


TRADE_COLUMNS = [
    "Account", "Symbol", "Description", "Side", "Shares", "Price", "Account type", "Value",
    "Reasons", "Explanation", "Realised gain", "Tax", "Wash sale",
]  # fmt: skip


def _trades(ws: Worksheet, plan: Plan, household: Household, ctx: WorkbookContext) -> None:
    descriptions: dict[str, str] = {}
    for rec in household.records():
        descriptions.setdefault(rec.symbol, rec.description)
    for p in ctx.positions:  # what the plan buys new carries the master's name
        descriptions.setdefault(str(p["symbol"]), str(p.get("description", "")))
    _header(ws, 1, TRADE_COLUMNS)
    for i, t in enumerate(plan.trades):
        r = i + 2
        _text(ws.cell(row=r, column=1), _account(plan, t.account_id, ctx.mask_accounts))
        _text(ws.cell(row=r, column=2), t.symbol)
        _text(ws.cell(row=r, column=3), descriptions.get(t.symbol, ""))
        ws.cell(row=r, column=4, value=t.side.upper())
        ws.cell(row=r, column=5, value=t.shares).number_format = SHARES
        ws.cell(row=r, column=6, value=t.price).number_format = MONEY
        _text(ws.cell(row=r, column=7), t.account_type.replace("_", "-"))
        ws.cell(row=r, column=8, value=f"=ROUND(E{r}*F{r},2)").number_format = MONEY
        ws.cell(row=r, column=9, value=", ".join(t.reasons))
        c = ws.cell(row=r, column=10, value=t.explanation)
        c.data_type = "s"
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if t.realized_gain is not None:
            ws.cell(row=r, column=11, value=t.realized_gain).number_format = MONEY
        ws.cell(row=r, column=12, value=t.tax).number_format = MONEY
        ws.cell(row=r, column=13, value="yes" if t.wash_sale else "no")
    last = len(plan.trades) + 1
    total = last + 1
    ws.cell(row=total, column=1, value="Total (visible rows)").font = Font(bold=True)
    for col in (8, 11, 12):
        letter = get_column_letter(col)
        c = ws.cell(row=total, column=col, value=f"=SUBTOTAL(109,{letter}2:{letter}{last})")
        c.number_format, c.font = MONEY, Font(bold=True)
    if plan.trades:
        table = Table(displayName="Trades", ref=f"A1:{get_column_letter(len(TRADE_COLUMNS))}{last}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(table)
    ws.freeze_panes = "A2"
    _widths(ws, [12, 9, 30, 7, 10, 11, 13, 14, 22, 80, 14, 12, 10])
    _print_setup(ws, 1)


def _holdings(ws: Worksheet, plan: Plan, ctx: WorkbookContext) -> None:
    names = ["Account", "Symbol", "Description", "Value before", "Value after", "Weight before",
             *[BUCKET_NAMES[k] for k in BUCKETS], "Classification", "As of"]  # fmt: skip
    _header(ws, 1, names)
    for i, p in enumerate(ctx.positions):
        r = i + 2
        _text(ws.cell(row=r, column=1), _account(plan, str(p["account_id"]), ctx.mask_accounts))
        _text(ws.cell(row=r, column=2), str(p["symbol"]))
        _text(ws.cell(row=r, column=3), str(p.get("description", "")))
        ws.cell(row=r, column=4, value=float(p["market_value"])).number_format = MONEY
        ws.cell(row=r, column=5, value=float(p.get("after", p["market_value"]))).number_format = (
            MONEY)  # fmt: skip
        c = ws.cell(row=r, column=6, value=f"=D{r}/{plan.household_total}")
        c.number_format = PCT
        mix = p.get("mix") or {}
        for j, k in enumerate(BUCKETS):
            if mix.get(k):
                ws.cell(row=r, column=7 + j, value=float(mix[k])).number_format = "0%"
        ws.cell(row=r, column=7 + len(BUCKETS), value=str(p.get("source", "")))
        ws.cell(row=r, column=8 + len(BUCKETS), value=str(p.get("as_of") or "unknown"))
    ws.freeze_panes = "C2"
    _widths(ws, [12, 9, 32, 14, 14, 9, *([9] * len(BUCKETS)), 14, 11])
    _print_setup(ws, 1)


def _regime(ws: Worksheet, plan: Plan, ctx: WorkbookContext) -> None:
    names = ["Signal", "Available", "Value", "Unit", "Change", "As of", "Score", "Weight",
             "Contribution", "Rule", "Source"]  # fmt: skip
    _header(ws, 1, names)
    n = len(ctx.regime_signals)
    last = n + 1
    for i, s in enumerate(ctx.regime_signals):
        r = i + 2
        ws.cell(row=r, column=1, value=str(s.get("name", s.get("id", ""))))
        ws.cell(row=r, column=2, value="yes" if s.get("available") else "no")
        ws.cell(row=r, column=3, value=s.get("value"))
        ws.cell(row=r, column=4, value=str(s.get("unit", "")))
        ws.cell(row=r, column=5, value=s.get("change"))
        ws.cell(row=r, column=6, value=str(s.get("as_of") or ""))
        ws.cell(row=r, column=7, value=s.get("score")).number_format = "0.00"
        ws.cell(row=r, column=8, value=s.get("weight")).number_format = "0.00"
        formula = f'=IF(B{r}="yes",H{r}*G{r}/SUM(H$2:H${last}),"")'  # over every rule's weight
        ws.cell(row=r, column=9, value=formula if n else None).number_format = "+0.000;-0.000"
        ws.cell(row=r, column=10, value=str(s.get("rule", "")))
        _text(ws.cell(row=r, column=11), str(s.get("source", "")))
    ws.cell(row=last + 1, column=1, value="Composite").font = Font(bold=True)
    c = ws.cell(row=last + 1, column=9, value=f"=SUM(I2:I{last})" if n else 0)
    c.number_format, c.font = "+0.000;-0.000", Font(bold=True)
    if plan.regime is not None:
        ws.cell(row=last + 2, column=1, value="Tilt applied (mega to small)")
        ws.cell(row=last + 2, column=9, value=plan.tilt).number_format = PCT
    ws.freeze_panes = "A2"
    _widths(ws, [44, 9, 9, 6, 8, 11, 7, 7, 11, 60, 40])
    _print_setup(ws, 1)


def _assumptions(ws: Worksheet, plan: Plan, household: Household, ctx: WorkbookContext) -> None:
    p = plan.policy
    rows: list[tuple[str, Any]] = [
        ("Plan id", ctx.plan_id),
        ("Rotation Planner version", ctx.app_version),
        ("Created", ctx.created.isoformat(timespec="seconds")),
        ("Mode", p.trading.mode),
        ("Minimum trade ($)", p.trading.min_trade),
        ("Whole shares only", "no" if p.trading.fractional else "yes"),
        ("Cash reserve per account ($)", p.trading.cash_reserve),
        ("Tax rate, long term", p.tax.long_term),
        ("Tax rate, short term", p.tax.short_term),
        ("Bands", f"{p.bands.absolute:.0%} absolute / {p.bands.relative:.0%} relative"),
        ("Tilt", f"{'on' if p.tilt.enabled else 'off'}, at most {p.tilt.max:.1%}"),
        ("Do not sell", ", ".join(p.restrictions.do_not_sell) or "-"),
        ("Do not buy", ", ".join(p.restrictions.do_not_buy) or "-"),
        ("Solver", f"{plan.method}; proven within ${plan.gap or 0:,.2f} of the best plan's cost"),
    ]
    for k, v in sorted(ctx.thresholds.items()):
        rows.append((f"Threshold {k} (market cap, $)", v))
    ws["A1"] = "Assumptions"
    ws["A1"].font = TITLE
    r = 3
    for label, value in rows:
        ws.cell(row=r, column=1, value=label).font = Font(bold=True)
        c = ws.cell(row=r, column=2, value=value)
        if isinstance(value, str):
            c.data_type = "s"
        r += 1
    r += 1
    ws.cell(row=r, column=1, value="Targets").font = Font(bold=True)
    r += 1
    for k in BUCKETS:
        ws.cell(row=r, column=1, value=BUCKET_NAMES[k])
        ws.cell(row=r, column=2, value=float(p.targets.get(k, 0.0))).number_format = PCT
        r += 1
    r += 1
    ws.cell(row=r, column=1, value="Input files (SHA-256)").font = Font(bold=True)
    r += 1
    for f in household.files:
        _text(ws.cell(row=r, column=1), Path(f.path).name)
        ws.cell(row=r, column=2, value=f.sha256 or "unknown")
        ws.cell(row=r, column=3, value=f.as_of.isoformat() if f.as_of else "date unknown")
        r += 1
    r += 1
    ws.cell(row=r, column=1, value="Data sources").font = Font(bold=True)
    r += 1
    for src in ctx.data_sources:
        _text(ws.cell(row=r, column=1), src)
        r += 1
    r += 1
    ws.cell(row=r, column=1, value="Policy file").font = Font(bold=True)
    r += 1
    for line in policy_to_toml(p).splitlines():
        _text(ws.cell(row=r, column=1), line)
        r += 1
    _widths(ws, [40, 70, 14])
    _print_setup(ws, None)


def workbook_bytes(plan: Plan, household: Household, ctx: WorkbookContext) -> bytes:
    wb = Workbook()
    _summary(wb.active, plan, household, ctx)
    _trades(wb.create_sheet("Trades"), plan, household, ctx)
    _holdings(wb.create_sheet("Holdings"), plan, ctx)
    _regime(wb.create_sheet("Regime"), plan, ctx)
    _assumptions(wb.create_sheet("Assumptions"), plan, household, ctx)
    props = wb.properties
    props.title = f"Rotation plan {ctx.plan_id}"
    props.subject = "Household rebalancing plan"
    props.creator = ctx.author or "Rotation Planner"
    props.created = props.modified = ctx.created.replace(tzinfo=None)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_workbook(
    path: str | Path, plan: Plan, household: Household, ctx: WorkbookContext
) -> None:
    """Write the workbook atomically; an error names the path and leaves any old file intact."""
    data = workbook_bytes(plan, household, ctx)
    try:
        write_bytes_atomic(Path(path), data, mode=0o644)
    except OSError as err:
        why = err.strerror or str(err)
        reason = f"cannot write the workbook ({why}); is it open in Excel? The old file is intact"
        raise InputError(str(path), None, reason) from None
