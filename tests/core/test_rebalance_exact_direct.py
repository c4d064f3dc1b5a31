"""The exact method's read-out of HiGHS's answer: the lots each sale takes (the programme's
choice, in proportion, to the millionth of a share), whole shares unless the policy allows
fractions, the fraction sold when a position closes, the new cash placed, the proven bound,
the time-limit warning, and no plan when the constraints cannot all hold."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from planner.core.policy import BUCKETS, Policy, Trading
from planner.core.problem import AccountState, Holding, Lot, Problem, Security, Solution
from planner.core.rebalance import highs, household_total, solve
from planner.core.rebalance.exact import solve_exact
from planner.core.rebalance.layout import build_model
from planner.core.rebalance.model import ABS_GAP, MIP_GAP, OBJECTIVE_SCALE, Model
from planner.core.rebalance.slots import build_slots

AS_OF = date(2026, 6, 1)
SHORT_DAY, LONG_DAY = date(2026, 3, 1), date(2020, 1, 1)  # within a year / years before
PRICE = 100.0
SECS = {
    "BIG": Security("BIG", PRICE, {"mega": 1.0}),
    "SML": Security("SML", 30.0, {"small": 1.0}),
}


def _targets(**kw: float) -> dict[str, float]:
    t = dict.fromkeys(BUCKETS, 0.0)
    t.update(kw)
    return t


def _raise_cash(amount: float, lots: list[Lot], cash: float = 0.0) -> Problem:
    """One taxable account holding BIG in ``lots``; the plan must raise ``amount`` dollars."""
    targets = _targets(mega=1.0)
    policy = Policy(targets=targets, trading=Trading(mode="raise_cash", raise_cash=amount))
    shares = sum(lot.shares for lot in lots)
    basis = sum(lot.cost or 0.0 for lot in lots)
    holding = Holding("TAX", "BIG", shares, basis, tuple(lots))
    account = AccountState("TAX", "taxable", cash)
    return Problem((account,), (holding,), SECS, targets, policy, as_of=AS_OF)


def _short(shares: float, gain: float) -> Lot:
    return Lot(shares, shares * (PRICE - gain), SHORT_DAY)


def _long(shares: float, gain: float) -> Lot:
    return Lot(shares, shares * (PRICE - gain), LONG_DAY)


def _exact(problem: Problem, time_limit: float = 30.0) -> Solution:
    slots = build_slots(problem)
    total = household_total(problem)
    return solve_exact(problem, build_model(problem, slots, total), total, time_limit)


def _sale(sol: Solution) -> tuple[float, dict[int, float], float]:
    """The one sale's shares, shares per lot, and tax."""
    (trade,) = sol.trades
    assert trade.side == "sell" and trade.symbol == "BIG"
    return trade.shares, {s.lot: s.shares for s in trade.lots}, trade.tax


@pytest.mark.parametrize(
    ("amount", "lots", "taken"),
    [
        # one share: the long-term lot's $15 gain costs 20% ($3.00), less than the short-term
        # lot's $10 at 37% ($3.70) - though its gain per share is the larger
        (50.0, [_short(5, 10.0), _long(2, 15.0)], {1: 1.0}),
        # three shares: both long-term shares, then one short-term
        (250.0, [_short(5, 10.0), _long(2, 15.0)], {0: 1.0, 1: 2.0}),
        # fractional lots (whole-share trading): 1.5 long-term shares, then 1.5 short-term
        (250.0, [_short(2.5, 10.0), _long(1.5, 15.0)], {0: 1.5, 1: 1.5}),
    ],
)
def test_a_sale_takes_the_lots_that_cost_the_least_tax(
    amount: float, lots: list[Lot], taken: dict[int, float]
) -> None:
    problem = _raise_cash(amount, lots)
    sol = _exact(problem)
    assert sol.status == "optimal" and sol.method == "exact"
    shares, by_lot, tax = _sale(sol)
    # the fewest whole shares that raise the cash
    assert shares == -(-amount // PRICE)
    assert by_lot == taken
    assert sum(by_lot.values()) == shares
    rates = {"short": problem.policy.tax.rate("short"), "long": problem.policy.tax.rate("long")}
    gain = {"short": 10.0, "long": 15.0}
    term = {0: "short", 1: "long"}
    expected = sum(n * gain[term[k]] * rates[term[k]] for k, n in by_lot.items())
    assert tax == pytest.approx(expected, abs=0.005)
    assert sol.cash_after == {"TAX": pytest.approx(shares * PRICE)}


def test_closing_a_position_sells_its_fraction_too() -> None:
    # 10.5 shares raise $1,050; ten whole shares ($1,000) do not: the position closes
    lots = [_short(2.5, 10.0), _long(8, 15.0)]
    sol = _exact(_raise_cash(1040.0, lots))
    shares, by_lot, _ = _sale(sol)
    assert shares == 10.5
    assert by_lot == {0: 2.5, 1: 8.0}
    assert sol.cash_after == {"TAX": pytest.approx(1050.0)}
    assert sol.post_values["mega"] == 0.0


def _cash_flow(fractional: bool) -> Problem:
    """$1,000 of BIG in an IRA and $1,000 of new cash; half the household belongs in SML."""
    targets = _targets(mega=0.5, small=0.5)
    policy = Policy(
        targets=targets,
        trading=Trading(mode="cash_flow", new_cash=1000.0, fractional=fractional),
        vehicles={"small": ("SML",), "mega": ("BIG",)},
    )
    accounts = (AccountState("IRA", "tax_deferred", 0.0), AccountState("TAX", "taxable", 0.0))
    return Problem(accounts, (Holding("IRA", "BIG", 10, 900.0),), SECS, targets, policy)


@pytest.mark.parametrize("fractional", [True, False])
def test_new_cash_buys_whole_shares_unless_fractions_are_allowed(fractional: bool) -> None:
    problem = _cash_flow(fractional)
    sol = solve(problem, method="exact")
    assert sol.status == "optimal" and sol.method == "exact"
    (trade,) = sol.trades
    assert (trade.symbol, trade.side) == ("SML", "buy")
    price = SECS["SML"].price
    # the new cash buys SML up to its target: to the millionth of a share, or whole shares
    exact_shares = 1000.0 / price
    assert trade.shares == (round(exact_shares, 6) if fractional else float(int(exact_shares)))
    # the new cash is placed where the purchase is, and what it leaves stays there
    left = {a.id: 0.0 for a in problem.accounts}
    left[trade.account_id] = round(1000.0 - trade.shares * price, 2)
    assert sol.cash_after == left


def test_the_bound_is_highs_proof_and_the_plan_is_within_the_gap() -> None:
    sol = _exact(_raise_cash(250.0, [_short(5, 10.0), _long(2, 15.0)]))
    assert sol.objective is not None and sol.bound is not None and sol.gap is not None
    assert sol.bound <= sol.objective.total
    assert sol.gap <= ABS_GAP + MIP_GAP * abs(sol.objective.total)


def _with_result(
    monkeypatch: pytest.MonkeyPatch,
    seen: list[float],
    stopped: bool | None = None,
    dual: Callable[[float], float | None] | None = None,
) -> None:
    """HiGHS's real answer, stopped at the time limit if ``stopped``, with the bound ``dual``
    gives from the answer's objective (both in the programme's scaled units); the time limits
    it was given are put in ``seen``."""
    real = highs.run

    def run(model: Model, integer: bool, time_limit: float) -> highs.Result:
        seen.append(time_limit)
        r = real(model, integer, time_limit)
        return highs.Result(
            r.x,
            r.fun,
            r.time_limit if stopped is None else stopped,
            r.dual_bound if dual is None else dual(r.fun),
        )

    monkeypatch.setattr(highs, "run", run)


def test_a_plan_found_at_the_time_limit_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float] = []
    _with_result(monkeypatch, seen, stopped=True)
    sol = _exact(_raise_cash(50.0, [_short(5, 10.0), _long(2, 15.0)]), time_limit=7.0)
    assert seen == [7.0]
    assert sol.status == "optimal"
    assert sol.warnings == ["the solver stopped at its 7 s limit"]
    assert _sale(sol)[1] == {1: 1.0}


