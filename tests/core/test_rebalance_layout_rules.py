"""The trading rules the programme's rows and bounds carry (``planner/core/rebalance/layout.py``),
each at its edge, through the exact method: how much a security can be bought (a blended fund,
an expensive one, one priced under a dollar), the cash to the cent, the household's new cash
(with cents, under a dollar, beside an account held away), the minimum trade both ways, a
position smaller than a minimum trade sold whole or not at all, a fractional remainder sold
only by closing, and the single-stock position limit. Expected plans are derived from the
inputs. (Written against the mutants the mutation run at ``aef4729`` left: README "Mutation
testing".)"""

from __future__ import annotations

import math
from typing import Any

import pytest

from planner.core.policy import BUCKETS, Mode, Policy, Trading
from planner.core.problem import (
    AccountState,
    Holding,
    LotSale,
    Problem,
    Security,
    Solution,
    Trade,
)
from planner.core.rebalance import solve
from planner.core.rebalance.score import score


def _problem(
    securities: dict[str, Security],
    targets: dict[str, float],
    holdings: dict[str, float],
    cash: float = 0.0,
    vehicles: dict[str, tuple[str, ...]] | None = None,
    accounts: tuple[AccountState, ...] = (),
    floors: dict[tuple[str, str], float] | None = None,
    **rules: Any,
) -> Problem:
    """An IRA ("R") holding ``holdings`` and ``cash`` (plus ``accounts``); no tax, so each
    plan turns on the rule under test alone."""
    full = dict.fromkeys(BUCKETS, 0.0) | targets
    policy = Policy(targets=full, vehicles=vehicles or {}, trading=Trading(**rules))
    return Problem(
        (AccountState("R", "tax_deferred", cash), *accounts),
        tuple(Holding("R", s, q) for s, q in holdings.items()),
        securities,
        full,
        policy,
        floors=floors or {},
    )


def _plan(problem: Problem) -> Solution:
    sol = solve(problem, method="exact")
    assert sol.status in ("optimal", "no_trades"), sol.status
    if sol.trades:
        assert sol.objective is not None  # the solver's own check accepted the plan
    return sol


def _shares(sol: Solution, side: str, symbol: str) -> float:
    return sum(t.shares for t in sol.trades if t.side == side and t.symbol == symbol)


# --- how much may be bought ------------------------------------------------------------------


def test_a_blended_fund_is_bought_with_all_the_cash_its_buckets_call_for() -> None:
    """A fund four-fifths small and one-fifth mid, the policy the same split: every whole share
    the cash pays for is bought (the buy is capped by the room in the fund's emptiest-needed
    bucket divided by its share of it, not multiplied)."""
    securities = {"BLD": Security("BLD", 50.0, {"small": 0.8, "mid": 0.2})}
    cash = 100_000.0
    sol = _plan(
        _problem(
            securities,
            {"small": 0.8, "mid": 0.2},
            {},
            cash,
            vehicles={"small": ("BLD",), "mid": ("BLD",)},
        )
    )
    assert _shares(sol, "buy", "BLD") == math.floor(cash / 50.0)


@pytest.mark.parametrize("cash", [10_000.0, 6_000.0])
def test_an_expensive_fund_is_bought_share_by_share_up_to_the_cash(cash: float) -> None:
    """A $5,000 share: as many whole shares as the cash pays for, one included."""
    price = 5_000.0
    securities = {"FND": Security("FND", price, {"mega": 1.0})}
    sol = _plan(_problem(securities, {"mega": 1.0}, {}, cash, vehicles={"mega": ("FND",)}))
    assert _shares(sol, "buy", "FND") == math.floor(cash / price) >= 1


@pytest.mark.parametrize("fractional", [False, True])
def test_a_security_priced_under_a_dollar_is_bought_with_all_the_cash(fractional: bool) -> None:
    price, cash = 0.5, 1_000.0
    securities = {"PNY": Security("PNY", price, {"mega": 1.0})}
    sol = _plan(
        _problem(
            securities,
            {"mega": 1.0},
            {},
            cash,
            vehicles={"mega": ("PNY",)},
            fractional=fractional,
        )
    )
    assert _shares(sol, "buy", "PNY") == pytest.approx(cash / price)


def test_a_security_the_plan_may_not_buy_is_never_bought_even_where_one_share_would_help() -> None:
    """The household holds one $500 share of a small-cap fund that is no vehicle; small-caps
    are half the policy and far under it. No share of it is bought."""
    securities = {
        "OLD": Security("OLD", 500.0, {"small": 1.0}),
        "FND": Security("FND", 100.0, {"mega": 1.0}),
    }
    sol = _plan(
        _problem(
            securities,
            {"small": 0.5, "mega": 0.5},
            {"OLD": 1.0},
            5_000.0,
            vehicles={"mega": ("FND",)},
        )
    )
    assert _shares(sol, "buy", "OLD") == 0
    assert _shares(sol, "buy", "FND") > 0  # the plan did trade: the cash went to mega-caps


