"""``rotation-planner exposure``: the JSON contract of issue 3, the text view, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.core.policy import BUCKETS
from planner.market.overrides import set_account_type, set_security_override
from planner.market.securities import MASTER_COLUMNS, user_master_path
from tests.conftest import SAMPLES

FIDELITY = SAMPLES / "fidelity" / "positions-2024-11.csv"
SOURCES = {"override", "master", "fund", "guessed", "unknown"}
EQUITY = {"mega", "large", "mid", "small", "micro", "intl_equity"}


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    assert main(["exposure", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def check_contract(doc: dict) -> None:  # type: ignore[type-arg]
    for key in ("total", "buckets", "equity_only", "positions", "unknown", "concentration",
                "warnings"):  # fmt: skip
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


@pytest.mark.samples
@pytest.mark.skipif(not FIDELITY.exists(), reason="../shared/samples absent")
def test_fidelity_sample_done_condition(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(capsys, str(FIDELITY))
    check_contract(doc)
    by_symbol: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for p in doc["positions"]:
        by_symbol.setdefault(p["symbol"], []).append(p)
    for sym in ("AAPL", "MSFT", "GOOGL", "AMZN", "TSLA"):
        (p,) = by_symbol[sym]
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


@pytest.mark.samples
@pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/samples absent")
def test_unknowns_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(capsys, str(SAMPLES / "merrill" / "holdings.csv"))
    check_contract(doc)
    assert [u["symbol"] for u in doc["unknown"]] == ["XYZ"]
    assert doc["unknown"][0]["market_value"] == 208660.0
    assert doc["buckets"]["other"]["value"] == 208660.0 - 1365.0 - 6.0 - 132.0  # + short options
    assert any("could not be placed" in w for w in doc["warnings"])
    options = [p for p in doc["positions"] if p["underlying"]]
    assert {p["underlying"] for p in options} == {"XYZ", "ABC", "DEF"}


def test_demo_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exposure", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "Household total: 787,650.00" in out
    assert "mega-caps" in out and "Magnificent Seven" in out
    assert "ATRA" in out and "unprofitable" in out
    doc = _json(capsys, "--demo")
    check_contract(doc)
    assert doc["concentration"]["largest"]["symbol"] == "NVDA"
    assert doc["concentration"]["mag7_weight"] > 0.8
    assert doc["small_cap_quality"]["names"][0]["symbol"] == "ATRA"


def test_overrides_apply(capsys: pytest.CaptureFixture[str]) -> None:
    set_security_override("NVDA", {"small": 1.0}, note="test")
    set_account_type("Z55512345", "tax_free")
    doc = _json(capsys, "--demo")
    nvda = [p for p in doc["positions"] if p["symbol"] == "NVDA"]
    assert all(p["source"] == "override" and p["mix"] == {"small": 1.0} for p in nvda)
    assert {a["id"]: a["type"] for a in doc["accounts"]}["Z55512345"] == "tax_free"


def test_bad_master_exits_3_with_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    user_master_path().parent.mkdir(parents=True, exist_ok=True)
    user_master_path().write_text(
        ",".join(MASTER_COLUMNS) + "\nAAPL,Apple,equity,huge,Tech,1,2026-01-08,2026-01-08,s,,,\n",
        encoding="utf-8",
    )
    assert main(["exposure", "--demo"]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"{user_master_path()}:2: market_cap_usd")


def test_bad_holdings_file_exits_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("nothing,useful\n1,2\n", encoding="utf-8")
    assert main(["exposure", str(bad)]) == 3
    assert str(bad) in capsys.readouterr().err


def test_no_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as err:
        main(["exposure"])
    assert err.value.code == 2
