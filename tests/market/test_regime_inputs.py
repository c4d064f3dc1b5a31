"""Market-data files in their real formats, data folders, the bundled snapshot, and the refresh
path end to end against a local HTTP server (never the internet)."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest

from planner.core.errors import InputError
from planner.market import feeds
from planner.market.fred import parse_fred
from planner.market.houseview import parse_house_view
from planner.market.prices import parse_prices
from planner.market.regime_inputs import load_regime
from planner.market.snapshot import load_snapshot, snapshot_path

TODAY = date(2026, 11, 24)


def _fred(series_id: str, values: pd.Series, old_header: bool = False) -> str:
    head = "DATE" if old_header else "observation_date"
    rows = [f"{head},{series_id}"]
    rows += [f"{d:%Y-%m-%d},{'.' if np.isnan(v) else v}" for d, v in values.items()]
    return "\n".join(rows) + "\n"


def _stooq(closes: pd.Series) -> str:
    rows = ["Date,Open,High,Low,Close,Volume"]
    rows += [f"{d:%Y-%m-%d},{c},{c},{c},{c},1000" for d, c in closes.items()]
    return "\n".join(rows) + "\n"


def _yahoo(closes: pd.Series) -> str:
    rows = ["Date,Open,High,Low,Close,Adj Close,Volume"]
    rows += [f"{d:%Y-%m-%d},1,1,1,{c + 5},{c},1000" for d, c in closes.items()]
    return "\n".join(rows) + "\n"


def test_fred_both_headers_and_missing_values() -> None:
    days = pd.date_range("2026-01-01", periods=4)
    values = pd.Series([1.0, np.nan, 1.5, 2.0], index=days)
    for old in (False, True):
        sid, s = parse_fred(_fred("T10Y2Y", values, old), "T10Y2Y.csv")
        assert sid == "T10Y2Y" and list(s) == [1.0, 1.5, 2.0]
    with pytest.raises(InputError, match=r"T10Y2Y.csv:3: not a number"):
        parse_fred("observation_date,T10Y2Y\n2026-01-01,1\n2026-01-02,abc\n", "T10Y2Y.csv")
    with pytest.raises(InputError, match=r"x.csv:1: not a FRED CSV"):
        parse_fred("Date,Open,High\n", "x.csv")


def test_stooq_yahoo_and_their_failures() -> None:
    closes = pd.Series([10.0, 11.0], index=pd.date_range("2026-01-01", periods=2))
    assert list(parse_prices(_stooq(closes), "IWM.csv")) == [10.0, 11.0]
    assert list(parse_prices(_yahoo(closes), "IWM.csv")) == [10.0, 11.0]  # the adjusted close
    with pytest.raises(InputError, match="No data"):
        parse_prices("No data", "IWM.csv")
    with pytest.raises(InputError, match="HTML"):
        parse_prices("<html><body>Error</body></html>", "IWM.csv")
    with pytest.raises(InputError, match=r"IWM.csv:3: not a date"):
        parse_prices(
            "Date,Open,High,Low,Close,Volume\n2026-01-01,1,1,1,2,3\nx,1,1,1,y,3\n", "IWM.csv"
        )


def test_house_view() -> None:
    text = (
        'as_of = 2026-01-08\nsource = "desk"\n[values]\nbreadth_pct_advancing = 60\n'
        "small_cap_eps_growth_pct = 19.5\nlarge_cap_eps_growth_pct = 14\n"
    )
    obs = {o.id: o for o in parse_house_view(text, "hv.toml")}
    assert obs["breadth"].value == 60 and obs["earnings_gap"].value == 5.5
    assert obs["breadth"].as_of == date(2026, 1, 8) and obs["breadth"].source == "desk"
    with pytest.raises(InputError, match=r"hv.toml:3: values.colour"):
        parse_house_view("as_of = 2026-01-08\n[values]\ncolour = 1\n", "hv.toml")
    with pytest.raises(InputError, match="as_of"):
        parse_house_view("[values]\ngdp_growth_pct = 2\n", "hv.toml")


def test_the_snapshot_holds_the_report_and_invents_nothing() -> None:
    regime = load_regime(today=TODAY)
    assert regime.as_of == date(2026, 1, 8) and regime.age_days == 320 and regime.stale
    assert regime.label == "small-cap leadership" and 0 < regime.tilt <= 0.05
    by_id = {s.id: s for s in regime.signals}
    assert by_id["valuation_gap"].value == 30 and by_id["growth"].value == 2.6
    assert by_id["earnings_gap"].value == 5.5 and by_id["fed_policy"].value == -0.75
    for unquantified in ("relative_strength", "relative_trend", "yield_curve", "credit_spread"):
        assert not by_id[unquantified].available and by_id[unquantified].value is None
    report = Path(__file__).parents[2] / "../shared/context/market-report-2026-01-08.txt"
    snap, _, _ = load_snapshot()
    if report.exists():  # every quote is a sentence of the report
        text = report.read_text(encoding="utf-8")
        for o in snap:
            quote = o.note.split(" (")[0]
            assert quote.rstrip(".") in text, quote
    doc = json.loads(snapshot_path().read_text(encoding="utf-8"))
    assert doc["figures"]["russell_2000_close"]["value"] == 2603.90


def _series_folder(folder: Path) -> None:
    days = pd.bdate_range(end="2026-01-08", periods=300)
    small = pd.Series(100.0, index=days)
    small.iloc[-64:] = np.linspace(100, 110, 64)
    large = pd.Series(200.0, index=days)
    (folder / "IWM.csv").write_text(_stooq(small), encoding="utf-8")
    (folder / "qqq.csv").write_text(_yahoo(large), encoding="utf-8")
    cal = pd.date_range("2025-06-01", "2026-01-08", freq="D")
    fed = pd.Series(4.50, index=cal)
    fed[cal >= "2025-12-11"] = 3.75
    (folder / "DFEDTARU.csv").write_text(_fred("DFEDTARU", fed), encoding="utf-8")
    curve = pd.Series(np.linspace(0.2, 0.7, len(cal)), index=cal)
    (folder / "T10Y2Y.csv").write_text(_fred("T10Y2Y", curve, old_header=True), encoding="utf-8")
    (folder / "house-view.toml").write_text(
        'as_of = 2026-01-07\nsource = "desk"\n[values]\nsmall_cap_pe_discount_pct = 25\n',
        encoding="utf-8",
    )


def test_a_data_folder_gives_the_values_the_definitions_imply(tmp_path: Path) -> None:
    _series_folder(tmp_path)
    regime = load_regime(tmp_path, today=date(2026, 1, 9))
    by_id = {s.id: s for s in regime.signals}
    assert by_id["relative_strength"].value == pytest.approx(10.0)
    assert by_id["small_cap_high"].value == pytest.approx(0.0)
    assert by_id["fed_policy"].value == pytest.approx(-0.75)
    curve = by_id["yield_curve"]
    assert curve.value == pytest.approx(0.7) and curve.change is not None and curve.change > 0
    assert by_id["valuation_gap"].value == 25 and by_id["valuation_gap"].source == "desk"
    assert not by_id["credit_spread"].available
    assert regime.as_of == date(2026, 1, 7) and not regime.stale
    assert "IWM/QQQ" in regime.series


def test_a_bad_file_in_the_data_folder_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "T10Y2Y.csv").write_text("observation_date,T10Y2Y\n2026-01-01,x\n", "utf-8")
    with pytest.raises(InputError, match=r"T10Y2Y.csv:2:"):
        load_regime(tmp_path, today=TODAY)


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, float]]] = {}

    def do_GET(self) -> None:
        key = (
            self.path.split("id=")[-1].split("&")[0]
            if "id=" in self.path
            else (self.path.split("s=")[-1].split(".")[0].upper())
        )
        status, body, delay = self.routes.get(key, (404, "not found", 0.0))
        time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/csv")
            self.end_headers()
            self.wfile.write(body.encode())
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_refresh_end_to_end(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    days = pd.bdate_range(end="2026-11-20", periods=300)
    cal = pd.date_range("2026-05-01", "2026-11-20", freq="D")
    _Handler.routes = {
        "DFEDTARU": (200, _fred("DFEDTARU", pd.Series(3.75, index=cal)), 0.0),
        "T10Y2Y": (200, "<html><body>Service unavailable</body></html>", 0.0),
        "BAMLH0A0HYM2": (500, "oops", 0.0),
        "BAA10Y": (200, _fred("BAA10Y", pd.Series(1.8, index=cal)), 0.0),
        "A191RL1Q225SBEA": (200, _fred("A191RL1Q225SBEA", pd.Series(2.0, index=cal)), 2.0),
        "IWM": (200, _stooq(pd.Series(np.linspace(200, 240, 300), index=days)), 0.0),
        "SPY": (200, "No data", 0.0),
        "MGC": (200, "observation_date,T10Y2Y\n2026-11-20,0.5\n", 0.0),
    }
    monkeypatch.setenv("ROTATION_PLANNER_FRED_URL", f"{server}/fred")
    monkeypatch.setenv("ROTATION_PLANNER_STOOQ_URL", f"{server}/stooq")
    monkeypatch.setattr(feeds, "TIMEOUT_S", 0.5)
    start = time.monotonic()
    problems = feeds.refresh(timeout=0.5)
    assert time.monotonic() - start < 5  # the stalled answer did not hang the refresh
    text = "\n".join(problems)
    assert "T10Y2Y" in text and "not usable" in text  # the HTML page
    assert "BAMLH0A0HYM2" in text and "500" in text
    assert "A191RL1Q225SBEA" in text and "timeout" in text
    assert "SPY" in text and "No data" in text
    assert "MGC" in text and "not a daily price CSV" in text
    cached = {p.stem for p in feeds.market_cache().glob("*.csv")}
    assert cached == {"DFEDTARU", "BAA10Y", "IWM"}
    stamps = json.loads((feeds.market_cache() / "fetched.json").read_text())
    assert set(stamps) == cached
    regime = load_regime(today=date(2026, 11, 24))  # the cache now wins over the snapshot
    by_id = {s.id: s for s in regime.signals}
    assert by_id["fed_policy"].value == 0.0 and by_id["credit_spread"].value == 1.8
    assert by_id["small_cap_high"].value == pytest.approx(0.0)
    assert not by_id["relative_strength"].available  # SPY and MGC failed: nothing guessed
    assert regime.as_of == date(2026, 11, 20) and regime.age_days == 4 and not regime.stale


def test_offline_refresh_keeps_the_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROTATION_PLANNER_FRED_URL", "http://127.0.0.1:9/fred")
    monkeypatch.setenv("ROTATION_PLANNER_STOOQ_URL", "http://127.0.0.1:9/stooq")
    regime = load_regime(refresh=True, today=TODAY)
    assert regime.as_of == date(2026, 1, 8) and regime.stale
    assert regime.warnings and all("cannot connect" in w for w in regime.warnings)


def test_the_house_view_replaces_the_snapshot_figures_it_covers() -> None:
    from planner.market.regime_inputs import house_view_path, save_house_view

    values = {"small_cap_pe_discount_pct": 12.0, "gdp_growth_pct": 1.0}
    save_house_view(date(2026, 11, 20), 'Committee "November"', values)
    assert parse_house_view(house_view_path().read_text(encoding="utf-8"), "hv")[0].source == (
        'Committee "November"'
    )
    regime = load_regime(today=TODAY)
    by_id = {s.id: s for s in regime.signals}
    assert by_id["valuation_gap"].value == 12.0 and by_id["valuation_gap"].as_of == date(
        2026, 11, 20
    )
    assert by_id["growth"].value == 1.0
    assert by_id["earnings_gap"].value == 5.5  # still the report's
    assert regime.as_of == date(2026, 1, 8)  # the oldest input dates the regime
    assert "house view" in regime.source
    with pytest.raises(InputError, match="unknown house-view"):
        save_house_view(date(2026, 11, 20), "x", {"colour": 1.0})


# --- regime inputs validated (issue 13, item 6) ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "where", "reason"),
    [
        (
            "T10Y2Y.csv",
            "observation_date,DFEDTARU\n2026-01-02,3.75\n",
            1,
            "names the series 'DFEDTARU' but the file is for T10Y2Y",
        ),
        (
            "T10Y2Y.csv",
            "observation_date,T10Y2Y\n2026-01-02,0.5\n2026-12-01,0.6\n",
            3,
            "after today",
        ),
        (
            "T10Y2Y.csv",
            "observation_date,T10Y2Y\n2026-01-02,0.5\n2026-01-05,inf\n",
            3,
            "not a finite number",
        ),
        ("T10Y2Y.csv", "observation_date,T10Y2Y\n2026-01-02,nan\n", 2, "not a finite number"),
        ("T10Y2Y.csv", "observation_date,T10Y2Y\n2026-01-02,1e308\n", 2, "outside"),
        (
            "T10Y2Y.csv",
            "observation_date,T10Y2Y\n2026-01-02,0.5\n2026-01-05,0.6\n2026-01-02,0.7\n",
            4,
            "appears twice with different values (0.5 on line 2, 0.7 here)",
        ),
        (
            "IWM.csv",
            "Date,Open,High,Low,Close,Volume\n2026-01-02,1,1,1,0,5\n",
            2,
            "must be positive",
        ),
        (
            "IWM.csv",
            "Date,Open,High,Low,Close,Volume\n2026-01-02,1,1,1,100,5\n2026-01-05,1,1,1,-3.5,5\n",
            3,
            "must be positive",
        ),
        ("IWM.csv", "Date,Open,High,Low,Close,Volume\n2026-01-02,1,1,1,1e308,5\n", 2, "outside"),
        (
            "IWM.csv",
            "Date,Open,High,Low,Close,Volume\n2026-01-02,1,1,1,inf,5\n",
            2,
            "not a finite number",
        ),
        (
            "IWM.csv",
            "Date,Open,High,Low,Close,Volume\n2026-01-02,1,1,1,100,5\n2026-01-02,1,1,1,101,5\n",
            3,
            "appears twice",
        ),
        (
            "IWM.csv",
            "Date,Open,High,Low,Close,Volume\n2027-01-04,1,1,1,100,5\n",
            2,
            "dated 2027-01-04, after today (2026-11-24)",
        ),
        (
            "prices.csv",
            "date,symbol,adj_close\n2026-01-02,IWM,200\n2026-01-02,SPY,0\n",
            3,
            "a close of SPY must be positive",
        ),
        (
            "prices.csv",
            "date,symbol,adj_close\n2026-01-02,IWM,200\n2026-01-02,IWM,201\n",
            3,
            "appears twice",
        ),
    ],
)
def test_bad_regime_data_is_refused_by_file_and_line(
    tmp_path: Path, name: str, text: str, where: int, reason: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_regime(tmp_path, today=TODAY)
    assert str(err.value).startswith(f"{tmp_path / name}:{where}: ")
    assert reason in str(err.value)


def test_a_date_repeated_with_the_same_value_is_kept_once() -> None:
    _, s = parse_fred("observation_date,T10Y2Y\n2026-01-02,0.5\n2026-01-02,0.5\n", "T10Y2Y.csv")
    assert list(s) == [0.5]
    closes = parse_prices("Date,Close\n2026-01-02,10\n2026-01-02,10\n2026-01-05,11\n", "x.csv")
    assert list(closes) == [10.0, 11.0]


def test_the_house_view_is_checked() -> None:
    with pytest.raises(InputError, match=r"hv.toml:1: as_of = 2026-01-08T10:00:00 has a time"):
        parse_house_view("as_of = 2026-01-08T10:00:00\n[values]\ngdp_growth_pct = 2\n", "hv.toml")
    with pytest.raises(InputError, match=r"hv.toml:1: as_of 2026-12-01 is after today"):
        parse_house_view("as_of = 2026-12-01\n", "hv.toml", today=TODAY)
    for bad in ("nan", "inf", "-inf", "1e308"):
        with pytest.raises(InputError, match=r"hv.toml:3: values.gdp_growth_pct: .* finite"):
            parse_house_view(f"as_of = 2026-01-08\n[values]\ngdp_growth_pct = {bad}\n", "hv.toml")


def _reference_layout(root: Path, days: pd.DatetimeIndex) -> tuple[pd.Series, pd.Series]:
    """A small folder in the layout of ../shared/reference: prices/ as one table, fred/ as
    date,value,source files (one of them named DFEDTAR_pre2008.csv)."""
    rng = np.random.default_rng(7)
    small = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(days)))), index=days)
    large = pd.Series(300 * np.exp(np.cumsum(rng.normal(0, 0.008, len(days)))), index=days)
    (root / "prices").mkdir()
    (root / "fred").mkdir()
    rows = ["date,symbol,adj_close"]
    for d in days:
        rows += [
            f"{d:%Y-%m-%d},SPY,{float(large[d])!r}",
            f"{d:%Y-%m-%d},IWM,{float(small[d])!r}",
            f"{d:%Y-%m-%d},QQQ,{2 * float(large[d])!r}",
        ]
    (root / "prices" / "etf_adjclose_daily.csv").write_text("\n".join(rows) + "\n", "utf-8")
    cal = pd.date_range(days[0], days[-1], freq="D")
    old = [
        f"{d:%Y-%m-%d},{5.25 if d < pd.Timestamp('2008-10-01') else 1.0},x"
        for d in cal
        if d < pd.Timestamp("2008-12-16")
    ]
    new = [f"{d:%Y-%m-%d},0.25,y" for d in cal if d >= pd.Timestamp("2008-12-16")]
    (root / "fred" / "DFEDTAR_pre2008.csv").write_text(
        "date,value,source\n" + "\n".join(old) + "\n", "utf-8"
    )
    (root / "fred" / "DFEDTARU.csv").write_text(
        "date,value,source\n" + "\n".join(new) + "\n", "utf-8"
    )
    return small, large


def test_the_reference_layout_reads_directly(tmp_path: Path) -> None:
    days = pd.bdate_range("2008-01-02", "2009-03-31")
    small, large = _reference_layout(tmp_path, days)
    regime = load_regime(tmp_path, today=TODAY)
    by_id = {s.id: s for s in regime.signals}
    rs = 100 * ((small.iloc[-1] / small.iloc[-64] - 1) - (large.iloc[-1] / large.iloc[-64] - 1))
    assert by_id["relative_strength"].value == pytest.approx(rs)  # against SPY, not QQQ
    assert "IWM vs SPY" in by_id["relative_strength"].source
    # the target fell from 1.00 (DFEDTAR, to 2008-12-15) to a 0.25 upper bound (DFEDTARU):
    # six months before 2009-03-31 it was 5.25 - the splice reads across the two files
    assert by_id["fed_policy"].value == pytest.approx(0.25 - 5.25)
    assert "DFEDTAR before 2008-12-16" in by_id["fed_policy"].source
    assert "IWM/SPY" in regime.series
    assert not any("supplied" in w for w in regime.warnings)  # SPY was there
    mgc = load_regime(tmp_path, today=TODAY, large="MGC")  # no MGC here: SPY, and it says so
    assert any("no MGC series supplied" in w and "against SPY" in w for w in mgc.warnings)


def test_with_only_qqq_it_is_used_and_flagged(tmp_path: Path) -> None:
    days = pd.bdate_range(end="2026-01-08", periods=300)
    small = pd.Series(np.linspace(100, 130, 300), index=days)
    large = pd.Series(np.linspace(400, 420, 300), index=days)
    (tmp_path / "IWM.csv").write_text(_stooq(small), encoding="utf-8")
    (tmp_path / "QQQ.csv").write_text(_stooq(large), encoding="utf-8")
    regime = load_regime(tmp_path, today=date(2026, 1, 9))
    rs = next(s for s in regime.signals if s.id == "relative_strength")
    ahead = (small.iloc[-1] / small.iloc[-64] - 1) - (large.iloc[-1] / large.iloc[-64] - 1)
    assert rs.value == pytest.approx(100 * ahead)  # the series the folder supplies
    assert any("QQQ" in w and "not a broad large-cap series" in w for w in regime.warnings)


@pytest.mark.parametrize(
    "extra",
    ["", "2026-01-07,IWM,null\n", "2026-01-07, iwm ,200.5\n", "\n2026-01-08,SPY,401\n", "REPEAT"],
)
def test_the_price_table_fast_path_reads_what_the_line_reader_reads(extra: str) -> None:
    from planner.market.prices import _fast_table, parse_price_table, slow_price_table

    rng = np.random.default_rng(2)
    days = pd.bdate_range("2025-01-01", "2026-01-06")
    rows = ["date,symbol,adj_close"]
    for d in days:
        for sym in ("IWM", "SPY", "QQQ"):
            rows.append(f"{d:%Y-%m-%d},{sym},{float(rng.uniform(50, 500))!r}")
    text = "\n".join(rows) + "\n" + (rows[-1] + "\n" if extra == "REPEAT" else extra)
    fast, slow = parse_price_table(text, "t.csv", TODAY), slow_price_table(text, "t.csv", TODAY)
    if extra == "":  # clean: pandas read it whole (a repeat goes line by line)
        assert _fast_table(text, "adj_close", TODAY) is not None
    assert fast.keys() == slow.keys()
    for sym in fast:
        pd.testing.assert_series_equal(fast[sym], slow[sym], check_freq=False)
