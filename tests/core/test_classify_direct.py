"""Direct tests of :func:`planner.core.classify.classify` on the branches the mutation run
found without a test: a cash row that shares a symbol with a stock or an equity fund, a
fund held by a CUSIP only the fund table knows, a master fund row read by its name, the
``unknown`` row's symbol and name, the market cap's words. (Written against the mutants the
mutation run left: README "Mutation testing".)"""

from __future__ import annotations

from datetime import date

import pytest

from planner.core.buckets import BUCKET_WORDS, dollars_scheme
from planner.core.classify import Fund, Reference, SecurityInfo, classify, clean_mix
from planner.core.universe import is_cusip
from tests.core.test_classify import stock

D = date(2026, 1, 8)
#: The CUSIP of the iShares Core S&P 500 ETF (IVV): a valid check digit.
IVV_CUSIP = "464287200"


def _info(symbol: str, cap: float | None, asset_type: str = "equity", **kw: object) -> SecurityInfo:
    return stock(symbol, cap, asset_type=asset_type, **kw)


def _index_fund(symbol: str, segment: str) -> Fund:
    """A US-equity fund without a holdings file: placed wholly in its index's segment."""
    return Fund(symbol, f"{symbol} fund", "equivalent", "Test index", segment, None, {}, "test", D)


def _ref(securities: dict[str, SecurityInfo], *funds: Fund, **kw: object) -> Reference:
    table = {f.symbol: f for f in funds}
    return Reference(securities, table, scheme=dollars_scheme(), **kw)  # type: ignore[arg-type]


def test_a_money_market_row_is_not_the_listed_stock_of_the_same_symbol() -> None:
    # Schwab's "CASH" money-market row is not Pathward Financial (ticker CASH)
    ref = _ref({"CASH": _info("CASH", 2e9, name="Pathward Financial")})
    assert ref.lookup("CASH") is not None
    c = classify("CASH", "", "money_market", ref)
    assert dict(c.mix) == {"cash": 1.0}
    assert (c.source, c.name, c.note) == ("guessed", "", "money_market row")


@pytest.mark.parametrize("kind", ["etf", "mutual_fund"])
def test_a_cash_row_keeps_the_masters_fund_row_and_is_placed_by_its_name(kind: str) -> None:
    # the master lists the sweep fund (as an ETF or a mutual fund) without a bucket or a cap;
    # the fund table does not have it: its name, kept from the master, says money market
    name = "Acme Government Money Market"
    ref = _ref({"AMMXX": _info("AMMXX", None, kind, name=name)})
    c = classify("AMMXX", "", "cash", ref)
    assert dict(c.mix) == {"cash": 1.0}
    assert c.source == "guessed"
    assert c.name == name
    assert c.note == f'name says "money market": placed wholly in {BUCKET_WORDS["cash"]}'


@pytest.mark.parametrize("kind", ["cash", "money_market"])
def test_a_cash_row_named_like_an_equity_fund_is_still_cash(kind: str) -> None:
    ref = _ref({}, _index_fund("IVV", "large"))
    # the fund itself, held as a fund, is large-caps; the same symbol on a cash row is cash
    assert dict(classify("IVV", "", "etf", ref).mix) == {"large": 1.0}
    c = classify("IVV", "", kind, ref)
    assert dict(c.mix) == {"cash": 1.0}
    assert (c.source, c.note) == ("guessed", f"{kind} row")


def test_a_fund_held_by_a_cusip_only_the_fund_table_knows_says_so() -> None:
    assert is_cusip(IVV_CUSIP)
    ref = _ref({}, _index_fund("IVV", "large"), cusips={IVV_CUSIP: "IVV"})
    by_symbol = classify("IVV", "", "etf", ref)
    by_cusip = classify(IVV_CUSIP, "", "etf", ref)
    assert dict(by_cusip.mix) == dict(by_symbol.mix) == {"large": 1.0}
    # held by its symbol the note is the fund's own; held by its CUSIP it first says which fund
    placed = "no holdings file: Test index placed wholly in " + BUCKET_WORDS["large"]
    assert by_symbol.note == placed
    assert by_cusip.note == f"CUSIP {IVV_CUSIP} is IVV; {placed}"
    assert by_cusip.symbol == IVV_CUSIP


@pytest.mark.parametrize("kind", ["etf", "mutual_fund"])
def test_a_master_fund_without_a_fund_row_is_read_by_its_name_on_a_stock_row(kind: str) -> None:
    # the file calls it equity; the master says it is a fund (no cap, no fund-table row) and
    # names it "Acme Mid-Cap Growth" (no fund word): the name rules still read it, as a fund
    ref = _ref({"ACMG": _info("ACMG", None, kind, name="Acme Mid-Cap Growth")})
    c = classify("ACMG", "", "equity", ref)
    assert dict(c.mix) == {"mid": 1.0}
    assert c.source == "guessed"
    assert c.name == "Acme Mid-Cap Growth"
    assert c.note == f'name says "mid cap": placed wholly in {BUCKET_WORDS["mid"]}'


def test_a_master_stock_without_a_cap_is_unknown_under_its_symbol_and_master_name() -> None:
    ref = _ref({"BARE": _info("BARE", None, name="Bare Holdings")})
    c = classify("bare", "", "equity", ref)
    assert dict(c.mix) == {"other": 1.0}
    assert c.source == "unknown"
    assert c.symbol == "bare"  # as the file wrote it
    assert c.name == "Bare Holdings"
    assert c.note == ("in the security master (equity) but without a market cap or a fund row")


def test_the_market_cap_is_told_in_billions_to_the_cent() -> None:
    # $2,005,000,001 is $2.005000001 billion: $2.01B to the cent
    cap = 2_005_000_001.0
    ref = _ref({"MIDCO": _info("MIDCO", cap)})
    c = classify("MIDCO", "", "equity", ref)
    assert c.note.startswith(f"market cap ${cap / 1e9:,.2f}B on {D.isoformat()}: ")
    assert c.note.startswith("market cap $2.01B on 2026-01-08: ")


def test_clean_mix_drops_a_floating_point_crumb() -> None:
    # 1e-15 of a holding is rounding noise, not a bucket the plan should show
    assert clean_mix({"large": 1.0, "small": 1e-15}) == {"large": 1.0}
