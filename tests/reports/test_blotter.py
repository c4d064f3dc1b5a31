"""The blotter as a custodian's upload reads it: order lines in execution order, full account
numbers, each price's date and source, and a sell's lots named one per line (versus purchase)
so the lines of a step add up to the trade; text that looks like a formula is quoted away."""

from __future__ import annotations

import csv
import io
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

from planner.core.problem import LotSale
from planner.reports.blotter import COLUMNS, blotter_text, write_blotter
from tests.reports.conftest import Export


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_columns_and_execution_order(demo: Export) -> None:
    plan = demo.run.plan
    with demo.blotter.open(newline="", encoding="utf-8") as fh:
        assert tuple(next(csv.reader(fh))) == COLUMNS
    rows = _rows(demo.blotter.read_text(encoding="utf-8"))
    steps = [int(r["step"]) for r in rows]
    assert steps == sorted(steps) and set(steps) == {t.step for t in plan.trades}
    for t in plan.trades:
        lines = [r for r in rows if int(r["step"]) == t.step]
        assert {(r["account_number"], r["symbol"], r["action"]) for r in lines} == {
            (t.account_id, t.symbol, t.side.upper())
        }
        assert sum(float(r["quantity"]) for r in lines) == t.shares
        assert abs(sum(float(r["estimated_value"]) for r in lines) - t.value) < 0.01
        for r in lines:
            assert r["price_as_of"] == (t.price_as_of.isoformat() if t.price_as_of else "")
            assert r["price_source"] == t.price_source
            assert float(r["estimated_price"]) == round(t.price, 2)


def test_a_sell_names_each_lot_on_its_own_line(demo: Export) -> None:
    rows = _rows(demo.blotter.read_text(encoding="utf-8"))
    sells = [t for t in demo.run.plan.trades if t.side == "sell"]
    assert any(len(t.lots) > 1 for t in sells)  # the fixture has a sell split across lots
    for t in sells:
        lines = [r for r in rows if int(r["step"]) == t.step]
        assert len(lines) == len(t.lots)
        for r, lot in zip(lines, t.lots, strict=True):
            assert float(r["quantity"]) == lot.shares
            assert r["lot_acquired"] == (lot.acquired.isoformat() if lot.acquired else "")
            assert r["lot_method"] == ("VSP" if lot.acquired else "")
            assert r["lot_term"] == lot.term
            assert r["lot_cost"] == (f"{lot.cost:.2f}" if lot.cost is not None else "")
            assert r["lot_gain"] == (f"{lot.gain:.2f}" if lot.gain is not None else "")
    for r in rows:
        if r["action"] == "BUY":
            assert not any(r[k] for k in ("lot_method", "lot_acquired", "lot_term", "lot_cost"))


def test_text_that_looks_like_a_formula_is_quoted(demo: Export) -> None:
    t = next(t for t in demo.run.plan.trades if t.side == "sell")
    odd = replace(
        t,
        account_id="=1+1",
        symbol="@SUM",
        price_source="+cmd|' /C calc'!A0",
        lots=(LotSale(0, t.shares, None, date(2020, 1, 2), "long", None),),
    )
    row = _rows(blotter_text(replace(demo.run.plan, trades=[odd])))[0]
    assert row["account_number"] == "'=1+1" and row["symbol"] == "'@SUM"
    assert row["price_source"].startswith("'+")
    assert row["lot_method"] == "VSP" and row["lot_cost"] == "" and row["lot_gain"] == ""


def test_written_private_and_masked_on_request(demo: Export, tmp_path: Path) -> None:
    target = tmp_path / "trades.csv"
    write_blotter(target, demo.run.plan)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    masked = _rows(blotter_text(demo.run.plan, mask_accounts=True))
    assert all(r["account_number"].startswith("…") for r in masked)
