"""The plan workbook, opened in LibreOffice (the spreadsheet a user might have): every total
computes to the plan's numbers to the cent, input text never becomes a formula, the print setup
is landscape, writes are atomic and private. Also the blotter and the archive from the command
line."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.cli import main
from planner.core.errors import InputError
from planner.reports.workbook import SHEETS
from planner.workflow import export_plan
from tests.reports.conftest import NASTY, Export, money


def _num(cell: str) -> float:
    """A number as LibreOffice formats it: ``$1,234.50``, ``-$3.00``, ``12.5%``, ``+0.584``."""
    text = cell.replace("$", "").replace(",", "")
    pct = text.endswith("%")
    return float(text.rstrip("%")) / (100 if pct else 1)


def _in_order(run):  # type: ignore[no-untyped-def]
    return sorted(run.plan.trades, key=lambda t: t.step)


def test_libreoffice_computes_every_total(demo: Export, demo_csv) -> None:  # type: ignore[no-untyped-def]
    plan = demo.run.plan
    assert set(demo_csv) == set(SHEETS)
    trades = demo_csv["Trades"]
    head = trades[0]
    value, tax, gain = head.index("Value"), head.index("Tax"), head.index("Realised gain")
    body = trades[1 : 1 + len(plan.trades)]
    for row, t in zip(body, _in_order(demo.run), strict=True):
        assert row[head.index("Symbol")] == t.symbol
        assert _num(row[value]) == pytest.approx(t.value, abs=0.005)
    total = trades[1 + len(plan.trades)]
    assert total[0].startswith("Total")
    assert _num(total[value]) == pytest.approx(plan.turnover, abs=0.005)
    assert _num(total[tax]) == pytest.approx(plan.tax_total, abs=0.005)
    realised = sum(t.realized_gain or 0.0 for t in plan.trades)
    assert _num(total[gain]) == pytest.approx(realised, abs=0.005)
    summary = {r[0]: r[1] for r in demo_csv["Summary"] if r and r[0]}
    assert _num(summary["Trades"]) == len(plan.trades)
    assert _num(summary["Turnover"]) == pytest.approx(plan.turnover, abs=0.005)
    assert _num(summary["Estimated tax"]) == pytest.approx(plan.tax_total, abs=0.005)
    assert _num(summary["Realised gains (taxable)"]) == pytest.approx(realised, abs=0.005)
    assert _num(summary["Total"]) == pytest.approx(1.0, abs=1e-9)  # bucket weights add up
    regime = demo_csv["Regime"]
    composite = next(r for r in regime if r[0] == "Composite")
    assert demo.run.regime is not None
    assert _num(composite[8]) == pytest.approx(demo.run.regime.composite, abs=1e-3)


def test_libreoffice_computes_each_lots_gain(demo: Export, demo_csv) -> None:  # type: ignore[no-untyped-def]
    lots = demo_csv["Lots"]
    head = lots[0]
    sold = [(t, lot) for t in _in_order(demo.run) if t.side == "sell" for lot in t.lots]
    assert len(sold) > len([t for t in demo.run.plan.trades if t.side == "sell"])  # a split sell
    for row, (t, lot) in zip(lots[1 : 1 + len(sold)], sold, strict=True):
        assert int(row[head.index("Step")]) == t.step and row[head.index("Symbol")] == t.symbol
        assert _num(row[head.index("Proceeds")]) == pytest.approx(lot.shares * t.price, abs=0.01)
        assert lot.gain is not None and lot.cost is not None
        assert _num(row[head.index("Gain")]) == pytest.approx(lot.gain, abs=0.01)
    total = lots[1 + len(sold)]
    assert total[0].startswith("Total")
    assert _num(total[head.index("Gain")]) == pytest.approx(
        sum(lot.gain or 0 for _, lot in sold), abs=0.01
    )


def test_assumptions_total_rate_is_computed_from_its_parts(demo: Export, demo_csv) -> None:  # type: ignore[no-untyped-def]
    rows = {r[0]: r for r in demo_csv["Assumptions"] if r and r[0]}
    tax = demo.run.policy.tax
    for term, label in (("short", "Short-term gains"), ("long", "Long-term gains")):
        assert _num(rows[label][4]) == pytest.approx(tax.rate(term), abs=0.0005)


def test_input_text_never_becomes_a_formula(demo: Export, demo_csv) -> None:  # type: ignore[no-untyped-def]
    holdings_text = {c for row in demo_csv["Holdings"] for c in row}
    for nasty in NASTY:
        assert nasty in holdings_text  # shown exactly as the file had it, not computed
    described: dict[str, str] = {}
    for rec in demo.run.household.records():
        described.setdefault(rec.symbol, rec.description)
    trades = demo_csv["Trades"]
    head = trades[0]
    shown = [r for r in trades[1:] if r[head.index("Symbol")] in described]
    assert any(r[head.index("Description")] in NASTY for r in shown)
    for r in shown:
        assert r[head.index("Description")] == described[r[head.index("Symbol")]]
    wb = load_workbook(demo.xlsx)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value in NASTY:
                    assert c.data_type == "s"


def test_layout_print_setup_and_properties(demo: Export) -> None:
    run = demo.run
    wb = load_workbook(demo.xlsx)
    assert tuple(wb.sheetnames) == SHEETS
    trades = wb["Trades"]
    head = [c.value for c in trades[1]]
    value = head.index("Value") + 1
    assert trades.freeze_panes == "A2" and "Trades" in trades.tables
    assert trades.cell(row=2, column=value).value == "=ROUND(G2*H2,2)"
    assert "…" in trades.cell(row=2, column=head.index("Account") + 1).value  # masked
    total = trades.cell(row=len(run.plan.trades) + 2, column=value).value
    assert str(total).startswith("=SUBTOTAL(109,")
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
    for name in ("Trades", "Lots", "Frozen", "Holdings", "Regime"):
        assert wb[name].print_title_rows == "$1:$1"
    assert wb["Summary"]._charts  # the native bar chart
    assert wb.properties.title.startswith("Rotation plan 20261124-093000-")
    assert wb.properties.creator == "Pat Advisor"
    assumptions = {r[0].value: r[1].value for r in wb["Assumptions"].iter_rows() if r[0].value}
    for f in run.household.files:
        assert assumptions[Path(f.path).name] == f.sha256


def test_money_and_weights_carry_their_formats(demo: Export, demo_csv) -> None:  # type: ignore[no-untyped-def]
    """What LibreOffice shows: dollars with $ and thousands, weights with %."""
    plan = demo.run.plan
    trades = demo_csv["Trades"]
    head = trades[0]
    for row, t in zip(trades[1:], _in_order(demo.run), strict=False):
        assert row[head.index("Value")] == money(t.value)
        assert row[head.index("Price")] == money(t.price)
        assert row[head.index("Tax")] == money(t.tax)
    summary = {r[0]: r for r in demo_csv["Summary"] if r and r[0]}
    assert summary["Household value"][1] == money(plan.household_total)
    assert summary["mega-caps"][1] == f"{plan.buckets['mega'].current:.1%}"
    assert summary["mega-caps"][3] == f"{plan.buckets['mega'].post:.1%}"


def test_workbook_and_blotter_are_private(demo: Export) -> None:
    for path in (demo.xlsx, demo.blotter):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_locked_target_keeps_the_old_file(demo: Export, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"the old workbook")

    def broken_replace(src: str, dst: str) -> None:  # what Windows does to a file Excel holds
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("planner.storage.os.replace", broken_replace)
    with pytest.raises(InputError, match="old file is intact"):
        export_plan(demo.run, xlsx=target)
    assert target.read_bytes() == b"the old workbook"
    # no temporary beside the target (rp-home is the user folder, where the journal was)
    assert [p for p in tmp_path.iterdir() if p.name != "rp-home"] == [target]


def test_blotter_and_archive_from_the_command_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    blotter = tmp_path / "trades.csv"
    xlsx = tmp_path / "plan.xlsx"
    assert main(["plan", "--demo", "--json", "--xlsx", str(xlsx), "--blotter", str(blotter)]) == 0
    plan = json.loads(capsys.readouterr().out)
    with blotter.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    trades = sorted(plan["trades"], key=lambda t: t["step"])
    assert [int(r["step"]) for r in rows] == sorted(int(r["step"]) for r in rows)
    by_step = {t["step"]: t for t in trades}
    assert {int(r["step"]) for r in rows} == set(by_step)
    for r in rows:
        t = by_step[int(r["step"])]
        assert r["account_number"] == t["account_id"]  # full numbers for the upload
        assert r["symbol"] == t["symbol"] and r["order_type"] == "MARKET"
        assert r["action"] == t["side"].upper()
        assert r["price_as_of"] == (t["price_as_of"] or "")
        assert r["price_source"] == t["price_source"]
    for step, t in by_step.items():
        assert sum(float(r["quantity"]) for r in rows if int(r["step"]) == step) == t["shares"]
    assert main(["archive", "list", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)["plans"]
    assert len(entries) == 1 and entries[0]["trades"] == len(plan["trades"])
    assert main(["archive", "show", entries[0]["plan_id"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["plan"]["trades"] == plan["trades"]
    assert {f["sha256"] for f in shown["inputs"]["files"]} and "[targets]" in shown["policy"]
    assert main(["archive", "show", "nope"]) == 3
