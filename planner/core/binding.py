"""What keeps a bucket outside its band after the plan, found by re-solving with one rule
relaxed at a time: the vehicles' mix, the positions the plan may not sell, tax, cash, the
position limit, whole shares. The first relaxation that brings the bucket inside its band is
the rule that binds it (README "True reasons"). A bucket no single relaxation frees is bound
by several together: they are added in their order until it comes inside, and those it does
not need are dropped again, so the answer names the fewest the search found.

Units: dollars, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from planner.core.plan_model import BUCKET_NAMES, BucketRow
from planner.core.policy import BUCKETS, Restrictions
from planner.core.problem import Problem, Solution
from planner.core.rebalance import household_total, new_cash_accounts
from planner.core.wording import share_of

Solve = Callable[[Problem], Solution]
Relaxation = Callable[[Problem], tuple[Problem, str]]


def _pure_vehicles(problem: Problem) -> tuple[Problem, str]:
    """Every approved vehicle made wholly of the bucket it is approved for."""
    secs = dict(problem.securities)
    impure = []
    for k, symbols in problem.policy.vehicles.items():
        for sym in symbols:
            sec = secs.get(sym)
            if sec is None:
                continue
            share = float(sec.mix.get(k, 0.0))
            if share < 0.999:
                impure.append(f"{sym} is {share_of(share)} {BUCKET_NAMES[k]}")
            secs[sym] = replace(sec, mix={k: 1.0})
    what = "the vehicles' mix" + (f" ({'; '.join(impure)})" if impure else "")
    return replace(problem, securities=secs), what


def _unfrozen(problem: Problem) -> tuple[Problem, str]:
    policy = problem.policy
    secs = {k: replace(s, tradeable=True) for k, s in problem.securities.items()}
    accounts = tuple(replace(a, frozen=False) for a in problem.accounts)
    relaxed = replace(policy, restrictions=Restrictions())
    what = "positions the plan may not sell or buy (restrictions, held-away accounts, "
    what += "unsupervised names, options and their cover)"
    return replace(problem, policy=relaxed, securities=secs, accounts=accounts, floors={}), what


def _untaxed(problem: Problem) -> tuple[Problem, str]:
    t = problem.policy.tax
    tax = replace(
        t, short_term=0.0, long_term=0.0, niit=0.0, state=0.0, max_realized_gain=None, max_tax=None
    )
    what = "tax: realising the gains it would take costs more than the drift it removes"
    if t.max_realized_gain is not None or t.max_tax is not None:
        what = "the tax budget and the tax on the gains it would take"
    return replace(problem, policy=replace(problem.policy, tax=tax)), what


def _cash(problem: Problem) -> tuple[Problem, str]:
    """The plan may sell (a ``full`` plan) and keeps no reserve. A cash-flow plan's new cash
    stays in the household, as a deposit into the account the plan would give what is left of
    it: a ``full`` plan places no new cash, and without it the household would be smaller."""
    trading = problem.policy.trading
    mode = "full" if trading.mode in ("cash_flow", "out_of_band") else trading.mode
    relaxed = replace(trading, mode=mode, cash_reserve=0.0)
    accounts = problem.accounts
    eligible = new_cash_accounts(problem)
    if trading.mode == "cash_flow" and trading.new_cash > 0 and eligible:
        j = eligible[0]
        into = replace(accounts[j], deposit=accounts[j].deposit + trading.new_cash)
        accounts = (*accounts[:j], into, *accounts[j + 1 :])
    what = "cash: the mode sells nothing, or an account's reserve or cash limits its purchases"
    policy = replace(problem.policy, trading=relaxed)
    return replace(problem, policy=policy, accounts=accounts), what


def _no_limit(problem: Problem) -> tuple[Problem, str]:
    trading = replace(problem.policy.trading, max_position=1.0)
    what = f"the {100 * problem.policy.trading.max_position:g}% position limit"
    return replace(problem, policy=replace(problem.policy, trading=trading)), what


def _fractions(problem: Problem) -> tuple[Problem, str]:
    trading = replace(problem.policy.trading, fractional=True, min_trade=0.0)
    return (
        replace(problem, policy=replace(problem.policy, trading=trading)),
        "whole shares and the minimum trade",
    )


RELAXATIONS: tuple[Relaxation, ...] = (
    _pure_vehicles,
    _unfrozen,
    _untaxed,
    _cash,
    _no_limit,
    _fractions,
)


def outside(rows: Mapping[str, BucketRow]) -> list[str]:
    return [k for k, r in rows.items() if abs(r.post - r.target) > r.band + 1e-6]


def _inside(sol: Solution, relaxed: Problem, row: BucketRow, k: str) -> bool:
    total = household_total(relaxed) or 1.0
    return abs(sol.post_values[k] / total - row.target) <= row.band + 1e-6


def _solved(sol: Solution) -> bool:
    return sol.status != "infeasible" and bool(sol.post_values)


def binding_rules(problem: Problem, rows: Mapping[str, BucketRow], solve: Solve) -> dict[str, str]:
    """For each bucket outside its band after the plan, the rule that keeps it there: the
    first single relaxation that brings it inside; else the rules that do it together."""
    left = outside(rows)
    found: dict[str, str] = {}
    for relax in RELAXATIONS:
        if not left:
            break
        relaxed, what = relax(problem)
        sol = solve(relaxed)
        if not _solved(sol):
            continue
        for k in list(left):
            if _inside(sol, relaxed, rows[k], k):
                found[k] = what
                left.remove(k)
    if left:
        found.update(_together(problem, rows, left, solve))
    return {k: found[k] for k in BUCKETS if k in found}


def _relaxed(problem: Problem, steps: Sequence[Relaxation]) -> tuple[Problem, list[str]]:
    whats = []
    for relax in steps:
        problem, what = relax(problem)
        whats.append(what)
    return problem, whats


def _together(
    problem: Problem, rows: Mapping[str, BucketRow], left: Sequence[str], solve: Solve
) -> dict[str, str]:
    """Buckets no single relaxation brings inside their band: the relaxations are added one
    after another, in their order, until a bucket comes inside; then each earlier one is
    dropped in turn if that bucket stays inside without it. What is left is named together -
    for each bucket its own rules, also when several come inside at the same step (a set of
    rules is solved once, whichever bucket asks)."""
    solved: dict[tuple[int, ...], tuple[Problem, Solution]] = {}

    def attempt(steps: tuple[int, ...]) -> tuple[Problem, Solution]:
        if steps not in solved:
            relaxed, _ = _relaxed(problem, [RELAXATIONS[i] for i in steps])
            solved[steps] = relaxed, solve(relaxed)
        return solved[steps]

    def frees(steps: tuple[int, ...], k: str) -> bool:
        relaxed, sol = attempt(steps)
        return _solved(sol) and _inside(sol, relaxed, rows[k], k)

    pending = list(left)
    found: dict[str, str] = {}
    for n in range(2, len(RELAXATIONS) + 1):
        for k in [k for k in pending if frees(tuple(range(n)), k)]:
            steps = tuple(range(n))
            for i in range(n - 1):
                fewer = tuple(j for j in steps if j != i)
                if frees(fewer, k):
                    steps = fewer
            whats = _relaxed(problem, [RELAXATIONS[i] for i in steps])[1]
            found[k] = whats[0] + "".join(
                f", {'together with' if i == 1 else 'and with'} {w}"
                for i, w in enumerate(whats[1:], 1)
            )
            pending.remove(k)
        if not pending:
            break
    for k in pending:
        found[k] = NOTHING
    return found


NOTHING = "no rule the plan can relax brings it inside its band, even all of them together"
