"""``rotation-planner regime``: the JSON contract, the snapshot by default, --data, bad files;
``--history DIR``: the walk-forward's contract, usage, bad input, and a reduced window of the
reference data checked against the price file read independently."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest

from planner.cli import main

KEYS = {
    "id",
    "name",
    "family",
    "available",
    "value",
    "unit",
    "change",
    "as_of",
    "source",
    "rule",
    "score",
    "weight",
    "contribution",
}


def test_snapshot_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regime", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"as_of", "age_days", "stale", "label", "composite", "tilt", "signals"} <= set(doc)
    assert doc["as_of"] == "2026-01-08" and doc["stale"] is True and doc["age_days"] > 7
    assert doc["label"] == "small-cap leadership"
    for s in doc["signals"]:
        assert set(s) >= KEYS
        if not s["available"]:
            assert s["value"] is None and s["score"] is None and s["contribution"] is None
    total = sum(s["contribution"] or 0 for s in doc["signals"])
    assert total == pytest.approx(doc["composite"], abs=1e-5)
    weights = {s["id"]: s["weight"] for s in doc["signals"]}
    have = sum(s["weight"] for s in doc["signals"] if s["available"])
    assert doc["coverage"] == pytest.approx(have / sum(weights.values()), abs=1e-6)
    assert doc["tilt"] == pytest.approx(doc["composite"] * 0.05, abs=1e-6)
    # the snapshot is far past the 90-day fade: a plan applies none of it
    assert doc["fade"]["strength"] == 0 and doc["fade"]["applied_tilt"] == 0
    momentum = [s for s in doc["signals"] if s["family"] == "momentum"]
    assert len(momentum) == 3 and sum(s["weight"] for s in momentum) == pytest.approx(1.0)
    assert doc["families"]["momentum"]["weight"] == pytest.approx(1.0)


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regime"]) == 0
    out = capsys.readouterr().out
    assert "SMALL-CAP LEADERSHIP" in out and "STALE" in out and "days old" in out
    assert "a plan applies 0% of the tilt" in out


def test_bad_data_file_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "IWM.csv").write_text("No data", encoding="utf-8")
    assert main(["regime", "--data", str(tmp_path), "--json"]) == 3
    err = capsys.readouterr()
    assert err.out == "" and str(tmp_path / "IWM.csv") in err.err and "No data" in err.err
    assert main(["regime", "--data", str(tmp_path / "missing")]) == 3


def test_a_house_view_dated_with_a_time_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "house-view.toml").write_text(
        "as_of = 2026-01-08T10:30:00\n[values]\ngdp_growth_pct = 2.6\n", encoding="utf-8"
    )
    (tmp_path / "T10Y2Y.csv").write_text("observation_date,T10Y2Y\n2026-01-08,0.6\n", "utf-8")
    assert main(["regime", "--data", str(tmp_path), "--json"]) == 3
    err = capsys.readouterr()
    assert err.out == "" and err.err.startswith(f"{tmp_path / 'house-view.toml'}:1: ")
    assert "time of day" in err.err


# --- regime --history DIR ---------------------------------------------------------------------

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"


def _flat_folder(folder: Path) -> tuple[pd.Series, pd.Series]:
    """A folder of FRED-named CSVs (FRED's graph format) and per-symbol Stooq closes."""
    days = pd.bdate_range("2010-01-04", "2013-12-31")
    rng = np.random.default_rng(11)
    small = pd.Series(60 * np.exp(np.cumsum(rng.normal(0, 0.012, len(days)))), index=days)
    large = pd.Series(110 * np.exp(np.cumsum(rng.normal(0, 0.009, len(days)))), index=days)
    for sym, s in (("IWM", small), ("SPY", large)):
        rows = ["Date,Open,High,Low,Close,Volume"] + [
            f"{d:%Y-%m-%d},{c},{c},{c},{c},1" for d, c in s.items()
        ]
        (folder / f"{sym}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    curve = np.round(1 + np.cumsum(rng.normal(0, 0.03, len(days))), 2)
    pairs = zip(days, curve, strict=True)
    rows = ["observation_date,T10Y2Y"] + [f"{d:%Y-%m-%d},{v}" for d, v in pairs]
    (folder / "T10Y2Y.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return small, large


def test_history_contract_text_and_chart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small, large = _flat_folder(tmp_path)
    chart = tmp_path / "out" / "wf.svg"
    chart.parent.mkdir()
    assert main(["regime", "--history", str(tmp_path), "--json", "--chart", str(chart)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["small"] == "IWM" and doc["large"] == "SPY"
    assert [h["months"] for h in doc["horizons"]] == [3, 6, 12]
    assert set(doc["signals"]["left_out"]) == {
        "breadth",
        "valuation_gap",
        "earnings_gap",
        "growth",
        "fed_policy",
        "credit_spread",
    }
    assert doc["series"]["T10Y2Y"]["publication_lag"] == "1 business day"
    assert doc["series"]["IWM"]["publication_lag"] == "none"
    # with momentum (1) and the curve (0.75) of 7.5, the composite never reaches a tilt
    assert doc["coverage"]["max"] == pytest.approx(1.75 / 7.5, abs=1e-6)
    assert all(m["tilt"] == 0 and m["label"] == "neutral" for m in doc["months"])
    month = doc["months"][5]
    ends = small.groupby(small.index.to_period("M")).tail(1).index
    i = list(ends).index(pd.Timestamp(month["date"]))
    a, b = ends[i], ends[i + 3]
    expected = (small[b] / small[a] - 1) - (large[b] / large[a] - 1)
    assert month["forward"]["3"] == pytest.approx(expected, abs=1e-6)
    assert doc["caveats"] and any("In-sample" in c for c in doc["caveats"])
    ElementTree.fromstring(chart.read_text(encoding="utf-8"))  # well-formed SVG
    assert (
        main(["regime", "--history", str(tmp_path), "--start", "2012-01", "--end", "2012-06"]) == 0
    )
    out = capsys.readouterr().out
    assert "6 month-ends 2012-01-31 .. 2012-06-29" in out and "Caveats:" in out
    assert "Left out, no history here: breadth" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--start", "2020-01"],
        ["--chart", "x.svg"],
        ["--history", ".", "--data", "."],
        ["--history", ".", "--start", "January"],
        ["--benchmark", "QQQ"],
    ],
)
def test_history_usage_errors(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["regime", *args])
    assert exit_.value.code == 2


def test_history_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regime", "--history", str(tmp_path / "missing")]) == 3
    assert main(["regime", "--history", str(tmp_path)]) == 3  # no IWM closes
    assert "no IWM closes" in capsys.readouterr().err
    days = pd.bdate_range("2026-01-02", periods=40)
    for sym in ("IWM", "SPY"):
        rows = ["Date,Close"] + [f"{d:%Y-%m-%d},100" for d in days]
        (tmp_path / f"{sym}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["regime", "--history", str(tmp_path)]) == 3  # too short for a full year
    assert "no walk-forward possible" in capsys.readouterr().err


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not beside the repo")
def test_history_on_the_reference_data_reduced_window(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "regime",
                "--history",
                str(REFERENCE),
                "--start",
                "2019-01",
                "--end",
                "2020-12",
                "--json",
            ]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["window"] == {"first": "2019-01-31", "last": "2020-12-31", "month_ends": 24}
    assert set(doc["signals"]["left_out"]) == {"breadth", "valuation_gap", "earnings_gap", "growth"}
    assert doc["coverage"]["min"] == pytest.approx(0.5, abs=1e-6)
    # the outcome of one month, from the price file read here with pandas alone
    prices = pd.read_csv(REFERENCE / "prices" / "etf_adjclose_daily.csv", parse_dates=["date"])
    wide = prices.pivot(index="date", columns="symbol", values="adj_close")[["IWM", "SPY"]]
    wide = wide.dropna()
    ends = wide.groupby(wide.index.to_period("M")).tail(1)
    a, b = ends.loc["2020-03-31"], ends.loc["2020-09-30"]
    march = next(m for m in doc["months"] if m["date"] == "2020-03-31")
    expected = (b["IWM"] / a["IWM"] - 1) - (b["SPY"] / a["SPY"] - 1)
    assert march["forward"]["6"] == pytest.approx(expected, abs=1e-6)
    assert march["ratio"] == pytest.approx(a["IWM"] / a["SPY"], abs=1e-6)
    for h in doc["horizons"]:
        assert h["n"] == 24 and -1 <= h["rank_ic"] <= 1
        assert h["ci_95"] is None  # 24 months are under four 12-month blocks: no bootstrap
        assert (h["fisher_95"] is None) == (24 / h["months"] <= 3)  # n/h effective months
