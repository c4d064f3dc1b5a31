"""What classification says about a row placed by rules or overrides, and the quality rule on
its limits: symbol, name, note, as-of date and the underlying kept for the holdings table and
the workbook. (Written against the mutants that survived the mutation run: README "Mutation
testing".)"""

from __future__ import annotations

from datetime import date

import pytest

from planner.core.buckets import BUCKET_WORDS, dollars_scheme
from planner.core.classify import (
    UNKNOWN_MIX,
    Overrides,
    SecurityInfo,
    SecurityOverride,
    classify,
    clean_mix,
    option_underlying,
)
from planner.core.names import REUSED
from planner.core.universe import Reference
from tests.core.test_classify import D, fund, make_ref, small_ref, stock


def test_an_override_is_found_under_any_share_class_spelling_and_only_for_its_symbol() -> None:
    over = Overrides(
        {
            "BRK/B": SecurityOverride({"large": 1.0}, "by hand", D),
            "FOR": SecurityOverride({"small": 1.0}),
        }
    )
    ref = small_ref(overrides=over)
    for spelling in ("BRK.B", "BRKB", "brk b"):
        c = classify(spelling, "", "equity", ref)
        assert (c.source, dict(c.mix), c.note) == ("override", {"large": 1.0}, "by hand")
    assert classify("FOR", "", "equity", ref).note == "set by the user"
    big = classify("BIG", "", "equity", ref)  # in the master, not overridden
    assert (big.source, dict(big.mix)) == ("master", {"mega": 1.0})


def test_an_option_row_keeps_its_symbol_name_and_underlying() -> None:
    ref = small_ref()
    by_symbol = classify("AAPL  250117C00150000", "", "equity", ref)
    assert (by_symbol.symbol, by_symbol.underlying) == ("AAPL  250117C00150000", "AAPL")
    assert (by_symbol.source, by_symbol.note, by_symbol.name) == (
        "guessed",
        "an option on AAPL",
        "",
    )
    # an option known only by its description, on a stock of the master
    by_text = classify("XQ1", "CALL BIG 01/16/2026 200.00", "equity", ref)
    assert (by_text.symbol, by_text.source, dict(by_text.mix)) == ("XQ1", "guessed", {"other": 1})
    assert (by_text.underlying, by_text.note) == ("BIG", "an option on BIG")
    unnamed = classify("OPT1", "PUT", "option", ref)
    assert (unnamed.underlying, unnamed.note, unnamed.name) == (None, "an option", "")


def test_option_underlying_from_a_description_that_names_the_stock_first() -> None:
    assert option_underlying("", "aapl Jan 16 '26 $200 Call") == "AAPL"
    assert option_underlying("", "CALL msft 01/16/2026 400.00") == "MSFT"
    assert option_underlying("") is None


def test_cash_and_bond_rows_say_what_placed_them() -> None:
    ref = small_ref()
    mm = classify("MMDA1", "Bank deposit sweep", "money_market", ref)
    assert (mm.symbol, dict(mm.mix), mm.note) == ("MMDA1", {"cash": 1.0}, "money_market row")
    assert mm.name == ""
    bill = classify("912797XY1", "UNITED STATES TREAS BILLS", "equity", ref)
    assert (bill.symbol, dict(bill.mix), bill.note) == ("912797XY1", {"bonds": 1.0}, "Treasury")
    corp = classify("ACME 5% 2030", "ACME CORP NT 5.000% 2030", "bond", ref)
    assert (corp.symbol, dict(corp.mix), corp.note) == ("ACME 5% 2030", {"bonds": 1.0}, "bond")
    assert bill.name == corp.name == ""


def test_a_fund_placed_by_its_name_is_placed_like_its_proxy_and_dated_like_it() -> None:
    ref = small_ref()
    proxy = ref.placement(ref.fund("IJR"))  # type: ignore[arg-type]
    assert proxy is not None
    c = classify("XSC1", "Some Small-Cap Index Fund", "mutual_fund", ref)
    assert (c.symbol, c.source, c.as_of) == ("XSC1", "guessed", proxy.as_of)
    assert dict(c.mix) == dict(proxy.mix)
    assert c.note == f'name says "small cap": placed like IJR ({proxy.note})'
    # no mid-cap proxy in this fund table: wholly in the segment the name says
    m = classify("XMC1", "Some Mid-Cap Index Fund", "mutual_fund", ref)
    assert (dict(m.mix), m.as_of) == ({"mid": 1.0}, None)
    assert m.note == f'name says "mid cap": placed wholly in {BUCKET_WORDS["mid"]}'


