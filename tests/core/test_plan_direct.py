"""Direct tests of :mod:`planner.core.plan`'s assembly: a scenario's row beside the plan (its
name, title, figures to the cent, drift and status) and the warning that says how much drift
the tax budget leaves against a plan without it. The problems are written here: one taxable
account holding 10 OLD at $100 bought for $50 a share (long term), and VB, the small-cap
vehicle at $100; half large, half small is the target."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

import planner.core.plan as plan_module
from planner.core.plan import _bucket_rows, _budget_warnings, _scenario
from planner.core.policy import Policy, Tax
from planner.core.problem import AccountState, Holding, Lot, Problem, Security, Solution, Trade
from planner.core.rebalance import solve

ASOF = date(2026, 1, 8)
PRICE = 100.0
COST = 50.0  # a share: $50 of gain on every share of OLD sold
SHARES = 10.0
TOTAL = SHARES * PRICE  # $1,000, all OLD (large)
LONG = 0.20  # the long-term rate; no NIIT, no state tax


def _problem(tax: Tax) -> Problem:
    assert tax.long_term == LONG and not tax.niit_applies and tax.state == 0.0
    return Problem(
        accounts=(AccountState("T", "taxable", 0.0),),
        holdings=(
            Holding("T", "OLD", SHARES, lots=(Lot(SHARES, SHARES * COST, date(2020, 1, 2)),)),
        ),
        securities={
            "OLD": Security("OLD", PRICE, {"large": 1.0}, kind="stock"),
            "VB": Security("VB", PRICE, {"small": 1.0}),
        },
        targets={"large": 0.5, "small": 0.5},
        policy=Policy(vehicles={"small": ("VB",), "large": ("OLD",)}, tax=tax),
        as_of=ASOF,
    )


def _sold(solution: Solution) -> float:
    return sum(t.shares for t in solution.trades if t.symbol == "OLD" and t.side == "sell")


def _drift(sold: float) -> float:
    """Sum over large and small of |post - target| after selling ``sold`` OLD for VB."""
    large = (SHARES - sold) * PRICE / TOTAL
    small = sold * PRICE / TOTAL
    return abs(large - 0.5) + abs(small - 0.5)


# --- _scenario -------------------------------------------------------------------------------


def test_a_scenario_carries_its_name_title_status_drift_and_figures_to_the_cent() -> None:
    problem = _problem(Tax())
    trades = [
        # 1 OLD at $100.254: $50.254 of gain, $10.0508 of tax at 20%
        Trade("T", "OLD", "sell", 1.0, 100.254, 50.254, 0.2 * 50.254),
        Trade("T", "VB", "buy", 1.0, 100.0, None, 0.0),
    ]
    post = {"large": 600.0, "small": 400.0}  # after the plan: 60% / 40%
    solution = Solution("no_trades", trades, {"T": 0.254}, post, None, TOTAL)
    s = _scenario("cash_flow", "Cash flow only", problem, solution)
    assert (s.name, s.title, s.status, s.trades) == ("cash_flow", "Cash flow only", "no_trades", 2)
    assert s.turnover == 200.25  # 100.254 + 100.0, to the cent (not 200 nor 200.254)
    assert s.tax_total == 10.05  # 10.0508 to the cent (not 10 nor 10.051)
    assert s.buckets["large"].post == pytest.approx(0.6) and s.buckets["small"].post == 0.4
    # |0.6 - 0.5| + |0.4 - 0.5|, every other bucket 0 against a 0 target
    assert s.residual_deviation == pytest.approx(0.2)


# --- _budget_warnings ------------------------------------------------------------------------


def test_no_tax_budget_says_nothing_and_solves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_solve(*_: object, **__: object) -> Solution:
        raise AssertionError("no budget: nothing to compare")

    monkeypatch.setattr(plan_module, "solve", no_solve)
    problem = _problem(Tax())
    solution = Solution("optimal", [], {"T": 0.0}, {"large": TOTAL}, None, TOTAL)
    assert _budget_warnings(problem, solution, _bucket_rows(problem, solution), "exact") == []


@pytest.mark.parametrize(
    "tax",
    [Tax(max_realized_gain=100.0), Tax(max_tax=10.0)],
    ids=["gain budget only", "tax budget only"],
)
def test_a_binding_budget_says_how_much_more_drift_it_leaves_than_the_free_plan(
    tax: Tax, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = _problem(tax)
    solution = solve(problem, method="exact")
    sold = _sold(solution)
    # the budget holds: at most $100 of gain (2 shares) or $10 of tax (1 share)
    assert sold * COST <= (tax.max_realized_gain or TOTAL)
    assert sold * COST * LONG <= (tax.max_tax or TOTAL)
    # the plan without any budget, solved by the fast method as the scenarios are
    free = solve(_problem(Tax()), method="fast")
    free_sold = _sold(free)
    assert free_sold > sold and any(t.side == "buy" for t in free.trades)
    extra = _drift(sold) - _drift(free_sold)
    gains = free_sold * COST  # the buys realise nothing
    expected = (
        f"the tax budget leaves {100 * extra:.1f} points more drift than a plan without it "
        f"(which would realise ${gains:,.0f} of gains and about ${gains * LONG:,.0f} of tax)"
    )
    asked: list[tuple[Problem, str]] = []
    real: Callable[..., Solution] = solve

    def spy(p: Problem, progress: object = None, method: str = "auto") -> Solution:
        asked.append((p, method))
        return real(p, progress, method)

    monkeypatch.setattr(plan_module, "solve", spy)
    rows = _bucket_rows(problem, solution)
    assert _budget_warnings(problem, solution, rows, "exact") == [expected]
    ((compared, method),) = asked
    assert method == "fast"
    # the comparison drops both budgets and keeps the rest of the policy
    assert (compared.policy.tax.max_realized_gain, compared.policy.tax.max_tax) == (None, None)
    assert compared.policy.vehicles == problem.policy.vehicles


def test_a_budget_that_does_not_bind_says_so() -> None:
    problem = _problem(Tax(max_realized_gain=SHARES * COST))  # every share could be sold
    solution = solve(problem, method="fast")
    rows = _bucket_rows(problem, solution)
    assert _budget_warnings(problem, solution, rows, "fast") == [
        "the tax budget does not bind: the plan is the same without it"
    ]
