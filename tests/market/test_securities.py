"""The bundled universe's readers, a firm's master and fund-holdings imports (kept in the user
data folder, winning over bundled data, dated), and the overrides file."""

from __future__ import annotations

import math
import os
from datetime import date
from pathlib import Path

import pytest

from planner.core.buckets import CapThresholds
from planner.core.classify import classify
from planner.core.errors import InputError
from planner.market.firm_master import firm_master_path, import_firm_master, parse_firm_master
from planner.market.fund_holdings import parse_holdings, read_holdings
from planner.market.overrides import (
    load_overrides,
    overrides_path,
    parse_overrides,
    render_overrides,
    set_account_type,
    set_security_override,
    set_thresholds,
)
from planner.market.securities import firm_funds_dir, import_fund_holdings, load_reference
from planner.market.tables import MASTER_COLUMNS, parse_master
from planner.resources import resource
from planner.storage import config_dir, data_dir
from tests.conftest import DATA

ISHARES = DATA / "funds" / "ishares_holdings_2026.csv"
HEADER = ",".join(MASTER_COLUMNS)
GOOD = "NEWCO,New Co,equity,5000000000,2026-08-21,123,,US,Industrials,sp600,12.5,yes,1.0,8.0,t"


def test_bundled_files_load_and_every_row_is_sourced_and_dated() -> None:
    ref = load_reference()
    assert ref.origin == "bundled"
    assert len(ref.securities) > 7000 and len(ref.funds) > 100 and len(ref.cusips) > 5000
    for s in ref.securities.values():
        assert s.source
        assert (s.market_cap_usd is None) == (s.market_cap_as_of is None), s.symbol
        assert (s.price is None) == (s.price_as_of is None), s.symbol
        if not s.source.startswith("hand: "):  # hand-kept rows say it in words
            assert all(part in ref.sources for part in s.source.split(";")), s.symbol
    for f in ref.funds.values():
        assert f.source, f.symbol
        assert f.as_of is not None or f.source == "fdb-etf", f.symbol
        assert f.profile is None or f.profile in ref.profiles, f.symbol
        assert sum(f.fixed.values()) <= 1 + 1e-9
    for p in ref.profiles.values():
        assert math.isclose(sum(w for *_, w in p.bins), 1.0)
        assert p.holdings_as_of is not None and p.caps_as_of == date(2026, 8, 21)
        assert 0.9 < p.coverage <= 1.0, p.fund
    header = resource("securities.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(MASTER_COLUMNS)
    assert all(target in ref.securities for target in ref.cusips.values())


def test_parse_master_good_row_and_bad_rows_name_the_line() -> None:
    info = parse_master(f"{HEADER}\n{GOOD}\n")["NEWCO"]
    assert (info.market_cap_usd, info.price, info.market_cap_as_of) == (
        5e9,
        12.5,
        date(2026, 8, 21),
    )
    assert info.indexes == {"sp600"} and info.company == "123"
    for bad, reason in [
        (GOOD.replace("5000000000", "huge"), "must be numbers"),
        (GOOD.replace("2026-08-21", ""), "need an as_of date"),
        (GOOD.replace("equity", "stonk"), "asset_type"),
        (GOOD.replace("sp600", "ftse"), "indexes"),
        (GOOD.replace(",t", ","), "source is empty"),
    ]:
        with pytest.raises(InputError) as err:
            parse_master(f"{HEADER}\n{GOOD.replace('NEWCO', 'OLDCO')}\n{bad}\n", "m.csv")
        assert err.value.line == 3 and reason in err.value.reason, bad


FIRM = """Ticker,Security Name,Market Cap,As Of,CUSIP,Bucket
KHC,Kraft Heinz,$450.0B,2026-09-30,500754106,
NEWCO,New Company,"1,234,567,890",09/30/2026,,
PRIVCO,Private placement,,2026-09-30,,small
BRK-B,Berkshire B,1.2T,2026-09-30,,
"""


def test_firm_master_wins_over_the_bundled_rows(tmp_path: Path) -> None:
    before = load_reference()
    src = tmp_path / "firm.csv"
    src.write_text(FIRM, encoding="utf-8")
    dest, rows = import_firm_master(src, today=date(2026, 10, 1))
    assert (dest, rows) == (firm_master_path(), 4) and dest.parent == data_dir()
    ref = load_reference()
    assert "bundled +" in ref.origin
    khc = ref.lookup("KHC")
    assert khc is not None and khc.market_cap_usd == 450e9
    assert khc.market_cap_as_of == date(2026, 9, 30)
    assert khc.source == "firm master firm.csv (imported 2026-10-01)"
    assert khc.sector == before.securities["KHC"].sector  # facts the firm did not give stay
    c = classify("KHC", "", "equity", ref)
    assert dict(c.mix) == {ref.size_scheme.bucket(450e9): 1.0}
    assert ref.size_scheme == before.size_scheme  # ranks stay the bundled universe's
    assert classify("NEWCO", "", "equity", ref).mix == {ref.size_scheme.bucket(1234567890.0): 1.0}
    p = classify("PRIVCO", "", "equity", ref)
    assert (p.source, dict(p.mix), p.note) == (
        "master",
        {"small": 1.0},
        "the firm master's own bucket",
    )
    assert ref.lookup("BRK.B") is not None and ref.lookup("BRK.B").market_cap_usd == 1.2e12  # type: ignore[union-attr]
    assert ref.lookup("NVDA") == before.lookup("NVDA")  # rows it does not have stay


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("Symbol,Price\nAAPL,1\n", 1, "missing column(s): market cap, as-of date"),
        ("Symbol,Market Cap,As Of\nAAPL,lots,2026-09-30\n", 2, "market cap: 'lots'"),
        ("Symbol,Market Cap,As Of\nAAPL,3T,\n", 2, "as-of date is empty"),
        ("Symbol,Market Cap,As Of\nAAPL,3T,30.9.2026\n", 2, "as-of: '30.9.2026'"),
        ("Symbol,Market Cap,As Of,Bucket\nAAPL,,2026-09-30,huge\n", 2, "bucket 'huge'"),
        ("Symbol,Market Cap,As Of\nAAPL,3T,2026-09-30\nAAPL,3T,2026-09-30\n", 3, "twice"),
        ("Symbol,Market Cap,As Of,CUSIP\nAAPL,3T,2026-09-30,037833101\n", 2, "CUSIP"),
        ("Symbol,Market Cap,As Of\nAAPL,,2026-09-30\n", 2, "give a market cap or a bucket"),
        ("Symbol,Market Cap,As Of\n", 2, "no rows"),
    ],
)
def test_bad_firm_masters_name_file_and_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(InputError) as err:
        parse_firm_master(text, "firm.csv")
    assert (err.value.file, err.value.line) == ("firm.csv", line)
    assert reason in err.value.reason