def test_a_fund_of_the_master_without_a_fund_row_is_placed_by_its_master_name() -> None:
    ref = small_ref()
    spx = stock("SPX5", None, asset_type="etf", name="Acme S&P 500 ETF")
    ref = make_ref({**ref.securities, "SPX5": spx}, {"IVV": {"mega": 0.6, "large": 0.4}})
    c = classify("SPX5", "", "etf", ref)
    assert (c.symbol, c.name, c.source) == ("SPX5", "Acme S&P 500 ETF", "guessed")
    assert c.note.startswith('name says "S&P 500": placed like IVV')


def test_quality_limits_are_not_failures() -> None:
    at_limits = stock("EDGE", 1e9, profitable="yes", net_debt_to_ebitda=4.0, interest_coverage=1.5)
    past = stock("OVER", 1e9, profitable="yes", net_debt_to_ebitda=4.01, interest_coverage=1.49)
    ref_at = make_ref({"EDGE": at_limits, "OVER": past}, {})
    assert not classify("EDGE", "", "equity", ref_at).low_quality
    over = classify("OVER", "", "equity", ref_at)
    assert over.quality_note == "net debt 4.0x EBITDA; interest cover 1.5x"


PRICED = date(2026, 1, 2)  # the price's date, before the market cap's (D)


def _quality_of(info: SecurityInfo) -> dict[str, object]:
    return {
        "profitable": info.profitable,
        "net_debt_to_ebitda": info.net_debt_to_ebitda,
        "interest_coverage": info.interest_coverage,
    }


def test_what_a_stock_of_the_master_is_told_in_each_branch() -> None:
    q = {"profitable": "no", "net_debt_to_ebitda": 5.0, "interest_coverage": 0.5}
    firm = stock("FIRM", 50e9, bucket="small", price_as_of=PRICED, **q)
    abroad = stock("ABRD", 50e9, country="Netherlands", market_cap_as_of=None, **q)
    us = stock("USCO", 12.5e9, rank=321, price_as_of=PRICED, **q)
    nocountry = stock("NOCO", 12.5e9, country="", market_cap_as_of=None, price_as_of=PRICED)
    indexed = stock("IDX", None, indexes=frozenset({"sp400"}), price_as_of=PRICED, **q)
    ref = make_ref({s.symbol: s for s in (firm, abroad, us, nocountry, indexed)}, {})
    scheme = ref.size_scheme

    def told(symbol: str) -> tuple[object, ...]:
        c = classify(symbol, "", "equity", ref)
        return c.symbol, dict(c.mix), c.source, c.as_of, c.quality, c.name, c.note

    assert told("FIRM") == (
        "FIRM",
        {"small": 1.0},
        "master",
        D,
        _quality_of(firm),
        "FIRM Inc",
        "the firm master's own bucket",
    )
    assert told("ABRD") == (
        "ABRD",
        {"intl_equity": 1.0},
        "master",
        D,
        _quality_of(abroad),
        "ABRD Inc",
        "listed company based in Netherlands",
    )
    b = scheme.bucket(12.5e9)
    assert told("USCO") == (
        "USCO",
        {b: 1.0},
        "master",
        D,
        _quality_of(us),
        "USCO Inc",
        f"market cap $12.50B on {D.isoformat()}, company rank 321: {BUCKET_WORDS[b]} under "
        f"{scheme.label}",
    )
    assert told("NOCO")[3] is None  # sized by a cap of unknown date: no date
    assert told("NOCO")[6] == (
        f"market cap $12.50B: {BUCKET_WORDS[b]} under {scheme.label}; country not stated, "
        "sized as a US listing"
    )
    assert told("IDX") == (
        "IDX",
        {"mid": 1.0},
        "guessed",
        PRICED,
        _quality_of(indexed),
        "IDX Inc",
        f"no market cap in the master; an S&P MidCap 400 member, placed in {BUCKET_WORDS['mid']}",
    )


