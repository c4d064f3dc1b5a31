"""What the plan knows of each symbol (``security_facts``): its kind, wash-sale group, price and
where it came from, its name, why it is unclassified, and whether its listing may have ended -
on a reference written here, every expected value read from it."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta

import pandas as pd
import pytest

from planner.core.classify import Overrides, Reference, SecurityOverride
from planner.core.facts import ENDED_DAYS, security_facts, wash_group
from planner.core.holdings import Account, Household, SourceFile, normalize_positions
from planner.core.names import REUSED
from planner.core.profiles import Fund
from planner.core.quality import QualityVerdict
from tests.core.test_classify import D, make_ref, stock


def _fund(symbol: str, index: str) -> Fund:
    return Fund(symbol, f"{symbol} fund", "holdings", index, "large", None, {}, "test", D)


def _ref(**funds: str) -> Reference:
    securities = {
        "AAA": stock("AAA", 50e9, name="Alpha Industries", price=12.5, source="nasdaq"),
        "ETFM": stock("ETFM", None, asset_type="etf", name="Some ETF"),
        "MUTM": stock("MUTM", None, asset_type="mutual_fund", name="Some Mutual Fund"),
        "MMKT": stock("MMKT", None, asset_type="money_market", name="Some Money Market"),
        "OLD": stock("OLD", 9e9, name="Old Corp", price_as_of=D - timedelta(days=ENDED_DAYS + 1)),
        "EDGE": stock("EDGE", 9e9, name="Edge Corp", price_as_of=D - timedelta(days=ENDED_DAYS)),
        "NONAME": stock("NONAME", 9e9, name="", price_as_of=D - timedelta(days=ENDED_DAYS + 9)),
    }
    ref = make_ref(securities, {})
    table = {s: _fund(s, index) for s, index in funds.items()}
    return Reference(ref.securities, table, scheme=ref.scheme)


def _household(*rows: tuple[str, str, str]) -> Household:
    """Rows (symbol, description, asset type) of one account, a share at $10 each."""
    frame = normalize_positions(
        pd.DataFrame(
            {
                "account_id": ["A"] * len(rows),
                "symbol": [r[0] for r in rows],
                "description": [r[1] for r in rows],
                "asset_type": [r[2] for r in rows],
                "quantity": [1.0] * len(rows),
                "price": [10.0] * len(rows),
                "market_value": [10.0] * len(rows),
                "source_file": ["f.csv"] * len(rows),
                "source_line": list(range(2, 2 + len(rows))),
            }
        )
    )
    return Household((SourceFile("f.csv", "test", D),), (Account("A", "A", "taxable", "x"),), frame)


@pytest.mark.parametrize(
    ("index", "group"),
    [
        ("S&P 500 (its prospectus)", "index: S&P 500"),
        ("  Russell 2000  ", "index: Russell 2000"),
        ("Large Blend (FinanceDatabase category)", ""),
        ("", ""),
    ],
)
def test_a_funds_wash_group_is_the_index_it_states(index: str, group: str) -> None:
    assert wash_group(_ref(VOO=index), "VOO") == group


def test_a_stock_or_an_unknown_symbol_is_its_own_wash_group() -> None:
    assert wash_group(_ref(), "AAA") == "" and wash_group(_ref(), "NOPE") == ""


def test_each_kind_of_security() -> None:
    household = _household(
        ("AAA", "Alpha Industries", "equity"),
        ("VOO", "Vanguard S&P 500 ETF", "equity"),  # in the fund table
        ("NEWETF", "A new ETF", "etf"),  # unknown, but the file says a fund
        ("NEWMF", "A new fund", "mutual_fund"),
        ("ETFM", "", ""),  # the master says an ETF
        ("MUTM", "", ""),
        ("MMKT", "", ""),
        ("AAA 260116C00200000", "CALL AAA", "option"),
        ("AAA  260116P00100000", "PUT AAA 01/16/2026 100", ""),  # an option by its symbol
    )
    facts = security_facts(household, _ref(VOO="S&P 500"))
    kinds = {s: f.kind for s, f in facts.items()}
    assert kinds == {
        "AAA": "stock",
        "VOO": "fund",
        "NEWETF": "fund",
        "NEWMF": "fund",
        "ETFM": "fund",
        "MUTM": "fund",
        "MMKT": "fund",
        "AAA 260116C00200000": "other",
        "AAA  260116P00100000": "other",
    }
    assert facts["AAA 260116C00200000"].underlying == "AAA"
    assert facts["AAA  260116P00100000"].underlying == "AAA"
    assert facts["AAA"].underlying is None
    assert facts["VOO"].group == "index: S&P 500" and facts["AAA"].group == ""


def test_a_master_price_comes_with_its_date_and_source() -> None:
    facts = security_facts(_household(("AAA", "Alpha", "equity"), ("ZZZ", "Zed", "equity")), _ref())
    aaa, zzz = facts["AAA"], facts["ZZZ"]
    assert (aaa.price, aaa.price_as_of, aaa.price_source) == (12.5, D, "security master (nasdaq)")
    assert (zzz.price, zzz.price_as_of, zzz.price_source) == (None, None, "")


def test_the_name_is_the_masters_else_the_files() -> None:
    facts = security_facts(_household(("AAA", "ALPHA INDS", ""), ("ZZZ", "Zed Corp", "")), _ref())
    assert facts["AAA"].name == "Alpha Industries"
    assert facts["ZZZ"].name == "Zed Corp"


def test_only_a_reused_symbol_says_why_it_is_unclassified() -> None:
    # the file's name for AAA is another company's: the symbol was reused
    household = _household(("AAA", "Totally Different Biotech", "equity"), ("ZZZ", "Zed", ""))
    facts = security_facts(household, _ref())
    assert facts["AAA"].source == "unknown" and facts["AAA"].unknown_reason.startswith(REUSED)
    assert facts["ZZZ"].source == "unknown" and facts["ZZZ"].unknown_reason == ""
    known = security_facts(_household(("AAA", "Alpha Industries", "")), _ref())["AAA"]
    assert known.source != "unknown" and known.unknown_reason == ""


def test_the_policys_vehicles_are_known_without_being_held() -> None:
    facts = security_facts(_household(("AAA", "Alpha", "")), _ref(), ["ETFM", "ZZZ"])
    assert set(facts) == {"AAA", "ETFM", "ZZZ"}
    assert facts["ETFM"].kind == "fund" and facts["ETFM"].name == "Some ETF"
    assert facts["ZZZ"].name == "" and facts["ZZZ"].source == "unknown"


def test_a_listing_whose_master_price_ended_long_ago_is_not_traded() -> None:
    facts = security_facts(
        _household(("OLD", "Old Corp", ""), ("EDGE", "Edge", ""), ("NONAME", "X", "")), _ref()
    )
    ended = (D - timedelta(days=ENDED_DAYS + 1)).isoformat()
    assert facts["OLD"].not_traded == (
        f"no price since {ended} in the security master (Old Corp), whose other prices are as "
        f"of {D.isoformat()}: it may no longer trade; counted, not traded"
    )
    assert facts["OLD"].price is None and facts["OLD"].price_as_of is None
    assert facts["EDGE"].not_traded == "" and facts["EDGE"].price == 10.0
    assert "security master, whose" in facts["NONAME"].not_traded  # a master row without a name


def test_a_master_without_dated_prices_ends_nothing() -> None:
    undated = {"OLD": stock("OLD", 9e9, price_as_of=None)}
    facts = security_facts(_household(("OLD", "Old", "")), make_ref(undated, {}))
    assert facts["OLD"].not_traded == "" and facts["OLD"].price is None
    assert make_ref(undated, {}).prices_as_of is None
    assert _ref().prices_as_of == D


def test_survivors_of_the_mutation_run() -> None:
    # a master row without a price names no price source
    ref = _ref(IDX="S&P 500")
    bare = Reference(
        {**ref.securities, "NOPX": stock("NOPX", 9e9, price=None, price_as_of=None)},
        ref.funds,
        scheme=ref.scheme,
    )
    facts = security_facts(_household(("NOPX", "Nopx", ""), ("IDX", "Index Tracker X", "")), bare)
    assert (facts["NOPX"].price, facts["NOPX"].price_source) == (None, "")
    # a fund of the fund table the master does not list is named by the table
    assert facts["IDX"].name == "IDX fund"
    # a verdict that does not act leaves no quality note
    given = {"symbol": "NOPX", "status": "sound", "rule": "sound: nothing", "stale": False}
    figures = {f.name: None for f in fields(QualityVerdict) if f.name not in {*given, "notes"}}
    verdict = QualityVerdict(**given, **figures)  # type: ignore[arg-type]
    quiet = security_facts(_household(("NOPX", "Nopx", "")), bare, verdicts={"NOPX": verdict})
    assert quiet["NOPX"].quality_note == "" and quiet["NOPX"].low_quality is False


def test_an_option_whose_underlying_cannot_be_read_is_of_kind_other() -> None:
    facts = security_facts(_household(("WEIRD", "???", "option")), _ref())
    assert (facts["WEIRD"].kind, facts["WEIRD"].underlying) == ("other", None)


def test_a_symbol_on_several_rows_has_one_entry_from_its_first_row_and_the_rest_follow() -> None:
    """AAA and an unknown ZZZ are each on two rows (two lots, two accounts' worth): each is
    known once, ZZZ named by its first row; the rows and vehicles after them are all known."""
    h = _household(
        ("ZZZ", "Zeta first row", "equity"),
        ("AAA", "Alpha", "equity"),
        ("ZZZ", "Zeta second row", "equity"),
        ("AAA", "Alpha", "equity"),
        ("ETFM", "", "etf"),
    )
    facts = security_facts(h, _ref(), ["AAA", "MUTM"])
    assert list(facts) == ["ZZZ", "AAA", "ETFM", "MUTM"]
    assert facts["ZZZ"].name == "Zeta first row"
    assert (facts["ETFM"].kind, facts["MUTM"].kind, facts["AAA"].kind) == ("fund", "fund", "stock")


def test_an_overridden_stock_keeps_the_masters_name_over_the_files() -> None:
    """An override places AAA by hand and names nothing: the name is still the master's."""
    base = _ref()
    over = Overrides({"AAA": SecurityOverride({"small": 1.0}, "by hand")})
    ref = Reference(base.securities, base.funds, overrides=over, scheme=base.scheme)
    facts = security_facts(_household(("AAA", "ALPHA IND CL A", "equity")), ref)
    assert (facts["AAA"].source, facts["AAA"].name) == ("override", "Alpha Industries")
    assert facts["AAA"].mix == {"small": 1.0}
