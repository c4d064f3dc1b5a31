"""Why each trade and the sentence that says so (``planner/core/explain.py``), called directly:
:func:`reasons_for` on small hand-built problems, :func:`explain` on hand-written rows.

Targets are binary fractions of a $100,000 household, so every dollar figure below is exact;
each bucket's dollars after the plan are written as an offset from its target. Every expected
reason, figure and word comes from the inputs written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

from planner.core.explain import (
    DRIFT_SHARE,
    Why,
    _listed,
    against_clause,
    explain,
    pairing_clause,
    plain,
    reasons_for,
    share_of,
)
from planner.core.plan_model import BucketRow, SecurityFacts
from planner.core.policy import BUCKETS, Location, Policy, Trading
from planner.core.problem import AccountState, LotSale, Problem, Security, Trade

TOTAL = 100_000.0
TARGETS = {
    "mega": 0.25,
    "large": 0.25,
    "mid": 0.125,
    "small": 0.125,
    "micro": 0.0,
    "intl_equity": 0.125,
    "bonds": 0.0625,
    "cash": 0.0625,
    "other": 0.0,
}
# a regime tilt of 5 points from mega-caps to small-caps
TILTED = {**TARGETS, "mega": 0.20, "small": 0.175}
FAR = 5_000.0  # dollars from a target: more than any trade here moves
D = date(2025, 3, 1)

TAXABLE = AccountState("A1", "taxable", 0.0, name="Joint")
ROTH = AccountState("A1", "tax_free", 0.0, name="Roth")
IRA = AccountState("A1", "tax_deferred", 0.0, name="IRA")

IJH = {"mid": 0.72, "small": 0.28}


def problem(
    mode: str = "full",
    targets: Mapping[str, float] = TARGETS,
    base: Mapping[str, float] | None = None,
    location: Location | None = None,
    held: Mapping[str, float] | None = None,
) -> Problem:
    trading = Trading(mode=mode)  # type: ignore[arg-type]
    policy = Policy(targets=dict(TARGETS), trading=trading, location=location or Location())
    return Problem((TAXABLE,), (), {}, targets, policy, base_targets=base, held=held or {})


def post(targets: Mapping[str, float] = TARGETS, **off: float) -> dict[str, float]:
    """Dollars per bucket after the plan: at its target, but ``off`` dollars above (+) or
    below (-) it."""
    return {k: targets.get(k, 0.0) * TOTAL + off.get(k, 0.0) for k in BUCKETS}


def sec(symbol: str, mix: Mapping[str, float], low_quality: bool = False) -> Security:
    return Security(symbol, 10.0, mix, low_quality=low_quality)


def trade(symbol: str, side: str, value: float = 1_000.0, price: float = 10.0) -> Trade:
    return Trade("A1", symbol, side, value / price, price, None, 0.0)


def judge(
    side: str,
    mix: Mapping[str, float],
    after: Mapping[str, float],
    *,
    value: float = 1_000.0,
    price: float = 10.0,
    account: AccountState = TAXABLE,
    prob: Problem | None = None,
    low_quality: bool = False,
    sold_whole: bool = False,
    harvested: bool = False,
    passed_over: frozenset[str] = frozenset(),
    cash_after: float | None = None,
) -> Why:
    return reasons_for(
        trade("X", side, value, price),
        sec("X", mix, low_quality),
        account,
        prob or problem(),
        after,
        TOTAL,
        sold_whole,
        harvested,
        passed_over,
        cash_after,
    )


# --- reasons_for: which bucket --------------------------------------------------------------


def test_the_bucket_narrowed_most_per_dollar_is_named_not_the_bigger_share() -> None:
    # $300 of mid-caps into a bucket $5,000 short: all $300 narrow it; $700 of small-caps into
    # one that ends $300 over: without them it would be $400 short, so they narrow it by $100
    w = judge("buy", {"mid": 0.3, "small": 0.7}, post(mid=-FAR, small=300.0))
    assert (w.reasons, w.bucket, w.drift_cut) == (("drift",), "mid", pytest.approx(300.0))


@pytest.mark.parametrize(
    ("small_over", "named", "cut"),
    [
        # small-caps: $596 in, ending $97.50 over: they narrow by 596 - 2 x 97.5 = $401, which
        # is 40% of the trade like mid-caps' $404: a tie, to the bigger share (small-caps)
        (97.5, "small", 401.0),
        # ending $150 over: they narrow by $296 (30%), mid-caps by $404 (40%)
        (150.0, "mid", 404.0),
    ],
)
def test_a_tie_to_the_percent_goes_to_the_bucket_the_security_holds_most_of(
    small_over: float, named: str, cut: float
) -> None:
    w = judge("buy", {"mid": 0.404, "small": 0.596}, post(mid=-FAR, small=small_over))
    assert (w.bucket, w.drift_cut) == (named, pytest.approx(cut))


def test_a_bucket_is_named_from_exactly_the_drift_share_of_the_trade() -> None:
    # large-caps end far over their target, cash far under it: neither is narrowed
    after = post(mid=-FAR, large=FAR, cash=-FAR)
    enough = {"mid": DRIFT_SHARE, "large": 1.0 - DRIFT_SHARE}
    w = judge("buy", enough, after)
    assert (w.reasons, w.bucket, w.drift_cut) == (("drift",), "mid", DRIFT_SHARE * 1_000.0)
    sliver = {"mid": DRIFT_SHARE - 0.01, "large": 1.0 - DRIFT_SHARE + 0.01}
    w = judge("buy", sliver, after)
    assert (w.reasons, w.bucket, w.drift_cut) == (("rounding",), None, 0.0)


def test_a_bucket_passed_over_is_not_named_and_then_the_next_or_cash_is() -> None:
    after = post(mid=-FAR, small=-FAR, cash=FAR)
    mix = {"mid": 0.6, "small": 0.4}
    assert judge("buy", mix, after).bucket == "mid"
    w = judge("buy", mix, after, passed_over=frozenset({"mid"}))
    assert (w.reasons, w.bucket, w.drift_cut) == (("drift",), "small", pytest.approx(400.0))
    w = judge("buy", mix, after, passed_over=frozenset({"mid", "small"}))
    assert (w.reasons, w.bucket, w.drift_cut) == (("cash_invest",), None, 1_000.0)


def test_a_sale_narrows_a_bucket_above_its_target() -> None:
    w = judge("sell", {"mega": 1.0}, post(mega=FAR, cash=FAR))
    assert (w.reasons, w.bucket, w.drift_cut) == (("drift",), "mega", 1_000.0)
    # the same sale from a bucket below its target widens it: nothing to name (cash is over)
    w = judge("sell", {"mega": 1.0}, post(mega=-FAR, cash=FAR), account=ROTH)
    assert (w.reasons, w.bucket, w.drift_cut) == (("funding",), None, 0.0)


def test_the_securitys_own_bucket_comes_before_cash() -> None:
    # cash far over its target: the purchase narrows it by all $1,000, mid-caps by $1,000 too
    w = judge("buy", {"mid": 1.0}, post(mid=-FAR, cash=FAR))
    assert (w.reasons, w.bucket) == (("drift",), "mid")


# --- reasons_for: cash ------------------------------------------------------------------------


def test_a_purchase_that_narrows_no_bucket_but_cash_invests_cash() -> None:
    # a bond fund holding 5% cash: buying $1,000 spends $1,000 and adds $50 of cash back
    w = judge("buy", {"bonds": 0.95, "cash": 0.05}, post(bonds=FAR, cash=FAR))
    assert (w.reasons, w.bucket, w.drift_cut, w.location_change) == (
        ("cash_invest",),
        None,
        pytest.approx(950.0),
        pytest.approx(950.0 * 0.010),
    )


def test_a_sale_that_narrows_no_bucket_but_cash_raises_cash() -> None:
    w = judge("sell", {"mid": 1.0}, post(mid=-FAR, cash=-FAR), account=ROTH)
    assert (w.reasons, w.bucket, w.drift_cut) == (("cash_raise",), None, 1_000.0)


@pytest.mark.parametrize(
    ("cash_after", "reasons"),
    [
        (None, ("cash_raise",)),  # the account's cash not given: judged by the household's
        (1_000.0, ("cash_raise",)),  # the account keeps all it raised: for the cash target
        (999.99, ("funding",)),  # without it the account could not pay for its purchases
        (0.0, ("funding",)),
    ],
)
def test_a_sale_its_accounts_purchases_need_funds_them_whatever_cash_does(
    cash_after: float | None, reasons: tuple[str, ...]
) -> None:
    # household cash ends below its target either way; the account decides what the sale is for
    w = judge("sell", {"mid": 1.0}, post(mid=-FAR, cash=-FAR), account=ROTH, cash_after=cash_after)
    assert (w.reasons, w.bucket) == (reasons, None)


def test_a_sale_for_a_bucket_or_a_withdrawal_is_not_called_funding() -> None:
    over = judge("sell", {"mid": 1.0}, post(mid=FAR), cash_after=0.0)
    assert (over.reasons, over.bucket) == (("drift",), "mid")
    account = AccountState("A1", "tax_free", 0.0, name="Roth", withdraw=5_000.0)
    paid = judge("sell", {"mid": 1.0}, post(mid=-FAR), account=account, cash_after=0.0)
    assert "funding" not in paid.reasons and "withdrawal" in paid.reasons


def test_a_funding_sale_is_funding_before_asset_location() -> None:
    # a sale that also lowers tax drag (a bond fund out of the taxable account) but that the
    # account's purchases need: its first reason is the funding
    bonds = {"bonds": 1.0}
    placed = judge("sell", bonds, post(bonds=-FAR, cash=FAR), cash_after=50_000.0)
    assert placed.reasons[0] == "location"
    needed = judge("sell", bonds, post(bonds=-FAR, cash=FAR), cash_after=0.0)
    assert needed.reasons == ("funding",)


@pytest.mark.parametrize(
    ("cash_off", "reasons", "cut"),
    [
        # $450 under its target after a purchase of $1,000: $550 over without it, so it
        # narrows cash by $100, 10% of the trade
        (-450.0, ("cash_invest",), 100.0),
        (-460.0, ("rounding",), 0.0),  # by $80: 8%, too little
    ],
)
def test_cash_is_named_from_exactly_the_drift_share_of_the_trade(
    cash_off: float, reasons: tuple[str, ...], cut: float
) -> None:
    w = judge("buy", {"mid": 1.0}, post(mid=FAR, cash=cash_off))
    assert (w.reasons, w.bucket, w.drift_cut) == (reasons, None, cut)


def test_a_trade_of_nothing_is_named_by_nothing() -> None:
    w = judge("buy", {"mid": 1.0}, post(mid=-FAR, cash=FAR), value=0.0)
    assert (w.reasons, w.bucket, w.drift_cut) == (("rounding",), None, 0.0)
    w = judge("sell", {"mid": 1.0}, post(mid=FAR, cash=-FAR), value=0.0)
    assert (w.reasons, w.bucket, w.drift_cut) == (("funding",), None, 0.0)


# --- reasons_for: regime tilt -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("side", "bucket", "off", "reasons"),
    [
        ("buy", "small", -FAR, ("drift", "regime_tilt")),  # the tilt raised small-caps
        ("sell", "small", FAR, ("drift",)),
        ("sell", "mega", FAR, ("drift", "regime_tilt")),  # and lowered mega-caps
        ("buy", "mega", -FAR, ("drift",)),
        ("buy", "mid", -FAR, ("drift",)),  # not tilted
        ("sell", "mid", FAR, ("drift",)),
    ],
)
def test_the_regime_tilt_is_a_reason_only_when_it_moved_the_target_the_trades_way(
    side: str, bucket: str, off: float, reasons: tuple[str, ...]
) -> None:
    after = post(TILTED, **{bucket: off, "cash": FAR if side == "buy" else -FAR})
    w = judge(side, {bucket: 1.0}, after, prob=problem(targets=TILTED, base=TARGETS))
    assert (w.reasons, w.bucket) == (reasons, bucket)


def test_without_base_targets_there_is_no_tilt() -> None:
    after = post(TILTED, small=-FAR, cash=FAR)
    w = judge("buy", {"small": 1.0}, after, prob=problem(targets=TILTED))
    assert w.reasons == ("drift",)


def test_the_tilt_comes_second_before_what_else_the_trade_does() -> None:
    after = post(TILTED, small=-FAR, cash=FAR)
    prob = problem("cash_flow", TILTED, TARGETS)
    assert judge("buy", {"small": 1.0}, after, prob=prob).reasons == (
        "drift",
        "regime_tilt",
        "cash_invest",
    )


# --- reasons_for: location --------------------------------------------------------------------

# bonds end below their target and cash above it: a sale of bonds narrows neither
NO_DRIFT_SALE = post(bonds=-FAR, cash=FAR)


def test_a_sale_that_narrows_nothing_but_saves_tax_drag_is_for_location() -> None:
    # the default table: $0.010 a year per dollar of bonds in a taxable account
    w = judge("sell", {"bonds": 1.0}, NO_DRIFT_SALE)
    assert (w.reasons, w.bucket, w.location_change) == (
        ("location",),
        None,
        pytest.approx(-1_000.0 * 0.010),
    )
    # half bonds, half international equity ($0.001)
    w = judge("sell", {"bonds": 0.5, "intl_equity": 0.5}, post(bonds=-FAR, intl_equity=-FAR))
    assert w.location_change == pytest.approx(-(500.0 * 0.010 + 500.0 * 0.001))


def test_no_tax_drag_saved_no_location() -> None:
    w = judge("sell", {"bonds": 1.0}, NO_DRIFT_SALE, account=IRA)  # bonds cost 0 there
    assert (w.reasons, w.location_change) == (("funding",), 0.0)
    off = problem(location=Location(enabled=False))
    assert judge("sell", {"bonds": 1.0}, NO_DRIFT_SALE, prob=off).reasons == ("funding",)


@pytest.mark.parametrize(("value", "reasons"), [(8.0, ("funding",)), (9.0, ("location",))])
def test_location_needs_more_than_fifty_cents_a_year(
    value: float, reasons: tuple[str, ...]
) -> None:
    # $0.0625 a year per dollar of bonds: $8 sold saves $0.50 exactly, $9 sold $0.5625
    prob = problem(location=Location(taxable={"bonds": 0.0625}))
    w = judge("sell", {"bonds": 1.0}, NO_DRIFT_SALE, value=value, price=1.0, prob=prob)
    assert (w.reasons, w.location_change) == (reasons, -value * 0.0625)


def test_location_only_when_no_bucket_and_not_cash_names_the_trade() -> None:
    w = judge("sell", {"bonds": 1.0}, post(bonds=FAR, cash=FAR))
    assert (w.reasons, w.bucket, w.location_change) == (
        ("drift",),
        "bonds",
        pytest.approx(-10.0),
    )
    w = judge("sell", {"bonds": 1.0}, post(bonds=-FAR, cash=-FAR))
    assert (w.reasons, w.bucket) == (("cash_raise",), None)


# --- reasons_for: what else a trade does ------------------------------------------------------


def nothing(side: str) -> dict[str, float]:
    """After the plan: a trade of mid-caps (in a Roth, no tax drag) narrows no bucket, nor
    cash (a sale: mid-caps under their target, cash over it; a purchase: the other way)."""
    return post(mid=-FAR, cash=FAR) if side == "sell" else post(mid=FAR, cash=-FAR)


@pytest.mark.parametrize(
    ("side", "sold_whole", "reasons"),
    [
        ("sell", True, ("quality_exit",)),
        ("sell", False, ("quality_trim",)),
        ("buy", False, ("rounding",)),
    ],
)
def test_a_low_quality_sale_exits_or_trims(
    side: str, sold_whole: bool, reasons: tuple[str, ...]
) -> None:
    after = nothing(side)
    w = judge(side, {"mid": 1.0}, after, account=ROTH, low_quality=True, sold_whole=sold_whole)
    assert w.reasons == reasons


def test_a_sale_of_good_quality_sold_whole_is_not_a_quality_exit() -> None:
    assert judge("sell", {"mid": 1.0}, nothing("sell"), account=ROTH, sold_whole=True).reasons == (
        "funding",
    )


@pytest.mark.parametrize(
    ("side", "harvested", "reasons"),
    [
        ("sell", True, ("tax_loss_harvest",)),
        ("sell", False, ("funding",)),
        ("buy", True, ("rounding",)),
    ],
)
def test_a_harvested_loss_is_a_reason_for_a_sale(
    side: str, harvested: bool, reasons: tuple[str, ...]
) -> None:
    assert judge(side, {"mid": 1.0}, nothing(side), account=ROTH, harvested=harvested).reasons == (
        reasons
    )


@pytest.mark.parametrize(
    ("mode", "side", "account", "reasons"),
    [
        ("raise_cash", "sell", ROTH, ("cash_raise",)),
        ("raise_cash", "buy", ROTH, ("rounding",)),
        ("full", "sell", AccountState("A1", "tax_free", 0.0, withdraw=5_000.0), ("withdrawal",)),
        ("full", "buy", AccountState("A1", "tax_free", 0.0, withdraw=5_000.0), ("rounding",)),
        ("cash_flow", "buy", ROTH, ("cash_invest",)),
        ("cash_flow", "sell", ROTH, ("funding",)),
        ("full", "buy", AccountState("A1", "tax_free", 0.0, deposit=5_000.0), ("cash_invest",)),
        ("full", "sell", AccountState("A1", "tax_free", 0.0, deposit=5_000.0), ("funding",)),
        ("full", "sell", ROTH, ("funding",)),
        ("full", "buy", ROTH, ("rounding",)),
        ("out_of_band", "buy", ROTH, ("rounding",)),
    ],
)
def test_cash_raised_withdrawn_or_invested_is_a_reason(
    mode: str, side: str, account: AccountState, reasons: tuple[str, ...]
) -> None:
    w = judge(side, {"mid": 1.0}, nothing(side), account=account, prob=problem(mode))
    assert w.reasons == reasons


def test_a_sales_reasons_come_in_order_after_its_bucket() -> None:
    account = AccountState("A1", "taxable", 0.0, name="Joint", withdraw=1.0)
    w = judge(
        "sell",
        {"mega": 1.0},
        post(mega=FAR, cash=FAR),
        account=account,
        prob=problem("raise_cash"),
        low_quality=True,
        sold_whole=True,
        harvested=True,
    )
    assert w.reasons == ("drift", "quality_exit", "tax_loss_harvest", "cash_raise", "withdrawal")


def test_cash_named_and_a_cash_mode_give_one_reason() -> None:
    w = judge("sell", {"mid": 1.0}, post(mid=-FAR, cash=-FAR), prob=problem("raise_cash"))
    assert w.reasons == ("cash_raise",)
    w = judge("buy", {"mid": 1.0}, post(mid=FAR, cash=FAR), prob=problem("cash_flow"))
    assert w.reasons == ("cash_invest",)


# --- explain ----------------------------------------------------------------------------------


def row(
    current: float,
    post: float,
    target: float = 0.10,
    policy: float | None = None,
    band: float = 0.025,
    held: float = 0.0,
) -> BucketRow:
    return BucketRow(current, target, target if policy is None else policy, post, band, held)


CASH = row(0.01, 0.005, 0.03)


def said(
    t: Trade,
    mix: Mapping[str, float],
    why: Why,
    rows: Mapping[str, BucketRow] | None = None,
    account: AccountState = TAXABLE,
    fact: SecurityFacts | None = None,
    **kw: object,
) -> str:
    return explain(t, sec(t.symbol, mix), account, {"cash": CASH, **(rows or {})}, why, fact, **kw)  # type: ignore[arg-type]


def ijh(side: str) -> Trade:
    return Trade("A1", "IJH", side, 40.0, 100.0, None, 0.0)  # $4,000


def vxus(side: str) -> Trade:
    return Trade("A1", "VXUS", side, 10.0, 100.0, None, 0.0)  # $1,000


INTL = {"intl_equity": 1.0}
ROUNDING = Why(("rounding",), None, 0.0, 0.0)
FUNDING = Why(("funding",), None, 0.0, 0.0)
COMPLETES = "completes the plan's purchases within whole shares and minimum trades"


@pytest.mark.parametrize(
    ("shares", "price", "head"),
    [
        (12.5, 250.0, "Buy 12.5 VO at $250.00 ($3,125)"),
        (100.0, 10.0, "Buy 100 VO at $10.00 ($1,000)"),
        (1234.56789, 1.0, "Buy 1,234.5679 VO at $1.00 ($1,235)"),
        (0.25, 1999.99, "Buy 0.25 VO at $1,999.99 ($500)"),
        (3.1, 2.0, "Buy 3.1 VO at $2.00 ($6)"),
    ],
)
def test_the_trade_is_said_with_its_shares_trimmed_its_price_and_its_dollars(
    shares: float, price: float, head: str
) -> None:
    t = Trade("A1", "VO", "buy", shares, price, None, 0.0)
    assert said(t, {"mid": 1.0}, ROUNDING) == f"{head} in Joint (taxable); {COMPLETES}."


@pytest.mark.parametrize(
    ("kind", "name", "where"),
    [
        ("taxable", "", "account (taxable)"),
        ("tax_deferred", "Rollover IRA", "Rollover IRA (tax-deferred)"),
        ("tax_free", "Roth", "Roth (tax-free)"),
        ("unknown", "Old 401k", "Old 401k (unknown type, taxed to be safe)"),
    ],
)
def test_the_account_is_named_with_its_kind(kind: str, name: str, where: str) -> None:
    account = AccountState("A1", kind, 0.0, name=name)  # type: ignore[arg-type]
    assert said(vxus("buy"), INTL, ROUNDING, account=account) == (
        f"Buy 10 VXUS at $100.00 ($1,000) in {where}; {COMPLETES}."
    )


def test_a_purchase_for_its_bucket_says_the_bucket_before_and_after() -> None:
    why = Why(("drift",), "mid", 2_880.0, 0.0)
    assert said(ijh("buy"), IJH, why, {"mid": row(0.08, 0.095)}) == (
        "Buy 40 IJH at $100.00 ($4,000) in Joint (taxable): mid-caps, 72% of IJH, are 8.0% of "
        "the household against a 10.0% target; this adds $2,880 of them; after the plan "
        "mid-caps are 9.5%."
    )


def test_a_sale_for_its_bucket_takes_it_off() -> None:
    why = Why(("drift",), "small", 1_120.0, 0.0)
    assert said(ijh("sell"), IJH, why, {"small": row(0.14, 0.11)}, ROTH) == (
        "Sell 40 IJH at $100.00 ($4,000) in Roth (tax-free): small-caps, 28% of IJH, are 14.0% "
        "of the household against a 10.0% target; this takes off $1,120 of them; after the "
        "plan small-caps are 11.0%; no tax inside a tax-free account."
    )


@pytest.mark.parametrize(
    ("share", "what", "dollars"),
    [
        (1.0, "mid-caps", "$4,000"),
        (0.999, "mid-caps", "$3,996"),
        (0.99, "mid-caps, 99% of IJH,", "$3,960"),
        (0.5, "mid-caps, 50% of IJH,", "$2,000"),
    ],
)
def test_the_share_of_the_security_is_said_under_99_9_percent(
    share: float, what: str, dollars: str
) -> None:
    why = Why(("drift",), "mid", 0.0, 0.0)
    text = said(ijh("buy"), {"mid": share}, why, {"mid": row(0.08, 0.095)})
    assert text.startswith(
        f"Buy 40 IJH at $100.00 ($4,000) in Joint (taxable): {what} are 8.0% of the household "
        f"against a 10.0% target; this adds {dollars} of them;"
    )


def test_international_equity_and_cash_are_singular() -> None:
    why = Why(("drift",), "intl_equity", 1_000.0, 0.0)
    assert said(vxus("buy"), INTL, why, {"intl_equity": row(0.05, 0.10, 0.15)}) == (
        "Buy 10 VXUS at $100.00 ($1,000) in Joint (taxable): international equity is 5.0% of "
        "the household against a 15.0% target; this adds $1,000 of it; after the plan "
        "international equity is 10.0%."
    )
    cash = row(0.02, 0.05, 0.03)
    why = Why(("drift",), "cash", 1_000.0, 0.0)
    assert said(vxus("buy"), {"intl_equity": 0.5, "cash": 0.5}, why, {"cash": cash}) == (
        "Buy 10 VXUS at $100.00 ($1,000) in Joint (taxable): cash, 50% of VXUS, is 2.0% of the "
        "household against a 3.0% target; this adds $500 of it; after the plan cash is 5.0%."
    )


@pytest.mark.parametrize(
    ("bucket", "target", "policy", "says"),
    [
        ("small", 0.15, 0.125, "a 15.0% target (12.5% policy + 2.5 pts regime tilt)"),
        ("mega", 0.20, 0.25, "a 20.0% target (25.0% policy - 5.0 pts regime tilt)"),
        ("mega", 0.20, 0.20 + 1e-10, "a 20.0% target"),
    ],
)
def test_a_tilted_target_says_the_policy_target_and_the_tilt_with_its_sign(
    bucket: str, target: float, policy: float, says: str
) -> None:
    why = Why(("drift", "regime_tilt"), bucket, 0.0, 0.0)
    rows = {bucket: row(0.08, 0.12, target, policy)}
    text = said(vxus("buy"), {bucket: 1.0}, why, rows)
    words = plain(bucket)
    assert text == (
        f"Buy 10 VXUS at $100.00 ($1,000) in Joint (taxable): {words} are 8.0% of the "
        f"household against {says}; this adds $1,000 of them; after the plan {words} are 12.0%."
    )


def test_a_custom_description_names_the_bucket_once() -> None:
    why = Why(("drift",), "mid", 0.0, 0.0)
    text = said(
        ijh("buy"),
        IJH,
        why,
        {"mid": row(0.08, 0.095)},
        describe=lambda k: f"{plain(k)} (ranks 201-1,000)",
    )
    assert text == (
        "Buy 40 IJH at $100.00 ($4,000) in Joint (taxable): mid-caps (ranks 201-1,000), 72% of "
        "IJH, are 8.0% of the household against a 10.0% target; this adds $2,880 of them; after "
        "the plan mid-caps are 9.5%."
    )


# --- explain: a trade against its bucket's deviation ------------------------------------------


def test_a_sale_from_a_bucket_below_its_target_names_the_purchases_that_take_it_past() -> None:
    why = Why(("drift",), "mid", 0.0, 0.0, movers=("VO", "IWB"))
    assert said(ijh("sell"), IJH, why, {"mid": row(0.09, 0.12)}, ROTH) == (
        "Sell 40 IJH at $100.00 ($4,000) in Roth (tax-free): mid-caps, 72% of IJH, are 9.0% of "
        "the household against a 10.0% target, and the plan's other purchases (VO and IWB) "
        "would take them past it; this takes off $2,880 of them; after the plan mid-caps are "
        "12.0%; no tax inside a tax-free account."
    )


def test_a_purchase_into_a_bucket_above_its_target_names_the_new_cash() -> None:
    why = Why(("drift",), "mega", 0.0, 0.0, new_cash=9_000.0)
    t = Trade("A1", "MGC", "buy", 10.0, 100.0, None, 0.0)
    assert said(t, {"mega": 1.0}, why, {"mega": row(0.30, 0.28, 0.25)}) == (
        "Buy 10 MGC at $100.00 ($1,000) in Joint (taxable): mega-caps are 30.0% of the "
        "household against a 25.0% target, and the new cash would take them below it; this "
        "adds $1,000 of them; after the plan mega-caps are 28.0%."
    )


def test_a_singular_bucket_is_it_in_the_against_clause() -> None:
    why = Why(("drift",), "intl_equity", 0.0, 0.0, movers=("VEA",))
    assert said(vxus("buy"), INTL, why, {"intl_equity": row(0.20, 0.18, 0.15)}) == (
        "Buy 10 VXUS at $100.00 ($1,000) in Joint (taxable): international equity is 20.0% of "
        "the household against a 15.0% target, and the plan's other sales (VEA) would take it "
        "below it; this adds $1,000 of it; after the plan international equity is 18.0%."
    )


@pytest.mark.parametrize("side", ["buy", "sell"])
def test_a_trade_with_its_bucket_at_its_target_is_not_against_it(side: str) -> None:
    why = Why(("drift",), "mid", 0.0, 0.0, movers=("VO",), new_cash=9.0)
    text = said(ijh(side), {"mid": 1.0}, why, {"mid": row(0.10, 0.10)}, ROTH)
    assert "against a 10.0% target; this " in text
    assert "would take" not in text


@pytest.mark.parametrize(
    ("side", "current"), [("buy", 0.08), ("sell", 0.12)]
)  # a purchase below its target, a sale above it: with the deviation
def test_a_trade_with_its_bucket_is_not_against_it(side: str, current: float) -> None:
    why = Why(("drift",), "mid", 0.0, 0.0, movers=("VO",), new_cash=9.0)
    text = said(ijh(side), {"mid": 1.0}, why, {"mid": row(current, 0.10)}, ROTH)
    assert f"are {100 * current:.1f}% of the household against a 10.0% target; this " in text


def test_an_against_clause_leaves_out_the_dilution_and_a_net_pairing() -> None:
    # mid-caps below target, end higher; the plan withdraws; VO's purchase outweighs the sale
    why = Why(("drift",), "mid", 0.0, 0.0, "mid", ("VO",), "net", movers=("VO",), new_cash=-5_000.0)
    assert said(ijh("sell"), {"mid": 1.0}, why, {"mid": row(0.09, 0.12)}, ROTH) == (
        "Sell 40 IJH at $100.00 ($4,000) in Roth (tax-free): mid-caps are 9.0% of the household "
        "against a 10.0% target, and the plan's other purchases (VO) would take them past it; "
        "this takes off $4,000 of them; after the plan mid-caps are 12.0%; no tax inside a "
        "tax-free account."
    )


# --- explain: the household's new cash and withdrawals ---------------------------------------

INTL_FALLS = {"intl_equity": row(0.14, 0.13, 0.15)}  # below its target, and lower after


def test_a_purchase_whose_bucket_falls_says_the_new_cash_grows_the_household() -> None:
    why = Why(("drift",), "intl_equity", 0.0, 0.0, new_cash=50_000.0)
    assert said(vxus("buy"), INTL, why, INTL_FALLS) == (
        "Buy 10 VXUS at $100.00 ($1,000) in Joint (taxable): international equity is 14.0% of "
        "the household against a 15.0% target; this adds $1,000 of it; after the plan "
        "international equity is 13.0%; the new cash grows the household more than this adds "
        "to it."
    )


@pytest.mark.parametrize(
    ("new_cash", "rows"),
    [
        (0.0, INTL_FALLS),
        (-50_000.0, INTL_FALLS),
        (50_000.0, {"intl_equity": row(0.14, 0.14, 0.15)}),  # as high as it started
        (50_000.0, {"intl_equity": row(0.14, 0.145, 0.15)}),  # higher
    ],
)
def test_no_new_cash_or_a_bucket_that_does_not_fall_says_nothing_of_it(
    new_cash: float, rows: Mapping[str, BucketRow]
) -> None:
    why = Why(("drift",), "intl_equity", 0.0, 0.0, new_cash=new_cash)
    assert said(vxus("buy"), INTL, why, rows).endswith(
        f"after the plan international equity is {100 * rows['intl_equity'].post:.1f}%."
    )


def test_a_paired_purchase_names_its_pair_not_the_new_cash() -> None:
    why = Why(("drift",), "intl_equity", 0.0, 0.0, "intl_equity", ("VEA",), "net", (), 5e4)
    assert said(vxus("buy"), INTL, why, INTL_FALLS).endswith(
        "after the plan international equity is 13.0%; the plan's sales of VEA take off more of "
        "it than its purchases add."
    )


@pytest.mark.parametrize(
    ("new_cash", "clause"),
    [
        (-20_000.0, "; the withdrawal shrinks the household more than this takes off them"),
        (0.0, ""),
        (20_000.0, ""),
    ],
)
def test_a_sale_whose_bucket_rises_says_the_withdrawal_shrinks_the_household(
    new_cash: float, clause: str
) -> None:
    why = Why(("drift",), "mid", 0.0, 0.0, new_cash=new_cash)
    assert said(ijh("sell"), {"mid": 1.0}, why, {"mid": row(0.12, 0.13)}, ROTH) == (
        "Sell 40 IJH at $100.00 ($4,000) in Roth (tax-free): mid-caps are 12.0% of the "
        "household against a 10.0% target; this takes off $4,000 of them; after the plan "
        f"mid-caps are 13.0%{clause}; no tax inside a tax-free account."
    )


# --- explain: pairing -------------------------------------------------------------------------


def test_a_sale_named_again_names_the_purchase_that_puts_its_bucket_back() -> None:
    why = Why(("drift",), "small", 0.0, 0.0, "mid", ("VO",), "swap")
    rows = {"small": row(0.14, 0.11), "mid": row(0.0996, 0.126)}
    assert said(ijh("sell"), IJH, why, rows, ROTH) == (
        "Sell 40 IJH at $100.00 ($4,000) in Roth (tax-free): small-caps, 28% of IJH, are 14.0% "
        "of the household against a 10.0% target; this takes off $1,120 of them; after the "
        "plan small-caps are 11.0%; the purchase of VO puts mid-caps back (mid-caps are 10.0% "
        "now, 12.6% after the plan, against a 10.0% target); no tax inside a tax-free account."
    )


def test_a_net_pairing_without_an_against_clause_is_said() -> None:
    why = Why(("drift",), "mid", 0.0, 0.0, "mid", ("VO", "IWB"), "net", new_cash=-5_000.0)
    assert said(ijh("sell"), {"mid": 1.0}, why, {"mid": row(0.12, 0.13)}, ROTH) == (
        "Sell 40 IJH at $100.00 ($4,000) in Roth (tax-free): mid-caps are 12.0% of the "
        "household against a 10.0% target; this takes off $4,000 of them; after the plan "
        "mid-caps are 13.0%; the plan's purchases of VO and IWB add back more of them than its "
        "sales take off; no tax inside a tax-free account."
    )


def test_a_trade_named_by_location_names_the_pair_it_swaps_with() -> None:
    why = Why(("location",), None, 0.0, -12.0, "bonds", ("BND",), "swap")
    t = Trade("A1", "BND", "buy", 10.0, 100.0, None, 0.0)
    assert said(t, {"bonds": 1.0}, why, {"bonds": row(0.30, 0.29, 0.17)}, ROTH) == (
        "Buy 10 BND at $100.00 ($1,000) in Roth (tax-free); its bonds replace those the sale of "
        "BND takes out (bonds are 30.0% now, 29.0% after the plan, against a 17.0% target); "
        "holds it where it is taxed least: about $12 a year less estimated tax drag (asset "
        "location)."
    )


def test_a_sale_named_again_puts_a_singular_bucket_back() -> None:
    why = Why(("drift",), "bonds", 0.0, 0.0, "intl_equity", ("VXUS",), "swap")
    assert pairing_clause(ijh("sell"), why, row(0.10, 0.12, 0.15)) == (
        "the purchase of VXUS puts international equity back (international equity is 10.0% "
        "now, 12.0% after the plan, against a 15.0% target)"
    )


@pytest.mark.parametrize(
    ("symbols", "listed"),
    [
        (("A",), "A"),
        (("A", "B", "C"), "A, B and C"),
        (("A", "B", "C", "D"), "A, B, C and D"),
        (("A", "B", "C", "D", "E"), "A, B, C, D and 1 more"),
    ],
)
def test_symbols_are_listed_four_at_most(symbols: tuple[str, ...], listed: str) -> None:
    assert _listed(symbols) == listed


# --- explain: what else the trade does --------------------------------------------------------

HEAD_SELL = "Sell 40 IJH at $100.00 ($4,000) in Roth (tax-free)"
NO_TAX = "no tax inside a tax-free account"


@pytest.mark.parametrize(
    ("reason", "fact", "clause"),
    [
        (
            "quality_exit",
            SecurityFacts(IJH, low_quality=True, quality_note="unprofitable; interest cover 0.4x"),
            "IJH is flagged low quality (unprofitable; interest cover 0.4x), so the plan sells "
            "all of it",
        ),
        ("quality_exit", None, "IJH is flagged low quality, so the plan sells all of it"),
        (
            "quality_trim",
            SecurityFacts(IJH, low_quality=True, quality_note="losses"),
            "IJH is flagged low quality (losses); the plan trims it",
        ),
        ("quality_trim", SecurityFacts(IJH), "IJH is flagged low quality; the plan trims it"),
        ("tax_loss_harvest", None, "harvests a tax loss"),
        ("funding", None, "raises the cash this account's purchases need"),
    ],
)
def test_what_else_a_sale_does_is_said(
    reason: str, fact: SecurityFacts | None, clause: str
) -> None:
    why = Why((reason,), None, 0.0, 0.0)
    assert said(ijh("sell"), IJH, why, account=ROTH, fact=fact) == (
        f"{HEAD_SELL}; {clause}; {NO_TAX}."
    )


@pytest.mark.parametrize(
    ("change", "clause"),
    [
        (
            -10.4,
            "; holds it where it is taxed least: about $10 a year less estimated tax drag "
            "(asset location)",
        ),
        (
            -1_234.5,
            "; holds it where it is taxed least: about $1,234 a year less estimated "
            "tax drag (asset location)",
        ),
        (3.0, ""),  # a location reason that saves nothing says nothing
    ],
)
def test_a_location_sale_says_the_tax_drag_it_saves(change: float, clause: str) -> None:
    why = Why(("location",), None, 0.0, change)
    assert said(ijh("sell"), IJH, why, account=ROTH) == f"{HEAD_SELL}{clause}; {NO_TAX}."


def test_a_withdrawal_sale_says_the_withdrawal() -> None:
    account = AccountState("A1", "tax_free", 0.0, name="Roth", withdraw=12_500.0)
    why = Why(("withdrawal",), None, 0.0, 0.0)
    assert said(ijh("sell"), IJH, why, account=account) == (
        f"{HEAD_SELL}; pays the $12,500 withdrawal from this account; {NO_TAX}."
    )


@pytest.mark.parametrize(
    ("cash", "what"),
    [
        (row(0.02, 0.05, 0.03), "cash"),
        (row(0.03, 0.05, 0.03), "cash"),
        (row(0.04, 0.05, 0.03), "cash"),  # above its target before and after
        (row(0.06, 0.03, 0.03), "cash"),  # at its target after
        (row(0.06, 0.02996, 0.03), "cash"),  # below it by less than the sentence shows
        (row(0.06, 0.023, 0.03), "cash, which the plan's purchases bring below its target"),
    ],
)
def test_a_sale_raising_cash_says_what_for(cash: BucketRow, what: str) -> None:
    why = Why(("cash_raise",), None, 0.0, 0.0)
    figures = (
        f"cash is {100 * cash.current:.1f}% of the household against a 3.0% target, "
        f"{100 * cash.post:.1f}% after the plan"
    )
    assert said(ijh("sell"), IJH, why, {"cash": cash}, ROTH) == (
        f"{HEAD_SELL}; raises {what}: {figures}; {NO_TAX}."
    )


@pytest.mark.parametrize(
    ("current", "plan_sells", "new_cash", "deposit", "what"),
    [
        (0.05, False, 0.0, 0.0, "idle cash"),
        (0.03, False, 0.0, 0.0, "idle cash"),  # at its target
        (0.05, True, 0.0, 0.0, "idle cash"),
        (0.01, True, 0.0, 0.0, "the cash the plan's sales raise"),
        (0.01, False, 0.0, 0.0, "cash"),
        (0.01, False, 5_000.0, 0.0, "the new cash"),
        (0.01, False, 5_000.0, 2_000.0, "the new cash"),
        (0.01, True, 5_000.0, 0.0, "the cash the plan's sales raise and new cash"),
        (0.05, False, 5_000.0, 0.0, "idle cash and new cash"),
        (0.05, False, 0.0, 2_000.0, "idle cash and new cash"),  # this account's deposit
        (0.01, False, -100.0, 2_000.0, "cash and new cash"),
        (0.01, True, -100.0, 2_000.0, "the cash the plan's sales raise and new cash"),
    ],
)
def test_a_purchase_investing_cash_says_which_cash(
    current: float, plan_sells: bool, new_cash: float, deposit: float, what: str
) -> None:
    why = Why(("cash_invest",), None, 0.0, 0.0, new_cash=new_cash, plan_sells=plan_sells)
    account = AccountState("A1", "taxable", 0.0, name="Joint", deposit=deposit)
    cash = row(current, 0.005, 0.03)
    assert said(vxus("buy"), INTL, why, {"cash": cash}, account) == (
        f"Buy 10 VXUS at $100.00 ($1,000) in Joint (taxable); invests {what}: cash is "
        f"{100 * current:.1f}% of the household against a 3.0% target, 0.5% after the plan."
    )


def test_every_clause_comes_in_its_order() -> None:
    reasons = (
        "drift",
        "quality_exit",
        "quality_trim",
        "tax_loss_harvest",
        "location",
        "funding",
        "cash_raise",
        "withdrawal",
        "cash_invest",
        "rounding",
    )
    why = Why(reasons, "mid", 0.0, -20.0, "small", ("IJR",), "swap", plan_sells=True)
    account = AccountState("A1", "tax_deferred", 0.0, name="IRA", withdraw=3_000.0)
    rows = {"mid": row(0.12, 0.11), "small": row(0.05, 0.08), "cash": row(0.02, 0.04, 0.03)}
    assert said(ijh("sell"), {"mid": 1.0}, why, rows, account) == (
        "Sell 40 IJH at $100.00 ($4,000) in IRA (tax-deferred): mid-caps are 12.0% of the "
        "household against a 10.0% target; this takes off $4,000 of them; after the plan "
        "mid-caps are 11.0%; the purchase of IJR puts small-caps back (small-caps are 5.0% now, "
        "8.0% after the plan, against a 10.0% target); IJH is flagged low quality, so the plan "
        "sells all of it; IJH is flagged low quality; the plan trims it; harvests a tax loss; "
        "holds it where it is taxed least: about $20 a year less estimated tax drag (asset "
        "location); raises the cash this account's purchases need; raises cash: cash is 2.0% "
        "of the household against a 3.0% target, 4.0% after the plan; pays the $3,000 "
        "withdrawal from this account; invests the cash the plan's sales raise: cash is 2.0% "
        "of the household against a 3.0% target, 4.0% after the plan; completes the plan's "
        "purchases within whole shares and minimum trades; no tax inside a tax-deferred "
        "account."
    )


# --- explain: tax -----------------------------------------------------------------------------


def lot(i: int, shares: float, cost: float | None, term: str, gain: float | None) -> LotSale:
    return LotSale(i, shares, cost, None if term == "unknown" else D, term, gain)


@pytest.mark.parametrize(
    ("gain", "tax", "lots", "clause"),
    [
        (
            1_200.0,
            300.0,
            (lot(0, 20, 1_000.0, "long", 1_000.0), lot(1, 20, 1_800.0, "short", 200.0)),
            "realises a $1,200 long/short-term gain, about $300 tax",
        ),
        (
            1_200.0,
            240.0,
            (lot(0, 40, 2_800.0, "long", 1_200.0),),
            "realises a $1,200 long-term gain, about $240 tax",
        ),
        (
            1_200.0,
            240.0,
            (lot(0, 40, 2_800.0, "unknown", 1_200.0),),
            "realises a $1,200 gain, about $240 tax",
        ),
        (1_200.0, 240.0, (), "realises a $1,200 gain, about $240 tax"),
        (
            0.0,
            0.0,
            (lot(0, 40, 4_000.0, "short", 0.0),),
            "realises a $0 short-term gain, about $0 tax",
        ),
        (
            4_000.0,
            952.0,
            (lot(0, 25, None, "unknown", None), lot(1, 15, None, "long", None)),
            "its cost basis is not in the files, so the whole $4,000 counts as gain, to be safe: "
            "about $952 tax",
        ),
        (
            2_000.0,
            400.0,
            (lot(0, 12.5, None, "unknown", None), lot(1, 27.5, 2_000.0, "long", 750.0)),
            "the cost of 12.5 of the shares is not in the files, so their whole proceeds count "
            # an undated lot is taxed at the policy's term: no term is named
            "as gain, to be safe: a $2,000 gain, about $400 tax",
        ),
        (
            2_000.0,
            400.0,
            (lot(0, 10, None, "unknown", None), lot(1, 30, 2_000.0, "short", 1_000.0)),
            "the cost of 10 of the shares is not in the files, so their whole proceeds count "
            "as gain, to be safe: a $2,000 gain, about $400 tax",
        ),
        (
            -250.4,
            0.0,
            (lot(0, 40, 4_250.4, "long", -250.4),),
            "realises a $250 loss that offsets gains",
        ),
    ],
)
def test_a_taxable_sale_says_its_gain_or_loss(
    gain: float, tax: float, lots: tuple[LotSale, ...], clause: str
) -> None:
    t = Trade("A1", "IJH", "sell", 40.0, 100.0, gain, tax, lots)
    assert said(t, IJH, FUNDING) == (
        "Sell 40 IJH at $100.00 ($4,000) in Joint (taxable); raises the cash this account's "
        f"purchases need; {clause}."
    )


@pytest.mark.parametrize(("account", "kind"), [(ROTH, "tax-free"), (IRA, "tax-deferred")])
def test_a_sale_in_a_sheltered_account_owes_no_tax(account: AccountState, kind: str) -> None:
    assert said(ijh("sell"), IJH, FUNDING, account=account).endswith(
        f"; raises the cash this account's purchases need; no tax inside a {kind} account."
    )


def test_a_purchase_says_nothing_of_tax() -> None:
    assert said(ijh("buy"), IJH, ROUNDING, account=ROTH) == (
        f"Buy 40 IJH at $100.00 ($4,000) in Roth (tax-free); {COMPLETES}."
    )


@pytest.mark.parametrize(
    ("share", "shown"), [(0.994, "99%"), (0.995, "99.5%"), (0.9984, "99.8%"), (0.12, "12%")]
)
def test_a_share_is_never_rounded_up_to_the_whole(share: float, shown: str) -> None:
    assert share_of(share) == shown


@pytest.mark.parametrize(("post", "short"), [(-0.005, True), (-0.0004, False), (0.0, False)])
def test_a_bucket_below_zero_after_the_plan_says_short_positions_put_it_there(
    post: float, short: bool
) -> None:
    # a short call is worth less than nothing: selling the bucket's last long holding leaves
    # the bucket below zero, which the sentence must account for
    why = Why(("drift",), "other", 4_000.0, 0.0)
    text = said(ijh("sell"), {"other": 1.0}, why, {"other": row(0.02, post, 0.0)})
    shown = f"{100 * post:.1f}%".replace("-0.0%", "0.0%")  # a sign on nothing is not shown
    assert f"after the plan other holdings are {shown}" in text
    clause = " (short positions, which the plan does not trade, count below zero)"
    assert (clause in text) == short


@pytest.mark.parametrize(
    ("post", "band", "inside"),
    [(0.08, 0.025, "inside"), (0.075, 0.025, "inside"), (0.07, 0.025, "outside")],
)
def test_a_funding_sale_from_a_bucket_it_leaves_below_target_says_so(
    post: float, band: float, inside: str
) -> None:
    # the advisor is asked why the plan sells international equity the household lacks
    rows = {"intl_equity": row(0.09, post, 0.10, band=band)}
    text = said(vxus("sell"), INTL, FUNDING, rows, ROTH)
    assert text == (
        "Sell 10 VXUS at $100.00 ($1,000) in Roth (tax-free); raises the cash this account's "
        f"purchases need; international equity is 9.0% of the household against a 10.0% "
        f"target, {100 * post:.1f}% after the plan, {inside} its 2.5-point band; no tax inside "
        "a tax-free account."
    )


@pytest.mark.parametrize("post", [0.10, 0.12, 0.09996])  # at, above, or shown at its target
def test_a_funding_sale_from_a_bucket_at_or_above_target_says_nothing_of_it(post: float) -> None:
    rows = {"intl_equity": row(0.11, post, 0.10)}
    text = said(vxus("sell"), INTL, FUNDING, rows, ROTH)
    assert "international equity" not in text


def test_a_sale_named_by_its_bucket_or_mostly_elsewhere_says_no_more() -> None:
    rows = {"intl_equity": row(0.09, 0.08, 0.10), "mid": row(0.2, 0.15, 0.10)}
    # a sliver of the security in the lacking bucket: not what the sale takes
    sliver = said(
        vxus("sell"),
        {"intl_equity": DRIFT_SHARE / 2, "mid": 1 - DRIFT_SHARE / 2},
        FUNDING,
        rows,
        ROTH,
    )
    assert "international equity" not in sliver
    named = said(vxus("sell"), INTL, Why(("drift",), "intl_equity", 1_000.0, 0.0), rows, ROTH)
    assert named.count("of the household against") == 1


@pytest.mark.parametrize(
    ("post", "target", "says"),
    [
        (0.097, 0.10, True),  # 9.7% after against 10.0%: below it as shown
        (0.099, 0.10, True),  # a tenth of a point below
        (0.09991, 0.10, False),  # 9.991% is shown as 10.0%: at its target
        (0.103, 0.104, True),  # a tenth of a point below a target that is not a whole point
        (0.10, 0.10009, False),  # a target shown as 10.0% is met by 10.0%
    ],
)
def test_a_funding_sale_is_below_a_target_to_the_tenth_of_a_point_shown(
    post: float, target: float, says: bool
) -> None:
    # mid-caps are plural: "are"; each figure as the sentence shows it, to one decimal
    rows = {"mid": row(0.09, post, target)}
    text = said(ijh("sell"), {"mid": 1.0}, FUNDING, rows, ROTH)
    clause = (
        f"; mid-caps are 9.0% of the household against a {100 * target:.1f}% target, "
        f"{100 * post:.1f}% after the plan, inside its 2.5-point band"
    )
    assert text == (
        f"{HEAD_SELL}; raises the cash this account's purchases need{clause if says else ''}; "
        f"{NO_TAX}."
    )


def test_a_funding_sale_below_a_target_held_in_cash_says_the_policy_target_and_why() -> None:
    # mid-caps' 15% policy target less the 5 points held in cash (no vehicle can be bought)
    rows = {"mid": BucketRow(0.09, 0.10, 0.15, 0.08, 0.025, held=-0.05)}
    assert said(ijh("sell"), {"mid": 1.0}, FUNDING, rows, ROTH) == (
        f"{HEAD_SELL}; raises the cash this account's purchases need; mid-caps are 9.0% of the "
        "household against a 10.0% target (15.0% policy - 5.0 pts no vehicle can be bought), "
        f"8.0% after the plan, inside its 2.5-point band; {NO_TAX}."
    )


@pytest.mark.parametrize(
    ("side", "new_cash", "clause"),
    [
        ("sell", -100.0, ", and the withdrawal would take them past it"),
        ("sell", 0.0, ", and the plan's other purchases would take them past it"),
        ("sell", 0.5, ", and the plan's other purchases would take them past it"),
        ("buy", 0.5, ", and the new cash would take them below it"),
        ("buy", 0.0, ", and the plan's other sales would take them below it"),
        ("buy", -100.0, ", and the plan's other sales would take them below it"),
    ],
)
def test_with_no_trade_moving_the_bucket_only_cash_flowing_the_right_way_is_named(
    side: str, new_cash: float, clause: str
) -> None:
    # a withdrawal shrinks the household (a sale's bucket can pass its target), new cash
    # grows it (a purchase's bucket can fall below); no flow at all leaves the other trades
    why = Why(("drift",), "mid", 1_000.0, 0.0, new_cash=new_cash)
    assert against_clause(side, why) == clause


def test_a_funding_sale_of_a_security_whose_mix_names_no_bucket_says_nothing_of_one() -> None:
    # mega-caps (the first bucket, which an empty mix's "main bucket" falls back to) end below
    # their target; the security is in none of them, so the sentence does not speak for them
    rows = {"mega": row(0.09, 0.08, 0.10)}
    assert said(vxus("sell"), {}, FUNDING, rows, ROTH) == (
        "Sell 10 VXUS at $100.00 ($1,000) in Roth (tax-free); raises the cash this account's "
        "purchases need; no tax inside a tax-free account."
    )
