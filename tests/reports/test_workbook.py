"""The plan workbook, opened in LibreOffice (the spreadsheet a user might have): every total
computes to the plan's numbers to the cent, input text never becomes a formula, the print setup
is landscape, writes are atomic. Also the blotter and the archive."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.cli import main
from planner.core.errors import InputError
from planner.resources import demo_files, resource
from planner.workflow import (
    PlanRun,
    export_plan,
    import_household,
    plan_household,
    read_policy,
)

# make test installs LibreOffice (libreoffice-calc-nogui); without it these tests fail, not skip
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
CREATED = datetime(2026, 11, 24, 9, 30)
NASTY = ['=HYPERLINK("http://evil.example","click")', "+1+1", "@SUM(A1:A2)", "-2+3"]


def _sheets_as_csv(xlsx: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``xlsx`` as LibreOffice computes and exports it."""
    out.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(out)}  # a private LibreOffice profile
    subprocess.run(
        [str(SOFFICE), "--headless", "--norestore", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(out), str(xlsx)],
        check=True, capture_output=True, timeout=180, env=env,
    )  # fmt: skip
    sheets = {}
    for path in out.glob(f"{xlsx.stem}-*.csv"):
        name = path.stem[len(xlsx.stem) + 1 :]
        with path.open(encoding="utf-8") as fh:
            sheets[name] = list(csv.reader(fh))
    return sheets


def _nasty_household(tmp: Path) -> list[str]:
    """The demo household with descriptions that look like formulas."""
    files = []
    for f in demo_files():
        text = f.read_text(encoding="utf-8")
        for plain, nasty in zip(["APPLE INC", "NVIDIA CORP", "MICROSOFT CORP", "AMAZON.COM INC"],
                                NASTY, strict=True):  # fmt: skip
            text = text.replace(f'"{plain}"', '"' + nasty.replace('"', '""') + '"')
        target = tmp / f.name
        target.write_text(text, encoding="utf-8")
        files.append(str(target))
    return files


@pytest.fixture(scope="module")
def exported(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[PlanRun, Path, dict[str, list[list[str]]]]:
    tmp = tmp_path_factory.mktemp("wb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROTATION_PLANNER_HOME", str(tmp / "home"))
        run = plan_household(import_household(_nasty_household(tmp)),
                             read_policy(resource("demo/policy.toml")))  # fmt: skip
        xlsx = tmp / "plan.xlsx"
        export_plan(run, xlsx=xlsx, created=CREATED)
    sheets = _sheets_as_csv(xlsx, tmp / "csv")
    return run, xlsx, sheets


def _num(cell: str) -> float:
    return float(cell.replace("%", "")) / (100 if cell.endswith("%") else 1)


def test_libreoffice_computes_every_total(exported) -> None:  # type: ignore[no-untyped-def]
    run, _, sheets = exported
    plan = run.plan
    assert set(sheets) == {"Summary", "Trades", "Holdings", "Regime", "Assumptions"}
    trades = sheets["Trades"]
    body = trades[1 : 1 + len(plan.trades)]
    for row, t in zip(body, plan.trades, strict=True):
        assert row[1] == t.symbol and _num(row[7]) == pytest.approx(t.value, abs=0.005)
    total = trades[1 + len(plan.trades)]
    assert total[0].startswith("Total")
    assert _num(total[7]) == pytest.approx(plan.turnover, abs=0.005)
    assert _num(total[11]) == pytest.approx(plan.tax_total, abs=0.005)
    summary = {r[0]: r[1] for r in sheets["Summary"] if r and r[0]}
    assert _num(summary["Trades"]) == len(plan.trades)
    assert _num(summary["Turnover"]) == pytest.approx(plan.turnover, abs=0.005)
    assert _num(summary["Estimated tax"]) == pytest.approx(plan.tax_total, abs=0.005)
    assert _num(summary["Total"]) == pytest.approx(1.0, abs=1e-9)  # bucket weights add up
    regime = sheets["Regime"]
    composite = next(r for r in regime if r[0] == "Composite")
    assert run.regime is not None
    assert _num(composite[8]) == pytest.approx(run.regime.composite, abs=1e-6)


def test_input_text_never_becomes_a_formula(exported) -> None:  # type: ignore[no-untyped-def]
    _, xlsx, sheets = exported
    holdings_text = {c for row in sheets["Holdings"] for c in row}
    for nasty in NASTY:
        assert nasty in holdings_text  # shown exactly as the file had it, not computed
    wb = load_workbook(xlsx)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value in NASTY:
                    assert c.data_type == "s"


def test_layout_print_setup_and_properties(exported) -> None:  # type: ignore[no-untyped-def]
    run, xlsx, _ = exported
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Summary", "Trades", "Holdings", "Regime", "Assumptions"]
    trades = wb["Trades"]
    assert trades.freeze_panes == "A2" and "Trades" in trades.tables
    assert trades.cell(row=2, column=8).value == "=ROUND(E2*F2,2)"
    assert trades.cell(row=2, column=1).value.startswith("…")  # account numbers masked
    assert str(trades.cell(row=len(run.plan.trades) + 2, column=8).value).startswith(
        "=SUBTOTAL(109,"
    )
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert trades.print_title_rows == "$1:$1"
    assert wb["Summary"]._charts  # the native bar chart
    assert wb.properties.title.startswith("Rotation plan 20261124-093000-")
    assumptions = {r[0].value: r[1].value for r in wb["Assumptions"].iter_rows() if r[0].value}
    for f in run.household.files:
        assert assumptions[Path(f.path).name] == f.sha256


def test_a_locked_target_keeps_the_old_file(exported, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run, _, _ = exported
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"the old workbook")

    def broken_replace(src: str, dst: str) -> None:  # what Windows does to a file Excel holds
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("planner.storage.os.replace", broken_replace)
    with pytest.raises(InputError, match="old file is intact"):
        export_plan(run, xlsx=target)
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
    assert [r["symbol"] for r in rows] == [t["symbol"] for t in plan["trades"]]
    for r, t in zip(rows, plan["trades"], strict=True):
        assert r["account_number"] == t["account_id"]  # full numbers for the upload
        assert r["action"] == t["side"].upper() and r["order_type"] == "MARKET"
        assert float(r["quantity"]) == t["shares"]
    assert main(["archive", "list", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)["plans"]
    assert len(entries) == 1 and entries[0]["trades"] == len(plan["trades"])
    assert main(["archive", "show", entries[0]["plan_id"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["plan"]["trades"] == plan["trades"]
    assert {f["sha256"] for f in shown["inputs"]["files"]} and "[targets]" in shown["policy"]
    assert main(["archive", "show", "nope"]) == 3
