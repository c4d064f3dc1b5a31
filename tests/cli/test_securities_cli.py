"""``rotation-planner securities import FILE | fund FUND FILE | status``: exit codes, what is
kept where, and that the firm's data then wins in ``exposure``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.market.firm_master import firm_master_path
from planner.market.securities import firm_funds_dir
from tests.conftest import DATA

ISHARES = DATA / "funds" / "ishares_holdings_2026.csv"


def test_import_a_firm_master_then_exposure_uses_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    firm = tmp_path / "firm.csv"
    firm.write_text("Symbol,Market Cap,As Of,Bucket\nNVDA,,2026-09-30,small\n", encoding="utf-8")
    assert main(["securities", "import", str(firm)]) == 0
    out = capsys.readouterr().out
    assert f"kept 1 row(s) as of 2026-09-30 in {firm_master_path()}" in out
    assert main(["exposure", "--demo", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    nvda = [p for p in doc["positions"] if p["symbol"] == "NVDA"]
    assert nvda and all(p["mix"] == {"small": 1.0} and p["source"] == "master" for p in nvda)
    assert doc["reference"]["master"] == f"bundled + {firm_master_path()}"
    assert main(["securities", "status"]) == 0
    assert f"firm master: 1 row(s) in {firm_master_path()}" in capsys.readouterr().out


def test_import_a_fund_holdings_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["securities", "fund", "IJR", str(ISHARES), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["fund"] == "IJR" and doc["kept"] == str(firm_funds_dir() / "IJR.csv")
    assert (doc["holdings_as_of"], doc["equity_holdings"]) == ("2026-08-20", 4)
    assert doc["coverage"] == pytest.approx(0.875) and abs(sum(doc["mix"].values()) - 1) < 1e-9
    assert main(["securities", "fund", "IJR", str(ISHARES)]) == 0
    assert "IJR: 4 equity holdings of 2026-08-20 (ishares layout)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "text", "where"),
    [
        (["import"], "Symbol,Market Cap,As Of\nAAPL,big,2026-09-30\n", ":2: market cap"),
        (["fund", "IJR"], "Symbol,Market Cap,As Of\nAAPL,1,2026-09-30\n", ":1: not a holdings"),
    ],
)
def test_bad_files_exit_3_with_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], text: str, where: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    assert main(["securities", *args, str(bad)]) == 3
    assert capsys.readouterr().err.startswith(f"{bad}{where}")
    assert not firm_master_path().exists() and not firm_funds_dir().exists()


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["securities", "import"], ["securities", "fund", "IJR"], ["securities"]):
        with pytest.raises(SystemExit) as err:
            main(argv)
        assert err.value.code == 2
    assert main(["securities", "fund", "not a fund", str(ISHARES)]) == 3
    assert "not a fund symbol" in capsys.readouterr().err