def test_a_treasury_is_told_by_its_cusip_or_by_its_description() -> None:
    """Either sign is enough to call a bond row a Treasury; neither leaves it a bond."""
    ref = small_ref()
    by_cusip = classify("912828YK0", "", "bond", ref)  # a Treasury CUSIP, no description
    by_text = classify("ACME2030", "US TREASURY NOTE 4% 2030", "bond", ref)
    plain = classify("ACME2031", "ACME CORP NT 5.000% 2031", "bond", ref)
    assert [(dict(c.mix), c.note) for c in (by_cusip, by_text, plain)] == [
        ({"bonds": 1.0}, "Treasury"),
        ({"bonds": 1.0}, "Treasury"),
        ({"bonds": 1.0}, "bond"),
    ]


def test_a_master_fund_held_by_cusip_and_read_as_a_treasury_keeps_its_master_name() -> None:
    """A Treasury ETF of the master without a cap or a fund row, held by its CUSIP: placed in
    bonds by the description, and the holdings table still shows the master's name."""
    sgov = stock("SGOV", None, asset_type="etf", name="iShares 0-3 Month Treasury Bond ETF")
    ref = make_ref({"SGOV": sgov}, {}, cusips={"46436E718": "SGOV"})
    c = classify("46436E718", "ISHARES 0-3 MONTH TREASURY BOND ETF", "etf", ref)
    assert (dict(c.mix), c.note, c.name) == (
        {"bonds": 1.0},
        "Treasury",
        "iShares 0-3 Month Treasury Bond ETF",
    )


def test_an_option_row_on_a_symbol_the_master_lists_keeps_the_masters_name() -> None:
    xq2 = stock("XQ2", None)  # in the master, but no cap: not placed from it
    ref = make_ref({"XQ2": xq2, "BIG": stock("BIG", 500e9)}, {})
    c = classify("XQ2", "CALL BIG 01/16/2026 200.00", "equity", ref)
    assert (dict(c.mix), c.note, c.underlying, c.name) == (
        {"other": 1.0},
        "an option on BIG",
        "BIG",
        "XQ2 Inc",
    )


@pytest.mark.parametrize("asset_type", ["etf", "mutual_fund"])
def test_a_fund_row_is_placed_by_its_name_even_without_a_fund_word(asset_type: str) -> None:
    """An ETF or mutual-fund row is read by the name rules whatever its description says;
    "Acme Mid-Cap Growth" names no fund word (fund, ETF, index, trust, shares...)."""
    c = classify("XMC2", "Acme Mid-Cap Growth", asset_type, small_ref())
    assert (c.source, dict(c.mix)) == ("guessed", {"mid": 1.0})
    assert c.note == f'name says "mid cap": placed wholly in {BUCKET_WORDS["mid"]}'


def test_a_stock_row_is_not_read_by_the_name_rules_without_a_fund_word() -> None:
    c = classify("XMC3", "Acme Mid-Cap Growth", "equity", small_ref())
    assert (c.source, dict(c.mix)) == ("unknown", dict(UNKNOWN_MIX))


def test_a_name_rules_proxy_that_cannot_be_placed_leaves_the_fund_wholly_in_its_segment() -> None:
    """The small-cap proxy (IJR) is in the fund table but has neither a profile nor a
    segment, so it cannot be placed: the row goes wholly to small-caps."""
    ref = make_ref({}, {"IJR": {}})
    assert ref.placement(ref.fund("IJR")) is None  # type: ignore[arg-type]
    c = classify("XSC2", "Some Small-Cap Index Fund", "mutual_fund", ref)
    assert (dict(c.mix), c.as_of) == ({"small": 1.0}, None)
    assert c.note == f'name says "small cap": placed wholly in {BUCKET_WORDS["small"]}'


