"""The independent judge on households built by hand, each expectation worked out from the rows
written here: the term of a lot, how the lots of one position come together, the lot order a
policy asks for, the bands, netting short against long, the 30-day window, the modes' money.
(The proof tests call the judge on thousands of plans but are too slow for the mutation run;
these are the rules one by one. README "Mutation testing".)"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from planner.core.judge import judge
from planner.core.policy import VEHICLE_RANK_COST, Bands, Policy, Tax, Trading
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
    **account: float,
) -> Problem:
    return Problem(
        (AccountState("T", "taxable", cash, **account),),
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
def test_an_undated_lot_is_taxed_at_the_policys_unknown_term(unknown_term: str) -> None:
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
    method: str, lots: tuple[Lot, ...], order: list[int]
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


def _two_lot_problem(short_gain: float, long_gain: float) -> tuple[Problem, Trade]:
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
}
RULES_HOLDINGS = (
    Holding("T", "VTI", 50, None, (Lot(25, 2000.0, ago(400)), Lot(25, 3000.0, ago(300)))),
    Holding("T", "BND", 30, 3600.0),  # $120 a share: a loss
    Holding("T", "STK", 12, 960.0),  # $1,200 of $14,300: past a 5% limit
    Holding("T", "OPT", 1, 50.0),
)


def rules_problem(trading: Trading | None = None, **policy: object) -> Problem:
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


RULE_CASES: list[tuple[str, Problem, list[Trade], str]] = [
    (
        "unknown-account",
        rules_problem(),
        [Trade("X", "VTI", "buy", 1, PRICE, None, 0.0)],
        "('X', 'VTI'): no such account or priced security",
    ),
    ("no-shares", rules_problem(), [trade("buy", "VTI2", 0)], "shares must be positive"),
    (
        "both-sides",
        rules_problem(),
        [trade("sell", "VTI", 2, taking((0, 2))), trade("buy", "VTI", 2)],
        "bought and sold in one plan",
    ),
    (
        "held-away",
        rules_problem(restrictions=replace(Policy().restrictions, held_away=("T",))),
        [trade("buy", "VTI2", 2)],
        "the account is held away",
    ),
    (
        "unsupervised",
        rules_problem(restrictions=replace(Policy().restrictions, unsupervised=("VTI2",))),
        [trade("buy", "VTI2", 2)],
        "never traded",
    ),
    ("option", rules_problem(), [trade("sell", "OPT", 1, taking((0, 1)))], "never traded"),
    (
        "raise-cash-buys",
        rules_problem(Trading(mode="raise_cash", raise_cash=100.0)),
        [trade("buy", "VTI2", 2)],
        "raise_cash mode buys nothing",
    ),
    ("low-quality", rules_problem(), [trade("buy", "JUNK", 2)], "may not be bought"),
    (
        "do-not-buy",
        rules_problem(restrictions=replace(Policy().restrictions, do_not_buy=("VTI2",))),
        [trade("buy", "VTI2", 2)],
        "may not be bought",
    ),
    ("not-a-vehicle", rules_problem(), [trade("buy", "STK", 2)], "not an approved vehicle"),
    (
        "stock-at-limit",
        rules_problem(Trading(buy_single_stocks=True, max_position=0.05)),
        [trade("buy", "STK", 1)],
        "a single stock already at the position limit",
    ),
    (
        "stock-past-limit",
        rules_problem(Trading(buy_single_stocks=True, max_position=0.09)),  # $1,287
        [trade("buy", "STK", 2)],  # to $1,400
        "STK: bought past the position limit",
    ),
    ("fractional-buy", rules_problem(), [trade("buy", "VTI2", 1.5)], "fractional purchase"),
    (
        "small-buy",
        rules_problem(Trading(min_trade=150.0)),
        [trade("buy", "VTI2", 1)],
        "purchase below the minimum trade",
    ),
    (
        "cash-flow-sells",
        rules_problem(Trading(mode="cash_flow")),
        [trade("sell", "VTI", 2, taking((0, 2)))],
        "cash_flow mode sells nothing",
    ),
    (
        "do-not-sell",
        rules_problem(restrictions=replace(Policy().restrictions, do_not_sell=("VTI",))),
        [trade("sell", "VTI", 2, taking((0, 2)))],
        "do not sell",
    ),
    (
        "sells-more",
        rules_problem(),
        [trade("sell", "VTI", 51, taking((0, 25), (1, 26)))],
        "sells more than it may",
    ),
    (
        "fractional-sale",
        rules_problem(),
        [trade("sell", "VTI", 1.5, taking((0, 1.5)))],
        "fractional sale that does not close the position",
    ),
    (
        "small-position-in-part",
        rules_problem(Trading(fractional=True, min_trade=2000.0)),  # STK is $1,200
        [trade("sell", "STK", 6, taking((0, 6)))],
        "a position below the minimum trade is sold whole",
    ),
    (
        "small-sale",
        rules_problem(Trading(min_trade=150.0)),
        [trade("sell", "VTI", 1, taking((0, 1)))],
        "sale below the minimum trade",
    ),
    (
        "lot-overdrawn",
        rules_problem(),
        [trade("sell", "VTI", 30, taking((0, 30)))],
        "sells more of a lot than it holds",
    ),
    (
        "lots-short",
        rules_problem(),
        [trade("sell", "VTI", 10, taking((0, 5)))],
        "its lots do not add up to the shares sold",
    ),
    (
        "wash-sale",
        rules_problem(),
        [trade("sell", "VTI", 25, taking((1, 25))), trade("buy", "VTI2", 25)],
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
def test_each_rule_refuses_the_plan_that_breaks_it(p: Problem, trades: list[Trade], why: str):
    assert why in refused(p, trades)


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
