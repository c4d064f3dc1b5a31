"""``rotation-planner book``: add, list (and its JSON), plan, approve, export, backup; clients
kept apart; unknown names and bad files exit 3; ``plan BOOK_FOLDER`` still plans folders."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from planner.brokers import load_household
from planner.cli import main
from tests.conftest import DATA

SCHWAB = DATA / "schwab_positions_2026_all_accounts.csv"
FIDELITY = DATA / "fidelity_positions_2024.csv"
VANGUARD = DATA / "vanguard_brokerage_2025.csv"


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_add_list_plan_approve_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "ann.toml"
    policy.write_text('[trading]\nmode = "cash_flow"\n', encoding="utf-8")
    assert (
        main(
            [
                "book",
                "add",
                "Ann Lee",
                str(SCHWAB),
                str(FIDELITY),
                "--policy",
                str(policy),
                "--notes",
                "retires 2030",
            ]
        )
        == 0
    )
    assert main(["book", "add", "Bo Park", str(VANGUARD)]) == 0
    capsys.readouterr()
    listed = _json(capsys, "book", "list", "--json")
    clients = {c["name"]: c for c in listed["clients"]}
    assert listed["database"].endswith("book.sqlite3") and set(clients) == {"Ann Lee", "Bo Park"}
    ann, bo = clients["Ann Lee"], clients["Bo Park"]
    assert ann["total"] == pytest.approx(load_household([SCHWAB, FIDELITY]).total, abs=0.01)
    assert bo["total"] == pytest.approx(load_household([VANGUARD]).total, abs=0.01)
    assert ann["accounts"] + bo["accounts"] == len(
        load_household([SCHWAB, FIDELITY, VANGUARD]).accounts
    )
    assert ann["notes"] == "retires 2030" and ann["last_plan"]["status"] == "draft"
    assert bo["holdings_as_of"] is None and "holdings undated" in bo["stale"]
    planned = _json(capsys, "book", "plan", "Ann Lee", "--json")["clients"]
    assert [c["name"] for c in planned] == ["Ann Lee"] and planned[0]["error"] is None
    # Ann's own policy: cash flow only, so nothing is sold
    assert all(t["side"] == "buy" for t in planned[0]["plan"]["trades"])
    assert main(["book", "approve", "ann lee", "--by", "Pat"]) == 0
    assert "approved plan" in capsys.readouterr().out
    xlsx, blotter = tmp_path / "ann.xlsx", tmp_path / "ann.csv"
    assert main(["book", "export", "Ann Lee", "--xlsx", str(xlsx), "--blotter", str(blotter)]) == 0
    capsys.readouterr()
    assert blotter.read_text("utf-8").startswith("step,account_number,")
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True)
    assert "Ann Lee" in str(wb.worksheets[0].cell(1, 1).value)
    wb.close()
    after = {c["name"]: c for c in _json(capsys, "book", "list", "--json")["clients"]}
    assert after["Ann Lee"]["last_plan"]["status"] == "exported"
    assert after["Ann Lee"]["last_plan"]["id"] == planned[0]["plan_id"]  # the approved plan
    archive = _json(capsys, "archive", "list", "--json")["plans"]
    assert [(e["plan_id"], e["client"]) for e in archive] == [(planned[0]["plan_id"], "Ann Lee")]
    # the same plan out again (the blotter alone, later): an archive entry of its own
    assert main(["book", "export", "Ann Lee", "--blotter", str(blotter)]) == 0
    capsys.readouterr()
    again = _json(capsys, "archive", "list", "--json")["plans"]
    assert len(again) == 2 and len({e["plan_id"] for e in again}) == 2
    assert {e["client"] for e in again} == {"Ann Lee"}
    assert main(["book", "list"]) == 0
    text = capsys.readouterr().out
    assert "Ann Lee" in text and "exported" in text and "stale: holdings undated" in text


def test_book_errors_and_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["book", "export", "Nobody", "--xlsx", str(tmp_path / "x.xlsx")]) == 3
    assert "Nobody: no client of this name" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("not,a,positions\nexport,at,all\n", encoding="utf-8")
    assert main(["book", "add", "Cy", str(SCHWAB), str(bad)]) == 3  # the good file is in
    err = capsys.readouterr().err
    assert f"{bad}:1: unknown layout" in err
    cy = _json(capsys, "book", "list", "--json")["clients"][0]
    assert cy["total"] == pytest.approx(load_household([SCHWAB]).total, abs=0.01)
    with pytest.raises(SystemExit) as usage:
        main(["book", "export", "Cy"])  # neither --xlsx nor --blotter
    assert usage.value.code == 2
    assert main(["book", "plan", "Nobody"]) == 3


def test_backup_is_a_whole_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["book", "add", "Di", str(SCHWAB), "--no-plan"]) == 0
    out = tmp_path / "copy.sqlite3"
    assert main(["book", "backup", str(out)]) == 0
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT name FROM clients").fetchall() == [("Di",)]
        assert conn.execute("SELECT count(*) FROM positions").fetchone()[0] == len(
            load_household([SCHWAB]).positions
        )
