"""``rotation-planner plan``: the demo household's plan, the JSON contract, modes, books,
bad input, determinism."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.resources import demo_files, resource

MEGA = {"AAPL", "NVDA", "MSFT", "AMZN"}


def _plan(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["plan", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "planner", "plan", "--demo", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "1"},
    )
    return json.loads(out.stdout)


def test_contract(demo: dict[str, Any]) -> None:
    assert {
        "household_total",
        "trades",
        "accounts",
        "buckets",
        "turnover",
        "tax_total",
        "regime",
        "scenarios",
        "warnings",
    } <= set(demo)
    for t in demo["trades"]:
        assert t["side"] in ("buy", "sell") and t["shares"] > 0
        assert t["value"] == pytest.approx(t["shares"] * t["price"], abs=0.01)
        assert t["reasons"] and t["explanation"].startswith(("Buy", "Sell"))
        assert set(t["reasons"]) <= {
            "drift",
            "regime_tilt",
            "quality_exit",
            "cash_raise",
            "cash_invest",
        }
    assert sum(b["current"] for b in demo["buckets"].values()) == pytest.approx(1, abs=1e-5)
    assert sum(b["post"] for b in demo["buckets"].values()) == pytest.approx(1, abs=1e-5)
    assert demo["turnover"] == pytest.approx(sum(t["value"] for t in demo["trades"]), abs=0.05)
    assert demo["tax_total"] == pytest.approx(sum(t["tax"] for t in demo["trades"]), abs=0.05)
    assert set(demo["scenarios"]) == {"policy", "policy_regime", "cash_flow"}


def test_demo_rotates_from_mega_to_small(demo: dict[str, Any]) -> None:
    b = demo["buckets"]
    # the bundled snapshot is far past the 90-day fade: it tilts nothing, and the plan says so
    assert demo["regime"]["as_of"] == "2026-01-08" and demo["regime"]["age_days"] > 90
    assert demo["regime"]["tilt"] == 0 and demo["regime"]["applied_strength"] == 0
    assert demo["regime"]["override_reason"] is None
    assert b["small"]["target"] == pytest.approx(b["small"]["policy_target"])
    assert b["mega"]["post"] < b["mega"]["current"] and b["small"]["post"] > b["small"]["current"]
    sells = {t["symbol"] for t in demo["trades"] if t["side"] == "sell"}
    assert sells & MEGA  # the policy alone rotates the mega-heavy household
    assert not any("regime_tilt" in t["reasons"] for t in demo["trades"])
    stale = [w for w in demo["warnings"] if w.startswith("the regime is stale")]
    assert stale and "applies no tilt" in stale[0] and "override_reason" in stale[0]


def test_an_override_applies_the_stale_regime(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = resource("demo/policy.toml").read_text(encoding="utf-8")
    reason = "Committee 2026-11-30: the January report still holds"
    policy = tmp_path / "policy.toml"
    policy.write_text(
        text.replace("[tilt]\n", f'[tilt]\noverride_reason = "{reason}"\n'), encoding="utf-8"
    )
    doc = _plan(capsys, "--demo", "--policy", str(policy))
    r, b = doc["regime"], doc["buckets"]
    assert r["applied_strength"] == 1 and r["override_reason"] == reason
    assert r["tilt"] == pytest.approx(r["composite"] * 0.05, abs=1e-6)  # the demo max
    assert b["small"]["target"] == pytest.approx(b["small"]["policy_target"] + r["tilt"])
    assert any("regime_tilt" in t["reasons"] for t in doc["trades"])
    assert any("by override: " + reason in w for w in doc["warnings"])


def test_demo_sells_the_micro_cap_for_drift_not_for_quality(demo: dict[str, Any]) -> None:
    # no filings are cached in a fresh home, so the screen knows nothing about ATRA: it is sold
    # because micro-caps have a 0% target, never as "low quality"
    atra = [t for t in demo["trades"] if t["symbol"] == "ATRA"]
    assert atra and atra[0]["side"] == "sell"
    assert "quality_exit" not in atra[0]["reasons"] and "drift" in atra[0]["reasons"]
    assert not any(t["side"] == "buy" and t["symbol"] == "ATRA" for t in demo["trades"])


def test_demo_trades_inside_the_ira_before_realising_gains(demo: dict[str, Any]) -> None:
    ira = next(a["id"] for a in demo["accounts"] if a["type"] == "tax_deferred")
    ira_sold = {
        t["symbol"]: t["shares"]
        for t in demo["trades"]
        if t["account_id"] == ira and t["side"] == "sell"
    }
    assert ira_sold, "the IRA trades"
    assert all(t["tax"] == 0 for t in demo["trades"] if t["account_id"] == ira)
    if demo["tax_total"] > 0:
        # gains are realised in the taxable account only once the IRA's mega-caps are gone
        assert {"AAPL", "NVDA", "MSFT"} <= set(ira_sold)


def test_same_inputs_same_plan(demo: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert _plan(capsys, "--demo") == demo


def test_cash_flow_mode_only_buys(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _plan(capsys, "--demo", "--mode", "cash_flow")
    assert doc["trades"] and all(t["side"] == "buy" for t in doc["trades"])
    assert all(a["cash_after"] >= 0 for a in doc["accounts"])


def test_policy_file_and_its_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[trading]\nmode = "raise_cash"\nraise_cash = 20000\n', encoding="utf-8")
    doc = _plan(capsys, "--demo", "--policy", str(policy))
    assert all(t["side"] == "sell" for t in doc["trades"])
    assert sum(t["value"] for t in doc["trades"]) >= 20000
    policy.write_text("[targets]\nmega = 30\n", encoding="utf-8")
    assert main(["plan", "--demo", "--policy", str(policy), "--json"]) == 3
    err = capsys.readouterr()
    assert err.out == "" and f"{policy}:2: targets.mega" in err.err
    assert main(["plan", "--demo", "--policy", str(tmp_path / "missing.toml")]) == 3


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "Regime:" in out and "Trades (" in out and "Scenarios:" in out


@pytest.mark.timeout(180)
def test_a_book_of_households(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # this process has solved before (HiGHS keeps solver threads): the workers must still solve
    from planner.workflow import import_household, plan_household, read_policy

    plan_household(import_household(demo_files()), read_policy(None))
    for name in ("alvarez", "baker"):
        (tmp_path / name).mkdir()
        for f in demo_files():
            shutil.copy(f, tmp_path / name / f.name)
    shutil.copy(resource("demo/policy.toml"), tmp_path / "baker" / "policy.toml")
    (tmp_path / "chen").mkdir()
    (tmp_path / "chen" / "positions.csv").write_text("nothing,we,know\n1,2,3\n", "utf-8")
    assert main(["plan", str(tmp_path), "--json"]) == 3  # chen's file is bad; others planned
    doc = json.loads(capsys.readouterr().out)
    by_name = {h["name"]: h for h in doc["households"]}
    assert set(by_name) == {"alvarez", "baker", "chen"}
    assert by_name["alvarez"]["plan"]["trades"] and by_name["baker"]["plan"]["trades"]
    assert by_name["chen"]["plan"] is None and "positions.csv" in by_name["chen"]["error"]
    # baker's own policy applies: its targets are the demo policy's
    from planner.core.policy import Policy

    demo = read_policy(resource("demo/policy.toml"))
    assert by_name["baker"]["plan"]["buckets"]["mega"]["policy_target"] == demo.targets["mega"]
    assert (
        by_name["alvarez"]["plan"]["buckets"]["mega"]["policy_target"] == (Policy().targets["mega"])
    )
    assert demo.targets["mega"] != Policy().targets["mega"]


def test_the_workbook_carries_the_client_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    named, unnamed = tmp_path / "named.xlsx", tmp_path / "unnamed.xlsx"
    assert main(["plan", "--demo", "--xlsx", str(named), "--client", "Lee household"]) == 0
    assert main(["plan", "--demo", "--xlsx", str(unnamed)]) == 0
    capsys.readouterr()
    first = []
    for path in (named, unnamed):
        wb = load_workbook(path, read_only=True)
        first.append(wb.worksheets[0].cell(1, 1).value)
        wb.close()
    assert "Lee household" in str(first[0]) and "Lee household" not in str(first[1])


@pytest.mark.timeout(240)
def test_python_m_plans_a_book_in_spawned_workers(tmp_path: Path) -> None:
    """``python -m planner.cli plan FOLDER``: the workers import the main module again and must
    not run the command themselves (they would each plan the book)."""
    root = tmp_path / "book"
    for name in ("a", "b"):
        (root / name).mkdir(parents=True)
        for f in demo_files():
            shutil.copy(f, root / name / f.name)
    env = {**os.environ, "ROTATION_PLANNER_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "planner.cli", "plan", str(root), "--json"],
        capture_output=True,
        text=True,
        timeout=200,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert sorted(h["name"] for h in doc["households"]) == ["a", "b"]
    assert all(h["plan"]["trades"] for h in doc["households"])
