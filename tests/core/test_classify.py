"""Classification: the order override -> master -> fund table -> rules -> unknown, stocks by
company market cap under a scheme, funds by look-through, CUSIPs, the quality rule, and the
``unknown`` source that only means "nothing is known"."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

import pytest

from planner.core.buckets import SIZE_BUCKETS, CapThresholds, dollars_scheme
from planner.core.classify import (
    SOURCES,
    Classification,
    Fund,
    Overrides,
    Reference,
    SecurityInfo,
    SecurityOverride,
    SizeProfile,
    classify,
    clean_mix,
    option_underlying,
)
from planner.core.policy import BUCKETS
from planner.core.universe import is_cusip, symbol_key

D = date(2026, 1, 8)
HELD = date(2025, 12, 31)
#: A company cap well inside each bucket of the ``dollars`` defaults (200B/10B/2B/300M).
INSIDE = {"mega": 500e9, "large": 50e9, "mid": 5e9, "small": 1e9, "micro": 100e6}


def stock(symbol: str, cap: float | None, **kw: object) -> SecurityInfo:
    args: dict[str, object] = {
        "symbol": symbol,
        "name": f"{symbol} Inc",
        "asset_type": "equity",
        "market_cap_usd": cap,
        "sector": "Industrials",
        "price": 10.0,
        "price_as_of": D,
        "market_cap_as_of": D if cap is not None else None,
        "source": "test",
    }
    args.update(kw)
    return SecurityInfo(**args)  # type: ignore[arg-type]


def fund(
    symbol: str, mix: Mapping[str, float], placement: str = "holdings", segment: str = "large"
) -> tuple[Fund, SizeProfile | None]:
    """A fund whose look-through under the ``dollars`` defaults is ``mix``: its size part as
    a profile of single caps inside each bucket, the rest fixed."""
    sized = {b: f for b, f in mix.items() if b in SIZE_BUCKETS}
    fixed = {b: f for b, f in mix.items() if b not in SIZE_BUCKETS}
    total = sum(sized.values())
    profile = None
    if total:
        order = sorted(sized.items(), key=lambda kv: -INSIDE[kv[0]])
        bins = tuple((INSIDE[b], INSIDE[b], f / total) for b, f in order)
        profile = SizeProfile(symbol, bins, HELD, D, 1.0, len(bins), "test holdings")
    f = Fund(
        symbol,
        f"{symbol} fund",
        placement,  # type: ignore[arg-type]
        "Test index",
        segment if total else None,
        symbol if profile else None,
        fixed,
        "test",
        HELD,
    )
    return f, profile


def make_ref(
    securities: Mapping[str, SecurityInfo],
    funds: Mapping[str, Mapping[str, float]],
    segments: Mapping[str, str] | None = None,
    **kw: object,
) -> Reference:
    table: dict[str, Fund] = {}
    profiles: dict[str, SizeProfile] = {}
    for symbol, mix in funds.items():
        f, p = fund(symbol, mix, segment=(segments or {}).get(symbol, "large"))
        table[symbol] = f
        if p is not None:
            profiles[symbol] = p
    kw.setdefault("scheme", dollars_scheme())
    return Reference(securities, table, profiles=profiles, **kw)  # type: ignore[arg-type]


def small_ref(**kw: object) -> Reference:
    securities = {
        "BIG": stock("BIG", 500e9),
        "ZOMB": stock("ZOMB", 500e6, profitable="no", interest_coverage=0.4),
        "LEV": stock("LEV", 1e9, profitable="yes", net_debt_to_ebitda=5.2),
        "OK": stock("OK", 1e9, profitable="yes", net_debt_to_ebitda=1.0, interest_coverage=9.0),
        "FOR": stock("FOR", 50e9, country="Netherlands"),
        "IRL": stock("IRL", 50e9, country="Ireland", indexes=frozenset({"sp500"})),
        "ETFX": stock("ETFX", None, asset_type="etf"),
        "BRK.B": stock("BRK.B", 1e12, company="1067983", name="Berkshire Hathaway Inc."),
        "NOCAP": stock("NOCAP", None, indexes=frozenset({"sp600"})),
        "BARE": stock("BARE", None),
        "PFD": stock("PFD", None, asset_type="preferred"),
        "CASHCO": stock("CASHCO", 2e9),
    }
    funds = {
        "IVV": {"mega": 0.6, "large": 0.4},
        "IJR": {"mid": 0.5, "small": 0.5},
        "ETFX": {"large": 1.0},
        "BIG": {"bonds": 1.0},
        "VXUS": {"intl_equity": 1.0},
        "SPAXX": {"cash": 1.0},
    }
    kw.setdefault("cusips", {"084670702": "BRK.B", "46434G103": "ETFX"})
    return make_ref(securities, funds, {"IJR": "small"}, **kw)


def check(c: Classification) -> None:
    assert set(c.mix) <= set(BUCKETS)
    assert math.isclose(sum(c.mix.values()), 1.0, abs_tol=1e-12)
    assert all(f > 0 for f in c.mix.values())
    assert c.source in SOURCES


def test_order_override_master_fund_rules_unknown() -> None:
    over = Overrides({"BIG": SecurityOverride({"small": 0.5, "micro": 0.5}, "by hand", D)})
    c = classify("BIG", "", "equity", small_ref(overrides=over))
    assert (c.source, dict(c.mix), c.as_of) == ("override", {"small": 0.5, "micro": 0.5}, D)
    c = classify("BIG", "", "equity", small_ref())
    assert (c.source, dict(c.mix), c.as_of) == ("master", {"mega": 1.0}, D)
    c = classify("ETFX", "", "equity", small_ref())
    assert (c.source, dict(c.mix)) == ("fund", {"large": 1.0})
    c = classify("IVV", "", "etf", small_ref())
    assert (c.source, c.as_of) == ("fund", HELD)
    assert math.isclose(c.mix["mega"], 0.6) and math.isclose(c.mix["large"], 0.4)
    c = classify("NOPE", "SOMETHING CORP", "equity", small_ref())
    assert (c.source, dict(c.mix), c.as_of) == ("unknown", {"other": 1.0}, None)
    assert "not in the security master" in c.note


def test_a_stock_goes_by_its_company_cap_under_the_scheme() -> None:
    ref = small_ref(scheme=dollars_scheme(CapThresholds(1e12, 100e9, 1e9, 100e6)))
    assert dict(classify("BIG", "", "", ref).mix) == {"large": 1.0}
    assert dict(classify("ZOMB", "", "", ref).mix) == {"small": 1.0}
    assert dict(classify("BRK.B", "", "", ref).mix) == {"mega": 1.0}
    note = classify("BIG", "", "", ref).note
    assert "market cap $500.00B on 2026-01-08" in note and "dollars" in note


def test_foreign_companies_are_international_unless_in_a_us_index() -> None:
    ref = small_ref()
    c = classify("FOR", "", "equity", ref)
    assert (c.source, dict(c.mix)) == ("master", {"intl_equity": 1.0})
    assert "Netherlands" in c.note
    # incorporated abroad, but the S&P 500 counts it as a US company: sized
    assert dict(classify("IRL", "", "equity", ref).mix) == {"large": 1.0}


def test_share_class_spellings_and_cusips_resolve() -> None:
    ref = small_ref()
    for spelling in ("BRK.B", "BRKB", "BRK-B", "BRK/B", "brk.b", "084670702"):
        c = classify(spelling, "BERKSHIRE HATHAWAY CL B", "equity", ref)
        assert (c.source, dict(c.mix)) == ("master", {"mega": 1.0}), spelling
    c = classify("084670702", "", "equity", ref)
    assert c.note.startswith("CUSIP 084670702 is BRK.B")
    c = classify("46434G103", "", "etf", ref)  # a fund known only by its CUSIP
    assert c.source == "fund" and c.note.startswith("CUSIP 46434G103 is ETFX")
    assert is_cusip("084670702") and not is_cusip("084670703") and not is_cusip("AAPL")
    assert symbol_key(" brk/b ") == symbol_key("BRK.B") == "BRKB"


def test_known_but_unsized_and_capless_stocks() -> None:
    ref = small_ref()
    c = classify("PFD", "", "equity", ref)
    assert (c.source, dict(c.mix)) == ("master", {"other": 1.0}) and "preferred" in c.note
    c = classify("NOCAP", "", "equity", ref)  # no cap: its index's segment, as a guess
    assert (c.source, dict(c.mix)) == ("guessed", {"small": 1.0}) and "S&P SmallCap 600" in c.note
    c = classify("BARE", "", "equity", ref)  # nothing to go on: unknown, and says why
    assert c.source == "unknown" and "without a market cap" in c.note


def test_a_cash_row_is_never_a_stock_that_shares_its_symbol() -> None:
    ref = small_ref()
    c = classify("CASHCO", "Cash & Cash Investments", "cash", ref)
    assert dict(c.mix) == {"cash": 1.0}
    c = classify("BIG", "CALL BIG 10.00", "option", ref)
    assert dict(c.mix) == {"other": 1.0} and c.underlying == "BIG"


def test_quality_rule_and_note() -> None:
    ref = small_ref()
    z = classify("ZOMB", "", "equity", ref)
    assert z.low_quality and z.quality_note == "unprofitable; interest cover 0.4x"
    lev = classify("LEV", "", "equity", ref)
    assert lev.low_quality and lev.quality_note == "net debt 5.2x EBITDA"
    ok = classify("OK", "", "equity", ref)
    assert not ok.low_quality and ok.quality_note == ""
    big = classify("BIG", "", "equity", ref)  # all unknown: never counts against the name
    assert big.quality == {
        "profitable": "unknown",
        "net_debt_to_ebitda": None,
        "interest_coverage": None,
    }
    assert not big.low_quality
    assert classify("IVV", "", "etf", ref).quality is None


@pytest.mark.parametrize(
    ("symbol", "description", "asset_type", "mix", "underlying"),
    [
        ("912797HP5", "UNITED STATES TREAS BILLS ZERO CPN", "bond", {"bonds": 1.0}, None),
        ("912828YK0", "", "other", {"bonds": 1.0}, None),
        ("SPAXQ", "HELD IN MONEY MARKET", "money_market", {"cash": 1.0}, None),
        ("QQQQX", "SOME DEPOSIT SWEEP", "cash", {"cash": 1.0}, None),
        ("XYZ#B1326C425000", "CALL XYZ   425.00 EXP 02-13-26", "option", {"other": 1.0}, "XYZ"),
        ("SMAL 04/01/2020 32.00 P", "PUT SMALL CAP INDEX", "option", {"other": 1.0}, "SMAL"),
        ("AAPL  250117C00150000", "", "", {"other": 1.0}, "AAPL"),
        ("-AAPL250117C150", "", "option", {"other": 1.0}, "AAPL"),
        ("84679P504", "SP 500 INDEX PL CL E", "mutual_fund", {"mega": 0.6, "large": 0.4}, None),
        ("ABCDX", "ACME SMALL CAP INDEX FUND", "mutual_fund", {"mid": 0.5, "small": 0.5}, None),
        ("ABCEX", "ACME MID CAP INDEX FUND", "mutual_fund", {"mid": 1.0}, None),
    ],
)
def test_rules_are_guesses(
    symbol: str, description: str, asset_type: str, mix: dict[str, float], underlying: str | None
) -> None:
    c = classify(symbol, description, asset_type, small_ref())
    check(c)
    assert c.source == "guessed"
    assert c.mix.keys() == mix.keys()
    assert all(math.isclose(c.mix[b], f) for b, f in mix.items())
    assert c.underlying == underlying


def test_option_underlying_spellings() -> None:
    assert option_underlying("ABC#N1326D130000") == "ABC"
    assert option_underlying("WEIRD", "PUT  DEF   19.00 EXP 02-20-26") == "DEF"
    assert option_underlying("", "") is None


def test_clean_mix_sums_to_exactly_one() -> None:
    m = clean_mix({"mega": 0.1, "large": 0.2, "mid": 0.7, "small": 0.0})
    assert sum(m.values()) == 1.0 and "small" not in m
    assert clean_mix({}) == {"other": 1.0}


def test_fund_views_and_schemes_change_fund_mixes() -> None:
    ref = small_ref()
    look = classify("IJR", "", "etf", ref)
    assert math.isclose(look.mix["small"], 0.5)
    index = classify("IJR", "", "etf", ref.with_buckets("dollars", "index"))
    assert dict(index.mix) == {"small": 1.0} and "index view" in index.note
    moved = classify("IJR", "", "etf", ref.with_buckets("sp-ranges"))
    assert dict(moved.mix) == {"small": 0.5, "micro": 0.5}  # $5B and $1B under S&P's ranges
    assert dict(classify("VXUS", "", "etf", ref.with_buckets("sp-ranges")).mix) == {
        "intl_equity": 1.0
    }
    with pytest.raises(ValueError, match="rank"):
        ref.with_buckets("rank")  # the fixture has no ranked companies
    with pytest.raises(ValueError, match="unknown size scheme"):
        ref.with_buckets("biggest")


@pytest.mark.parametrize("written", ["", " ", "-", "--", ".", "/"])
def test_a_blank_or_punctuation_symbol_names_nothing(written: str) -> None:
    # an index file's unlisted holding ("-", ARCELLX INC Prvt) once keyed "" in the master,
    # and every row without a symbol (a 529's portfolios) was taken for it: a small-cap stock
    junk = stock(".", None, name="ARCELLX INC Prvt", indexes=("r2000",))
    ref = make_ref({".": junk, "AAPL": stock("AAPL", 3e12)}, {"IVV": {"large": 1.0}})
    assert ref.resolve(written) is None
    assert ref.lookup(written) is None
    assert ref.fund(written) is None
    got = classify(written, "Vanguard 500 Index Portfolio", "mutual_fund", ref)
    assert got.name != junk.name
    assert dict(got.mix) != {"small": 1.0}


def test_the_bundled_master_has_no_row_without_a_symbol() -> None:
    from planner.market.securities import load_reference

    ref = load_reference()
    assert [s for s in ref.securities if not symbol_key(s)] == []
    assert [s for s in ref.funds if not symbol_key(s)] == []


def test_two_overrides_of_one_share_class_the_one_spelled_like_the_row_or_dotted_wins() -> None:
    """A Schwab holding ``BRK/B`` and another broker's ``BRK.B`` each set by hand: a row takes
    the override spelled as it is written, and Fidelity's ``BRKB`` the dotted class spelling
    ``BRK.B`` (not the first of the file)."""
    over = Overrides(
        {
            "BRK/B": SecurityOverride({"large": 1.0}, "from the Schwab row"),
            "BRK.B": SecurityOverride({"mega": 1.0}, "from the Vanguard row"),
        }
    )
    ref = small_ref(overrides=over)
    for spelling, mix, note in [
        ("BRKB", {"mega": 1.0}, "from the Vanguard row"),
        ("brk.b", {"mega": 1.0}, "from the Vanguard row"),
        ("BRK/B", {"large": 1.0}, "from the Schwab row"),
    ]:
        c = classify(spelling, "", "equity", ref)
        assert (c.source, dict(c.mix), c.note) == ("override", mix, note), spelling


def test_an_override_is_not_taken_for_a_symbol_that_only_shares_letters() -> None:
    """``BRKB`` is Berkshire's class B: overrides of ``B.B``, ``BR.B``, ``BRK.R`` and
    ``BRK.K`` are of other securities, and the master places it."""
    other = SecurityOverride({"micro": 1.0}, "another security")
    over = Overrides({s: other for s in ("B.B", "BR.B", "BRK.R", "BRK.K")})
    c = classify("BRKB", "BERKSHIRE HATHAWAY CL B", "equity", small_ref(overrides=over))
    assert (c.source, dict(c.mix)) == ("master", {"mega": 1.0})


@pytest.mark.parametrize("written", ["", " "])
def test_a_row_without_a_symbol_is_classified_when_the_user_has_overrides(written: str) -> None:
    """A 529's portfolios come without a symbol; an override of anything must not stop them
    being placed by their name."""
    over = Overrides({"BIG": SecurityOverride({"small": 1.0})})
    ref = small_ref(overrides=over)
    c = classify(written, "Some Small-Cap Index Fund", "mutual_fund", ref)
    assert (
        c.source == "guessed"
        and c.mix == classify(written, "Some Small-Cap Index Fund", "mutual_fund", small_ref()).mix
    )
