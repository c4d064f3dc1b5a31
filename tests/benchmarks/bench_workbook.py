"""The workbook of a 1,000-household book (~30,000 trades) against a bare openpyxl write-only
dump of the same cell values, both in one run."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook

from planner.reports.workbook import WorkbookContext, write_workbook
from planner.resources import demo_files, resource
from planner.workflow import import_household, plan_household, read_policy


def _book_plan(trades: int):  # type: ignore[no-untyped-def]
    run = plan_household(
        import_household([str(p) for p in demo_files()]), read_policy(resource("demo/policy.toml"))
    )
    base = run.plan.trades
    many = [
        replace(t, account_id=f"{t.account_id}-{i // len(base):04d}")
        for i, t in enumerate(base * (trades // len(base) + 1))
    ][:trades]
    return run, replace(run.plan, trades=many)


def run(folder: Path, trades: int = 30_000) -> dict[str, float]:
    result, plan = _book_plan(trades)
    ctx = WorkbookContext(
        plan_id="bench", created=datetime(2026, 11, 24), app_version="bench", mask_accounts=False
    )
    ours = folder / "book.xlsx"
    t = time.perf_counter()
    write_workbook(ours, plan, result.household, ctx)
    ours_s = time.perf_counter() - t
    values = {
        ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
        for ws in load_workbook(ours, read_only=True).worksheets
    }
    t = time.perf_counter()
    wb = Workbook(write_only=True)
    for title, rows in values.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(folder / "bare.xlsx")
    bare_s = time.perf_counter() - t
    return {
        "trades": float(len(plan.trades)),
        "workbook_s": ours_s,
        "bare_s": bare_s,
        "ratio": ours_s / bare_s,
    }
