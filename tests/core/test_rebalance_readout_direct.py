"""A plan with no trades, and the answer when no plan exists
(``planner/core/rebalance/readout.py``), called directly on small hand-built problems: where
the household's new cash goes, what each account's cash is after, and the warning."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from planner.core.policy import Policy, Tax, Trading
from planner.core.problem import AccountState, Holding, Lot, Problem, Solution, Trade
from planner.core.rebalance.model import Model
from planner.core.rebalance.readout import (
    allocate_tax,
    finish,
    infeasible,
    netted_tax,
    no_trades,
    place_new_cash,
    trades_from,
)
from tests.core.test_rebalance_fast_direct import arrays, at, fund, household

TOTAL = 50_000.0
WHY = "every bucket is inside its band"


def problem(*accounts: AccountState, mode: str = "cash_flow", new_cash: float = 0.0) -> Problem:
    trading = Trading(mode=mode, new_cash=new_cash)  # type: ignore[arg-type]
    return Problem(accounts, (), {}, {"cash": 1.0}, Policy(trading=trading))


IRA = AccountState("I1", "tax_deferred", 1_000.0, name="IRA")
JOINT = AccountState("J1", "taxable", 2_000.0, name="Joint")
TRUST = AccountState("T1", "taxable", 3_000.0, name="Trust")


@pytest.mark.parametrize("new_cash", [5_000.0, 1.0])
def test_no_trades_puts_the_new_cash_in_the_first_taxable_account(new_cash: float) -> None:
    sol = no_trades(problem(IRA, JOINT, TRUST, new_cash=new_cash), TOTAL, WHY)
    assert sol.status == "no_trades"
    assert sol.trades == []
    # not the IRA (an IRA takes only so much a year), not the second taxable account
    assert sol.cash_after == {"I1": 1_000.0, "J1": 2_000.0 + new_cash, "T1": 3_000.0}
    assert sol.post_values["cash"] == 6_000.0 + new_cash
    assert sol.total == TOTAL
    assert sol.warnings == [WHY]


def test_no_trades_with_only_sheltered_accounts_puts_the_new_cash_in_the_first() -> None:
    roth = AccountState("R1", "tax_free", 500.0, name="Roth")
    sol = no_trades(problem(IRA, roth, new_cash=2_000.0), TOTAL, WHY)
    assert sol.cash_after == {"I1": 3_000.0, "R1": 500.0}


@pytest.mark.parametrize(
    ("mode", "new_cash"),
    [
        ("full", 5_000.0),  # new cash typed under another mode is not added
        ("out_of_band", 5_000.0),
        ("cash_flow", 0.0),
    ],
)
def test_no_trades_adds_no_cash_unless_the_plan_brings_new_cash(mode: str, new_cash: float) -> None:
    sol = no_trades(problem(IRA, JOINT, mode=mode, new_cash=new_cash), TOTAL, WHY)
    assert sol.cash_after == {"I1": 1_000.0, "J1": 2_000.0}
    assert sol.post_values["cash"] == 3_000.0
    assert (sol.status, sol.total, sol.warnings) == ("no_trades", TOTAL, [WHY])


def test_no_plan_says_which_constraints_to_relax_and_leaves_the_cash_as_the_client_moves_it() -> (
    None
):
    # the client's deposit and withdrawal are made whatever the plan
    moved = AccountState("J1", "taxable", 2_000.0, name="Joint", deposit=700.0, withdraw=200.0)
    sol = infeasible(problem(IRA, moved), TOTAL)
    assert sol == Solution(
        "infeasible",
        [],
        {"I1": 1_000.0, "J1": 2_500.0},
        {},
        None,
        TOTAL,
        [
            "no plan satisfies every constraint (cash reserve, withdrawals, restrictions, cash "
            "to raise, tax budget); relax one of them"
        ],
    )


# -- netted_tax: the netting of short- and long-term gains (IRC 1222) ------------------------

RS, RL = 0.37, 0.20  # short- and long-term rates


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        (300.0, 500.0, RS * 300.0 + RL * 500.0),  # both gains: each at its rate
        (0.0, 500.0, RL * 500.0),
        (300.0, 0.0, RS * 300.0),
        (-100.0, 300.0, RL * (300.0 - 100.0)),  # a short loss offsets a long gain
        (-100.0, 100.5, RL * 0.5),  # what is left is under a dollar
        (-0.2, 0.5, RL * (0.5 - 0.2)),  # a short loss under a dollar
        (-100.0, 100.0, 0.0),  # the loss exactly cancels the gain
        (-300.0, 100.0, 0.0),  # a net loss costs nothing
        (300.0, -100.0, RS * (300.0 - 100.0)),  # a long loss offsets a short gain
        (0.5, -0.2, RS * (0.5 - 0.2)),
        (100.0, -100.0, 0.0),
        (-5.0, -3.0, 0.0),  # both losses
        (0.0, 0.0, 0.0),
    ],
)
def test_netted_tax_nets_the_terms_before_taxing_them(
    short: float, long: float, expected: float
) -> None:
    assert netted_tax(short, long, RS, RL) == pytest.approx(expected)


# -- allocate_tax: the plan's tax spread over the gaining sales -------------------------------


def sale(gain: float | None, symbol: str = "AAA") -> Trade:
    return Trade("J1", symbol, "sell", 10.0, 50.0, gain, 0.0)


def test_the_tax_is_spread_in_proportion_to_the_gains_to_the_cent() -> None:
    trades = [sale(1.0, "AAA"), sale(-50.0, "BBB"), sale(2.0, "CCC"), sale(None, "DDD")]
    out = allocate_tax(trades, 10.0)
    # 10 x 1/3 and 10 x 2/3, to the cent; a loss and an untaxed sale carry none
    assert [t.tax for t in out] == [3.33, 0.0, 6.67, 0.0]
    assert [replace(t, tax=0.0) for t in out] == trades


def test_a_gain_under_a_dollar_carries_its_share_of_the_tax() -> None:
    out = allocate_tax([sale(0.5, "AAA"), sale(99.5, "BBB")], 10.0)
    assert [t.tax for t in out] == [0.05, 9.95]


def test_gains_totalling_under_a_dollar_carry_the_whole_tax() -> None:
    out = allocate_tax([sale(0.25, "AAA"), sale(0.25, "BBB")], 0.1)
    assert [t.tax for t in out] == [0.05, 0.05]


# -- trades_from: trades from the shares bought and sold per slot -----------------------------

AS_OF = date(2026, 6, 1)
LONG_AGO, LATELY = date(2020, 1, 2), date(2026, 3, 2)


def lotted(lot_method: str = "fifo") -> tuple[Problem, Model]:
    """A taxable account holding AAA at $50 (10 long-term shares at $30, then 10 short-term at
    $45) and BBB at $20 (10 long-term at $10, then 10 short-term at $18)."""
    return household(
        [AccountState("J1", "taxable", 1_000.0)],
        [
            Holding(
                "J1", "AAA", 20.0, 750.0, (Lot(10.0, 300.0, LONG_AGO), Lot(10.0, 450.0, LATELY))
            ),
            Holding(
                "J1", "BBB", 20.0, 280.0, (Lot(10.0, 100.0, LONG_AGO), Lot(10.0, 180.0, LATELY))
            ),
        ],
        [fund("AAA", 50.0), fund("BBB", 20.0), fund("CCC", 40.0)],
        vehicles=("CCC",),
        tax=Tax(short_term=RS, long_term=RL, lot_method=lot_method),  # type: ignore[arg-type]
        as_of=AS_OF,
    )


def test_the_plan_tax_nets_the_terms_over_all_sales_and_is_spread_by_gain() -> None:
    problem, model = lotted("fifo")
    bought, sold = arrays(model, {("J1", "CCC"): 3.0}, {("J1", "AAA"): 12.0, ("J1", "BBB"): 12.0})
    trades = {(t.symbol, t.side): t for t in trades_from(problem, model, bought, sold)}
    # fifo: 10 long-term shares then 2 short-term of each
    aaa_long, aaa_short = 10 * (50.0 - 30.0), 2 * (50.0 - 45.0)
    bbb_long, bbb_short = 10 * (20.0 - 10.0), 2 * (20.0 - 18.0)
    tax = RS * (aaa_short + bbb_short) + RL * (aaa_long + bbb_long)
    aaa, bbb = aaa_long + aaa_short, bbb_long + bbb_short
    assert trades[("AAA", "sell")].realized_gain == aaa
    assert trades[("BBB", "sell")].realized_gain == bbb
    assert trades[("AAA", "sell")].tax == round(tax * aaa / (aaa + bbb), 2)
    assert trades[("BBB", "sell")].tax == round(tax * bbb / (aaa + bbb), 2)
    assert trades[("CCC", "buy")] == Trade("J1", "CCC", "buy", 3.0, 40.0, None, 0.0)


@pytest.mark.parametrize(("method", "lot"), [("fifo", 0), ("min_tax", 1)])
def test_a_sale_takes_its_lots_by_the_policy_method(method: str, lot: int) -> None:
    problem, model = lotted(method)
    bought, sold = arrays(model, sell={("J1", "AAA"): 4.0})
    (trade,) = trades_from(problem, model, bought, sold)
    # fifo: the long-term lot, $20 a share; min_tax: the smallest gain, $5 a share
    assert [s.lot for s in trade.lots] == [lot]
    gain = 4 * (50.0 - (30.0, 45.0)[lot])
    assert trade.realized_gain == gain
    assert trade.tax == round((RL, RS)[lot] * gain, 2)


def test_a_fractional_sale_is_kept_to_six_digits() -> None:
    problem, model = lotted()
    bought, sold = arrays(model, sell={("J1", "AAA"): 1.23456789})
    (trade,) = trades_from(problem, model, bought, sold)
    assert trade.shares == 1.234568


# -- finish: cash after, and the objective with the new cash and the slots given ---------------


def test_cash_after_is_kept_to_the_cent() -> None:
    problem, _ = lotted()
    buy = Trade("J1", "CCC", "buy", 3.0, 33.3333, None, 0.0)  # $99.9999
    sol = finish(problem, [buy], 10_000.0, [], {})
    assert sol.cash_after == {"J1": 900.0}
    sell = Trade("J1", "AAA", "sell", 1.0, 12.3456, 0.0, 0.0)
    assert finish(problem, [sell], 10_000.0, [], {}).cash_after == {"J1": 1_012.35}


def test_the_new_cash_placed_pays_for_the_buys_in_the_objective() -> None:
    problem, model = household(
        [AccountState("J1", "taxable", 100.0)],
        [],
        [fund("CCC", 50.0)],
        vehicles=("CCC",),
        mode="cash_flow",
        new_cash=500.0,
    )
    buy = [Trade("J1", "CCC", "buy", 10.0, 50.0, None, 0.0)]  # $500: more than the $100 held
    sol = finish(problem, buy, 1_000.0, [], {"J1": 500.0}, model.slots)
    assert sol.cash_after == {"J1": 100.0}
    assert sol.objective is not None
    # without the new cash the buy would take the account below zero: no plan
    assert finish(problem, buy, 1_000.0, [], {}, model.slots).objective is None


def test_the_objective_is_reckoned_on_the_slots_given() -> None:
    problem, model = lotted()
    buy = [Trade("J1", "CCC", "buy", 3.0, 40.0, None, 0.0)]
    assert finish(problem, buy, 10_000.0, [], {}, model.slots).objective is not None
    i = at(model, ("J1", "CCC"))
    blocked = [replace(s, can_buy=False) if k == i else s for k, s in enumerate(model.slots)]
    assert finish(problem, buy, 10_000.0, [], {}, blocked).objective is None


# -- place_new_cash: only cash_flow plans with new cash place any -----------------------------


@pytest.mark.parametrize(
    ("mode", "new_cash", "placed"),
    [
        ("full", 5_000.0, {}),  # new cash typed under another mode is not placed
        ("cash_flow", 0.0, {}),
        ("cash_flow", 0.5, {"J1": 0.5}),
        ("cash_flow", 5_000.0, {"J1": 5_000.0}),
    ],
)
def test_new_cash_is_placed_only_in_a_cash_flow_plan_that_brings_some(
    mode: str, new_cash: float, placed: dict[str, float]
) -> None:
    problem, model = household(
        [AccountState("J1", "taxable", 100.0)],
        [],
        [fund("CCC", 50.0)],
        vehicles=("CCC",),
        mode=mode,
        new_cash=new_cash,
    )
    n = len(model.slots)
    assert place_new_cash(problem, model, np.zeros(n), np.zeros(n)) == placed
