"""``rotation-planner holdings``: the JSON contract of the README, the table, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main
from tests.conftest import DATA, SAMPLES

ACCOUNT_TYPES = {"taxable", "tax_deferred", "tax_free", "unknown"}
ASSET_TYPES = {"equity", "etf", "mutual_fund", "money_market", "cash", "bond", "option", "other"}


def _holdings_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    assert main(["holdings", *args, "--json"]) == 0
    out = capsys.readouterr().out
    return json.loads(out)  # exactly one document: json.loads rejects trailing text


def check_contract(doc: dict) -> None:  # type: ignore[type-arg]
    assert set(doc) == {"files", "accounts", "total", "warnings"}
    for f in doc["files"]:
        assert set(f) == {"path", "format", "as_of"}
        assert f["as_of"] is None or len(f["as_of"]) == 10
    for a in doc["accounts"]:
        assert set(a) == {
            "id",
            "name",
            "type",
            "source",
            "positions",
            "cash",
            "total",
            "reported_total",
        }
        assert isinstance(a["id"], str) and a["type"] in ACCOUNT_TYPES
        for p in a["positions"]:
            assert set(p) == {
                "symbol",
                "description",
                "asset_type",
                "quantity",
                "price",
                "market_value",
                "cost_basis",
                "source_line",
                "lots",
            }
            for lot in p["lots"]:
                assert set(lot) == {"acquired", "quantity", "cost", "source_line"}
                assert lot["acquired"] is None or len(lot["acquired"]) == 10
                assert isinstance(lot["quantity"], float) and lot["quantity"] > 0
                assert lot["cost"] is None or isinstance(lot["cost"], float)
                assert isinstance(lot["source_line"], int) and lot["source_line"] > 1
            assert p["asset_type"] in ASSET_TYPES
            assert isinstance(p["market_value"], float)
            assert isinstance(p["source_line"], int) and p["source_line"] >= 1
            for k in ("quantity", "price", "cost_basis"):
                assert p[k] is None or isinstance(p[k], float)
        values = [p["market_value"] for p in a["positions"]]
        assert a["total"] == pytest.approx(sum(values), abs=0.006)
        cash_like = ("cash", "money_market")
        cash = [p["market_value"] for p in a["positions"] if p["asset_type"] in cash_like]
        assert a["cash"] == pytest.approx(sum(cash), abs=0.006)
    assert doc["total"] == pytest.approx(sum(a["total"] for a in doc["accounts"]), abs=0.01)
    for w in doc["warnings"]:
        assert set(w) == {"file", "line", "account_id", "message"}


def test_json_contract_on_every_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in sorted(DATA.glob("*.csv")) if "custodian" not in p.name]
    doc = _holdings_json(capsys, *files)
    check_contract(doc)
    assert len(doc["files"]) == len(files)
    # Only what a user must know: layouts with no total and no end marker say they cannot be
    # checked, variants say what they had to make up; nothing else.
    said: dict[str, list[str]] = {}
    for w in doc["warnings"]:
        said.setdefault(Path(w["file"]).name, []).append(w["message"])
    expected = {
        "merrill_holdings_2025.csv": ["completeness could not be checked"],
        "ibkr_flex_positions_2025.csv": ["completeness could not be checked"],
        "ibkr_flex_sections_2025.csv": ["completeness could not be checked"],
        "vanguard_brokerage_2025.csv": ["completeness could not be checked"],
        "vanguard_529_2025.csv": ["completeness could not be checked"],
        "fidelity_single_account_view_2026.csv": [
            "names no account",
            "completeness could not be checked",
        ],
        "thinkorswim_papermoney_2025.csv": ["paperMoney"],
        "thinkorswim_statement_no_account_2025.csv": ["names no account number"],
        "thinkorswim_statement_cash_only_2025.csv": ["names no account number"],
    }
    assert set(said) == set(expected)
    for name, phrases in expected.items():
        assert len(said[name]) == len(phrases)
        assert all(p in m for p, m in zip(phrases, said[name], strict=True)), said[name]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not beside the repo")
def test_done_when_all_nine_samples(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in SAMPLES.glob("*/*.csv"))
    doc = _holdings_json(capsys, *files)
    check_contract(doc)
    assert len(doc["files"]) == 9
    # Accounts whose file reports a total either match it or carry a warning naming them.
    warned = {w["account_id"] for w in doc["warnings"]}
    for a in doc["accounts"]:
        if a["reported_total"] is not None and abs(a["total"] - a["reported_total"]) > 0.01:
            assert a["id"] in warned


def test_demo_household(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _holdings_json(capsys, "--demo")
    check_contract(doc)
    types = sorted(a["type"] for a in doc["accounts"])
    assert types == ["tax_deferred", "tax_free", "taxable"]  # rollover IRA, Roth, joint
    symbols = {p["symbol"] for a in doc["accounts"] for p in a["positions"]}
    assert {"AAPL", "NVDA", "MSFT", "IWM", "ATRA"} <= symbols
    assert doc["warnings"] == []


def test_table_output_lists_accounts_totals_and_warnings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (DATA / "fidelity_positions_2024.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "positions.csv"
    path.write_text(text.replace("$612.40", "$6I2.4O"), encoding="utf-8")
    expected = sum(
        float(row[7].replace("$", "").replace(",", ""))
        for row in csv.reader(io.StringIO(text))
        if len(row) > 7
        and row[0][:1] in "XYZ"
        and row[7].startswith(("$", "-$"))
        and row[0] != "Account Number"
    )
    assert main(["holdings", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Joint WROS - TOD (X12345678) - taxable" in out
    assert "ROTH IRA (Y87654321) - tax-free" in out
    # the market value still counts: an unreadable price changes no total
    assert f"Household total: {expected:,.2f} in 3 accounts" in out
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "$612.40" in s)
    assert f"{path}:{line}: [account X12345678] price '$6I2.4O' of GS is not a number" in out
    assert "Warnings (1):" in out


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).with_name("rotation-planner")
    result = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("rotation-planner ")


def test_json_lots_per_position_as_the_lots_file_writes_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    positions = DATA / "schwab_positions_2026_individual.csv"
    lots = DATA / "lots/schwab_lot_details_2025.csv"
    doc = _holdings_json(capsys, str(positions), str(lots))
    check_contract(doc)
    # the lots file by the csv module: its titles name the symbol, its rows the lots
    expected: dict[str, list[dict[str, object]]] = {}
    symbol = ""
    for n, row in enumerate(csv.reader(io.StringIO(lots.read_text("utf-8"))), 1):
        if row and " Lot Details for " in row[0]:
            symbol = row[0].split()[0]
        elif row and row[0][:1].isdigit():
            m, d, y = row[0].split()[0].split("/")
            expected.setdefault(symbol, []).append(
                {
                    "acquired": f"{y}-{m}-{d}",
                    "quantity": float(row[1]),
                    "cost": float(row[5].replace("$", "").replace(",", "")),
                    "source_line": n,
                }
            )
    (acct,) = doc["accounts"]
    got = {p["symbol"]: p["lots"] for p in acct["positions"]}
    assert {s: v for s, v in got.items() if v} == expected
    assert got["RVMD"] == [] and got["CASH"] == []  # no lots: one lot at its cost basis
    assert doc["warnings"] == []


def test_a_lots_file_matching_no_position_is_exit_3_naming_its_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lots = DATA / "lots/fidelity_lots_2024.csv"
    assert (
        main(["holdings", str(DATA / "schwab_positions_2026_individual.csv"), str(lots), "--json"])
        == 3
    )
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"{lots}:2: ") and "Joint WROS - TOD" in err
