"""A plan for one household: the solver's trades with a reason and a sentence for each, cash
per account before and after, buckets before and after, and side-by-side scenarios.

The plan is built from plain inputs - the imported :class:`Household`, what is known about
each symbol (:class:`SecurityFacts`: its bucket mix, quality flag and, for securities the
household does not hold, a dated price), the :class:`Policy`, and a :class:`RegimeView` - so
the command line and the app build exactly the same plan. Units: dollars, shares, and weights
as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from planner.core.explain import band_warnings, planned_trades, restriction_warnings
from planner.core.holdings import Household
from planner.core.household_problem import UNTRADED_TYPES, problem_from_household
from planner.core.plan_model import (
    BUCKET_NAMES,
    REASONS,
    AccountCash,
    BucketRow,
    Plan,
    PlannedTrade,
    RegimeView,
    Scenario,
    SecurityFacts,
)
from planner.core.policy import BUCKETS, Mode, Policy
from planner.core.problem import Problem, Solution
from planner.core.progress import Progress, report
from planner.core.rebalance import current_values, household_total, solve

__all__ = [
    "BUCKET_NAMES",
    "REASONS",
    "UNTRADED_TYPES",
    "AccountCash",
    "BucketRow",
    "Plan",
    "PlannedTrade",
    "RegimeView",
    "Scenario",
    "SecurityFacts",
    "applied_tilt",
    "make_plan",
    "problem_from_household",
]


def applied_tilt(policy: Policy, regime: RegimeView | None) -> float:
    """The fraction moved from mega to small: composite x the policy's max tilt (0 when the
    tilt is off or there is no regime)."""
    if regime is None or not policy.tilt.enabled:
        return 0.0
    c = max(-1.0, min(1.0, regime.composite))
    return c * policy.tilt.max


def _weights(values: Mapping[str, float], total: float) -> dict[str, float]:
    return {k: (values.get(k, 0.0) / total if total else 0.0) for k in BUCKETS}


def _bucket_rows(problem: Problem, solution: Solution) -> dict[str, BucketRow]:
    total = solution.total
    now = _weights(current_values(problem), household_total(with_mode(problem, "full")))
    post = _weights(solution.post_values, total) if solution.post_values else now
    base = problem.base_targets or problem.targets
    bands = problem.policy.bands
    return {
        k: BucketRow(
            current=now[k],
            target=problem.targets.get(k, 0.0),
            policy_target=base.get(k, 0.0),
            post=post[k],
            band=bands.width(problem.targets.get(k, 0.0)),
        )
        for k in BUCKETS
    }


def with_mode(problem: Problem, mode: Mode) -> Problem:
    """The same problem under another trading mode."""
    return replace(problem, policy=problem.policy.with_mode(mode))


def _residual(rows: Mapping[str, BucketRow]) -> float:
    return sum(abs(r.post - r.target) for r in rows.values())


def _scenario(name: str, title: str, problem: Problem, solution: Solution) -> Scenario:
    rows = _bucket_rows(problem, solution)
    return Scenario(
        name,
        title,
        len(solution.trades),
        round(sum(t.value for t in solution.trades), 2),
        round(sum(t.tax for t in solution.trades), 2),
        rows,
        _residual(rows),
        solution.status,
    )


def make_plan(
    household: Household,
    facts: Mapping[str, SecurityFacts],
    policy: Policy,
    regime: RegimeView | None,
    progress: Progress | None = None,
    scenarios: bool = True,
    method: str = "auto",
) -> Plan:
    """The plan for ``household``: trades toward the policy tilted by the regime, explained,
    with the scenarios "policy only", "policy + regime" and "cash flow only" beside it."""
    tilt = applied_tilt(policy, regime)
    targets = policy.tilted_targets(tilt)
    problem, warnings = problem_from_household(household, facts, policy, targets)
    report(progress, 0.05, "solving the plan")
    solution = solve(problem, _part(progress, 0.05, 0.5), method=method)
    rows = _bucket_rows(problem, solution)
    trades = planned_trades(problem, solution, rows, facts)
    accounts = [
        AccountCash(
            a.id, a.name, a.type, round(a.cash, 2), round(solution.cash_after.get(a.id, a.cash), 2)
        )
        for a in problem.accounts
    ]
    warnings += list(solution.warnings)
    if regime is not None and regime.stale and policy.tilt.enabled:
        age = f"{regime.age_days} days old" if regime.age_days is not None else "of unknown age"
        dated = regime.as_of.isoformat() if regime.as_of else "undated"
        warnings.append(
            f"the regime is stale: as of {dated}, {age}; refresh it before trading on the tilt"
        )
    if regime is None and policy.tilt.enabled:
        warnings.append("no regime available: the plan follows the policy without a tilt")
    warnings += restriction_warnings(problem, rows)
    warnings += band_warnings(rows, solution)
    file_dates = [f.as_of for f in household.files if f.as_of is not None]
    plan = Plan(
        household_total=round(solution.total, 2),
        trades=trades,
        accounts=accounts,
        buckets=rows,
        turnover=round(sum(t.value for t in trades), 2),
        tax_total=round(sum(t.tax for t in trades), 2),
        regime=regime,
        tilt=tilt,
        policy=policy,
        residual_deviation=_residual(rows),
        warnings=warnings,
        status=solution.status,
        method=solution.method,
        objective=solution.objective.total if solution.objective else None,
        gap=solution.gap,
        holdings_as_of=max(file_dates) if file_dates else None,
    )
    if scenarios:
        report(progress, 0.5, "scenarios")
        base_problem, _ = problem_from_household(household, facts, policy, policy.targets)
        base = solve(base_problem, _part(progress, 0.5, 0.75), method=method)
        plan.scenarios["policy"] = _scenario("policy", "Policy only", base_problem, base)
        plan.scenarios["policy_regime"] = _scenario(
            "policy_regime", "Policy + regime tilt", problem, solution
        )
        flow_problem = with_mode(problem, "cash_flow")
        flow = solve(flow_problem, _part(progress, 0.75, 1.0), method=method)
        title = "Cash flow only (buy with cash, sell nothing)"
        plan.scenarios["cash_flow"] = _scenario("cash_flow", title, flow_problem, flow)
    report(progress, 1.0, "done")
    return plan


def _part(progress: Progress | None, start: float, end: float) -> Progress | None:
    """``progress`` for a step that spans ``start``..``end`` of the whole."""
    if progress is None:
        return None

    def step(fraction: float, message: str) -> None:
        progress(start + (end - start) * fraction, message)

    return step
