"""The programme ``build_model`` lays out (``planner/core/rebalance/layout.py``) seen at the
one plan every household has: doing nothing. Leaving every position as it is, with the new
cash (if any) placed and nothing bought or sold, must be a point of the programme — inside
every column's bounds and every row's limits, with each bucket's deviation the household's
value in it minus its target — and the programme must price it as the independent ``score``
prices the empty plan. A row or a cost that miscounts the household's cash, its new cash, a
low-quality holding or the tax drag of where things are held is caught here, before any
solve. (Written against the mutants the mutation run at ``aef4729`` left: README "Mutation
testing".)"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from planner.core.policy import BUCKETS, Policy, Trading
from planner.core.problem import AccountState, Holding, Problem, Security
from planner.core.rebalance.layout import build_model
from planner.core.rebalance.model import Model
from planner.core.rebalance.score import score
from planner.core.rebalance.slots import (
    band_widths,
    build_slots,
    household_total,
    new_cash_accounts,
    starting_cash,
)

SECURITIES = {
    "BIG": Security("BIG", 100.0, {"mega": 1.0}),
    "SML": Security("SML", 50.0, {"small": 0.8, "mid": 0.2}),
    "BND": Security("BND", 80.0, {"bonds": 1.0}),
    "JNK": Security("JNK", 20.0, {"small": 1.0}, low_quality=True, kind="stock"),
    "BAL": Security("BAL", 40.0, {"mega": 0.6, "bonds": 0.35, "cash": 0.05}),
}
TARGETS = dict.fromkeys(BUCKETS, 0.0) | {"mega": 0.5, "small": 0.3, "bonds": 0.2}


def _problem(
    accounts: tuple[AccountState, ...] = (
        AccountState("T", "taxable", 2_000.0),
        AccountState("R", "tax_free", 500.0),
    ),
    **rules: Any,
) -> Problem:
    """A taxable account and a Roth IRA holding mega-caps, a balanced fund with a cash part, a
    small/mid fund, bonds (in the Roth IRA, where they cost tax drag) and a low-quality small
    stock, each under or over its target."""
    holdings = (
        Holding("T", "BIG", 120.0),
        Holding("T", "JNK", 40.0),
        Holding("T", "BAL", 50.0),
        Holding("R", "SML", 30.0),
        Holding("R", "BND", 25.0),
    )
    policy = Policy(targets=TARGETS, trading=Trading(**rules))
    return Problem(accounts, holdings, SECURITIES, TARGETS, policy)


def _status_quo(problem: Problem, model: Model) -> np.ndarray:
    """Nothing bought or sold, the new cash (if the plan places any) in the first account
    that may take it, and each bucket's deviation and excess over its band as they are now."""
    L = model.layout
    x = np.zeros(L.size)
    x[L.one] = 1.0
    trading = problem.policy.trading
    eligible = new_cash_accounts(problem)
    new_cash = trading.new_cash if trading.mode == "cash_flow" else 0.0
    cash = sum(starting_cash(a) for a in problem.accounts)
    if new_cash > 0 and eligible:
        x[L.new + eligible[0]] = new_cash
    if trading.mode == "cash_flow":
        cash += new_cash  # placed in an account, or (no account may take it) kept outside
    total = household_total(problem)
    value = dict.fromkeys(BUCKETS, 0.0)
    for h in problem.holdings:
        sec = problem.securities[h.symbol]
        for bucket, part in sec.mix.items():
            value[bucket] += h.shares * sec.price * part
    value["cash"] += cash
    bands = band_widths(problem)
    for k, bucket in enumerate(BUCKETS):
        dev = value[bucket] - problem.targets.get(bucket, 0.0) * total
        x[L.dp + k], x[L.dm + k] = max(dev, 0.0), max(-dev, 0.0)
        x[L.out + k] = max(abs(dev) - bands[k] * total, 0.0)
    return x


def _rows(model: Model, x: np.ndarray) -> np.ndarray:
    a = model.a_mat
    out = np.zeros(a.shape[0])
    for r in range(a.shape[0]):
        lo, hi = a.indptr[r], a.indptr[r + 1]
        out[r] = float(np.dot(a.data[lo:hi], x[a.indices[lo:hi]]))
    return out


CASES = {
    "full": {},
    "cash flow into the taxable account": {"mode": "cash_flow", "new_cash": 5_000.0},
    "cash flow of less than a dollar": {"mode": "cash_flow", "new_cash": 0.5},
    "new cash left in a policy that no longer plans cash flow": {"new_cash": 5_000.0},
    "a cash reserve": {"cash_reserve": 300.0},
    "whole shares of an expensive fund": {"min_trade": 2_500.0},
}


def _check(problem: Problem) -> None:
    total = household_total(problem)
    slots = build_slots(problem)
    model = build_model(problem, slots, total)
    x = _status_quo(problem, model)
    tol = 1e-6 * max(1.0, total)
    assert np.all(x >= model.lb - tol) and np.all(x <= model.ub + tol)
    ax = _rows(model, x)
    bad = np.flatnonzero((ax < model.lo - tol) | (ax > model.hi + tol))
    assert bad.size == 0, [(r, model.lo[r], ax[r], model.hi[r]) for r in bad]
    eligible = new_cash_accounts(problem)
    trading = problem.policy.trading
    placed = (
        {problem.accounts[eligible[0]].id: trading.new_cash}
        if trading.mode == "cash_flow" and trading.new_cash > 0 and eligible
        else None
    )
    judged = score(problem, [], placed, slots)
    assert judged is not None
    assert float(np.dot(model.cost, x)) - model.offset == pytest.approx(judged.total, abs=1e-6)


@pytest.mark.parametrize("rules", CASES.values(), ids=CASES.keys())
def test_doing_nothing_is_a_point_of_the_programme_priced_as_the_score_prices_it(
    rules: dict[str, Any],
) -> None:
    _check(_problem(**rules))


def test_new_cash_no_account_may_take_stays_outside_as_cash() -> None:
    """Every account held away: the new cash is still the household's, counted as cash."""
    accounts = tuple(
        replace(a, frozen=True)
        for a in (AccountState("T", "taxable", 2_000.0), AccountState("R", "tax_free", 500.0))
    )
    for new_cash in (5_000.0, 0.5):
        _check(_problem(accounts, mode="cash_flow", new_cash=new_cash))


def test_the_empty_plan_costs_what_the_household_pays_for_staying_put() -> None:
    """The constant the programme carries is the low-quality value and the tax drag of what is
    held where: without the junk stock and the bonds, doing nothing costs no low-quality
    value and less drag — so the cases above price both, not something else."""
    problem = _problem()
    clean = replace(
        problem,
        holdings=tuple(h for h in problem.holdings if h.symbol not in ("JNK", "BND")),
    )
    priced = [score(p, [], None, build_slots(p)) for p in (problem, clean)]
    assert all(p is not None for p in priced)
    full, bare = priced
    assert full is not None and bare is not None
    assert full.low_quality > 0 and bare.low_quality == 0
    assert full.location > bare.location
    _check(clean)