@pytest.mark.parametrize(("placement", "source"), [("holdings", "fund"), ("category", "guessed")])
def test_a_fund_row_keeps_its_symbol_and_says_whether_its_placement_is_a_guess(
    placement: str, source: str
) -> None:
    """A fund placed by its own holdings is a ``fund`` row; one placed like its category's
    representative is a guess (the holdings table marks it)."""
    f, p = fund("XCAT", {"small": 1.0}, placement=placement)
    ref = Reference({}, {"XCAT": f}, profiles={"XCAT": p}, scheme=dollars_scheme())  # type: ignore[dict-item]
    c = classify("xcat", "", "mutual_fund", ref)
    assert (c.symbol, c.source, dict(c.mix), c.name) == (
        "xcat",
        source,
        {"small": 1.0},
        "XCAT fund",
    )


def test_a_mix_is_renormalised_to_one_in_bucket_order() -> None:
    assert clean_mix({"small": 1.5, "mid": 0.5, "bonds": 0.0}) == {"mid": 0.25, "small": 0.75}


def test_a_master_fund_with_the_firms_bucket_is_placed_there_and_dated_by_its_price() -> None:
    firm = stock("FETF", None, asset_type="etf", bucket="small", market_cap_as_of=D,
                 price_as_of=PRICED)  # fmt: skip
    mm = stock("MMF", None, asset_type="money_market", price_as_of=PRICED)
    ref = make_ref({"FETF": firm, "MMF": mm}, {})
    c = classify("fetf", "", "etf", ref)
    assert (c.symbol, dict(c.mix), c.source, c.as_of, c.note) == (
        "fetf", {"small": 1.0}, "master", PRICED, "the firm master's own bucket",
    )  # fmt: skip
    cash = classify("MMF", "", "money_market", ref)  # a price date only
    assert (dict(cash.mix), cash.source, cash.as_of) == ({"cash": 1.0}, "master", PRICED)


def test_a_master_row_that_is_not_a_stock_is_told_in_full() -> None:
    """An ETF with the firm's bucket, a money-market fund and an exchange-traded bond of the
    master: each row's symbol as written, mix, source, date (the price's), name and note."""
    rows = {
        "FETF": stock("FETF", None, asset_type="etf", bucket="small", price_as_of=PRICED),
        "MMF": stock("MMF", None, asset_type="money_market", price_as_of=PRICED),
        "XBND": stock("XBND", None, asset_type="bond", price_as_of=PRICED),
    }
    ref = make_ref(rows, {})

    def told(symbol: str, asset_type: str) -> tuple[object, ...]:
        c = classify(symbol, "", asset_type, ref)
        return c.symbol, dict(c.mix), c.source, c.as_of, c.name, c.note

    assert told("fetf", "etf") == (
        "fetf", {"small": 1.0}, "master", PRICED, "FETF Inc", "the firm master's own bucket",
    )  # fmt: skip
    assert told("mmf", "money_market") == (
        "mmf", {"cash": 1.0}, "master", PRICED, "MMF Inc", "money-market fund",
    )  # fmt: skip
    assert told("xbnd", "bond") == (
        "xbnd", {"bonds": 1.0}, "master", PRICED, "XBND Inc", "exchange-traded debt",
    )  # fmt: skip


def test_a_master_row_of_a_kind_not_sized_is_told_in_full() -> None:
    pfd = stock("PFDX", None, asset_type="preferred", price_as_of=PRICED)
    c = classify("pfdx", "", "equity", make_ref({"PFDX": pfd}, {}))
    assert (c.symbol, dict(c.mix), c.source, c.as_of, c.name, c.note) == (
        "pfdx", {"other": 1.0}, "master", PRICED, "PFDX Inc", "preferred stock: not sized",
    )  # fmt: skip


def test_an_overridden_row_and_a_reused_symbol_keep_the_symbol_as_written() -> None:
    ref = small_ref(overrides=Overrides({"FOR": SecurityOverride({"small": 1.0})}))
    assert classify("for", "", "equity", ref).symbol == "for"
    reused = classify("big", "Totally Other Holdings", "equity", small_ref())
    assert (reused.symbol, reused.source, reused.name) == ("big", "unknown", "BIG Inc")
    assert reused.note == (
        f"{REUSED} 'Totally Other Holdings', the security master 'BIG Inc': the symbol "
        "may have been reused"
    )