def test_the_cash_is_spent_to_the_cent_and_not_a_cent_more() -> None:
    cash, price = 999.5, 100.0
    securities = {"FND": Security("FND", price, {"mega": 1.0})}
    sol = _plan(_problem(securities, {"mega": 1.0}, {}, cash, vehicles={"mega": ("FND",)}))
    assert _shares(sol, "buy", "FND") == math.floor(cash / price)
    assert sol.cash_after["R"] == pytest.approx(cash - math.floor(cash / price) * price)


# --- the household's new cash ----------------------------------------------------------------


@pytest.mark.parametrize(
    "mode, cash, new_cash",
    [
        ("cash_flow", 0.0, 5_000.0),
        ("cash_flow", 0.0, 1_234.56),
        ("cash_flow", 0.0, 1_099.5),
        ("cash_flow", 0.0, 0.5),
        ("cash_flow", 1_000.0, 0.5),
        ("full", 999.5, 0.0),
    ],
)
def test_two_buys_in_one_account_spend_its_cash_and_new_cash_and_not_a_cent_more(
    mode: Mode, cash: float, new_cash: float
) -> None:
    """A taxable account with ``cash`` takes the household's new cash; the IRA beside it, all
    small-caps, is held away. Mega- and mid-caps are the policy, each far under target: the
    two buys together take every whole share the money pays for (none under a minimum
    trade) - never a share more, whatever each buy's own cap - and the deposit is the new
    cash to the cent."""
    price, min_trade = 10.0, 100.0
    securities = {
        "FND": Security("FND", price, {"mega": 1.0}),
        "MID": Security("MID", price, {"mid": 1.0}),
        "SML": Security("SML", 50.0, {"small": 1.0}),
    }
    targets = dict.fromkeys(BUCKETS, 0.0) | {"mega": 0.5, "mid": 0.5}
    policy = Policy(
        targets=targets,
        vehicles={"mega": ("FND",), "mid": ("MID",)},
        trading=Trading(mode=mode, new_cash=new_cash, min_trade=min_trade),
    )
    problem = Problem(
        (AccountState("R", "tax_deferred", 0.0, frozen=True), AccountState("T", "taxable", cash)),
        (Holding("R", "SML", 400.0),),
        securities,
        targets,
        policy,
    )
    sol = _plan(problem)
    money = cash + (new_cash if mode == "cash_flow" else 0.0)
    whole = math.floor(money / price)
    expected = whole if whole * price >= min_trade else 0
    assert _shares(sol, "buy", "FND") + _shares(sol, "buy", "MID") == expected
    assert all(t.account_id == "T" and t.value >= min_trade for t in sol.trades)
    assert sol.cash_after["T"] == pytest.approx(money - expected * price)


# --- the minimum trade -----------------------------------------------------------------------


def test_cash_worth_less_than_a_minimum_trade_stays_cash() -> None:
    securities = {"FND": Security("FND", 10.0, {"mega": 1.0})}
    sol = _plan(
        _problem(securities, {"mega": 1.0}, {}, 150.0, vehicles={"mega": ("FND",)}, min_trade=500.0)
    )
    assert sol.trades == []


def test_a_sale_that_does_not_close_a_position_is_at_least_a_minimum_trade() -> None:
    """Small-caps are $40 over a 1% target whose band is a quarter of it ($25). Selling the $40
    would put them on target, but a sale must be at least $100 unless it closes the position,
    and $100 overshoots by more: the plan leaves them."""
    securities = {
        "FND": Security("FND", 10.0, {"mega": 1.0}),
        "SML": Security("SML", 10.0, {"small": 1.0}),
    }
    problem = _problem(securities, {"mega": 0.99, "small": 0.01}, {"FND": 986.0, "SML": 14.0})
    sol = _plan(problem)
    sells = [t for t in sol.trades if t.side == "sell"]
    held = {h.symbol: h.shares for h in problem.holdings}
    assert all(t.value >= 100.0 or t.shares == held[t.symbol] for t in sells)
    empty, least = score(problem, []), score(problem, [_sell("SML", 10.0, 10.0)])
    assert empty is not None and least is not None and empty.total < least.total
    assert sol.trades == []


def _sell(symbol: str, shares: float, price: float) -> Trade:
    """A sale from the IRA, of the one undated lot a holding without lots is."""
    return Trade(
        "R",
        symbol,
        "sell",
        shares,
        price,
        None,
        0.0,
        (LotSale(0, shares, None, None, "unknown", None),),
    )


# --- a position smaller than a minimum trade -------------------------------------------------

