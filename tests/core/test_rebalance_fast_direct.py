"""The fast method (``planner/core/rebalance/fast.py``), called directly: the bound it reports
is the continuous relaxation's cost (a lower bound on every plan), and its plan costs no more
than either plan it is made from: the relaxation rounded, and the relaxation solved again with
the rounded plan's trades fixed (each trade kept, no other trade opened) and rounded. The
household's new cash goes first where an account's buys take it below its reserve."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from planner.core.policy import BUCKETS, Policy, Trading
from planner.core.problem import AccountState, Holding, Problem, Security
from planner.core.rebalance.exact import run_milp
from planner.core.rebalance.fast import _round, solve_fast
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
