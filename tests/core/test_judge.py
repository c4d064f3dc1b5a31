"""The independent judge on households built by hand, each expectation worked out from the rows
written here: the term of a lot, how the lots of one position come together, the lot order a
policy asks for, the bands, netting short against long, the 30-day window, the modes' money.
(The proof tests call the judge on thousands of plans but are too slow for the mutation run;
these are the rules one by one. README "Mutation testing".)"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from planner.core.judge import HALF_CENT, SHARE_EPS, judge
from planner.core.policy import (
    VEHICLE_RANK_COST,
    Bands,
    LotMethod,
    Policy,
    Tax,
    Term,
    Trading,
)
from planner.core.problem import (
    AccountState,
    Holding,
    Lot,
    LotSale,
    Objective,
    Problem,
    Security,
    Trade,
)

AS_OF = date(2026, 6, 30)
PRICE = 100.0
SECURITIES = {
    "VTI": Security("VTI", PRICE, {"large": 1.0}),
    "VTI2": Security("VTI2", PRICE, {"large": 1.0}),
    "BND": Security("BND", PRICE, {"bonds": 1.0}),
    "MMF": Security("MMF", 1.0, {"cash": 1.0}),
}


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def problem(
    holdings: list[Holding],
    policy: Policy | None = None,
    cash: float = 0.0,
    targets: dict[str, float] | None = None,
    deposit: float = 0.0,
    withdraw: float = 0.0,
) -> Problem:
    return Problem(
        (AccountState("T", "taxable", cash, deposit=deposit, withdraw=withdraw),),
        tuple(holdings),
        SECURITIES,
        targets if targets is not None else {"large": 0.5, "bonds": 0.5},
        policy or Policy(),
        as_of=AS_OF,
    )


def sell(symbol: str, *taken: tuple[int, float]) -> Trade:
    """A sale from account T taking ``shares`` from lot ``j`` for each (j, shares)."""
    shares = sum(n for _, n in taken)
    lots = tuple(LotSale(j, n, None, None, "unknown", None) for j, n in taken)
    return Trade("T", symbol, "sell", shares, SECURITIES[symbol].price, None, 0.0, lots)


def buy(symbol: str, shares: float) -> Trade:
    return Trade("T", symbol, "buy", shares, SECURITIES[symbol].price, None, 0.0)


def allowed(p: Problem, trades: list[Trade]) -> Objective:
    objective, why = judge(p, trades)
    assert why is None and objective is not None, why
    return objective


def refused(p: Problem, trades: list[Trade]) -> str:
    objective, why = judge(p, trades)
    assert objective is None and why is not None
    return why


@pytest.mark.parametrize(("days", "term"), [(365, "short"), (366, "long")])
def test_a_lot_is_long_term_after_a_year_and_a_day(days: int, term: str) -> None:
    p = problem([Holding("T", "VTI", 10, 600.0, (Lot(10, 600.0, ago(days)),))])
    gain = 4 * (PRICE - 60.0)
    assert allowed(p, [sell("VTI", (0, 4))]).tax == pytest.approx(gain * p.policy.tax.rate(term))


@pytest.mark.parametrize("unknown_term", ["short", "long"])
def test_an_undated_lot_is_taxed_at_the_policys_unknown_term(unknown_term: Term) -> None:
    policy = Policy(tax=Tax(unknown_term=unknown_term))
    p = problem([Holding("T", "VTI", 10, 600.0)], policy)
    gain = 4 * (PRICE - 60.0)
    assert allowed(p, [sell("VTI", (0, 4))]).tax == pytest.approx(gain * policy.tax.rate("unknown"))


def test_a_fractional_lot_sold_whole_is_taxed_on_its_gain_not_its_proceeds() -> None:
    # a dividend reinvestment of 0.4 shares at $90: worth $40, below the minimum trade, so it
    # may only be sold whole
    p = problem([Holding("T", "VTI", 0.4, 36.0, (Lot(0.4, 36.0, ago(400)),))])
    gain = 0.4 * (PRICE - 90.0)
    assert allowed(p, [sell("VTI", (0, 0.4))]).tax == pytest.approx(
        gain * p.policy.tax.rate("long")
    )


def test_two_rows_of_one_position_pool_their_shares_and_lots() -> None:
    p = problem(
        [
            Holding("T", "VTI", 5, 300.0, (Lot(5, 300.0, ago(400)),)),
            Holding("T", "VTI", 5, 400.0, (Lot(5, 400.0, ago(500)),)),
        ],
        Policy(tax=Tax(unknown_term="short")),
    )
    gain = 5 * (PRICE - 60.0) + 5 * (PRICE - 80.0)  # both lots long-term
    o = allowed(p, [sell("VTI", (0, 5), (1, 5))])
    assert o.tax == pytest.approx(gain * p.policy.tax.rate("long"))
    assert "names a lot it does not hold" in refused(p, [sell("VTI", (2, 1))])


# Three lots of 10 shares: $50 a share 400 days ago, $150 100 days ago, $80 200 days ago.
LOTS = (Lot(10, 500.0, ago(400)), Lot(10, 1500.0, ago(100)), Lot(10, 800.0, ago(200)))


@pytest.mark.parametrize(
    ("method", "lots", "order"),
    [
        ("hifo", LOTS, [1, 2, 0]),  # by cost a share: 150, 80, 50
        ("fifo", LOTS, [0, 2, 1]),  # by date: 400, 200, 100 days ago
        # an unknown cost counts as nothing, even against a lot bought at 25 cents a share
        ("hifo", (Lot(10, None, ago(400)), Lot(10, 2.5, ago(200))), [1, 0]),
        # an undated lot comes after every dated one
        ("fifo", (Lot(10, 500.0, None), Lot(10, 800.0, ago(200))), [1, 0]),
    ],
)
def test_lots_are_sold_in_the_policys_order(
    method: LotMethod, lots: tuple[Lot, ...], order: list[int]
) -> None:
    policy = Policy(tax=Tax(lot_method=method))
    shares = sum(lot.shares for lot in lots)
    p = problem([Holding("T", "VTI", shares, None, lots)], policy)
    first, second = order[0], order[1]
    allowed(p, [sell("VTI", (first, 2))])
    allowed(p, [sell("VTI", (first, 10), (second, 2))])
    assert f"out of {method} order" in refused(p, [sell("VTI", (second, 2))])


def test_bands_are_the_smaller_of_absolute_and_relative_and_absolute_at_a_zero_target() -> None:
    # $10,000: VTI $7,000 (large), BND $2,000 (bonds), $500 in a money-market fund and $500
    # cash (both cash). Targets large 60%, bonds 40%; cash is not named, so its target is 0.
    policy = Policy(bands=Bands(absolute=0.06, relative=0.05))
    p = problem(
        [Holding("T", "VTI", 70), Holding("T", "BND", 20), Holding("T", "MMF", 500)],
        policy,
        cash=500.0,
        targets={"large": 0.6, "bonds": 0.4},
    )
    total = 10_000.0
    large = abs(7000 - 0.6 * total) - min(0.06, 0.05 * 0.6) * total
    bonds = abs(2000 - 0.4 * total) - min(0.06, 0.05 * 0.4) * total
    cash = abs(500 + 500 - 0.0) - 0.06 * total
    o = allowed(p, [])
    assert o.outside_band == pytest.approx(large + bonds + cash)
    assert o.drift == pytest.approx(1000 + 2000 + 1000)


def _two_lot_problem(short_gain: float, long_gain: float) -> tuple[Problem, tuple[Trade, Trade]]:
    """VTI bought 100 days ago and BND 400 days ago, 10 shares each, priced so that selling
    all of each realises the gains given."""
    p = problem(
        [
            Holding("T", "VTI", 10, None, (Lot(10, 10 * PRICE - short_gain, ago(100)),)),
            Holding("T", "BND", 10, None, (Lot(10, 10 * PRICE - long_gain, ago(400)),)),
        ]
    )
    return p, (sell("VTI", (0, 10)), sell("BND", (0, 10)))


@pytest.mark.parametrize(
    ("short", "long", "taxed_short", "taxed_long"),
    [
        (-300.0, 1000.0, 0.0, 700.0),  # a short loss reduces a long gain
        (1000.0, -300.0, 700.0, 0.0),  # a long loss reduces a short gain
        (-1500.0, 1000.0, 0.0, 0.0),  # a net loss is taxed nothing
        (1000.0, -1500.0, 0.0, 0.0),
        (0.5, 1000.0, 0.5, 1000.0),  # two gains are each taxed at their own rate
        (1000.0, 0.5, 1000.0, 0.5),
    ],
)
def test_a_net_loss_of_one_term_reduces_a_net_gain_of_the_other(
    short: float, long: float, taxed_short: float, taxed_long: float
) -> None:
    p, trades = _two_lot_problem(short, long)
    tax = p.policy.tax
    expected = taxed_short * tax.rate("short") + taxed_long * tax.rate("long")
    assert allowed(p, list(trades)).tax == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(("days", "in_window"), [(0, True), (30, True), (31, False)])
def test_a_loss_sale_within_30_days_of_a_purchase_is_refused(days: int, in_window: bool) -> None:
    # an old lot at a loss ($150 a share) and a lot bought ``days`` ago at a gain ($90)
    lots = (Lot(10, 1500.0, ago(400)), Lot(10, 900.0, ago(days)))
    p = problem([Holding("T", "VTI", 20, None, lots)])
    trades = [sell("VTI", (0, 10))]
    if in_window:
        assert "bought in the last 30 days" in refused(p, trades)
    else:
        assert allowed(p, trades).tax == 0.0  # a loss


def test_a_deposit_or_a_withdrawal_is_judged_as_that_much_more_or_less_cash() -> None:
    holdings = [Holding("T", "VTI", 60), Holding("T", "BND", 30)]
    base = allowed(problem(holdings, cash=1000.0), [])
    assert allowed(problem(holdings, cash=400.0, deposit=600.0), []) == base
    assert allowed(problem(holdings, cash=1500.0, withdraw=500.0), []) == base


def test_new_cash_counts_in_cash_flow_mode_only() -> None:
    holdings = [Holding("T", "VTI", 60), Holding("T", "BND", 30)]
    flow = Policy(trading=Trading(mode="cash_flow", new_cash=1000.0))
    more_cash = allowed(problem(holdings, Policy(trading=Trading(mode="cash_flow")), 1000.0), [])
    assert allowed(problem(holdings, flow), []) == more_cash
    full = Policy(trading=Trading(mode="full", new_cash=1000.0))
    assert allowed(problem(holdings, full), []) == allowed(problem(holdings), [])


def test_raising_cash_is_judged_as_the_household_without_what_it_pays_out() -> None:
    # raise $2,000 by selling 20 VTI: the buckets are measured against $8,000, as if the
    # household held 40 VTI and 40 BND and nothing were sold
    policy = Policy(trading=Trading(mode="raise_cash", raise_cash=2000.0))
    raised = allowed(
        problem([Holding("T", "VTI", 60, 6000.0), Holding("T", "BND", 40)], policy),
        [sell("VTI", (0, 20))],
    )
    smaller = allowed(problem([Holding("T", "VTI", 40), Holding("T", "BND", 40)]), [])
    assert (raised.drift, raised.outside_band) == pytest.approx(
        (smaller.drift, smaller.outside_band)
    )
    assert raised.drift == pytest.approx(0.0)


def test_out_of_band_mode_trades_only_buckets_outside_their_band() -> None:
    # $10,000 against large 60%, bonds 30%, cash 10% (bands 5 points): large at $7,000 is
    # outside its band, bonds at $2,900 inside
    p = problem(
        [Holding("T", "VTI", 70, 7000.0), Holding("T", "BND", 29, 2900.0)],
        Policy(trading=Trading(mode="out_of_band")),
        cash=100.0,
        targets={"large": 0.6, "bonds": 0.3, "cash": 0.1},
    )
    allowed(p, [sell("VTI", (0, 5))])
    assert "inside its band" in refused(p, [sell("BND", (0, 5))])


def test_a_vehicle_listed_twice_ranks_at_its_best_place() -> None:
    # VTI is the first mega vehicle and the second large one; VTI2 the first large one: both
    # cost the same to buy
    vehicles = {"mega": ("VTI",), "large": ("VTI2", "VTI"), "bonds": ("BND",)}
    p = problem([Holding("T", "BND", 10)], replace(Policy(), vehicles=vehicles), cash=5000.0)
    assert allowed(p, [buy("VTI", 10)]).total == pytest.approx(allowed(p, [buy("VTI2", 10)]).total)


# --- every rule a plan can break, one plan each --------------------------------------------

VEHICLES = {"large": ("VTI", "VTI2"), "bonds": ("BND",)}
RULES_SECURITIES = {
    **SECURITIES,
    "VTI": Security("VTI", PRICE, {"large": 1.0}, group="US-TOTAL"),
    "VTI2": Security("VTI2", PRICE, {"large": 1.0}, group="US-TOTAL"),
    "STK": Security("STK", PRICE, {"large": 1.0}, kind="stock"),
    "JUNK": Security("JUNK", PRICE, {"small": 1.0}, low_quality=True),
    "OPT": Security("OPT", PRICE, {"other": 1.0}, tradeable=False),
    "FREE": Security("FREE", 0.0, {"large": 1.0}),  # no price
}
RULES_HOLDINGS = (
    Holding("T", "VTI", 50, None, (Lot(25, 2000.0, ago(400)), Lot(25, 3000.0, ago(300)))),
    Holding("T", "BND", 30, 3600.0),  # $120 a share: a loss
    Holding("T", "STK", 12, 960.0),  # $1,200 of $14,300: past a 5% limit
    Holding("T", "OPT", 1, 50.0),
)


def rules_problem(trading: Trading | None = None, **policy: Any) -> Problem:
    """$5,000 cash and $9,300 of holdings in taxable account T; vehicles VTI, VTI2 (one
    group), BND."""
    return Problem(
        (AccountState("T", "taxable", 5000.0),),
        RULES_HOLDINGS,
        RULES_SECURITIES,
        {"large": 0.5, "bonds": 0.5},
        replace(Policy(vehicles=VEHICLES, trading=trading or Trading()), **policy),
        as_of=AS_OF,
    )


def trade(side: str, symbol: str, shares: float, lots: tuple[LotSale, ...] = ()) -> Trade:
    return Trade("T", symbol, side, shares, PRICE, None, 0.0, lots)


def taking(*taken: tuple[int, float]) -> tuple[LotSale, ...]:
    return tuple(LotSale(j, n, None, None, "unknown", None) for j, n in taken)


def at(symbol: str, account: str = "T") -> str:
    """How a refusal names the position a trade is in."""
    return f"('{account}', '{symbol}'): "


NEVER_TRADED = "never traded (unsupervised, an option, a bond block)"
SELLS_MORE = "sells more than it may (a short, or a short call uncovered)"

RULE_CASES: list[tuple[str, Problem, list[Trade], str]] = [
    (
        "unknown-account",
        rules_problem(),
        [Trade("X", "VTI", "buy", 1, PRICE, None, 0.0)],
        at("VTI", "X") + "no such account or priced security",
    ),
    (
        "unknown-security",
        rules_problem(),
        [trade("buy", "NONE", 1)],
        at("NONE") + "no such account or priced security",
    ),
    (
        "unpriced-security",
        rules_problem(),
        [trade("buy", "FREE", 1)],
        at("FREE") + "no such account or priced security",
    ),
    (
        "no-shares",
        rules_problem(),
        [trade("buy", "VTI2", 0)],
        at("VTI2") + "shares must be positive",
    ),
    (
        "both-sides",
        rules_problem(),
        [trade("sell", "VTI", 2, taking((0, 2))), trade("buy", "VTI", 2)],
        at("VTI") + "bought and sold in one plan",
    ),
    (
        "held-away",
        rules_problem(restrictions=replace(Policy().restrictions, held_away=("T",))),
        [trade("buy", "VTI2", 2)],
        at("VTI2") + "the account is held away",
    ),
    (
        "unsupervised",
        rules_problem(restrictions=replace(Policy().restrictions, unsupervised=("VTI2",))),
        [trade("buy", "VTI2", 2)],
        at("VTI2") + NEVER_TRADED,
    ),
    (
        "option",
        rules_problem(),
        [trade("sell", "OPT", 1, taking((0, 1)))],
        at("OPT") + NEVER_TRADED,
    ),
    (
        "raise-cash-buys",
        rules_problem(Trading(mode="raise_cash", raise_cash=100.0)),
        [trade("buy", "JUNK", 2)],  # refused as a purchase before it is looked at as JUNK
        at("JUNK") + "raise_cash mode buys nothing",
    ),
    (
        "low-quality",
        rules_problem(),
        [trade("buy", "JUNK", 2)],
        at("JUNK") + "may not be bought (low quality or restricted)",
    ),
    (
        "do-not-buy",
        rules_problem(restrictions=replace(Policy().restrictions, do_not_buy=("VTI2",))),
        [trade("buy", "VTI2", 2)],
        at("VTI2") + "may not be bought (low quality or restricted)",
    ),
    (
        "not-a-vehicle",
        rules_problem(),
        [trade("buy", "STK", 2)],
        at("STK") + "not an approved vehicle",
    ),
    (
        "stock-at-limit",
        rules_problem(Trading(buy_single_stocks=True, max_position=0.05)),
        [trade("buy", "STK", 1)],
        at("STK") + "a single stock already at the position limit",
    ),
    (
        "stock-past-limit",
        rules_problem(Trading(buy_single_stocks=True, max_position=0.09)),  # $1,287
        [trade("buy", "STK", 2)],  # to $1,400
        "STK: bought past the position limit",
    ),
    (
        "fractional-buy",
        rules_problem(),
        [trade("buy", "VTI2", 1.5)],
        at("VTI2") + "fractional purchase",
    ),
    (
        "small-buy",
        rules_problem(Trading(min_trade=150.0)),
        [trade("buy", "VTI2", 1)],
        at("VTI2") + "purchase below the minimum trade",
    ),
    (
        "cash-flow-sells",
        rules_problem(
            Trading(mode="cash_flow"),
            restrictions=replace(Policy().restrictions, do_not_sell=("VTI",)),
        ),
        [trade("sell", "VTI", 2, taking((0, 2)))],  # refused as a sale before it is looked at
        at("VTI") + "cash_flow mode sells nothing",
    ),
    (
        "do-not-sell",
        rules_problem(restrictions=replace(Policy().restrictions, do_not_sell=("VTI",))),
        [trade("sell", "VTI", 2, taking((0, 2)))],
        at("VTI") + "do not sell",
    ),
    (
        "sells-more",
        rules_problem(),
        [trade("sell", "VTI", 51, taking((0, 25), (1, 26)))],
        at("VTI") + SELLS_MORE,
    ),
    (
        "sells-what-it-does-not-hold",
        rules_problem(),
        [trade("sell", "VTI2", 1)],
        at("VTI2") + SELLS_MORE,
    ),
    (
        "sells-the-cover-of-a-short-call",  # 45 of the 50 VTI cover a written call
        replace(rules_problem(), floors={("T", "VTI"): 45.0}),
        [trade("sell", "VTI", 10, taking((0, 10)))],
        at("VTI") + SELLS_MORE,
    ),
    (
        "fractional-sale",
        rules_problem(),
        [trade("sell", "VTI", 1.5, taking((0, 1.5)))],
        at("VTI") + "fractional sale that does not close the position",
    ),
    (
        "small-position-in-part",
        rules_problem(Trading(fractional=True, min_trade=2000.0)),  # STK is $1,200
        [trade("sell", "STK", 6, taking((0, 6)))],
        at("STK") + "a position below the minimum trade is sold whole",
    ),
    (
        "small-sale",
        rules_problem(Trading(min_trade=150.0)),
        [trade("sell", "VTI", 1, taking((0, 1)))],
        at("VTI") + "sale below the minimum trade",
    ),
    (
        "position-at-the-minimum-sold-in-part",  # STK is $1,200: not below, so this is a sale
        rules_problem(Trading(min_trade=1200.0)),
        [trade("sell", "STK", 6, taking((0, 6)))],
        at("STK") + "sale below the minimum trade",
    ),
    (
        "lot-overdrawn",
        rules_problem(),
        [trade("sell", "VTI", 30, taking((0, 30)))],
        at("VTI") + "sells more of a lot than it holds",
    ),
    (
        "lots-short",
        rules_problem(),
        [trade("sell", "VTI", 10, taking((0, 5)))],
        at("VTI") + "its lots do not add up to the shares sold",
    ),
    (
        "wash-sale",  # BND is bought too, but none of it was sold at a loss
        rules_problem(),
        [
            trade("sell", "VTI", 25, taking((1, 25))),
            trade("buy", "VTI2", 25),
            trade("buy", "BND", 5),
        ],
        "wash sale: ['US-TOTAL'] sold at a loss and bought",
    ),
    (
        "cash-floor",
        rules_problem(),
        [trade("buy", "VTI2", 51)],  # $5,100 of $5,000
        "an account's cash ends below its floor",
    ),
    (
        "raise-too-little",
        rules_problem(Trading(mode="raise_cash", raise_cash=2000.0)),
        [trade("sell", "VTI", 10, taking((0, 10)))],
        "raises $1,000.00 of $2,000.00",
    ),
    (
        "gain-budget",
        rules_problem(tax=Tax(max_realized_gain=199.0)),
        [trade("sell", "VTI", 10, taking((0, 10)))],  # $80 a share: $200 of gain
        "realises more gain than the budget",
    ),
    (
        "tax-budget",
        rules_problem(tax=Tax(max_tax=39.0)),  # $200 of long-term gain at 20%: $40
        [trade("sell", "VTI", 10, taking((0, 10)))],
        "costs more tax than the budget",
    ),
]


@pytest.mark.parametrize(
    ("p", "trades", "why"), [c[1:] for c in RULE_CASES], ids=[c[0] for c in RULE_CASES]
)
def test_each_rule_refuses_the_plan_that_breaks_it(
    p: Problem, trades: list[Trade], why: str
) -> None:
    assert refused(p, trades) == why


def test_the_plans_next_to_the_rules_are_allowed() -> None:
    allowed(rules_problem(), [trade("buy", "VTI2", 50)])  # all the cash
    allowed(
        rules_problem(tax=Tax(max_realized_gain=200.0, max_tax=40.0)),
        [trade("sell", "VTI", 10, taking((0, 10)))],
    )
    allowed(
        rules_problem(Trading(buy_single_stocks=True, max_position=0.1)),  # $1,430
        [trade("buy", "STK", 2)],
    )
    allowed(
        rules_problem(Trading(mode="raise_cash", raise_cash=1000.0)),
        [trade("sell", "VTI", 10, taking((0, 10)))],
    )
    allowed(
        rules_problem(Trading(fractional=True)),
        [trade("sell", "STK", 12, taking((0, 12))), trade("buy", "VTI2", 1.5)],
    )


def test_the_objective_is_the_sum_of_its_terms() -> None:
    # sell 10 VTI at a $200 long-term gain, buy 20 VTI2 (second large vehicle here: VTI, held
    # in the account, ranks first); JUNK is low quality and held
    p = replace(
        rules_problem(tax=Tax(income=300_000.0, harvest=True)),
        holdings=(*RULES_HOLDINGS, Holding("T", "JUNK", 3, 300.0)),
    )
    o = allowed(p, [trade("sell", "VTI", 10, taking((0, 10))), trade("buy", "VTI2", 20)])
    tax, w = p.policy.tax, p.policy.weights
    assert o.tax == pytest.approx(200 * (tax.long_term + tax.niit))  # above the NIIT income
    assert o.turnover == pytest.approx(3000.0)
    assert o.low_quality == pytest.approx(300.0)
    assert o.loss_credit == 0.0  # a net gain carries no loss forward
    held = {"large": 60 * PRICE + 12 * PRICE, "bonds": 30 * PRICE, "small": 300.0}
    table = p.policy.location.taxable
    assert o.location == pytest.approx(sum(v * table.get(k, 0.0) for k, v in held.items()))
    assert o.trades == 2
    assert o.total == pytest.approx(
        w.outside_band * o.outside_band
        + w.drift * o.drift
        + w.turnover * o.turnover
        + o.tax
        - o.loss_credit
        + VEHICLE_RANK_COST * 1 * 2000.0
        + p.policy.trading.cost_per_trade * 2
        + w.low_quality * o.low_quality
        + o.location
    )


def test_a_harvested_loss_is_credited_at_the_long_term_rate() -> None:
    sale = [trade("sell", "BND", 30, (LotSale(0, 30, None, None, "unknown", None),))]
    loss = 30 * (120.0 - PRICE)
    harvest = allowed(rules_problem(tax=Tax(harvest=True)), sale)
    assert harvest.tax == 0.0
    assert harvest.loss_credit == pytest.approx(loss * Tax().long_term)
    assert allowed(rules_problem(), sale).loss_credit == 0.0


# --- the edges of each rule, and the figures the objective adds up ---------------------------


def test_the_plans_at_the_edges_of_the_rules_are_allowed() -> None:
    # selling what a short call's cover leaves: 5 of 50 VTI when 45 cover the call
    allowed(
        replace(rules_problem(), floors={("T", "VTI"): 45.0}),
        [trade("sell", "VTI", 5, taking((0, 5)))],
    )
    # a purchase of exactly the minimum trade
    allowed(rules_problem(Trading(min_trade=200.0)), [trade("buy", "VTI2", 2)])
    # a $1 money-market fund is a priced security like any other
    p = problem([Holding("T", "MMF", 500)])
    assert allowed(p, [sell("MMF", (0, 500))]).turnover == pytest.approx(500.0)


def test_a_lot_of_no_shares_is_ignored_when_its_position_is_sold() -> None:
    # a lot of no shares at $50 (a split's leftover row), then 10 shares at $80 a share
    lots = (Lot(0, 50.0, ago(400)), Lot(10, 800.0, ago(400)))
    p = problem([Holding("T", "VTI", 10, None, lots)], Policy(tax=Tax(lot_method="hifo")))
    gain = 4 * (PRICE - 80.0)
    assert allowed(p, [sell("VTI", (1, 4))]).tax == pytest.approx(gain * Tax().long_term)


def test_a_lot_of_unknown_cost_is_taxed_on_its_whole_proceeds() -> None:
    p = problem([Holding("T", "VTI", 10, None, (Lot(10, None, ago(400)),))])
    assert allowed(p, [sell("VTI", (0, 4))]).tax == pytest.approx(4 * PRICE * Tax().long_term)


def test_a_sale_may_name_a_lot_twice_or_with_no_shares() -> None:
    # lot 0: 10 shares at $60 a share; lot 1: 10 at $80
    lots = (Lot(10, 600.0, ago(400)), Lot(10, 800.0, ago(400)))
    p = problem([Holding("T", "VTI", 20, None, lots)])
    o = allowed(p, [sell("VTI", (0, 2), (0, 3), (1, 0))])
    assert o.tax == pytest.approx(5 * (PRICE - 60.0) * Tax().long_term)


def test_a_sale_at_its_cost_is_no_loss_even_just_after_a_purchase() -> None:
    # lot 0 cost $100 a share, the price today; lot 1 was bought 5 days ago
    lots = (Lot(10, 10 * PRICE, ago(400)), Lot(10, 900.0, ago(5)))
    p = problem([Holding("T", "VTI", 20, None, lots)])
    assert allowed(p, [sell("VTI", (0, 10))]).tax == 0.0


def test_a_lot_half_a_share_short_of_whole_is_not_sold_out() -> None:
    # hifo: lot 1 ($150 a share) comes first; 9.5 of its 10 shares is not all of it
    policy = Policy(tax=Tax(lot_method="hifo"))
    p = problem([Holding("T", "VTI", 30, None, LOTS)], policy)
    assert (
        refused(p, [sell("VTI", (1, 9.5), (2, 0.5))]) == at("VTI") + "lots sold out of hifo order"
    )


def test_a_single_stocks_position_limit_counts_it_in_every_account() -> None:
    # STK: 5 shares ($500) in each of T and U; $4,000 of BND and $5,000 cash: $10,000, so a
    # 10% limit is $1,000, reached by the two accounts together
    securities = {**SECURITIES, "STK": Security("STK", PRICE, {"large": 1.0}, kind="stock")}
    trading = Trading(buy_single_stocks=True, max_position=0.1)
    p = Problem(
        (AccountState("T", "taxable", 5000.0), AccountState("U", "taxable", 0.0)),
        (Holding("T", "STK", 5), Holding("U", "STK", 5), Holding("T", "BND", 40)),
        securities,
        {"large": 0.5, "bonds": 0.5},
        Policy(trading=trading),
        as_of=AS_OF,
    )
    assert 5 * PRICE + 5 * PRICE == 0.1 * 10_000.0  # exactly at the limit
    stk = trade("buy", "STK", 1)
    assert refused(p, [stk]) == at("STK") + "a single stock already at the position limit"
    # half a dollar under the limit it may be bought, though not past it
    under = replace(p, policy=Policy(trading=replace(trading, max_position=0.10005)))
    assert refused(under, [stk]) == "STK: bought past the position limit"


@pytest.mark.parametrize(
    ("max_position", "why"),
    [
        (0.1, "STK: bought past the position limit"),  # $1,000 of $10,000
        # a $1 limit: holding none of it is still under it
        (0.0001, "STK: bought past the position limit"),
    ],
)
def test_a_stock_listed_as_a_vehicle_and_not_held_starts_at_nothing(
    max_position: float, why: str
) -> None:
    securities = {**SECURITIES, "STK": Security("STK", PRICE, {"large": 1.0}, kind="stock")}
    p = problem(
        [Holding("T", "BND", 50)],
        replace(Policy(trading=Trading(max_position=max_position)), vehicles={"large": ("STK",)}),
        cash=5000.0,
    )
    p = replace(p, securities=securities)
    assert refused(p, [trade("buy", "STK", 11)]) == why  # $1,100


def _stock_problem(trading: Trading) -> Problem:
    """STK 10 shares ($1,000), BND 40 ($4,000), $5,000 cash: $10,000 in account T."""
    securities = {**SECURITIES, "STK": Security("STK", PRICE, {"large": 1.0}, kind="stock")}
    return Problem(
        (AccountState("T", "taxable", 5000.0),),
        (Holding("T", "STK", 10), Holding("T", "BND", 40)),
        securities,
        {"large": 0.5, "bonds": 0.5},
        Policy(trading=trading),
        as_of=AS_OF,
    )


def test_a_stock_may_be_bought_up_to_its_limit_and_half_a_cent_past() -> None:
    trading = Trading(buy_single_stocks=True, max_position=0.125, fractional=True)
    p = _stock_problem(trading)
    cap = 0.125 * 10_000.0  # $1,250
    allowed(p, [trade("buy", "STK", 2.5)])  # to $1,250 exactly
    extra = (cap + HALF_CENT) / PRICE - 10
    assert (10 + extra) * PRICE == cap + HALF_CENT
    allowed(p, [trade("buy", "STK", extra)])
    too_many = [trade("buy", "STK", extra + 0.001)]
    assert refused(p, too_many) == "STK: bought past the position limit"


def test_a_trade_half_a_cent_under_the_minimum_is_allowed() -> None:
    # ODD is priced half a cent under the $100 minimum trade
    price = 100.0 - HALF_CENT
    securities = {**SECURITIES, "ODD": Security("ODD", price, {"large": 1.0})}
    p = replace(
        problem(
            [Holding("T", "ODD", 5), Holding("T", "BND", 50)],
            replace(Policy(), vehicles={"large": ("ODD",)}),
            cash=1000.0,
        ),
        securities=securities,
    )
    odd = Trade("T", "ODD", "buy", 1, price, None, 0.0)
    allowed(p, [odd])
    allowed(p, [replace(odd, side="sell", lots=taking((0, 1)))])
    raising = replace(p, policy=Policy(trading=Trading(mode="raise_cash", raise_cash=100.0)))
    allowed(raising, [replace(odd, side="sell", lots=taking((0, 1)))])


def test_budgets_allow_half_a_cent_over() -> None:
    # G, of unknown cost and long held, priced half a cent over a $100 gain budget: selling one
    # share realises exactly that much gain, taxed at 50%
    price = 100.0 + HALF_CENT
    securities = {**SECURITIES, "G": Security("G", 2 * price, {"large": 1.0})}
    tax = Tax(long_term=0.5, max_tax=100.0)
    p = replace(
        problem([Holding("T", "G", 5, None, (Lot(5, None, ago(400)),))], Policy(tax=tax)),
        securities=securities,
    )
    g = Trade("T", "G", "sell", 1, 2 * price, None, 0.0, taking((0, 1)))
    assert allowed(p, [g]).tax == 0.5 * 2 * price == 100.0 + HALF_CENT
    gain = {**securities, "G": Security("G", price, {"large": 1.0})}
    budget = replace(p, securities=gain, policy=Policy(tax=Tax(max_realized_gain=100.0)))
    allowed(budget, [replace(g, price=price)])


@pytest.mark.parametrize(
    ("tax", "short_rate", "long_rate"),
    [
        (Tax(state=0.05), 0.37 + 0.05, 0.20 + 0.05),
        (Tax(niit_applies=True), 0.37 + 0.038, 0.20 + 0.038),
        (Tax(niit_applies=True, state=0.05), 0.37 + 0.038 + 0.05, 0.20 + 0.038 + 0.05),
        (Tax(income=250_000.0), 0.37, 0.20),  # NIIT only above the threshold
        (Tax(income=250_001.0), 0.37 + 0.038, 0.20 + 0.038),
    ],
    ids=["state", "niit", "niit-and-state", "at-the-niit-threshold", "over-it"],
)
def test_niit_and_the_state_rate_add_to_both_federal_rates(
    tax: Tax, short_rate: float, long_rate: float
) -> None:
    p, trades = _two_lot_problem(1000.0, 500.0)
    p = replace(p, policy=Policy(tax=tax))
    expected = 1000.0 * short_rate + 500.0 * long_rate
    assert allowed(p, list(trades)).tax == pytest.approx(expected, abs=1e-9)


def test_new_cash_and_cash_to_raise_count_only_in_their_modes_against_a_cash_target() -> None:
    holdings = [Holding("T", "VTI", 50), Holding("T", "BND", 40)]
    targets = {"large": 0.5, "bonds": 0.4, "cash": 0.1}
    flow = Policy(trading=Trading(mode="cash_flow", new_cash=1000.0))
    as_cash = problem(holdings, Policy(trading=Trading(mode="cash_flow")), 1000.0, targets)
    assert allowed(problem(holdings, flow, targets=targets), []) == allowed(as_cash, [])
    assert allowed(as_cash, []).drift == pytest.approx(0.0)
    # raise_cash outside its mode leaves the household as it is
    full = Policy(trading=Trading(mode="full", raise_cash=1000.0))
    assert allowed(problem(holdings, full, 1000.0, targets), []) == allowed(as_cash, [])


def _rank_cost(p: Problem, o: Objective) -> float:
    """What the objective adds for buying vehicles past the first: the total less its other
    terms."""
    w, t = p.policy.weights, p.policy.trading
    return o.total - (
        w.outside_band * o.outside_band
        + w.drift * o.drift
        + w.turnover * o.turnover
        + o.tax
        - o.loss_credit
        + t.cost_per_trade * o.trades
        + w.low_quality * o.low_quality
        + o.location
    )


def test_every_purchase_past_the_first_vehicle_adds_its_rank_cost() -> None:
    # nothing is held in T, so VTI and BND rank first, VTI2 and MMF second
    vehicles = {"large": ("VTI", "VTI2"), "bonds": ("BND", "MMF")}
    p = problem([], replace(Policy(), vehicles=vehicles), cash=5000.0)
    o = allowed(p, [buy("VTI2", 10), buy("MMF", 2000)])
    assert _rank_cost(p, o) == pytest.approx(VEHICLE_RANK_COST * 1 * (1000.0 + 2000.0))
    # a single stock held and added to is no vehicle: it ranks nowhere and costs nothing
    stocks = rules_problem(Trading(buy_single_stocks=True, max_position=0.1))
    o = allowed(stocks, [trade("buy", "STK", 2)])
    assert _rank_cost(stocks, o) == pytest.approx(0.0, abs=1e-9)


def test_a_harvested_loss_lowers_the_total_by_its_credit() -> None:
    sale = [trade("sell", "BND", 30, (LotSale(0, 30, None, None, "unknown", None),))]
    harvest = allowed(rules_problem(tax=Tax(harvest=True)), sale)
    plain = allowed(rules_problem(), sale)
    assert harvest.loss_credit > 0
    assert harvest.total == pytest.approx(plain.total - harvest.loss_credit)


def test_low_quality_counts_every_priced_holding_even_after_an_unknown_one() -> None:
    # GONE has no price (not in the securities); JUNK $100 and PENNY 50 cents are low quality
    securities = {
        **SECURITIES,
        "JUNK": Security("JUNK", PRICE, {"small": 1.0}, low_quality=True),
        "PENNY": Security("PENNY", 0.5, {"small": 1.0}, low_quality=True),
    }
    p = replace(
        problem([Holding("T", "GONE", 5), Holding("T", "JUNK", 3), Holding("T", "PENNY", 100)]),
        securities=securities,
    )
    assert allowed(p, []).low_quality == pytest.approx(3 * PRICE + 100 * 0.5)


OOB_SECURITIES = {
    **SECURITIES,
    "SML": Security("SML", PRICE, {"small": 1.0}),
    "HALF": Security("HALF", PRICE, {"mega": 0.5, "large": 0.5}),
    "BLEND": Security("BLEND", PRICE, {"large": 0.6, "bonds": 0.4}),
    "UNK": Security("UNK", PRICE, {}),  # no mix known
    "CENT": Security("CENT", 0.01, {"small": 1.0}),
    "CENT2": Security("CENT2", 0.02, {"small": 1.0}),
}
MONEY_MARKET = {"large": 0.5, "bonds": 0.4, "cash": 0.1}

# Each household is $10,000 (a cent or two more with CENT or CENT2); bands are 5 points, or a
# quarter of the target when smaller, unless given.
OOB_CASES = [
    # cash $1,000 in a $1 money-market fund: on its 10% target, so inside
    ("money-market-is-cash", {"VTI": 50, "BND": 40, "MMF": 1000}, MONEY_MARKET, None, "MMF", False),
    # large $450 over its $5,000 target: inside its $500 band
    ("inside-by-50", {"VTI": 54.5, "BND": 35.5, "MMF": 1000}, MONEY_MARKET, None, "VTI", False),
    # small has no target: $400 of it is inside the $500 band of an untargeted bucket
    ("untargeted", {"VTI": 50, "BND": 46, "SML": 4}, None, None, "SML", False),
    # large $300 over: outside a band of 5% of its 50% target ($250), inside 5 points ($500)
    ("relative-band", {"VTI": 53, "BND": 47}, None, Bands(0.05, 0.05), "VTI", True),
    # no bands at all: a cent off target is inside, two cents outside
    ("a-cent-off", {"VTI": 50, "BND": 50, "CENT": 1}, None, Bands(0.0, 0.0), "CENT", False),
    ("two-cents-off", {"VTI": 50, "BND": 50, "CENT2": 1}, None, Bands(0.0, 0.0), "CENT2", True),
    # no mix known: its main bucket is the first, mega, which is $1,000 under its 10% target
    (
        "no-mix-is-mega",
        {"VTI": 40, "BND": 50, "UNK": 10},
        {"mega": 0.1, "large": 0.4, "bonds": 0.5},
        None,
        "UNK",
        True,
    ),
    # half mega, half large: the tie goes to the first bucket, mega ($2,000 under, outside);
    # large is on its target
    (
        "tie-is-the-first",
        {"HALF": 20, "VTI": 10, "BND": 70},
        {"mega": 0.3, "large": 0.2, "bonds": 0.5},
        None,
        "HALF",
        True,
    ),
    # 60% large, 40% bonds: its bucket is large ($2,000 under, outside); bonds on target
    ("blend-is-its-largest", {"BLEND": 50, "BND": 30, "MMF": 2000}, None, None, "BLEND", True),
]


@pytest.mark.parametrize(
    ("holdings", "targets", "bands", "sold", "outside"),
    [c[1:] for c in OOB_CASES],
    ids=[c[0] for c in OOB_CASES],
)
def test_out_of_band_mode_trades_a_security_whose_main_bucket_is_outside_its_band(
    holdings: dict[str, float],
    targets: dict[str, float] | None,
    bands: Bands | None,
    sold: str,
    outside: bool,
) -> None:
    policy = Policy(trading=Trading(mode="out_of_band"), bands=bands or Bands())
    p = replace(
        problem([Holding("T", s, n) for s, n in holdings.items()], policy, targets=targets),
        securities=OOB_SECURITIES,
    )
    price = OOB_SECURITIES[sold].price
    shares = min(holdings[sold], PRICE / price)  # $100 of it, or all of a penny's
    plan = [Trade("T", sold, "sell", shares, price, None, 0.0, taking((0, shares)))]
    if outside:
        allowed(p, plan)
    else:
        assert refused(p, plan) == at(sold) + "out_of_band mode and its bucket is inside its band"


def _accounts_problem(
    accounts: tuple[AccountState, ...], trading: Trading, holdings: tuple[Holding, ...] = ()
) -> Problem:
    return Problem(
        accounts,
        holdings or (Holding(accounts[0].id, "BND", 50, 5000.0),),
        SECURITIES,
        {"large": 0.5, "bonds": 0.5},
        replace(Policy(trading=trading), vehicles={"large": ("VTI",), "bonds": ("BND",)}),
        as_of=AS_OF,
    )


def _buy_in(account: str, shares: float) -> Trade:
    return Trade(account, "VTI", "buy", shares, PRICE, None, 0.0)


FLOW = Trading(mode="cash_flow", new_cash=1000.0)
FLOOR = "an account's cash ends below its floor"


@pytest.mark.parametrize(
    ("accounts", "plan", "why"),
    [
        # $1,000 of new cash pays for $500 of VTI in a taxable account with no cash
        ((AccountState("T", "taxable", 0.0),), [_buy_in("T", 5)], None),
        # ... and lands in the taxable accounts only: an IRA beside them may not spend it
        (
            (AccountState("T", "taxable", 0.0), AccountState("IRA", "tax_deferred", 0.0)),
            [_buy_in("IRA", 5)],
            FLOOR,
        ),
        # with no taxable account open, it lands in the IRA
        ((AccountState("IRA", "tax_deferred", 0.0),), [_buy_in("IRA", 5)], None),
        # two taxable accounts share it: $600 each is $1,200 of $1,000
        (
            (AccountState("T", "taxable", 0.0), AccountState("U", "taxable", 0.0)),
            [_buy_in("T", 6), _buy_in("U", 6)],
            FLOOR,
        ),
    ],
    ids=["taxable", "not-to-an-ira", "an-ira-alone", "shared"],
)
def test_new_cash_pays_for_purchases_in_the_taxable_accounts(
    accounts: tuple[AccountState, ...], plan: list[Trade], why: str | None
) -> None:
    p = _accounts_problem(accounts, FLOW)
    assert judge(p, plan)[1] == why


def test_an_account_short_of_cash_is_refused_whatever_the_others_hold() -> None:
    # T has the cash; the first IRA spends $500 it does not have, the second nothing
    accounts = (
        AccountState("T", "taxable", 5000.0),
        AccountState("IRA", "tax_deferred", 0.0),
        AccountState("IRA2", "tax_deferred", 0.0),
    )
    p = _accounts_problem(accounts, Trading())
    assert refused(p, [_buy_in("IRA", 5)]) == FLOOR
    allowed(p, [_buy_in("T", 5)])


def _sell_vti(shares: float) -> Trade:
    return Trade("T", "VTI", "sell", shares, PRICE, None, 0.0, taking((0, shares)))


@pytest.mark.parametrize(
    ("account", "reserve", "plan", "ok"),
    [
        # $1,000 less a $500 withdrawal keeps $500, under an $800 reserve: the floor is $500
        (AccountState("T", "taxable", 1000.0, withdraw=500.0), 800.0, [], True),
        # a $1,000 deposit and a $500 reserve: $500 may be spent, not $600
        (AccountState("T", "taxable", 0.0, deposit=1000.0), 500.0, [_buy_in("T", 5)], True),
        (AccountState("T", "taxable", 0.0, deposit=1000.0), 500.0, [_buy_in("T", 6)], False),
        # 50 cents under a $100 reserve: none of it may be spent
        (AccountState("T", "taxable", 0.5), 100.0, [_buy_in("T", 0.004)], False),
        # withdrawing $1,000 of $100 and a $500 deposit: the $400 short must be raised
        (AccountState("T", "taxable", 100.0, deposit=500.0, withdraw=1000.0), 0.0, [], False),
        (
            AccountState("T", "taxable", 100.0, deposit=500.0, withdraw=1000.0),
            0.0,
            [_sell_vti(4)],
            True,
        ),
        # withdrawing $1,500 of $1,000: selling the $500 short is enough, reserve or not
        (AccountState("T", "taxable", 1000.0, withdraw=1500.0), 200.0, [_sell_vti(5)], True),
        # $500 in debt and $100 withdrawn: it may end $500 in debt, no deeper
        (AccountState("T", "taxable", -500.0, withdraw=100.0), 0.0, [_sell_vti(1)], True),
        (AccountState("T", "taxable", -500.0, withdraw=100.0), 0.0, [], False),
    ],
    ids=[
        "withdrawal-under-reserve",
        "deposit-spent-to-reserve",
        "deposit-spent-past-reserve",
        "under-reserve-spends-nothing",
        "shortfall-unraised",
        "shortfall-raised",
        "shortfall-raised-reserve-or-not",
        "debt-no-deeper",
        "debt-deeper",
    ],
)
def test_an_accounts_cash_floor_is_its_reserve_or_what_the_client_leaves_in_it(
    account: AccountState, reserve: float, plan: list[Trade], ok: bool
) -> None:
    trading = Trading(cash_reserve=reserve, fractional=True, min_trade=0.0)
    p = _accounts_problem((account,), trading, (Holding("T", "VTI", 50, 5000.0),))
    assert judge(p, plan)[1] == (None if ok else FLOOR)


def test_share_counts_agree_to_a_millionth_and_a_lot_to_a_ten_thousandth() -> None:
    policy = Policy(tax=Tax(lot_method="hifo"), trading=Trading(fractional=True))
    p = problem([Holding("T", "VTI", 30, None, LOTS)], policy)
    # a millionth of a share more than lot 1 holds, which is all the position's first lot
    allowed(p, [sell("VTI", (1, 10 + SHARE_EPS))])
    # lot 1 a ten-thousandth short of whole, then lot 2: in hifo order
    allowed(p, [sell("VTI", (1, 10 - 1e-4), (2, 2))])
    # all of lot 1 and a millionth of lot 0, before lot 2
    allowed(p, [sell("VTI", (1, 10), (0, SHARE_EPS))])
    # a millionth of a share more than a whole position holds
    whole = problem([Holding("T", "VTI", 10, None, (Lot(10, 800.0, ago(400)),))], policy)
    allowed(whole, [sell("VTI", (0, 10 + SHARE_EPS))])


def test_out_of_band_mode_counts_a_security_in_every_account_and_skips_unknown_ones() -> None:
    # VTI: 30 shares in T and 24.5 in U, $5,450 together, inside the $500 band of a $5,000
    # target; GONE is not among the securities and counts for nothing
    p = Problem(
        (AccountState("T", "taxable", 0.0), AccountState("U", "taxable", 0.0)),
        (
            Holding("T", "VTI", 30),
            Holding("U", "VTI", 24.5),
            Holding("T", "BND", 35.5),
            Holding("T", "MMF", 1000),
            Holding("T", "GONE", 5),
        ),
        SECURITIES,
        MONEY_MARKET,
        Policy(trading=Trading(mode="out_of_band")),
        as_of=AS_OF,
    )
    plan = [sell("VTI", (0, 1))]
    assert refused(p, plan) == at("VTI") + "out_of_band mode and its bucket is inside its band"


@pytest.mark.parametrize("account", ["T", "IRA"])
def test_an_account_may_end_half_a_cent_under_its_floor(account: str) -> None:
    # one share of a half-cent security bought with no cash: half a cent short, in the taxable
    # account (which new cash would cover) or in the IRA (which nothing covers)
    securities = {**SECURITIES, "TINY": Security("TINY", HALF_CENT, {"large": 1.0})}
    p = replace(
        _accounts_problem(
            (AccountState("T", "taxable", 0.0), AccountState("IRA", "tax_deferred", 0.0)),
            Trading(min_trade=0.0),
        ),
        securities=securities,
    )
    p = replace(p, policy=replace(p.policy, vehicles={"large": ("TINY",)}))
    allowed(p, [Trade(account, "TINY", "buy", 1, HALF_CENT, None, 0.0)])
    assert refused(p, [Trade(account, "TINY", "buy", 2, HALF_CENT, None, 0.0)]) == FLOOR