#: $210 of mega-caps on target, $90 of an off-policy small fund that belongs in cash
SMALL_SECURITIES = {
    "BIG": Security("BIG", 10.0, {"mega": 1.0}),
    "OFF": Security("OFF", 30.0, {"small": 1.0}),
    "OFR": Security("OFR", 36.0, {"small": 1.0}),
}
SMALL_TARGETS = {"mega": 0.7, "cash": 0.3}


@pytest.mark.parametrize("ticket", [5.0, 130.0])
@pytest.mark.parametrize("symbol, shares", [("OFF", 3.0), ("OFR", 2.5)])
def test_a_position_under_a_minimum_trade_is_sold_whole_or_not_at_all(
    symbol: str, shares: float, ticket: float
) -> None:
    """$90 of an off-policy fund, less than a $100 minimum trade, in whole shares and with a
    fractional remainder: sold whole — also when the ticket costs so much that selling part of
    it without one would pay better."""
    problem = _problem(
        SMALL_SECURITIES, SMALL_TARGETS, {"BIG": 21.0, symbol: shares}, cost_per_trade=ticket
    )
    price = SMALL_SECURITIES[symbol].price
    whole, nothing = score(problem, [_sell(symbol, shares, price)]), score(problem, [])
    assert whole is not None and nothing is not None and whole.total < nothing.total
    sol = _plan(problem)
    assert [(t.side, t.symbol, t.shares) for t in sol.trades] == [("sell", symbol, shares)]


def test_shares_above_a_floor_worth_less_than_a_minimum_trade_stay() -> None:
    """Two $40 shares of the off-policy fund, one of them held by a floor: the other is worth
    less than a minimum trade and selling it would not close the position - it stays."""
    problem = _problem(
        SMALL_SECURITIES, SMALL_TARGETS, {"BIG": 21.0, "OFF": 2.0}, floors={("R", "OFF"): 1.0}
    )
    sol = _plan(problem)
    assert _shares(sol, "sell", "OFF") == 0


def test_a_fraction_of_a_share_is_closed_only_with_its_ticket() -> None:
    """0.4 of a $1,000 share of an off-policy fund: closing it is worth less than the $800 a
    ticket costs (derived from the independent score), so the plan keeps it."""
    securities = {
        "BIG": Security("BIG", 10.0, {"mega": 1.0}),
        "EXP": Security("EXP", 1_000.0, {"small": 1.0}),
    }
    problem = _problem(
        securities, {"mega": 0.6, "cash": 0.4}, {"BIG": 60.0, "EXP": 0.4}, cost_per_trade=800.0
    )
    keep, close = score(problem, []), score(problem, [_sell("EXP", 0.4, 1_000.0)])
    assert keep is not None and close is not None and keep.total < close.total
    assert _plan(problem).trades == []


# --- whole shares: a fractional remainder goes only with the whole position ------------------


def test_part_of_a_fractional_position_is_sold_in_whole_shares() -> None:
    """10.4 shares, 60% of the household belongs in cash: the plan sells the whole number of
    shares nearest the target, never the remainder with them."""
    price, held, cash_target = 100.0, 10.4, 0.6
    securities = {"FND": Security("FND", price, {"mega": 1.0})}
    problem = _problem(securities, {"mega": 1 - cash_target, "cash": cash_target}, {"FND": held})
    sol = _plan(problem)
    assert _shares(sol, "sell", "FND") == round(cash_target * held * price / price)


# --- the single-stock position limit ---------------------------------------------------------


def test_a_single_stock_named_as_a_vehicle_is_bought_up_to_the_position_limit() -> None:
    price, cash, limit = 100.0, 100_000.0, 0.10
    securities = {"AAA": Security("AAA", price, {"mega": 1.0}, kind="stock")}
    sol = _plan(
        _problem(
            securities, {"mega": 1.0}, {}, cash, vehicles={"mega": ("AAA",)}, max_position=limit
        )
    )
    assert _shares(sol, "buy", "AAA") == math.floor(limit * cash / price)


@pytest.mark.parametrize("shares, price, small", [(90.0, 100.0, 1_820.0), (0.6, 2_000.0, 376.0)])
def test_a_single_stock_the_plan_may_add_to_is_still_sold_in_full(
    shares: float, price: float, small: float
) -> None:
    """A stock under its position limit (the plan may add to it) whose bucket the policy no
    longer wants is sold whole — the limit bounds what is bought, not what is sold."""
    securities = {
        "AAA": Security("AAA", price, {"mega": 1.0}, kind="stock"),
        "SML": Security("SML", 50.0, {"small": 1.0}),
    }
    problem = _problem(
        securities,
        {"small": 1.0},
        {"AAA": shares, "SML": small},
        vehicles={"small": ("SML",)},
        buy_single_stocks=True,
    )
    total = shares * price + small * 50.0
    assert shares * price < problem.policy.trading.max_position * total  # under the limit
    sol = _plan(problem)
    assert _shares(sol, "sell", "AAA") == shares
