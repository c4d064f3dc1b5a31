"""The fast method (``planner/core/rebalance/fast.py``), called directly: the bound it reports
is the continuous relaxation's cost (a lower bound on every plan), and its plan costs no more
than either plan it is made from: the relaxation rounded, and the relaxation solved again with
the rounded plan's trades fixed (each trade kept, no other trade opened) and rounded. The
household's new cash goes first where an account's buys take it below its reserve."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import pytest

from planner.core.holdings import AccountType
from planner.core.policy import BUCKETS, Policy, Tax, Trading
from planner.core.problem import AccountState, Holding, Lot, Problem, Security
from planner.core.rebalance.exact import run_milp
from planner.core.rebalance.fast import (
    _repair_cash,
    _repair_position_limits,
    _repair_wash_sales,
    _round,
    solve_fast,
)
from planner.core.rebalance.layout import build_model
from planner.core.rebalance.model import OBJECTIVE_SCALE, Model
from planner.core.rebalance.readout import finish, place_new_cash, trades_from
from planner.core.rebalance.slots import build_slots, household_total
from tests.benchmarks.households import random_problem


def _cost(problem: Problem, model: Model, total: float, x: np.ndarray) -> float:
    """The cost of ``x`` rounded to a plan."""
    rounded = _round(problem, model, x)
    assert rounded is not None
    bought, sold = rounded
    trades = trades_from(problem, model, bought, sold)
    placed = place_new_cash(problem, model, bought, sold)
    plan = finish(problem, trades, total, [], placed, model.slots)
    assert plan.objective is not None
    return plan.objective.total


def _fixed(problem: Problem, model: Model, x: np.ndarray) -> Model:
    """``model`` with the trades of ``x`` rounded fixed: each bought or sold position is
    traded, no other is."""
    rounded = _round(problem, model, x)
    assert rounded is not None
    bought, sold = rounded
    L, n = model.layout, len(model.slots)
    lb, ub = model.lb.copy(), model.ub.copy()
    lb[L.zb : L.zb + n] = ub[L.zb : L.zb + n] = (bought > 0).astype(float)
    lb[L.zs : L.zs + n] = ub[L.zs : L.zs + n] = (sold > 0).astype(float)
    return replace(model, lb=lb, ub=ub)


@pytest.mark.parametrize(
    ("seed", "accounts", "positions"),
    [(0, 3, 25), (1, 3, 25), (1, 2, 8), (5, 2, 8), (6, 2, 8), (7, 2, 8)],
)
def test_the_bound_is_the_relaxation_and_the_plan_the_cheaper_of_its_two_roundings(
    seed: int, accounts: int, positions: int
) -> None:
    problem = random_problem(seed, accounts=accounts, positions=positions)
    total = household_total(problem)
    model = build_model(problem, build_slots(problem), total)
    relaxed = run_milp(model, integer=False)
    assert relaxed.x is not None
    lower = float(relaxed.fun) / OBJECTIVE_SCALE - model.offset
    sol = solve_fast(problem, model, total)
    assert sol is not None and sol.objective is not None and sol.method == "fast"
    assert sol.bound == pytest.approx(min(lower, sol.objective.total), abs=1e-6)
    once = _cost(problem, model, total, relaxed.x)
    again = run_milp(_fixed(problem, model, relaxed.x), integer=False)
    assert again.x is not None
    twice = _cost(problem, model, total, again.x)
    assert sol.objective.total == pytest.approx(min(once, twice), abs=1e-6)
    assert lower <= sol.objective.total + 1e-6


def test_new_cash_first_pays_for_buys_that_would_take_an_account_below_its_reserve() -> None:
    reserve, new_cash, ira_cash, price, shares = 500.0, 2_000.0, 1_000.0, 50.0, 24.0
    targets = dict.fromkeys(BUCKETS, 0.0) | {"mega": 0.5, "small": 0.5}
    policy = Policy(
        targets=targets,
        trading=Trading(mode="cash_flow", new_cash=new_cash, cash_reserve=reserve),
        vehicles={"small": ("SML",), "mega": ("BIG",)},
    )
    securities = {
        "BIG": Security("BIG", 100.0, {"mega": 1.0}),
        "SML": Security("SML", price, {"small": 1.0}),
    }
    problem = Problem(
        (AccountState("TAX", "taxable", 0.0), AccountState("IRA", "tax_deferred", ira_cash)),
        (Holding("TAX", "BIG", 10, 900.0), Holding("IRA", "BIG", 10, 900.0)),
        securities,
        targets,
        policy,
    )
    total = household_total(problem)
    model = build_model(problem, build_slots(problem), total)
    n = len(model.slots)
    (ira_sml,) = [
        i for i, s in enumerate(model.slots) if (s.account_id, s.symbol) == ("IRA", "SML")
    ]
    bought, sold = np.zeros(n), np.zeros(n)
    bought[ira_sml] = shares
    placed = place_new_cash(problem, model, bought, sold)
    # the IRA spends more than its cash above the reserve: new cash makes up the difference;
    # the rest goes to the taxable account (the IRA takes only what it needs)
    short = shares * price - (ira_cash - reserve)
    assert placed == pytest.approx({"IRA": short, "TAX": new_cash - short})


# ---------------------------------------------------------------------------------------------
# Rounding and repair, called directly on small hand-made households: a relaxed solution is
# written by hand so each rule is reached, and the shares expected are worked out from the
# prices, min_trade and cash. Every security is a mega-cap one (the targets do not matter here).

Key = tuple[str, str]


def household(
    accounts: Sequence[AccountState],
    holdings: Sequence[Holding],
    securities: Sequence[Security],
    vehicles: Sequence[str] = (),
    tax: Tax | None = None,
    as_of: date | None = None,
    **rules: Any,
) -> tuple[Problem, Model]:
    targets = dict.fromkeys(BUCKETS, 0.0) | {"mega": 1.0}
    policy = Policy(
        targets=targets,
        trading=Trading(**rules),
        vehicles={"mega": tuple(vehicles)},
        tax=tax or Tax(),
    )
    problem = Problem(
        tuple(accounts),
        tuple(holdings),
        {s.symbol: s for s in securities},
        targets,
        policy,
        as_of=as_of,
    )
    return problem, build_model(problem, build_slots(problem), household_total(problem))


def fund(symbol: str, price: float, group: str = "") -> Security:
    return Security(symbol, price, {"mega": 1.0}, group=group)


def stock(symbol: str, price: float) -> Security:
    return Security(symbol, price, {"mega": 1.0}, kind="stock")


def at(model: Model, key: Key) -> int:
    (i,) = [i for i, s in enumerate(model.slots) if (s.account_id, s.symbol) == key]
    return i


def relaxed(
    model: Model,
    buy: Mapping[Key, float] | None = None,
    sell: Mapping[Key, float] | None = None,
    close: Mapping[Key, float] | None = None,
) -> np.ndarray:
    """A relaxed solution buying, selling (whole shares) and closing (the fraction) these."""
    L = model.layout
    x = np.zeros(L.size)
    for start, given in ((L.b, buy), (L.s, sell), (L.c, close)):
        for key, v in (given or {}).items():
            x[start + at(model, key)] = v
    return x


def arrays(
    model: Model, buy: Mapping[Key, float] | None = None, sell: Mapping[Key, float] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    n = len(model.slots)
    bought, sold = np.zeros(n), np.zeros(n)
    for out, given in ((bought, buy), (sold, sell)):
        for key, v in (given or {}).items():
            out[at(model, key)] = v
    return bought, sold


def shares(model: Model, v: np.ndarray) -> dict[Key, float]:
    """The slots with shares in ``v``, by (account, symbol)."""
    return {(s.account_id, s.symbol): float(v[i]) for i, s in enumerate(model.slots) if v[i] != 0}


def rounded(problem: Problem, model: Model, x: np.ndarray) -> tuple[dict[Key, float], ...]:
    out = _round(problem, model, x)
    assert out is not None
    return shares(model, out[0]), shares(model, out[1])


MIN = 100.0  # min_trade in the households below
# An IRA with plenty of cash (no wash sales, no cash floor in the way), holding:
HELD = {
    "BIG": (100.0, 20.0),  # $2,000
    "FND": (100.0, 10.5),  # 10 whole shares and half a share, closed only with the position
    "FRT": (40.0, 10.0),  # $400
    "QRT": (25.0, 10.0),  # $250
    "SML": (30.0, 4.0),  # $120: one share over min_trade
    "TNY": (5.0, 10.0),  # $50: a position smaller than min_trade
    "TWO": (50.0, 2.0),  # $100: exactly min_trade
    "ODD": (30.0, 3.5),  # $105: 3 whole shares and half a share
}
CHEAP = {"CHP": 30.0, "HLF": 25.0, "FRTY": 40.0}  # vehicles held nowhere


def ira(fractional: bool = False, **rules: Any) -> tuple[Problem, Model]:
    prices = {k: p for k, (p, _) in HELD.items()} | CHEAP
    return household(
        [AccountState("I", "tax_deferred", 50_000.0)],
        [Holding("I", k, q) for k, (_, q) in HELD.items()],
        [fund(k, p) for k, p in prices.items()],
        vehicles=sorted(prices),
        min_trade=MIN,
        fractional=fractional,
        **rules,
    )


@pytest.mark.parametrize(
    ("buy", "expected"),
    [
        (0.8, 1.0),  # to the nearest share: one $100 share is min_trade
        (0.3, 0.0),
        (1.0, 1.0),
    ],
)
def test_a_buy_rounds_to_the_nearest_whole_share(buy: float, expected: float) -> None:
    problem, model = ira()
    got = rounded(problem, model, relaxed(model, buy={("I", "BIG"): buy}))
    assert got == ({("I", "BIG"): expected} if expected else {}, {})


@pytest.mark.parametrize(
    ("symbol", "buy", "expected"),
    [
        # 2 shares at $30 = $60, at least half of min_trade: up to ceil(100 / 30) = 4 shares
        ("CHP", 2.0, math.ceil(MIN / CHEAP["CHP"])),
        # 2 shares at $25 = $50, exactly half: up to 100 / 25 = 4 shares (no fifth)
        ("HLF", 2.0, MIN / CHEAP["HLF"]),
        # 1 share at $40 = $40, less than half: dropped
        ("FRTY", 1.0, 0.0),
        # 1 share at $30, less than half: dropped
        ("CHP", 1.0, 0.0),
    ],
)
def test_a_buy_under_min_trade_is_rounded_up_from_half_of_it_and_dropped_below(
    symbol: str, buy: float, expected: float
) -> None:
    problem, model = ira()
    got = rounded(problem, model, relaxed(model, buy={("I", symbol): buy}))
    assert got == ({("I", symbol): expected} if expected else {}, {})


def test_a_buy_is_rounded_up_to_min_trade_only_when_the_account_can_pay_for_it() -> None:
    # $120 of cash and nothing to sell: at most 4 shares of a $30 fund, and 4 = ceil(100 / 30)
    def small_account(cash: float) -> tuple[Problem, Model]:
        return household(
            [AccountState("S", "tax_deferred", cash)],
            [],
            [fund("AAA", 1_000.0), fund("CHP", 30.0)],
            vehicles=["AAA", "CHP"],
            min_trade=MIN,
        )

    problem, model = small_account(4 * 30.0)
    assert model.ub[model.layout.b + at(model, ("S", "CHP"))] == 4
    assert rounded(problem, model, relaxed(model, buy={("S", "CHP"): 2.0})) == (
        {("S", "CHP"): 4.0},
        {},
    )
    # a cent less and the fourth share is out of reach: the buy is dropped
    problem, model = small_account(4 * 30.0 - 0.01)
    assert rounded(problem, model, relaxed(model, buy={("S", "CHP"): 2.0})) == ({}, {})


@pytest.mark.parametrize(
    ("sell", "close", "expected"),
    [
        (10.0, 1.0, 10.5),  # the whole shares and the fraction: the position is closed
        (10.0, 0.0, 10.0),  # the whole shares only: the half share stays
        (9.0, 0.0, 9.0),
    ],
)
def test_a_position_is_closed_only_when_the_relaxation_sells_its_fraction_too(
    sell: float, close: float, expected: float
) -> None:
    problem, model = ira()
    x = relaxed(model, sell={("I", "FND"): sell}, close={("I", "FND"): close})
    assert rounded(problem, model, x) == ({}, {("I", "FND"): expected})


@pytest.mark.parametrize(
    ("symbol", "sell", "expected"),
    [
        # 2 shares at $40 = $80: up to ceil(100 / 40) = 3
        ("FRT", 2.0, math.ceil(MIN / HELD["FRT"][0])),
        # 2 shares at $25 = $50, exactly half of min_trade: up to 100 / 25 = 4
        ("QRT", 2.0, MIN / HELD["QRT"][0]),
        # 1 share at $40, less than half: dropped
        ("FRT", 1.0, 0.0),
        # 2 shares at $30 = $60: up to ceil(100 / 30) = 4, which is every share held
        ("SML", 2.0, HELD["SML"][1]),
        # a position worth exactly min_trade is not small: 1 share at $50 goes up to 2
        ("TWO", 0.8, MIN / HELD["TWO"][0]),
    ],
)
def test_a_sale_under_min_trade_is_rounded_up_from_half_of_it_and_dropped_below(
    symbol: str, sell: float, expected: float
) -> None:
    problem, model = ira()
    got = rounded(problem, model, relaxed(model, sell={("I", symbol): sell}))
    assert got == ({}, {("I", symbol): expected} if expected else {})


def test_a_sale_rounded_up_past_the_whole_shares_held_is_dropped() -> None:
    # 3.5 shares at $30 ($105, not small): 2 shares ($60) would go up to ceil(100 / 30) = 4,
    # more than the 3 whole shares that may be sold without closing the position
    problem, model = ira()
    got = rounded(problem, model, relaxed(model, sell={("I", "ODD"): 2.0}))
    assert got == ({}, {})


@pytest.mark.parametrize(
    ("sell", "expected"),
    [
        (6.0, 10.0),  # more than half of a $50 position: all of it
        (5.0, 10.0),  # exactly half: all of it
        (4.0, 0.0),  # less than half: none of it
    ],
)
def test_a_position_smaller_than_min_trade_is_sold_whole_or_not_at_all(
    sell: float, expected: float
) -> None:
    problem, model = ira()
    got = rounded(problem, model, relaxed(model, sell={("I", "TNY"): sell}))
    assert got == ({}, {("I", "TNY"): expected} if expected else {})


def test_fractional_shares_are_kept_to_six_digits() -> None:
    problem, model = ira(fractional=True)
    x = relaxed(model, buy={("I", "BIG"): 2.1234567, ("I", "CHP"): 0.005})
    # $0.15 of CHP is less than half of min_trade: dropped; BIG to the millionth of a share
    assert rounded(problem, model, x) == ({("I", "BIG"): 2.123457}, {})


def test_a_fractional_buy_under_min_trade_is_rounded_up_to_exactly_min_trade() -> None:
    problem, model = ira(fractional=True)
    # 1.5 shares at $40 = $60: up to 100 / 40 = 2.5 shares, exactly min_trade
    x = relaxed(model, buy={("I", "FRTY"): 1.5})
    assert rounded(problem, model, x) == ({("I", "FRTY"): MIN / CHEAP["FRTY"]}, {})


def raising(cash: float, **rules: Any) -> tuple[Problem, Model]:
    return household(
        [AccountState("I", "tax_deferred", 0.0)],
        [Holding("I", "BIG", 100.0)],
        [fund("BIG", 100.0)],
        vehicles=["BIG"],
        raise_cash=cash,
        min_trade=MIN,
        **rules,
    )


@pytest.mark.parametrize(
    ("cash", "sell", "expected"),
    [
        (320.0, 3.2, 4.0),  # 3.2 shares raise $320: rounded up to 4, never down to 3
        (300.0, 3.0, 3.0),  # exactly 3 shares raise exactly the $300 asked
    ],
)
def test_raising_cash_sells_whole_shares_rounded_up(
    cash: float, sell: float, expected: float
) -> None:
    problem, model = raising(cash, mode="raise_cash")
    got = rounded(problem, model, relaxed(model, sell={("I", "BIG"): sell}))
    assert got == ({}, {("I", "BIG"): expected})


def test_raising_cash_fails_when_the_rounded_sales_raise_too_little() -> None:
    # 3 shares at $100 raise $300 of the $500 asked
    problem, model = raising(500.0, mode="raise_cash")
    assert _round(problem, model, relaxed(model, sell={("I", "BIG"): 3.0})) is None


def test_cash_to_raise_is_ignored_outside_raise_cash_mode() -> None:
    # a policy switched back to "full" keeps its raise_cash figure; it asks nothing of the plan
    problem, model = raising(500.0, mode="full")
    got = rounded(problem, model, relaxed(model, sell={("I", "BIG"): 3.0}))
    assert got == ({}, {("I", "BIG"): 3.0})


# Wash sales: VTI ($200) and ITOT (a vehicle) are one wash-sale group; the taxable account
# holds VTI at a loss ($250 a share) and AAA ($50) at a loss, alone in its group.
def washing(**tax: Any) -> tuple[Problem, Model]:
    return household(
        [AccountState("T", "taxable", 10_000.0)],
        [Holding("T", "AAA", 10.0, 10 * 60.0), Holding("T", "VTI", 10.0, 10 * 250.0)],
        [fund("AAA", 50.0), fund("VTI", 200.0, "total"), fund("ITOT", 300.0, "total")],
        vehicles=["AAA", "ITOT", "VTI"],
        tax=Tax(**tax),
        min_trade=MIN,
    )


@pytest.mark.parametrize(
    ("sell", "buy", "kept"),
    [
        (1.0, 1.0, "buy"),  # $200 of loss sale, $300 of purchase: the purchase stays
        (4.0, 2.0, "sell"),  # $800 of loss sale, $600 of purchase: the sale stays
        (3.0, 2.0, "sell"),  # $600 each: the purchase is not larger, the sale stays
    ],
)
def test_a_loss_sale_and_a_purchase_in_its_group_keep_the_larger_side(
    sell: float, buy: float, kept: str
) -> None:
    problem, model = washing()
    bought, sold = arrays(model, buy={("T", "ITOT"): buy}, sell={("T", "VTI"): sell})
    _repair_wash_sales(problem, model, bought, sold)
    if kept == "buy":
        assert (shares(model, bought), shares(model, sold)) == ({("T", "ITOT"): buy}, {})
    else:
        assert (shares(model, bought), shares(model, sold)) == ({}, {("T", "VTI"): sell})


def test_each_group_is_repaired_even_after_a_group_with_no_purchase() -> None:
    problem, model = washing()
    # AAA is sold at a loss with nothing of its group bought; VTI's loss sale meets a purchase
    bought, sold = arrays(
        model, buy={("T", "ITOT"): 2.0}, sell={("T", "AAA"): 4.0, ("T", "VTI"): 1.0}
    )
    _repair_wash_sales(problem, model, bought, sold)
    assert (shares(model, bought), shares(model, sold)) == (
        {("T", "ITOT"): 2.0},
        {("T", "AAA"): 4.0},
    )


def test_a_sale_is_a_loss_sale_only_when_the_lots_it_takes_are_at_a_loss() -> None:
    # fifo sells the older lot first: bought at $150, a gain; the newer lot ($250) stays
    as_of = date(2026, 6, 1)
    lots = (Lot(10.0, 1_500.0, date(2024, 1, 2)), Lot(10.0, 2_500.0, date(2025, 1, 2)))
    problem, model = household(
        [AccountState("T", "taxable", 10_000.0)],
        [Holding("T", "VTI", 20.0, 4_000.0, lots)],
        [fund("VTI", 200.0, "total"), fund("ITOT", 300.0, "total")],
        vehicles=["ITOT", "VTI"],
        tax=Tax(lot_method="fifo"),
        as_of=as_of,
        min_trade=MIN,
    )
    bought, sold = arrays(model, buy={("T", "ITOT"): 1.0}, sell={("T", "VTI"): 5.0})
    _repair_wash_sales(problem, model, bought, sold)
    assert (shares(model, bought), shares(model, sold)) == (
        {("T", "ITOT"): 1.0},
        {("T", "VTI"): 5.0},
    )


# Position limits: a quarter of a $100,000 household (no cash), so $25,000 of one stock.
def limited(
    price: float, held: Mapping[str, float], fractional: bool = False, min_trade: float = MIN
) -> tuple[Problem, Model]:
    """The taxable account T and the IRA R hold ``held`` shares of the stock XYZ at ``price``
    each; a fund FND makes up the rest of $100,000. NEW is a stock vehicle held nowhere."""
    stock_value = price * sum(held.values())
    return household(
        [AccountState("T", "taxable", 0.0), AccountState("R", "tax_deferred", 0.0)],
        [
            Holding("T", "FND", (100_000.0 - stock_value) / 100.0),
            *(Holding(a, "XYZ", q) for a, q in held.items()),
        ],
        [fund("FND", 100.0), stock("XYZ", price), stock("NEW", 100.0)],
        vehicles=["FND", "NEW"],
        buy_single_stocks=True,
        max_position=0.25,
        fractional=fractional,
        min_trade=min_trade,
    )


def limit(problem: Problem, model: Model, buy: Mapping[Key, float]) -> dict[Key, float]:
    bought, _ = arrays(model, buy=buy)
    _repair_position_limits(problem, model, bought)
    return shares(model, bought)


def test_a_stock_buy_is_trimmed_to_the_position_limit_and_a_fund_is_not() -> None:
    # $15,000 of XYZ held: $10,000 of room, 100 shares at $100 exactly
    problem, model = limited(100.0, {"T": 100.0, "R": 50.0})
    assert limit(problem, model, {("T", "XYZ"): 120.0, ("T", "FND"): 500.0}) == {
        ("T", "XYZ"): 100.0,
        ("T", "FND"): 500.0,
    }
    assert limit(problem, model, {("T", "XYZ"): 90.0}) == {("T", "XYZ"): 90.0}


def test_the_room_left_is_shared_by_the_accounts_buying_the_stock() -> None:
    # $14,000 of XYZ at $80 held: $11,000 of room; T's 60 shares take $4,800, R gets
    # floor(6,200 / 80) = 77 whole shares
    problem, model = limited(80.0, {"T": 125.0, "R": 50.0})
    assert limit(problem, model, {("T", "XYZ"): 60.0, ("R", "XYZ"): 100.0}) == {
        ("T", "XYZ"): 60.0,
        ("R", "XYZ"): math.floor(6_200.0 / 80.0),
    }
    # fractional shares: exactly the room, 77.5 shares
    problem, model = limited(80.0, {"T": 125.0, "R": 50.0}, fractional=True)
    assert limit(problem, model, {("T", "XYZ"): 60.0, ("R", "XYZ"): 100.0}) == {
        ("T", "XYZ"): 60.0,
        ("R", "XYZ"): 6_200.0 / 80.0,
    }


def test_a_stock_with_no_room_left_is_not_bought_at_all() -> None:
    # fractional, no min_trade: T's 100 shares at $100 fill the room; R buys nothing
    problem, model = limited(100.0, {"T": 100.0, "R": 50.0}, fractional=True, min_trade=0.0)
    assert limit(problem, model, {("T", "XYZ"): 120.0, ("R", "XYZ"): 10.0}) == {("T", "XYZ"): 100.0}


def test_a_single_share_over_the_limit_is_not_bought() -> None:
    # $24,500 of XYZ at $1,000: $500 of room, less than one share
    problem, model = limited(1_000.0, {"T": 20.0, "R": 4.5})
    assert limit(problem, model, {("T", "XYZ"): 1.0}) == {}


def test_a_trim_to_exactly_min_trade_is_kept() -> None:
    # $24,900 of XYZ at $100: $100 of room, one share, exactly min_trade
    problem, model = limited(100.0, {"T": 150.0, "R": 99.0})
    assert limit(problem, model, {("T", "XYZ"): 5.0}) == {("T", "XYZ"): 1.0}


def test_a_stock_held_nowhere_may_be_bought_up_to_the_whole_limit() -> None:
    problem, model = limited(100.0, {"T": 100.0, "R": 50.0})
    # $25,000 of room: 250 shares at $100
    assert limit(problem, model, {("T", "NEW"): 300.0}) == {("T", "NEW"): 250.0}
    assert limit(problem, model, {("R", "NEW"): 250.0}) == {("R", "NEW"): 250.0}


# Cash floors: buys are trimmed, the largest first, until each account's cash is at or above
# its floor; in cash_flow mode the new cash pays the taxable (eligible) account's shortfall.
def cash_of(
    cash: Mapping[str, float], fractional: bool = False, min_trade: float = MIN, **rules: Any
) -> tuple[Problem, Model]:
    """Accounts named T (taxable) or I (IRA) with ``cash``, holding nothing; AAA at $100 and
    BBB at $20 may be bought."""
    kinds: dict[str, AccountType] = {"T": "taxable", "I": "tax_deferred"}
    return household(
        [AccountState(a, kinds[a], c) for a, c in cash.items()],
        [],
        [fund("AAA", 100.0), fund("BBB", 20.0), fund("BIG", 500.0)],
        vehicles=["AAA", "BBB", "BIG"],
        fractional=fractional,
        min_trade=min_trade,
        **rules,
    )


def repair(problem: Problem, model: Model, buy: Mapping[Key, float]) -> dict[Key, float]:
    bought, sold = arrays(model, buy=buy)
    _repair_cash(problem, model, bought, sold)
    return shares(model, bought)


@pytest.mark.parametrize(
    ("cash", "buy", "expected"),
    [
        (1_000.0, 12.0, 10.0),  # $200 short: exactly 2 shares less
        (1_000.0, 10.0, 10.0),  # exactly the cash: nothing to trim
        (1_050.0, 12.0, 10.0),  # $150 short: 1.5 shares, so 2 less
        (150.0, 3.0, 1.0),  # one share ($100, exactly min_trade) is left
    ],
)
def test_a_buy_is_trimmed_by_the_fewest_shares_that_pay_for_it(
    cash: float, buy: float, expected: float
) -> None:
    problem, model = cash_of({"I": cash})
    assert repair(problem, model, {("I", "AAA"): buy}) == {("I", "AAA"): expected}


def test_a_trim_that_leaves_less_than_min_trade_drops_the_buy() -> None:
    # $150 short of 3 shares at $100: one share ($100) would be left, under a $200 min_trade
    problem, model = cash_of({"I": 150.0}, min_trade=200.0)
    assert repair(problem, model, {("I", "AAA"): 3.0}) == {}
    # one share of $500 with $300 of cash: nothing can be left
    problem, model = cash_of({"I": 300.0})
    assert repair(problem, model, {("I", "BIG"): 1.0}) == {}


def test_a_fractional_buy_is_trimmed_to_the_cash_exactly() -> None:
    problem, model = cash_of({"I": 1_000.0}, fractional=True)
    assert repair(problem, model, {("I", "AAA"): 12.5}) == {("I", "AAA"): 10.0}


def test_the_largest_buy_in_dollars_is_trimmed_first() -> None:
    # $1,000 of AAA (10 shares) and $400 of BBB (20 shares) with $1,000 of cash: $400 short,
    # taken from AAA (4 shares)
    problem, model = cash_of({"I": 1_000.0})
    got = repair(problem, model, {("I", "AAA"): 10.0, ("I", "BBB"): 20.0})
    assert got == {("I", "AAA"): 6.0, ("I", "BBB"): 20.0}


def test_every_account_short_by_half_a_dollar_loses_a_share() -> None:
    problem, model = cash_of({"T": 999.5, "I": 999.5})
    got = repair(problem, model, {("T", "AAA"): 10.0, ("I", "AAA"): 10.0})
    assert got == {("T", "AAA"): 9.0, ("I", "AAA"): 9.0}
    problem, model = cash_of({"I": 999.5})
    assert repair(problem, model, {("I", "AAA"): 10.0}) == {("I", "AAA"): 9.0}


NEW_CASH = 2_000.0


@pytest.mark.parametrize(
    ("buy", "expected"),
    [
        # the taxable account's $2,000 of buys are paid by the new cash; the IRA's $500 is
        # not (new cash goes to the taxable account): the IRA's buy is trimmed away
        ({("T", "AAA"): 20.0, ("I", "AAA"): 5.0}, {("T", "AAA"): 20.0}),
        # $2,500 of buys in the taxable account: $500 more than the new cash, 5 shares less
        ({("T", "AAA"): 25.0}, {("T", "AAA"): 20.0}),
        # within the new cash: nothing to trim
        ({("T", "AAA"): 15.0}, {("T", "AAA"): 15.0}),
    ],
)
def test_new_cash_pays_first_for_the_buys_of_the_accounts_it_may_go_to(
    buy: dict[Key, float], expected: dict[Key, float]
) -> None:
    problem, model = cash_of({"T": 0.0, "I": 0.0}, mode="cash_flow", new_cash=NEW_CASH)
    assert repair(problem, model, buy) == expected


def test_an_ira_short_by_half_a_dollar_is_trimmed_while_new_cash_covers_the_taxable() -> None:
    problem, model = cash_of({"T": 0.0, "I": 499.5}, mode="cash_flow", new_cash=2_500.0)
    got = repair(problem, model, {("T", "AAA"): 20.0, ("I", "AAA"): 5.0})
    assert got == {("T", "AAA"): 20.0, ("I", "AAA"): 4.0}


def test_new_cash_is_spent_only_in_cash_flow_mode() -> None:
    # a policy switched back to "full" keeps its new_cash figure; no new cash comes in
    problem, model = cash_of({"T": 0.0}, mode="full", new_cash=NEW_CASH)
    assert repair(problem, model, {("T", "AAA"): 20.0}) == {}


def test_the_only_position_of_a_household_is_trimmed_too() -> None:
    # one account, one security: the model has a single slot
    problem, model = household(
        [AccountState("I", "tax_deferred", 1_000.0)],
        [],
        [fund("AAA", 100.0)],
        vehicles=["AAA"],
        min_trade=MIN,
    )
    assert len(model.slots) == 1
    assert repair(problem, model, {("I", "AAA"): 12.0}) == {("I", "AAA"): 10.0}


def test_a_household_with_nothing_to_trade_gets_a_fast_plan_with_no_trades() -> None:
    # cash only, and no approved vehicle it knows a price for: the model has no slot
    problem, model = household([AccountState("I", "tax_deferred", 1_000.0)], [], [])
    assert model.slots == []
    assert rounded(problem, model, relaxed(model)) == ({}, {})
    sol = solve_fast(problem, model, household_total(problem))
    assert sol is not None and sol.trades == [] and sol.method == "fast"


def test_every_stock_is_held_to_its_limit_whatever_else_is_bought() -> None:
    # three stocks, each $15,000 of a $100,000 household ($10,000 of room, 100 shares) and
    # eight funds bought alongside: the funds are left alone, every stock is trimmed
    stocks = [f"S{k}" for k in range(3)]
    funds = [f"F{k}" for k in range(8)]
    problem, model = household(
        [AccountState("T", "taxable", 0.0)],
        [Holding("T", s, 150.0) for s in stocks] + [Holding("T", f, 68.75) for f in funds],
        [stock(s, 100.0) for s in stocks] + [fund(f, 100.0) for f in funds],
        vehicles=funds,
        buy_single_stocks=True,
        max_position=0.25,
        min_trade=MIN,
    )
    buy = {("T", s): 120.0 for s in stocks} | {("T", f): 10.0 for f in funds}
    expected = {("T", s): 100.0 for s in stocks} | {("T", f): 10.0 for f in funds}
    assert limit(problem, model, buy) == expected


def test_the_position_limit_repair_counts_the_households_cash_as_the_model_does() -> None:
    # $100,000 of holdings and $100,000 of cash: the limit is a quarter of $200,000, $50,000;
    # $15,000 of XYZ is held, so $35,000 (350 shares at $100) may be bought
    problem, model = household(
        [AccountState("T", "taxable", 100_000.0)],
        [Holding("T", "FND", 850.0), Holding("T", "XYZ", 150.0)],
        [fund("FND", 100.0), stock("XYZ", 100.0)],
        vehicles=["FND"],
        buy_single_stocks=True,
        max_position=0.25,
        min_trade=MIN,
    )
    room = 0.25 * household_total(problem) - 150.0 * 100.0
    assert limit(problem, model, {("T", "XYZ"): 300.0}) == {("T", "XYZ"): 300.0}
    assert limit(problem, model, {("T", "XYZ"): 400.0}) == {("T", "XYZ"): room / 100.0}


def _one_fund(cash: float, price: float, fractional: bool) -> tuple[Problem, Model, float]:
    """An IRA with ``cash`` and a policy that wants it all in FND at ``price``."""
    targets = dict.fromkeys(BUCKETS, 0.0) | {"mega": 1.0}
    policy = Policy(
        targets=targets,
        vehicles={"mega": ("FND",)},
        trading=Trading(fractional=fractional, min_trade=MIN),
    )
    problem = Problem(
        (AccountState("R", "tax_deferred", cash),),
        (Holding("R", "FND", 1.0),),
        {"FND": Security("FND", price, {"mega": 1.0})},
        targets,
        policy,
    )
    total = household_total(problem)
    return problem, build_model(problem, build_slots(problem), total), total


def test_the_second_solve_fixes_every_purchase_of_the_first_rounding_even_under_a_share(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem, model, total = _one_fund(500.0, 1_000.0, fractional=True)
    seen: list[Model] = []

    def spy(m: Model, integer: bool) -> Any:
        seen.append(m)
        return run_milp(m, integer=integer)

    monkeypatch.setattr("planner.core.rebalance.fast.run_milp", spy)
    sol = solve_fast(problem, model, total)
    assert sol is not None and len(seen) == 2
    first = run_milp(model, integer=False)
    assert first.x is not None
    plan = _round(problem, model, first.x)
    assert plan is not None
    bought, sold = plan
    assert 0 < bought.max() < 1  # half a share of a $1,000 fund
    L, n = model.layout, len(model.slots)
    again = seen[1]
    assert list(again.lb[L.zb : L.zb + n]) == list((bought > 0).astype(float))
    assert list(again.ub[L.zb : L.zb + n]) == list((bought > 0).astype(float))
    assert list(again.ub[L.zs : L.zs + n]) == list((sold > 0).astype(float))


def test_a_second_rounding_that_fails_keeps_the_first_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    problem, model, total = _one_fund(5_000.0, 100.0, fractional=False)
    plain = solve_fast(problem, model, total)
    assert plain is not None and plain.trades
    calls: list[int] = []

    def second_fails(*args: Any) -> Any:
        calls.append(1)
        return _round(*args) if len(calls) == 1 else None

    monkeypatch.setattr("planner.core.rebalance.fast._round", second_fails)
    sol = solve_fast(problem, model, total)
    assert len(calls) == 2 and sol is not None and sol.method == "fast"
    assert [(t.symbol, t.side, t.shares) for t in sol.trades] == [
        (t.symbol, t.side, t.shares) for t in plain.trades
    ]