def test_a_bad_import_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Symbol,Market Cap,As Of\nAAPL,x,2026-09-30\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.csv:2: market cap"):
        import_firm_master(bad)
    assert not firm_master_path().exists()
    with pytest.raises(InputError, match="file not found"):
        import_firm_master(tmp_path / "missing.csv")
    with pytest.raises(InputError, match=r"bad.csv:1: not a holdings file"):
        import_fund_holdings("IJR", bad)
    assert not firm_funds_dir().exists()


def test_ishares_layout_is_read_by_content() -> None:
    held = read_holdings(ISHARES)
    assert (held.layout, held.fund_name, held.as_of) == (
        "ishares",
        "iShares Core S&P Small-Cap ETF",
        date(2026, 8, 20),
    )
    # weights from market values; cash, the sweep fund and the future are not equity
    assert [(h.symbol, h.weight) for h in held.holdings] == [
        ("KHC", 0.4),
        ("BRKB", 0.2),
        ("AAPL", 0.1),
        ("ZZZZQ", 0.1),
    ]
    assert math.isclose(held.other_weight, 0.2)


@pytest.mark.parametrize(
    ("edit", "line", "reason"),
    [
        (
            lambda t: t.replace('Fund Holdings as of,"Aug 20, 2026"', "Fund Holdings as of,soon"),
            2,
            "not a date",
        ),
        (lambda t: t.replace('Fund Holdings as of,"Aug 20, 2026"\n', ""), 2, "no 'Fund Holdings"),
        (lambda t: t.replace('"40.00"', '"forty"'), 11, "Weight (%): 'forty'"),
        (lambda t: t.replace("Weight (%)", "Share"), None, "no 'Ticker,...,Weight (%)' header"),
    ],
)
def test_bad_ishares_files_name_the_line(edit: object, line: int | None, reason: str) -> None:
    text = edit(ISHARES.read_text(encoding="utf-8"))  # type: ignore[operator]
    with pytest.raises(InputError) as err:
        parse_holdings(text, "h.csv")
    assert err.value.line == line and reason in err.value.reason


