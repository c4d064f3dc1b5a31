"""The solver's trades as the plan lists them (``planner/core/plan_trades.py``), called
directly on hand-built problems and solutions: which are wash sales, which sales harvest a loss
or sell a position whole, which pay for their account's purchases, which price each one used,
the order they are done in, and the household's new cash.

Targets are binary fractions of a $100,000 household, so every dollar figure is exact; each
bucket's dollars after the plan are written as an offset from its target.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

import pytest

from planner.core.explain import Why
from planner.core.plan_model import BucketRow, PlannedTrade, PriceUsed
from planner.core.plan_trades import household_new_cash, pair_trades, planned_trades
from planner.core.policy import BUCKETS, Policy, Tax, Trading
from planner.core.problem import (
    AccountState,
    Holding,
    LotSale,
    Problem,
    Security,
    Solution,
    Trade,
)
from tests.core.test_explain_direct import TARGETS, TOTAL

D0 = date(2025, 1, 31)
D1 = date(2025, 3, 1)

JOINT = AccountState("A1", "taxable", 0.0, name="Joint")
IRA = AccountState("B2", "tax_deferred", 0.0, name="Rollover IRA")

SECURITIES = {
    "VOO": Security("VOO", 100.0, {"mega": 1.0}, group="SP500"),
    "IVV": Security("IVV", 100.0, {"mega": 1.0}, group="SP500"),
    "MGC": Security("MGC", 100.0, {"mega": 1.0}),
    "BND": Security("BND", 100.0, {"bonds": 1.0}),
    "VB": Security("VB", 100.0, {"small": 1.0}),
    "VXUS": Security("VXUS", 100.0, {"intl_equity": 1.0}),
    "IJH": Security("IJH", 100.0, {"mid": 0.72, "small": 0.28}),
    "VO": Security("VO", 100.0, {"mid": 0.83, "large": 0.17}),
    "JUNK": Security("JUNK", 100.0, {"small": 1.0}, low_quality=True, kind="stock"),
}


def policy(mode: str = "full", harvest: bool = False, new_cash: float = 0.0) -> Policy:
    trading = Trading(mode=mode, new_cash=new_cash)  # type: ignore[arg-type]
    return Policy(targets=dict(TARGETS), trading=trading, tax=Tax(harvest=harvest))


def post(**off: float) -> dict[str, float]:
    """Dollars per bucket after the plan: at its target, but ``off`` dollars above (+) or
    below (-) it."""
    return {k: TARGETS[k] * TOTAL + off.get(k, 0.0) for k in BUCKETS}


def at_target() -> dict[str, BucketRow]:
    return {k: BucketRow(TARGETS[k], TARGETS[k], TARGETS[k], TARGETS[k], 0.02) for k in BUCKETS}


def sell(symbol: str, value: float = 1_000.0, gain: float | None = None, acct: str = "A1") -> Trade:
    return Trade(acct, symbol, "sell", value / 100.0, 100.0, gain, 0.0)


def buy(symbol: str, value: float = 1_000.0, acct: str = "A1") -> Trade:
    return Trade(acct, symbol, "buy", value / 100.0, 100.0, None, 0.0)


def plan(
    trades: Sequence[Trade],
    *,
    accounts: Sequence[AccountState] = (JOINT,),
    holdings: Sequence[Holding] = (),
    pol: Policy | None = None,
    after: Mapping[str, float] | None = None,
    cash_after: Mapping[str, float] | None = None,
    rows: Mapping[str, BucketRow] | None = None,
    prices: Mapping[str, PriceUsed] | None = None,
    securities: Mapping[str, Security] = SECURITIES,
    describe: object = None,
) -> list[PlannedTrade]:
    pol = pol or policy()
    problem = Problem(tuple(accounts), tuple(holdings), securities, TARGETS, pol)
    cash = dict(cash_after) if cash_after is not None else {a.id: 50_000.0 for a in accounts}
    solution = Solution("optimal", list(trades), cash, dict(after or post()), None, TOTAL)
    extra = {} if describe is None else {"describe": describe}
    return planned_trades(
        problem,
        solution,
        rows or at_target(),
        {},
        prices or {},
        **extra,  # type: ignore[arg-type]
    )


def by_symbol(out: Sequence[PlannedTrade]) -> dict[str, PlannedTrade]:
    return {p.symbol: p for p in out}


# --- wash sales ------------------------------------------------------------------------------


def test_a_loss_sale_and_a_purchase_of_its_group_are_both_wash_sales_and_nothing_else() -> None:
    # VOO sold at a loss, IVV (same index) bought: both are flagged; BND, bought alone, is not,
    # nor MGC, sold at a loss with nothing of it bought
    out = by_symbol(
        plan([sell("VOO", gain=-50.0), buy("IVV"), buy("BND"), sell("MGC", gain=-20.0)])
    )
    assert {s: p.wash_sale for s, p in out.items()} == {
        "VOO": True,
        "IVV": True,
        "BND": False,
        "MGC": False,
    }


def test_a_loss_sale_of_a_symbol_without_a_group_and_its_purchase_elsewhere_are_wash_sales() -> (
    None
):
    # MGC has no group: the symbol is its own group, sold at a loss in one account, bought in
    # the other
    out = plan(
        [sell("MGC", gain=-10.0), buy("MGC", acct="B2"), buy("BND")],
        accounts=(JOINT, IRA),
    )
    assert [(p.account_id, p.symbol, p.side, p.wash_sale) for p in out] == [
        ("A1", "MGC", "sell", True),
        ("A1", "BND", "buy", False),
        ("B2", "MGC", "buy", True),
    ]


@pytest.mark.parametrize("gain", [0.0, 0.5, 120.0, None])
def test_a_sale_that_realises_no_loss_makes_no_wash_sale(gain: float | None) -> None:
    out = plan([sell("VOO", gain=gain), buy("IVV")])
    assert [p.wash_sale for p in out] == [False, False]


# --- harvesting and whole sales --------------------------------------------------------------


def test_a_loss_sale_harvests_when_the_policy_harvests() -> None:
    (p,) = plan([sell("VOO", gain=-50.0)], pol=policy(harvest=True))
    assert "tax_loss_harvest" in p.reasons
    assert "harvests a tax loss" in p.explanation


@pytest.mark.parametrize(
    ("gain", "harvest"),
    [(-50.0, False), (0.0, True), (0.5, True), (120.0, True), (None, True)],
)
def test_no_harvest_without_a_loss_or_without_the_policy(gain: float | None, harvest: bool) -> None:
    (p,) = plan([sell("VOO", gain=gain)], pol=policy(harvest=harvest))
    assert "tax_loss_harvest" not in p.reasons
    assert "harvests a tax loss" not in p.explanation


# JUNK is held in two lots of 4 and 6 shares in the joint account
JUNK_HELD = (Holding("A1", "JUNK", 4.0), Holding("A1", "JUNK", 6.0), Holding("B2", "JUNK", 3.0))


def test_a_low_quality_position_sold_whole_across_its_holdings_is_an_exit() -> None:
    (p,) = plan([sell("JUNK", 1_000.0)], holdings=JUNK_HELD, accounts=(JOINT, IRA))
    assert p.reasons[-1] == "quality_exit"
    assert "JUNK is flagged low quality, so the plan sells all of it" in p.explanation


@pytest.mark.parametrize("shares", [9.5, 6.0, 4.0])
def test_a_low_quality_position_sold_in_part_is_a_trim(shares: float) -> None:
    (p,) = plan([sell("JUNK", 100.0 * shares)], holdings=JUNK_HELD, accounts=(JOINT, IRA))
    assert p.reasons[-1] == "quality_trim"
    assert "JUNK is flagged low quality; the plan trims it" in p.explanation


# --- a sale that pays for its account's purchases --------------------------------------------


def test_a_sale_its_account_needs_for_its_purchases_is_funding_not_a_cash_raise() -> None:
    # mega-caps end $5,000 short (the sale widens that), cash ends $5,000 short (the sale
    # narrows it); but the joint account ends with $300, less than the $1,000 sale raised
    after = post(mega=-5_000.0, cash=-5_000.0)
    (p,) = plan([sell("MGC")], after=after, cash_after={"A1": 300.0})
    assert p.reasons == ("funding",)
    assert "raises the cash this account's purchases need" in p.explanation
    # with cash to spare the same sale raises cash for the household
    (q,) = plan([sell("MGC")], after=after, cash_after={"A1": 1_000.0})
    assert q.reasons == ("cash_raise",)


# --- a swap judged again without its bucket --------------------------------------------------


def test_a_sale_against_its_bucket_paired_with_a_purchase_is_named_by_its_other_bucket() -> None:
    # mid-caps start below their target; VO's purchase overshoots them by $50. The sale of
    # IJH narrows that, but only because of VO: it is named by its small-caps instead (small
    # ends $5,000 over), and pairs with VO
    rows = {**at_target(), "mid": BucketRow(0.10, 0.125, 0.125, 0.1255, 0.02)}
    rows["small"] = BucketRow(0.17, 0.125, 0.125, 0.175, 0.02)
    after = post(mid=50.0, small=5_000.0)
    out = by_symbol(plan([sell("IJH"), buy("VO")], after=after, rows=rows))
    ijh = out["IJH"].explanation
    assert ijh.startswith("Sell 10 IJH at $100.00 ($1,000) in Joint (taxable): small-caps, 28% ")
    assert "the purchase of VO puts mid-caps back" in ijh
    assert out["VO"].explanation.startswith("Buy 10 VO at $100.00 ($1,000) in Joint (taxable): ")
    assert ": mid-caps, 83% of VO," in out["VO"].explanation


# --- the new cash ----------------------------------------------------------------------------


def test_a_purchase_whose_bucket_shrinks_says_the_deposit_grows_the_household() -> None:
    # bonds start at 6.25% and end at 6.0%: the $20,000 deposit grows the household more than
    # the $1,000 of BND adds to them
    rows = {**at_target(), "bonds": BucketRow(0.0625, 0.0625, 0.0625, 0.06, 0.02)}
    deposit = replace(JOINT, deposit=20_000.0)
    (p,) = plan([buy("BND")], accounts=(deposit,), rows=rows)
    assert "the new cash grows the household more than this adds to them" in p.explanation
    # without the deposit nothing grows the household
    (q,) = plan([buy("BND")], rows=rows)
    assert "the new cash" not in q.explanation


@pytest.mark.parametrize(
    ("mode", "new_cash", "expected"),
    [
        # cash-flow mode places the new cash; deposits add to it and withdrawals take from it
        ("cash_flow", 10_000.0, 10_000.0 + 3_000.0 + 500.0 - 2_000.0),
        # other modes have no new cash of their own
        ("full", 10_000.0, 3_000.0 + 500.0 - 2_000.0),
        ("raise_cash", 10_000.0, 3_000.0 + 500.0 - 2_000.0),
    ],
)
def test_the_households_new_cash_is_the_placed_cash_plus_deposits_less_withdrawals(
    mode: str, new_cash: float, expected: float
) -> None:
    accounts = (
        replace(JOINT, deposit=3_000.0),
        replace(IRA, deposit=500.0, withdraw=2_000.0),
    )
    problem = Problem(accounts, (), SECURITIES, TARGETS, policy(mode, new_cash=new_cash))
    assert household_new_cash(problem) == pytest.approx(expected)


# --- prices, names, lots and figures ---------------------------------------------------------


def test_each_trade_carries_the_price_it_used_its_date_and_its_source() -> None:
    securities = {
        **SECURITIES,
        "VOO": replace(SECURITIES["VOO"], price_as_of=D0, price_source="the holdings file"),
        "BND": replace(SECURITIES["BND"], price_as_of=D0, price_source="the holdings file"),
        "VB": replace(SECURITIES["VB"], price_as_of=D0),
    }
    prices = {"VOO": PriceUsed(100.0, D1, "Yahoo Finance")}
    out = by_symbol(plan([buy("VOO"), buy("BND"), buy("VB")], prices=prices, securities=securities))
    assert {s: (p.price_as_of, p.price_source) for s, p in out.items()} == {
        "VOO": (D1, "Yahoo Finance"),  # the price the plan looked up
        "BND": (D0, "the holdings file"),  # none looked up: the security's own
        "VB": (D0, "security master"),  # the security says nothing of its source
    }


def test_a_trade_carries_its_account_its_lots_and_its_value_to_the_cent() -> None:
    lots = (LotSale(0, 1.0, 1_000.0, D0, "short", 234.5678),)
    t = Trade("B2", "VOO", "sell", 1.0, 1_234.5678, None, 0.0, lots)
    (p,) = plan([t], accounts=(IRA,), holdings=(Holding("B2", "VOO", 5.0),))
    assert (p.account_id, p.account_name, p.account_type) == ("B2", "Rollover IRA", "tax_deferred")
    assert (p.shares, p.price, p.value) == (1.0, 1_234.5678, 1_234.57)
    assert p.lots == lots


def test_the_sentence_names_buckets_the_way_it_is_asked_to() -> None:
    (p,) = plan([buy("VB")], describe=lambda k: f"the {k} bucket")
    assert ": the small bucket are 12.5% of the household against " in p.explanation


# --- execution order -------------------------------------------------------------------------


def test_trades_are_done_account_by_account_in_file_order_sells_first_largest_first() -> None:
    # the IRA comes first in the file though its id sorts after the joint account's
    trades = [
        buy("VXUS", 500.0),
        sell("VOO", 200.0),
        buy("VB", 300.0, acct="B2"),
        buy("BND", 300.0, acct="B2"),
        sell("MGC", 100.0, acct="B2"),
        buy("IVV", 900.0),
    ]
    out = plan(trades, accounts=(IRA, JOINT))
    assert [(p.step, p.account_id, p.side, p.symbol) for p in out] == [
        (1, "B2", "sell", "MGC"),
        (2, "B2", "buy", "BND"),  # $300 each: by symbol
        (3, "B2", "buy", "VB"),
        (4, "A1", "sell", "VOO"),
        (5, "A1", "buy", "IVV"),  # $900 before $500
        (6, "A1", "buy", "VXUS"),
    ]


# --- pair_trades -----------------------------------------------------------------------------


def why(bucket: str | None, *reasons: str) -> Why:
    return Why(reasons or ("drift",), bucket, 0.0, 0.0)


def test_pairing_carries_no_new_cash_unless_told() -> None:
    out = pair_trades([buy("BND")], [why("bonds")], [{"bonds": 1.0}], at_target(), never)
    assert out[0].new_cash == 0.0


def never(i: int, bucket: str) -> Why:
    raise AssertionError(f"trade {i} judged again without {bucket}")


def test_pairing_asks_for_one_mix_a_trade() -> None:
    with pytest.raises(ValueError, match="zip"):
        pair_trades(
            [buy("BND"), buy("VB")], [why("bonds"), why("small")], [{"bonds": 1.0}], {}, never
        )


def test_a_trade_named_by_no_bucket_does_not_stop_the_pairing_of_those_after_it() -> None:
    # a rounding purchase comes first; then IJH sold from mid-caps (below their target) and VO
    # bought for them: the sale is judged again and pairs with VO
    rows = {**at_target(), "mid": BucketRow(0.10, 0.125, 0.125, 0.1255, 0.02)}
    trades = [buy("BND"), sell("IJH"), buy("VO")]
    whys = [why(None, "rounding"), why("mid"), why("mid")]
    mixes = [{"bonds": 1.0}, SECURITIES["IJH"].mix, SECURITIES["VO"].mix]
    out = pair_trades(trades, whys, mixes, rows, lambda i, b: why("small"))
    assert (out[1].bucket, out[1].paired, out[1].pairing, out[1].partners) == (
        "small",
        "mid",
        "swap",
        ("VO",),
    )