def test_the_gap_is_how_far_highs_bound_is_below_the_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[float] = []
    # HiGHS's bound a quarter dollar (in the programme's scaled units) below its plan's cost
    _with_result(monkeypatch, seen, dual=lambda fun: fun - 0.25 * OBJECTIVE_SCALE)
    sol = _exact(_raise_cash(250.0, [_short(5, 10.0), _long(2, 15.0)]))
    assert sol.objective is not None and sol.gap is not None
    assert sol.gap == pytest.approx(0.25, abs=0.01)
    assert sol.warnings == []


def test_without_a_bound_from_highs_the_plan_claims_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[float] = []
    _with_result(monkeypatch, seen, dual=lambda fun: None)
    sol = _exact(_raise_cash(250.0, [_short(5, 10.0), _long(2, 15.0)]))
    assert sol.objective is not None
    assert sol.bound is None and sol.gap is None
    assert sol.method == "exact" and _sale(sol)[1] == {0: 1.0, 1: 2.0}


def test_a_withdrawal_larger_than_the_household_has_no_plan() -> None:
    targets = _targets(mega=1.0)
    policy = Policy(targets=targets)
    accounts = (
        AccountState("TAX", "taxable", 300.0, withdraw=5000.0),
        AccountState("IRA", "tax_deferred", 200.0),
    )
    holdings = (Holding("TAX", "BIG", 10, 900.0), Holding("IRA", "BIG", 5, 400.0))
    problem = Problem(accounts, holdings, SECS, targets, policy)
    sol = solve(problem, method="exact")
    assert sol.status == "infeasible"
    assert sol.trades == [] and sol.objective is None
    # cash as the client leaves it: the withdrawal taken from the taxable account
    assert sol.cash_after == {"TAX": 300.0 - 5000.0, "IRA": 200.0}
    assert sol.total == household_total(problem)
    assert sol.warnings == [
        "no plan satisfies every constraint (cash reserve, withdrawals, restrictions, cash to "
        "raise, tax budget); relax one of them"
    ]


def test_a_search_that_finds_nothing_in_its_time_does_not_call_the_rules_infeasible(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HiGHS stopped at its limit without a plan: that proves nothing about the rules, so the
    plan says the time ran out (and the auto method keeps its fast plan)."""

    def run(model: Model, integer: bool, time_limit: float) -> highs.Result:
        return highs.Result(None, 0.0, True, None)

    monkeypatch.setattr(highs, "run", run)
    problem = _raise_cash(250.0, [_short(5, 10.0), _long(2, 15.0)])
    sol = _exact(problem, time_limit=4.0)
    assert sol.status == "time_limit" and sol.trades == []
    assert sol.warnings == [
        "the solver found no plan within its 4 s limit, which does not prove there is none: "
        "plan again, or relax a constraint (cash reserve, withdrawals, restrictions, cash to "
        "raise, tax budget)"
    ]