def test_an_imported_fund_file_wins_and_is_sized_against_the_master() -> None:
    before = load_reference()
    dest, _ = import_fund_holdings("ijr", ISHARES)
    assert dest == firm_funds_dir() / "IJR.csv" and dest.read_bytes() == ISHARES.read_bytes()
    ref = load_reference()
    fund = ref.funds["IJR"]
    assert (fund.placement, fund.as_of, fund.segment) == ("holdings", date(2026, 8, 20), "small")
    p = ref.profiles["IJR"]
    assert math.isclose(p.coverage, 0.7 / 0.8)  # ZZZZQ is not in the universe
    # the expected mix, from the bundled master's caps and the scheme, not from the profile code
    want: dict[str, float] = {}
    for sym, w in (("KHC", 0.4), ("BRK.B", 0.2), ("AAPL", 0.1)):
        info = before.lookup(sym)
        assert info is not None and info.market_cap_usd is not None
        b = before.size_scheme.bucket(info.market_cap_usd)
        want[b] = want.get(b, 0.0) + w / 0.7
    c = classify("IJR", "", "etf", ref)
    assert c.source == "fund" and c.as_of == date(2026, 8, 20)
    assert c.mix == pytest.approx(want)
    assert "look-through: 4 holdings of 2026-08-20" in c.note
    # a new fund the bundled table never had
    import_fund_holdings("XSML", ISHARES)
    assert classify("XSML", "", "etf", load_reference()).mix == pytest.approx(want)


def test_overrides_round_trip_in_the_config_dir() -> None:
    assert overrides_path().parent == config_dir()
    assert load_overrides().securities == {}
    set_security_override(
        "brk.b", {"mega": 0.25, "large": 0.75}, note='my "note"', as_of=date(2026, 1, 8)
    )
    set_account_type("Z555", "tax_deferred")
    set_thresholds(CapThresholds(mega=300e9))
    text = overrides_path().read_text(encoding="utf-8")
    assert '[securities."BRK.B"]' in text and '"Z555" = "tax_deferred"' in text
    o = load_overrides()
    assert dict(o.securities["BRK.B"].mix) == {"mega": 0.25, "large": 0.75}
    assert o.securities["BRK.B"].note == 'my "note"'
    assert o.securities["BRK.B"].as_of == date(2026, 1, 8)
    assert o.account_types == {"Z555": "tax_deferred"}
    assert o.thresholds == CapThresholds(mega=300e9)
    assert parse_overrides(render_overrides(o)) == o
    ref = load_reference()
    c = classify("BRKB", "", "equity", ref)
    assert (c.source, dict(c.mix)) == ("override", {"mega": 0.25, "large": 0.75})
    assert ref.size_scheme.name == "rank"  # old thresholds are the dollars scheme's lines
    assert ref.with_buckets("dollars").thresholds.mega == 300e9
    assert dict(classify("META", "", "equity", ref).mix) == {"mega": 1.0}
    set_security_override("BRK.B", None)
    assert "BRK.B" not in load_overrides().securities
    # no temporary files left behind by the atomic writes
    assert [p.name for p in overrides_path().parent.iterdir()] == ["overrides.toml"]


def test_a_bad_override_is_not_written() -> None:
    with pytest.raises(InputError, match=r"add up to 0\.5000"):
        set_security_override("X", {"mega": 0.5})
    assert not overrides_path().exists()


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('version = 1\n[securities."X"]\nmega = 0.5\nlarge = 0.4\n', 2, "add up to 0.9000"),
        ('[securities."X"]\nhuge = 1.0\n', 1, "unknown bucket"),
        ('[securities."X"]\nmega = 100\n', 1, "between 0 and 1"),
        ('\n[accounts]\n"A1" = "roth"\n', 3, "'roth' is not an account type"),
        ("[thresholds]\nmega = 1e9\nlarge = 10e9\n", 1, "decreasing"),
        ("[thresholds]\ngiant = 1e12\n", 2, "unknown"),
        ("[misc]\n", 1, "unknown section"),
        ("mega = = 1\n", 1, "not valid TOML"),
    ],
)
def test_bad_overrides_name_the_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(InputError) as err:
        parse_overrides(text, "overrides.toml")
    assert err.value.line == line and reason in err.value.reason


def test_bad_overrides_file_fails_load_reference() -> None:
    overrides_path().parent.mkdir(parents=True, exist_ok=True)
    overrides_path().write_text('[accounts]\n"A" = 3\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_reference()
    assert err.value.file == str(overrides_path()) and err.value.line == 2
    assert os.environ["ROTATION_PLANNER_HOME"] in err.value.file
