"""The security master and fund table readers, the user's imports, and the overrides file."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from planner.core.buckets import CapThresholds
from planner.core.classify import classify
from planner.core.errors import InputError
from planner.market.overrides import (
    load_overrides,
    overrides_path,
    parse_overrides,
    render_overrides,
    set_account_type,
    set_security_override,
    set_thresholds,
)
from planner.market.securities import (
    MASTER_COLUMNS,
    import_funds,
    import_master,
    load_reference,
    parse_funds,
    parse_master,
    user_master_path,
)
from planner.resources import resource
from planner.storage import config_dir, data_dir

HEADER = ",".join(MASTER_COLUMNS)
GOOD = "NEWCO,New Co,equity,5000000000,Industrials,12.5,2026-01-08,2026-01-08,test,yes,1.0,8.0"
FUND_HEADER = "symbol,name,mega,large,mid,small,micro,intl_equity,bonds,cash,other,source,as_of"


def test_bundled_files_load_and_every_row_is_sourced_and_dated() -> None:
    ref = load_reference()
    assert ref.origin == "bundled"
    assert len(ref.securities) >= 100 and len(ref.funds) >= 50
    for s in ref.securities.values():
        assert s.source
        assert (s.price is None) == (s.price_as_of is None)
        assert (s.market_cap_usd is None) == (s.market_cap_as_of is None)
        if s.asset_type == "equity":
            assert s.market_cap_usd is not None, s.symbol
        else:
            assert s.market_cap_usd is None, s.symbol
    for f in ref.funds.values():
        assert f.source and f.as_of
    header = resource("securities.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",")[: len(MASTER_COLUMNS)] == list(MASTER_COLUMNS)


def test_parse_master_good_row() -> None:
    info = parse_master(f"{HEADER}\n{GOOD}\n")["NEWCO"]
    assert info.market_cap_usd == 5e9 and info.price == 12.5
    assert info.price_as_of == date(2026, 1, 8) and info.profitable == "yes"
    assert (info.net_debt_to_ebitda, info.interest_coverage, info.country) == (1.0, 8.0, "US")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (GOOD.replace("5000000000", "lots"), "market_cap_usd: 'lots' is not a number"),
        (GOOD.replace(",2026-01-08,2026-01-08,", ",,2026-01-08,"), "price has no price_as_of"),
        (GOOD.replace("2026-01-08,2026-01-08", "2026-01-08,08/01/2026"), "market_cap_as_of"),
        (GOOD.replace(",equity,", ",stonk,"), "asset_type 'stonk'"),
        (GOOD.replace(",test,", ",,"), "source is empty"),
        (GOOD.replace(",yes,", ",maybe,"), "profitable must be yes, no or unknown"),
        (GOOD.replace("NEWCO", ""), "symbol is empty"),
        (GOOD + ",extra,fields", "more fields than the header"),
        (GOOD.replace("12.5", "-3"), "price must not be negative"),
    ],
)
def test_bad_master_rows_name_file_and_line(row: str, reason: str) -> None:
    text = f"{HEADER}\n{GOOD.replace('NEWCO', 'FIRST')}\n\n{row}\n"
    with pytest.raises(InputError) as err:
        parse_master(text, "my.csv")
    assert err.value.file == "my.csv" and err.value.line == 4
    assert reason in err.value.reason
    assert str(err.value).startswith("my.csv:4: ")


def test_master_duplicate_and_missing_columns() -> None:
    with pytest.raises(InputError, match=r"m.csv:3: symbol NEWCO appears twice"):
        parse_master(f"{HEADER}\n{GOOD}\n{GOOD}\n", "m.csv")
    with pytest.raises(InputError, match=r"m.csv:1: missing column\(s\): market_cap_usd"):
        parse_master("symbol,name,asset_type\nX,Y,equity\n", "m.csv")
    with pytest.raises(InputError, match="empty"):
        parse_master("", "m.csv")


def test_bad_fund_rows() -> None:
    ok = "ABC,Fund,0.5,0.5,,,,,,,,src,2025-12-31"
    assert parse_funds(f"{FUND_HEADER}\n{ok}\n")["ABC"].mix == {"mega": 0.5, "large": 0.5}
    bad = {
        "ABC,Fund,0.5,0.4,,,,,,,,src,2025-12-31": "add up to 0.9000, not 1",
        "ABC,Fund,0.5,0.5,,,,,,,,src,": "as_of is empty",
        "ABC,Fund,1.5,-0.5,,,,,,,,src,2025-12-31": "between 0 and 1",
        "ABC,Fund,half,0.5,,,,,,,,src,2025-12-31": "mega: 'half' is not a fraction",
    }
    for row, reason in bad.items():
        with pytest.raises(InputError) as err:
            parse_funds(f"{FUND_HEADER}\n{row}\n", "f.csv")
        assert err.value.line == 2 and reason in err.value.reason, row


def test_imported_master_overrides_bundled_rows(tmp_path: Path) -> None:
    newer = tmp_path / "newer.csv"
    newer.write_text(
        f"{HEADER}\n{GOOD}\n"
        "AAPL,Apple Inc,equity,150000000000,Information Technology,100,2026-02-01,"
        "2026-02-01,newer source,yes,,\n",
        encoding="utf-8",
    )
    dest = import_master(newer)
    assert dest == user_master_path() and dest.parent == data_dir()
    ref = load_reference()
    assert "bundled +" in ref.origin
    assert ref.lookup("AAPL") is not None and ref.lookup("AAPL").source == "newer source"  # type: ignore[union-attr]
    assert dict(classify("AAPL", "", "equity", ref).mix) == {"large": 1.0}
    assert ref.price("AAPL") == (100.0, date(2026, 2, 1))
    assert ref.lookup("NVDA") is not None  # bundled rows it does not have stay
    assert "NEWCO" in ref.securities


def test_bad_import_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n{GOOD.replace('12.5', 'x')}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.csv:2: price"):
        import_master(bad)
    assert not user_master_path().exists()
    with pytest.raises(InputError, match="file not found"):
        import_master(tmp_path / "missing.csv")


def test_imported_fund_table(tmp_path: Path) -> None:
    f = tmp_path / "funds.csv"
    f.write_text(f"{FUND_HEADER}\nVOO,Mine,,,,1,,,,,,mine,2026-01-31\n", encoding="utf-8")
    import_funds(f)
    ref = load_reference()
    assert ref.funds["VOO"].mix == {"small": 1.0}
    assert "FXAIX" in ref.funds


def test_overrides_round_trip_in_the_config_dir() -> None:
    assert overrides_path().parent == config_dir()
    assert load_overrides().securities == {}
    set_security_override("brk.b", {"mega": 0.25, "large": 0.75}, note='my "note"',
                          as_of=date(2026, 1, 8))  # fmt: skip
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
    assert ref.thresholds.mega == 300e9
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
