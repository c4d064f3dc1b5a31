"""The order hifo and fifo sell a position's lots in (``planner/core/rebalance/taxlots.py``),
called directly on hand-built slots."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from planner.core.policy import BUCKETS, LotMethod, Policy, Tax, Trading
from planner.core.problem import AccountState, Holding, Lot, Problem, Security, Solution
from planner.core.rebalance import ABS_GAP, CENT, MIP_GAP, solve
from planner.core.rebalance.readout import netted_tax
from planner.core.rebalance.slots import Slot, SlotLot
from planner.core.rebalance.taxlots import is_loss, lot_order

D1, D2, D3 = date(2021, 5, 3), date(2022, 8, 15), date(2023, 2, 1)


def slot(*lots: tuple[float | None, date | None]) -> Slot:
    """A position of 10 shares per lot: (cost per share, acquired) each."""
    held = tuple(SlotLot(10.0, cost, "unknown", acquired, False) for cost, acquired in lots)
    return Slot("A1", "IJH", 10.0 * len(held), 25.0, None, True, False, True, held)


@pytest.mark.parametrize(
    ("lots", "hifo", "fifo"),
    [
        (
            # costs 10, 30, unknown, 20, 30: the highest cost first, a tie in file order, an
            # unknown cost last; the oldest first, a tie in file order, the undated last
            ((10.0, D3), (30.0, None), (None, D1), (20.0, D2), (30.0, D1)),
            [1, 4, 3, 0, 2],
            [2, 4, 3, 0, 1],
        ),
        (
            # a penny stock: a known cost under a dollar still goes before an unknown one
            ((None, D1), (0.4, D2), (0.0, D3)),
            [1, 0, 2],
            [0, 1, 2],
        ),
        (
            # the newest lot first in the file, undated lots between the dated ones
            ((12.0, D3), (None, None), (15.0, D1), (11.0, None), (14.0, D2)),
            [2, 4, 0, 3, 1],
            [2, 4, 0, 1, 3],
        ),
        ((), [], []),
    ],
)
def test_hifo_sells_the_highest_cost_first_and_fifo_the_oldest(
    lots: tuple[tuple[float | None, date | None], ...], hifo: list[int], fifo: list[int]
) -> None:
    s = slot(*lots)
    assert lot_order(s, "hifo") == hifo
    assert lot_order(s, "fifo") == fifo


@pytest.mark.parametrize(
    ("cost", "loss"),
    [(30.0, True), (25.01, True), (25.0, False), (20.0, False), (None, False)],
    ids=["above-price", "a-cent-above", "at-price", "below-price", "unknown-cost"],
)
def test_a_lot_is_a_loss_only_when_it_cost_more_than_the_price(
    cost: float | None, loss: bool
) -> None:
    """A lot at today's price (no gain, no loss) or of unknown cost is not a loss: selling it
    within the wash-sale window is no wash sale."""
    assert is_loss(slot((cost, D1)), 0) is loss


def test_a_position_bought_days_ago_at_todays_price_may_still_be_sold() -> None:
    """No loss, so no wash sale: the plan sells the mid-caps bought ten days ago at $25."""
    as_of = date(2026, 6, 1)
    targets = dict.fromkeys(BUCKETS, 0.0)
    targets["large"] = 1.0
    policy = Policy(targets=targets, vehicles={"large": ("LRG",), "mid": ("IJH",)})
    securities = {
        "IJH": Security("IJH", 25.0, {"mid": 1.0}),
        "LRG": Security("LRG", 50.0, {"large": 1.0}),
    }
    lot = Lot(40, 40 * 25.0, as_of - timedelta(days=10))
    problem = Problem(
        (AccountState("TAX", "taxable", 0.0),),
        (Holding("TAX", "IJH", 40, 1000.0, (lot,)),),
        securities,
        targets,
        policy,
        as_of=as_of,
    )
    sol = solve(problem, method="exact")
    sold = {t.symbol: t.shares for t in sol.trades if t.side == "sell"}
    assert sold == {"IJH": 40}
    assert sum(t.tax for t in sol.trades) == 0.0


# --- the tax rows of the programme (``add_lots_and_tax``), through the exact method ---------
#
# Every household below is small enough that the exact method proves its plan within ABS_GAP
# dollars (+ MIP_GAP of its cost) of the best: the programme's tax of the plan it picks must be
# the tax the plan really pays, or the proof (the dual bound) comes out below the plan's cost.

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 3, 2)  # long-term
LATER = date(2019, 7, 1)  # long-term
LAST_YEAR = date(2023, 5, 1)  # long-term
MONTHS_AGO = date(2026, 2, 2)  # short-term, outside the wash-sale window
DAYS_AGO = AS_OF - timedelta(days=10)  # inside the wash-sale window
PRICE = 100.0
SHORT, LONG = 0.37, 0.20  # the default federal rates (no NIIT, no state tax)

#: symbol -> bucket; every security is priced at PRICE
BUCKET_OF = {"AAA": "mid", "BBB": "mid", "CCC": "mid", "BIG": "large", "ZZZ": "mid"}


def lots(*specs: tuple[float, float | None, date | None]) -> tuple[Lot, ...]:
    """Lots from (shares, cost per share or None, acquired)."""
    return tuple(Lot(n, None if unit is None else n * unit, when) for n, unit, when in specs)


def held(account: str, symbol: str, *specs: tuple[float, float | None, date | None]) -> Holding:
    these = lots(*specs)
    known = all(lot.cost is not None for lot in these)
    basis = sum(lot.cost or 0.0 for lot in these) if known else None
    return Holding(account, symbol, sum(lot.shares for lot in these), basis, these)


def household(
    holdings: list[Holding],
    targets: dict[str, float],
    cash: dict[str, float],
    tax: Tax | None = None,
    vehicles: dict[str, tuple[str, ...]] | None = None,
    **trading: object,
) -> Problem:
    """Accounts TAX (taxable) and IRA (tax-deferred, when it has cash or holdings)."""
    t = dict.fromkeys(BUCKETS, 0.0)
    t.update(targets)
    used = {h.account_id for h in holdings} | set(cash)
    both = (
        AccountState("TAX", "taxable", cash.get("TAX", 0.0)),
        AccountState("IRA", "tax_deferred", cash.get("IRA", 0.0)),
    )
    accounts = tuple(a for a in both if a.id in used)
    policy = Policy(
        targets=t,
        vehicles=vehicles if vehicles is not None else {"mid": ("AAA",), "large": ("BIG",)},
        tax=tax or Tax(),
        trading=Trading(**trading),  # type: ignore[arg-type]
    )
    secs = {s: Security(s, PRICE, {k: 1.0}) for s, k in BUCKET_OF.items()}
    return Problem(accounts, tuple(holdings), secs, t, policy, as_of=AS_OF)


def exact(problem: Problem) -> Solution:
    """The exact plan, checked to be a plan and proven close to the best there is."""
    sol = solve(problem, method="exact")
    assert sol.status == "optimal" and sol.objective is not None
    assert sol.gap is not None
    assert sol.gap <= ABS_GAP + MIP_GAP * abs(sol.objective.total) + CENT
    return sol


def sales(sol: Solution) -> dict[tuple[str, str], float]:
    return {(t.account_id, t.symbol): t.shares for t in sol.trades if t.side == "sell"}


def buys(sol: Solution) -> dict[tuple[str, str], float]:
    return {(t.account_id, t.symbol): t.shares for t in sol.trades if t.side == "buy"}


def taken(sol: Solution, symbol: str) -> dict[int, float]:
    """Shares the sale of ``symbol`` takes from each lot (by the lot's place in the file)."""
    (trade,) = [t for t in sol.trades if t.side == "sell" and t.symbol == symbol]
    return {s.lot: s.shares for s in trade.lots}


def fill(order: list[int], sizes: list[float], shares: float) -> dict[int, float]:
    """``shares`` taken from the lots in ``order``, each lot sold out before the next."""
    out, left = {}, shares
    for k in order:
        if left <= 0:
            break
        out[k] = min(left, sizes[k])
        left -= out[k]
    return out


FIFO_LOTS = (
    (10.0, 40.0, LONG_AGO),  # the oldest: the biggest gain
    (10.0, 90.0, LATER),
    (10.0, 95.0, LAST_YEAR),
    (10.0, 99.0, None),  # undated (taxed as long-term): the smallest gain, sold last
)
HIFO_LOTS = (
    (10.0, 93.0, MONTHS_AGO),  # the highest cost, but a short-term gain: 7 x 0.37 a share
    (10.0, 90.0, LATER),  # 10 x 0.20 a share: cheaper to sell, yet second
    (10.0, 40.0, LONG_AGO),
    (10.0, None, LAST_YEAR),  # unknown cost: the whole price is gain, sold last
)


@pytest.mark.parametrize("shares", [15.0, 25.0])
@pytest.mark.parametrize("method", ["fifo", "hifo"])
def test_fifo_and_hifo_sell_each_lot_out_before_the_next(method: LotMethod, shares: float) -> None:
    """Raising cash from one taxable position of four lots: fifo takes the oldest lots first
    and hifo the costliest, though another order would cost less tax; the plan's tax is the
    rate on each term's gain of the lots it takes."""
    specs = FIFO_LOTS if method == "fifo" else HIFO_LOTS
    if method == "fifo":  # the oldest first, the undated last
        order = sorted(range(4), key=lambda k: (specs[k][2] is None, specs[k][2] or AS_OF))
    else:  # the highest cost first, an unknown cost last
        order = sorted(range(4), key=lambda k: -(specs[k][1] or 0.0))
    problem = household(
        [held("TAX", "AAA", *specs)],
        {"mid": 1.0},  # what stays after the cash is raised is all AAA
        {"TAX": 0.0},
        tax=Tax(lot_method=method),
        mode="raise_cash",
        raise_cash=shares * PRICE,
    )
    sol = exact(problem)
    expected = fill(order, [n for n, _, _ in specs], shares)
    assert sales(sol) == {("TAX", "AAA"): shares}
    assert taken(sol, "AAA") == expected
    gain = {k: n * (PRICE - (specs[k][1] or 0.0)) for k, n in expected.items()}  # None: all gain
    short = sum(g for k, g in gain.items() if specs[k][2] == MONTHS_AGO)
    long = sum(g for k, g in gain.items() if specs[k][2] != MONTHS_AGO)
    assert sum(t.tax for t in sol.trades) == pytest.approx(
        netted_tax(short, long, SHORT, LONG), abs=0.02
    )


def raise_all(holdings: list[Holding], tax: Tax | None = None) -> Problem:
    """Cash to raise equal to every position's value: the plan must sell everything; the
    account's own cash is what the household keeps."""
    value = sum(h.shares for h in holdings) * PRICE
    return household(
        holdings,
        {"cash": 1.0},
        {"TAX": 1000.0},
        tax=tax,
        mode="raise_cash",
        raise_cash=value,
    )


@pytest.mark.parametrize(
    "positions",
    [
        # one lot short-term, two lots long-term with the last at no gain, one lot long-term
        (
            ("AAA", ((10.0, 10.0, MONTHS_AGO),)),
            ("BBB", ((10.0, 90.0, LATER), (10.0, 100.0, LONG_AGO))),
            ("CCC", ((10.0, 99.0, LATER),)),
        ),
        # the big gain in a position of many lots, a small gain of the other term beside it
        (("BBB", ((10.0, 10.0, MONTHS_AGO), (10.0, 99.9, LATER), (0.0, 50.0, LATER))),),
        # the big gain in a one-lot position, the small one after it
        (("AAA", ((10.0, 10.0, MONTHS_AGO),)), ("CCC", ((10.0, 99.9, LATER),))),
        # a two-lot position: the first lot at no gain, the second all short-term gain
        (("BBB", ((10.0, 100.0, LATER), (10.0, 10.0, MONTHS_AGO))),),
        # a long-term loss nets against a short-term gain, and the other way round
        (("AAA", ((10.0, 10.0, MONTHS_AGO),)), ("CCC", ((10.0, 130.0, LATER),))),
        (("AAA", ((10.0, 170.0, MONTHS_AGO),)), ("CCC", ((10.0, 20.0, LATER),))),
        # the two terms in one position: gain short-term, loss long-term
        (("BBB", ((10.0, 30.0, MONTHS_AGO), (10.0, 150.0, LATER))),),
        # a net loss in both terms
        (("AAA", ((10.0, 120.0, MONTHS_AGO),)), ("CCC", ((10.0, 130.0, LATER),))),
        # half shares: the fraction of a position is sold only by closing it, its lots too
        (("AAA", ((10.0, 50.0, LATER),)), ("BBB", ((10.5, 20.0, LATER),))),
        (("AAA", ((10.0, 50.0, LATER),)), ("BBB", ((5.25, 20.0, LATER), (5.25, 30.0, LATER)))),
    ],
)
@pytest.mark.parametrize("harvest", [False, True])
def test_selling_everything_pays_the_tax_of_each_terms_net_gain(
    positions: tuple[tuple[str, tuple[tuple[float, float, date], ...]], ...], harvest: bool
) -> None:
    """Raising cash worth every position: each lot is sold whole, the tax is the short rate on
    the short-term gain and the long rate on the long-term, netted (IRC 1222), and the plan is
    proven the best (the programme's tax of it is its real tax); a net loss is carried forward
    when harvesting."""
    problem = raise_all([held("TAX", s, *specs) for s, specs in positions], Tax(harvest=harvest))
    sol = exact(problem)
    assert sales(sol) == {("TAX", s): sum(n for n, _, _ in specs) for s, specs in positions}
    short = long = 0.0
    for s, specs in positions:
        assert taken(sol, s) == {k: n for k, (n, _, _) in enumerate(specs) if n > 0}
        for n, unit, when in specs:
            gain = n * (PRICE - unit)
            short, long = (short + gain, long) if when == MONTHS_AGO else (short, long + gain)
    assert sol.objective is not None
    assert sol.objective.tax == pytest.approx(netted_tax(short, long, SHORT, LONG), abs=0.02)
    credit = LONG * max(0.0, -(short + long)) if harvest else 0.0
    assert sol.objective.loss_credit == pytest.approx(credit, abs=0.02)


def test_lots_bought_at_todays_price_sell_tax_free_in_both_terms() -> None:
    """No lot has a gain or a loss: selling them all costs no tax (nothing for the netting
    rows' switches to tell apart)."""
    problem = raise_all([held("TAX", "AAA", (10.0, PRICE, MONTHS_AGO), (10.0, PRICE, LATER))])
    sol = exact(problem)
    assert sales(sol) == {("TAX", "AAA"): 20.0}
    assert sum(t.tax for t in sol.trades) == 0.0
    assert all(t.realized_gain == 0.0 for t in sol.trades)


@pytest.mark.parametrize("recent", [True, False])
def test_a_loss_lot_is_skipped_only_while_its_group_was_bought_within_the_window(
    recent: bool,
) -> None:
    """Harvesting, raising $1,000 from a position with a loss lot, a gain lot and a lot at
    today's price: the plan takes the loss (worth the long rate on it, carried forward) -
    unless the no-gain lot was bought ten days ago (a loss sale now would be a wash sale): then
    the no-gain lot, then the gain lot."""
    problem = household(
        [
            held(
                "TAX",
                "AAA",
                (10.0, 150.0, LONG_AGO),  # a loss of 50 a share
                (10.0, 50.0, LATER),  # a gain of 50 a share
                (5.0, PRICE, DAYS_AGO if recent else LAST_YEAR),  # no gain
            )
        ],
        {"mid": 1.0},
        {"TAX": 0.0},
        tax=Tax(harvest=True),
        mode="raise_cash",
        raise_cash=10 * PRICE,
    )
    sol = exact(problem)
    assert sales(sol) == {("TAX", "AAA"): 10.0}
    assert sol.objective is not None
    if recent:
        assert taken(sol, "AAA") == {2: 5.0, 1: 5.0}
        assert sum(t.tax for t in sol.trades) == pytest.approx(LONG * 5 * (PRICE - 50.0))
    else:
        assert taken(sol, "AAA") == {0: 10.0}
        assert sum(t.tax for t in sol.trades) == 0.0
        assert sol.objective.loss_credit == pytest.approx(LONG * 10 * (150.0 - PRICE))


def test_a_one_lot_position_bought_at_a_loss_days_ago_is_not_sold() -> None:
    """ZZZ was bought ten days ago above today's price: selling it now would be a wash sale, so
    the plan leaves it though its bucket's target is zero, and fills the large caps from the
    IRA, which sells its mid-caps to pay."""
    problem = household(
        [held("TAX", "ZZZ", (10.0, 150.0, DAYS_AGO)), held("IRA", "AAA", (10.0, 60.0, LATER))],
        {"large": 1.0},
        {"TAX": 0.0, "IRA": 1000.0},
    )
    sol = exact(problem)
    assert sales(sol) == {("IRA", "AAA"): 10.0}
    assert buys(sol) == {("IRA", "BIG"): 20.0}


def test_the_ira_buys_beside_a_position_it_may_not_sell() -> None:
    """The IRA's cash buys mid and large caps to their targets; ZZZ, bought ten days ago at a
    loss, stays (it is on its bucket's target anyway)."""
    problem = household(
        [held("TAX", "ZZZ", (10.0, 150.0, DAYS_AGO))],
        {"mid": 2 / 3, "large": 1 / 3},
        {"TAX": 0.0, "IRA": 2000.0},
    )
    sol = exact(problem)
    assert sales(sol) == {}
    assert buys(sol) == {("IRA", "AAA"): 10.0, ("IRA", "BIG"): 10.0}


def test_the_plan_rebalances_in_the_ira_even_where_its_shares_carry_the_bigger_gain() -> None:
    """Half the household must move from mid to large caps: the IRA sells (no tax), though its
    shares cost $10 against the taxable account's $80."""
    problem = household(
        [held("TAX", "AAA", (10.0, 80.0, LATER)), held("IRA", "AAA", (10.0, 10.0, LATER))],
        {"mid": 0.5, "large": 0.5},
        {},
    )
    sol = exact(problem)
    assert sales(sol) == {("IRA", "AAA"): 10.0}
    assert buys(sol) == {("IRA", "BIG"): 10.0}
    assert sum(t.tax for t in sol.trades) == 0.0


def test_a_position_given_by_its_lot_alone_is_taxed_on_the_lots_cost() -> None:
    """AAA's file gives no total cost basis, only its one lot (bought at $90): raising $1,000,
    the plan sells AAA (a gain of $10 a share) rather than BBB (bought at $70)."""
    aaa = Holding("TAX", "AAA", 10.0, None, lots((10.0, 90.0, LATER)))
    problem = household(
        [aaa, held("TAX", "BBB", (10.0, 70.0, LATER))],
        {"mid": 1.0},
        {"TAX": 0.0},
        mode="raise_cash",
        raise_cash=10 * PRICE,
    )
    sol = exact(problem)
    assert sales(sol) == {("TAX", "AAA"): 10.0}
    assert sum(t.tax for t in sol.trades) == pytest.approx(LONG * 10 * (PRICE - 90.0))


def test_a_loss_lot_left_unsold_offsets_nothing() -> None:
    """The mid-caps (a gain of $10 a share) are sold whole; the large caps stay on target, and
    the loss on their first lot - not sold - takes nothing off the tax."""
    problem = household(
        [
            held("TAX", "AAA", (10.0, 90.0, LATER)),
            held("TAX", "BIG", (10.0, 130.0, LATER), (10.0, 50.0, LATER)),
        ],
        {"large": 2 / 3, "cash": 1 / 3},
        {"TAX": 0.0},
    )
    sol = exact(problem)
    assert sales(sol) == {("TAX", "AAA"): 10.0}
    assert sol.objective is not None
    assert sol.objective.tax == pytest.approx(LONG * 10 * (PRICE - 90.0))


def test_no_loss_is_harvested_by_buying_the_same_fund_back_in_the_ira() -> None:
    """Harvesting: AAA in the taxable account is $1,000 under its cost. Selling it and buying
    AAA in the IRA with the IRA's cash would keep the mix and bank the loss - a wash sale; the
    plan buys no AAA (a share's loss may still be worth more than the drift of selling it)."""
    problem = household(
        [held("TAX", "AAA", (10.0, 200.0, LATER))],
        {"mid": 0.5, "cash": 0.5},
        {"TAX": 0.0, "IRA": 1000.0},
        tax=Tax(harvest=True),
    )
    sol = exact(problem)
    assert buys(sol) == {}
    assert set(sales(sol)) <= {("TAX", "AAA")}


def test_an_ira_sale_names_its_lots_in_fifo_order() -> None:
    """A sale in an IRA is not taxed, and its lots are still the oldest first."""
    problem = household(
        [held("IRA", "AAA", (10.0, 90.0, LATER), (10.0, 40.0, LONG_AGO), (10.0, 95.0, LAST_YEAR))],
        {"mid": 1.0},
        {"IRA": 0.0},
        tax=Tax(lot_method="fifo"),
        mode="raise_cash",
        raise_cash=15 * PRICE,
    )
    sol = exact(problem)
    assert taken(sol, "AAA") == {1: 10.0, 0: 5.0}
    assert sum(t.tax for t in sol.trades) == 0.0


@pytest.mark.parametrize("given", [((6.0, 90.0, LATER),), ((3.0, 90.0, LATER), (3.0, 95.0, LATER))])
def test_shares_no_lot_names_are_one_more_lot_of_unknown_cost_sold_last(
    given: tuple[tuple[float, float, date], ...],
) -> None:
    """The file holds 10 AAA but its lots only 6 (the import warns): the 4 shares no lot names
    are one more lot, of unknown cost and date. Raising $800 sells 8 shares: the named lots
    first (their gain is known and smaller), then 2 of the rest, whose sale counts as all gain."""
    aaa = Holding("TAX", "AAA", 10.0, 10 * 90.0, lots(*given))
    problem = household([aaa], {"mid": 1.0}, {"TAX": 0.0}, mode="raise_cash", raise_cash=8 * PRICE)
    sol = solve(problem, method="exact")
    assert sol.status == "optimal" and sol.objective is not None
    (trade,) = sol.trades
    assert trade.shares == 8.0
    named = {k: n for k, (n, _, _) in enumerate(given)}
    assert taken(sol, "AAA") == named | {len(given): 2.0}
    (rest,) = [s for s in trade.lots if s.lot == len(given)]
    assert (rest.cost, rest.acquired, rest.gain) == (None, None, None)


# --- budgets, harvesting and wash sales in the programme, through the exact method ---------


def netted(
    positions: tuple[tuple[str, float, date], ...], rs: float = SHORT, rl: float = LONG
) -> tuple[float, float, float]:
    """The short- and long-term gains of selling 10 shares of each (symbol, cost, acquired),
    and the tax on them netted (IRC 1222)."""
    short = sum(10 * (PRICE - unit) for _, unit, when in positions if when == MONTHS_AGO)
    long = sum(10 * (PRICE - unit) for _, unit, when in positions if when != MONTHS_AGO)
    return short, long, netted_tax(short, long, rs, rl)


SHORT_LOSS_LONG_GAIN = (("AAA", 170.0, MONTHS_AGO), ("CCC", 20.0, LATER))  # -700, +800
SHORT_GAIN_LONG_LOSS = (("AAA", 10.0, MONTHS_AGO), ("CCC", 130.0, LATER))  # +900, -300
SHORT_GAIN_ALONE = (("AAA", 10.0, MONTHS_AGO),)  # +900


@pytest.mark.parametrize(
    ("positions", "budget"),
    [
        (SHORT_LOSS_LONG_GAIN, "max_tax"),
        (SHORT_GAIN_LONG_LOSS, "max_tax"),
        (SHORT_GAIN_ALONE, "max_tax"),
        (SHORT_GAIN_LONG_LOSS, "max_realized_gain"),
        (SHORT_LOSS_LONG_GAIN, "max_realized_gain"),
    ],
)
def test_a_budget_fifty_cents_above_the_netted_tax_or_gain_lets_everything_be_sold(
    positions: tuple[tuple[str, float, date], ...], budget: str
) -> None:
    """Raising cash worth every position, with a tax budget (or a cap on the net realised
    gain) 50 cents above what selling everything costs once each term's loss offsets the
    other's gain: the plan sells everything, within the budget."""
    short, long, tax = netted(positions)
    limit = (tax if budget == "max_tax" else short + long) + 0.5
    problem = raise_all(
        [held("TAX", s, (10.0, unit, when)) for s, unit, when in positions],
        Tax(**{budget: limit}),  # type: ignore[arg-type]
    )
    sol = exact(problem)
    assert sales(sol) == {("TAX", s): 10.0 for s, _, _ in positions}
    assert sol.objective is not None
    assert sol.objective.tax == pytest.approx(tax, abs=0.02)
    assert sum(t.realized_gain or 0.0 for t in sol.trades) == pytest.approx(short + long)


def test_a_zero_tax_budget_leaves_the_taxable_gain_and_rebalances_in_the_ira() -> None:
    """No tax allowed: the plan moves half the household to large caps by selling the IRA's
    mid-caps only, and pays nothing."""
    problem = household(
        [held("TAX", "AAA", (10.0, 50.0, LATER)), held("IRA", "AAA", (10.0, 60.0, LATER))],
        {"mid": 0.5, "large": 0.5},
        {},
        tax=Tax(max_tax=0.0),
    )
    sol = exact(problem)
    assert sales(sol) == {("IRA", "AAA"): 10.0}
    assert buys(sol) == {("IRA", "BIG"): 10.0}
    assert sol.objective is not None and sol.objective.tax == 0.0


def test_a_zero_tax_budget_admits_no_gain_however_small() -> None:
    """Raising cash worth everything, where the long-term lot was bought 5 cents under today's
    price (a 50-cent gain, 10 cents of tax) and the short-term one at today's price: with no
    tax allowed there is no plan."""
    problem = raise_all(
        [
            held("TAX", "AAA", (10.0, PRICE - 0.05, LATER)),
            held("TAX", "BBB", (10.0, PRICE, MONTHS_AGO)),
        ],
        Tax(max_tax=0.0),
    )
    sol = solve(problem, method="exact")
    assert sol.status == "infeasible"
    assert sol.trades == []


@pytest.mark.parametrize(
    "positions",
    [SHORT_GAIN_LONG_LOSS, SHORT_LOSS_LONG_GAIN, (("AAA", 10.0, MONTHS_AGO), ("CCC", 40.0, LATER))],
)
def test_gains_are_netted_when_the_long_rate_is_above_the_short(
    positions: tuple[tuple[str, float, date], ...],
) -> None:
    """A collectible (a gold fund) held long-term is taxed at 28%, above a 24% bracket's
    short-term rate: selling everything still pays each term's netted gain at its own rate,
    and the plan is proven the best (the programme's tax of it is its real tax)."""
    rs, rl = 0.24, 0.28
    _, _, tax = netted(positions, rs, rl)
    problem = raise_all(
        [held("TAX", s, (10.0, unit, when)) for s, unit, when in positions],
        Tax(short_term=rs, long_term=rl),
    )
    sol = exact(problem)
    assert sales(sol) == {("TAX", s): 10.0 for s, _, _ in positions}
    assert sol.objective is not None
    assert sol.objective.tax == pytest.approx(tax, abs=0.02)


def test_harvesting_sells_each_losing_fund_for_a_substitute() -> None:
    """Harvesting: AAA (one lot) and BBB's first lot are under their cost, BBB's second lot is
    a gain. The plan sells both losses - only the losing lot of BBB - and buys CCC, the third
    mid-cap vehicle, to stay on target (buying AAA or BBB back would make a wash sale); the
    credit is the long rate on the whole loss."""
    problem = household(
        [
            held("TAX", "AAA", (10.0, 200.0, LATER)),
            held("TAX", "BBB", (10.0, 180.0, LONG_AGO), (10.0, 50.0, LATER)),
        ],
        {"mid": 1.0},
        {"TAX": 0.0},
        tax=Tax(harvest=True),
        vehicles={"mid": ("CCC", "AAA", "BBB")},
    )
    sol = exact(problem)
    assert sales(sol) == {("TAX", "AAA"): 10.0, ("TAX", "BBB"): 10.0}
    assert taken(sol, "BBB") == {0: 10.0}
    assert buys(sol) == {("TAX", "CCC"): 20.0}
    assert sol.objective is not None
    loss = 10 * (200.0 - PRICE) + 10 * (180.0 - PRICE)
    assert sol.objective.loss_credit == pytest.approx(LONG * loss)
    assert sol.objective.tax == 0.0


@pytest.mark.parametrize("unit", [120.0, 110.0])
def test_a_loss_is_harvested_only_when_its_credit_beats_the_tickets(unit: float) -> None:
    """Two tickets at $14 and turnover of 0.1% on $2,000 cost $30: swapping AAA for CCC pays
    when the long rate on AAA's loss is more than that - a $200 loss is worth $40, a $100
    loss only $20."""
    problem = household(
        [held("TAX", "AAA", (10.0, unit, LATER))],
        {"mid": 1.0},
        {"TAX": 0.0},
        tax=Tax(harvest=True),
        vehicles={"mid": ("AAA", "CCC")},
        cost_per_trade=14.0,
    )
    sol = exact(problem)
    credit = LONG * 10 * (unit - PRICE)
    swap = 2 * 14.0 + 0.001 * 20 * PRICE
    assert sol.objective is not None
    if credit > swap:
        assert sales(sol) == {("TAX", "AAA"): 10.0}
        assert buys(sol) == {("TAX", "CCC"): 10.0}
        assert sol.objective.loss_credit == pytest.approx(credit)
    else:
        assert sol.trades == []
        assert sol.objective.loss_credit == 0.0


@pytest.mark.parametrize(
    ("specs", "ira_first"),
    [
        (((10.0, 200.0, LATER),), True),  # the IRA's slots come before the taxable account's
        (((5.0, 200.0, LATER), (5.0, 180.0, LONG_AGO)), False),  # two lots, both losses
    ],
)
def test_no_loss_is_harvested_by_buying_the_fund_back_in_the_ira(
    specs: tuple[tuple[float, float, date], ...], ira_first: bool
) -> None:
    """As above, whichever account the household lists first and however many lots the loss
    is in: the plan never sells AAA at a loss in the taxable account while it buys AAA in the
    IRA (not even a share)."""
    problem = household(
        [held("TAX", "AAA", *specs)],
        {"mid": 0.5, "cash": 0.5},
        {"TAX": 0.0, "IRA": 1000.0},
        tax=Tax(harvest=True),
    )
    if ira_first:
        problem = replace(problem, accounts=tuple(reversed(problem.accounts)))
    sol = exact(problem)
    assert buys(sol) == {}
    assert set(sales(sol)) <= {("TAX", "AAA")}


def test_a_sale_at_a_gain_does_not_stop_the_ira_buying_the_same_fund() -> None:
    """$1,000 must come out of the taxable account, which holds AAA (a $10 gain) and AAB, a
    substantially identical fund $500 under its cost. Selling AAB would cost no tax but bar
    buying AAA back in the IRA (a wash sale); the plan sells AAA, pays the long rate on its
    gain, and the IRA's cash buys AAA to keep the mid-caps."""
    base = household(
        [held("TAX", "AAA", (10.0, 99.0, LATER)), held("TAX", "AAB", (10.0, 150.0, LATER))],
        {"mid": 1.0},
        {"TAX": 0.0, "IRA": 1000.0},
    )
    securities = dict(base.securities)
    securities["AAB"] = Security("AAB", PRICE, {"mid": 1.0}, group="AAA")
    accounts = tuple(replace(a, withdraw=10 * PRICE) if a.id == "TAX" else a for a in base.accounts)
    sol = exact(replace(base, securities=securities, accounts=accounts))
    assert sales(sol) == {("TAX", "AAA"): 10.0}
    assert buys(sol) == {("IRA", "AAA"): 10.0}
    assert sum(t.tax for t in sol.trades) == pytest.approx(LONG * 10 * (PRICE - 99.0))
