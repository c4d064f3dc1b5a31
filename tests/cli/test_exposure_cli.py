"""``rotation-planner exposure``: the JSON contract of issues 3 and 12 (size_scheme, coverage,
unknowns), the text view, scheme choices, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.core.policy import BUCKETS
from planner.market.firm_master import firm_master_path
from planner.market.overrides import set_account_type, set_security_override
from planner.market.securities import load_reference
from tests.conftest import DATA, SAMPLES

FIDELITY = SAMPLES / "fidelity" / "positions-2024-11.csv"
SOURCES = {"override", "master", "fund", "guessed", "unknown"}
EQUITY = {"mega", "large", "mid", "small", "micro", "intl_equity"}


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    assert main(["exposure", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def check_contract(doc: dict) -> None:  # type: ignore[type-arg]
    for key in (
        "total",
        "buckets",
        "equity_only",
        "positions",
        "unknown",
        "concentration",
        "warnings",
    ):
        assert key in doc
    assert list(doc["buckets"]) == list(BUCKETS)
    assert set(doc["equity_only"]) == EQUITY
    total_cents = round(doc["total"] * 100)
    assert sum(round(v["value"] * 100) for v in doc["buckets"].values()) == total_cents
    if total_cents:
        assert abs(sum(v["weight"] for v in doc["buckets"].values()) - 1) < 1e-8
    for p in doc["positions"]:
        assert {"account_id", "symbol", "market_value", "mix", "source", "as_of", "quality"} <= set(
            p
        )
        assert set(p["mix"]) <= set(BUCKETS) and abs(sum(p["mix"].values()) - 1) < 1e-8
        assert p["source"] in SOURCES
        assert p["as_of"] is None or len(p["as_of"]) == 10
    for u in doc["unknown"]:
        assert isinstance(u["symbol"], str) and isinstance(u["market_value"], float)
    c = doc["concentration"]
    assert 0 <= c["top10_weight"] <= 1 and 0 <= c["mag7_weight"] <= c["top10_weight"] + 1e-12
    assert c["largest"] is None or set(c["largest"]) == {"symbol", "weight"}
    s = doc["size_scheme"]
    assert {"name", "as_of", "source", "breakpoints"} <= set(s) and s["source"]
    assert s["name"] in ("rank", "sp-ranges", "dollars")
    lines = [s["breakpoints"][b] for b in ("mega", "large", "mid", "small")]
    assert lines == sorted(lines, reverse=True) and lines[-1] > 0
    assert s["as_of"] is None or len(s["as_of"]) == 10
    cov = doc["coverage"]
    assert 0 <= cov["classified_share"] <= 1 and set(cov["by_source"]) == SOURCES


@pytest.mark.samples
@pytest.mark.skipif(not FIDELITY.exists(), reason="../shared/samples absent")
def test_fidelity_sample_done_condition(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(capsys, str(FIDELITY))
    check_contract(doc)
    by_symbol: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for p in doc["positions"]:
        by_symbol.setdefault(p["symbol"], []).append(p)
    ref = load_reference()
    assert doc["size_scheme"]["breakpoints"] == ref.size_scheme.breakpoints.as_dict()
    for sym in ("AAPL", "MSFT", "GOOGL", "AMZN", "TSLA"):
        (p,) = by_symbol[sym]
        info = ref.lookup(sym)
        assert info is not None and info.rank is not None and info.rank <= 50  # the top 50
        assert p["mix"] == {"mega": 1.0} and p["source"] == "master" and p["as_of"]
    for p in by_symbol["FXAIX"] + by_symbol["FSKAX"]:
        assert p["source"] == "fund" and p["mix"]["mega"] > 0.5 and len(p["mix"]) >= 3
    assert by_symbol["FSKAX"][0]["mix"].get("small", 0) > 0  # total market reaches small-caps
    for sym in ("FZFXX", "FDRXX", "CORE"):
        assert by_symbol[sym][0]["mix"] == {"cash": 1.0}
    assert by_symbol["912797HP5"][0]["mix"] == {"bonds": 1.0}
    assert by_symbol["84679P504"][0]["source"] == "guessed"
    assert doc["unknown"] == []
    assert doc["buckets"]["cash"]["value"] >= 53946.02 + 548.26
    assert doc["concentration"]["largest"]["symbol"] == "AAPL"


def test_unknowns_are_listed_with_dollars_share_and_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (DATA / "schwab_positions_2026_individual.csv").read_text(encoding="utf-8")
    f = tmp_path / "schwab.csv"
    f.write_text(
        text.replace('"RVMD","REVOLUTION MEDICINES INC"', '"ZZZZQ","NOBODY KNOWS INC"'),
        encoding="utf-8",
    )
    doc = _json(capsys, str(f))
    check_contract(doc)
    (u,) = doc["unknown"]
    assert (u["symbol"], u["market_value"], u["description"]) == (
        "ZZZZQ",
        3502.5,
        "NOBODY KNOWS INC",
    )
    assert u["weight"] == round(3502.5 / doc["total"], 10) and u["reason"]
    assert doc["unknown_value"] == 3502.5
    assert doc["coverage"]["classified_share"] == round(1 - 3502.5 / doc["total"], 10)
    assert doc["coverage"]["by_source"]["unknown"] == 3502.5
    assert doc["buckets"]["other"]["value"] == 3502.5
    assert any("could not be classified" in w for w in doc["warnings"])
    assert main(["exposure", str(f)]) == 0
    assert "Could not classify (3,502.50, 6.6%)" in capsys.readouterr().out


@pytest.mark.samples
@pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/samples absent")
def test_a_reused_symbol_is_flagged(capsys: pytest.CaptureFixture[str]) -> None:
    """The Merrill sample's sanitised "SAMPLE INC" is ticker XYZ, which today is Block Inc:
    the names disagree, so it is left unclassified (as the plan leaves it), with a warning."""
    doc = _json(capsys, str(SAMPLES / "merrill" / "holdings.csv"))
    check_contract(doc)
    assert [u["symbol"] for u in doc["unknown"]] == ["XYZ"]
    (xyz,) = [p for p in doc["positions"] if p["symbol"] == "XYZ"]
    assert xyz["source"] == "unknown" and "Block" in xyz["name"]
    assert any("XYZ (file: 'SAMPLE INC'" in w for w in doc["warnings"])
    options = [p for p in doc["positions"] if p["underlying"]]
    assert {p["underlying"] for p in options} == {"XYZ", "ABC", "DEF"}


def test_demo_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    from planner.brokers import load_household
    from planner.resources import demo_files

    total = load_household([str(p) for p in demo_files()]).total
    assert main(["exposure", "--demo"]) == 0
    out = capsys.readouterr().out
    assert f"Household total: {total:,.2f}" in out
    assert "mega-caps" in out and "Magnificent Seven" in out
    assert "ATRA" in out and "unprofitable" in out
    doc = _json(capsys, "--demo")
    check_contract(doc)
    assert doc["concentration"]["largest"]["symbol"] == "NVDA"
    household = load_household([str(p) for p in demo_files()])
    mag7 = {"AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "GOOG", "META", "TSLA"}
    held = sum(r.market_value for r in household.records() if r.symbol in mag7)
    assert doc["concentration"]["mag7_weight"] == pytest.approx(held / household.total, abs=1e-6)
    # no company's filings are cached in a fresh home: the screen says unknown, acts on none
    wall = doc["small_cap_quality"]["refinancing_wall"]
    assert doc["small_cap_quality"]["names"] == [] and wall["at_risk_usd"] == 0
    atra = next(n for n in wall["names"] if n["symbol"] == "ATRA")
    assert atra["status"] == "unknown" and atra["market_value"] > 0


def test_overrides_apply(capsys: pytest.CaptureFixture[str]) -> None:
    set_security_override("NVDA", {"small": 1.0}, note="test")
    set_account_type("Z55512345", "tax_free")
    doc = _json(capsys, "--demo")
    nvda = [p for p in doc["positions"] if p["symbol"] == "NVDA"]
    assert all(p["source"] == "override" and p["mix"] == {"small": 1.0} for p in nvda)
    assert {a["id"]: a["type"] for a in doc["accounts"]}["Z55512345"] == "tax_free"


def test_schemes_and_fund_views_from_the_command_line_and_the_policy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rank = _json(capsys, "--demo")
    assert rank["size_scheme"]["name"] == "rank" and rank["size_scheme"]["funds"] == "look-through"
    sp = _json(capsys, "--demo", "--scheme", "sp-ranges")
    assert sp["size_scheme"]["breakpoints"] == {
        "mega": 200e9,
        "large": 22.7e9,
        "mid": 8e9,
        "small": 1.2e9,
    }
    assert sp["size_scheme"]["as_of"] == "2025-07-01" and "S&P" in sp["size_scheme"]["source"]
    iwm = next(p for p in sp["positions"] if p["symbol"] == "IWM")
    assert iwm["mix"] != next(p for p in rank["positions"] if p["symbol"] == "IWM")["mix"]
    index = _json(capsys, "--demo", "--funds", "index")
    assert next(p for p in index["positions"] if p["symbol"] == "IWM")["mix"] == {"small": 1.0}
    policy = tmp_path / "policy.toml"
    policy.write_text(
        '[buckets]\nscheme = "dollars"\n[buckets.dollars]\nmega = 1e12\n'
        "large = 100e9\nmid = 10e9\nsmall = 1e9\n",
        encoding="utf-8",
    )
    mine = _json(capsys, "--demo", "--policy", str(policy))
    assert mine["size_scheme"]["name"] == "dollars" and mine["size_scheme"]["as_of"] is None
    assert mine["size_scheme"]["breakpoints"]["mega"] == 1e12
    policy.write_text('[buckets]\nscheme = "biggest"\n', encoding="utf-8")
    assert main(["exposure", "--demo", "--policy", str(policy)]) == 3
    assert capsys.readouterr().err.startswith(f"{policy}:2: buckets.scheme")


def test_bad_firm_master_exits_3_with_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    firm_master_path().parent.mkdir(parents=True, exist_ok=True)
    firm_master_path().write_text(
        "symbol,name,market_cap_usd,as_of,cusip,bucket,source\nAAPL,Apple,huge,2026-01-08,,,s\n",
        encoding="utf-8",
    )
    assert main(["exposure", "--demo"]) == 3
    assert capsys.readouterr().err.startswith(f"{firm_master_path()}:2: market")


def test_bad_holdings_file_exits_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("nothing,useful\n1,2\n", encoding="utf-8")
    assert main(["exposure", str(bad)]) == 3
    assert str(bad) in capsys.readouterr().err


def test_no_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as err:
        main(["exposure"])
    assert err.value.code == 2
