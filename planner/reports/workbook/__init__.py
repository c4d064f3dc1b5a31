"""The plan workbook (.xlsx): Summary, Trades, Lots, Frozen, Holdings, Regime, Assumptions.

Totals are live formulas (the spreadsheet computes them; LibreOffice checks them in the tests).
Text from input files is always written as text - a description starting with ``=`` never
becomes a formula. With masking on (the default) no full account number is written anywhere:
every text passes :func:`planner.core.privacy.mask_in_text` with the household's account ids.
Every sheet prints: row heights fit their wrapped text, columns fit their headers, money and
weights carry ``$`` and ``%``, and each page carries the client, the preparer, the date and its
number (:mod:`.layout`).

The file is written to a temporary file beside the target and moved over it, so a failure (or
a target locked by Excel) leaves the old file as it was; it is created readable by its owner
only (0600), as it may hold account numbers.
"""

from __future__ import annotations

import gc
import io
from pathlib import Path

from openpyxl import Workbook

from planner.core.errors import InputError
from planner.core.holdings import Household
from planner.core.plan import Plan
from planner.reports.workbook.assumptions import write_assumptions
from planner.reports.workbook.context import Book, WorkbookContext
from planner.reports.workbook.holdings import write_frozen, write_holdings
from planner.reports.workbook.layout import use_default_font
from planner.reports.workbook.regime import write_regime
from planner.reports.workbook.summary import write_summary
from planner.reports.workbook.trades import write_lots, write_trades
from planner.storage import write_bytes_atomic

__all__ = ["FILE_MODE", "SHEETS", "WorkbookContext", "workbook_bytes", "write_workbook"]

#: Permissions of a written workbook: the owner's alone.
FILE_MODE = 0o600
SHEETS = ("Summary", "Trades", "Lots", "Frozen", "Holdings", "Regime", "Assumptions")


def workbook_bytes(plan: Plan, household: Household, ctx: WorkbookContext) -> bytes:
    """The workbook as the bytes of an .xlsx file. The cyclic garbage collector is paused
    while it is built and saved: openpyxl makes millions of objects for a large book that all
    live until the file is written, so each collection would walk them for nothing (the
    workbook is collected as usual afterwards)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _workbook_bytes(plan, household, ctx)
    finally:
        if paused:
            gc.enable()


def _workbook_bytes(plan: Plan, household: Household, ctx: WorkbookContext) -> bytes:
    book = Book(plan, household, ctx)
    wb = Workbook()
    use_default_font(wb)
    write_summary(wb.active, book)
    write_trades(wb.create_sheet("Trades"), book)
    write_lots(wb.create_sheet("Lots"), book)
    write_frozen(wb.create_sheet("Frozen"), book)
    write_holdings(wb.create_sheet("Holdings"), book)
    write_regime(wb.create_sheet("Regime"), book)
    write_assumptions(wb.create_sheet("Assumptions"), book)
    props = wb.properties
    client = book.page.client
    props.title = f"Rotation plan {ctx.plan_id}" + (f" for {client}" if client else "")
    props.subject = "Household rebalancing plan"
    props.creator = book.page.author or "Rotation Planner"
    props.lastModifiedBy = props.creator
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
        write_bytes_atomic(Path(path), data, mode=FILE_MODE)
    except OSError as err:
        why = err.strerror or str(err)
        reason = f"cannot write the workbook ({why}); is it open in Excel? The old file is intact"
        raise InputError(str(path), None, reason) from None
