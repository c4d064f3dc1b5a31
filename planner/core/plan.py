"""A plan for one household: the solver's trades with a reason and a sentence for each, cash
per account before and after, buckets before and after, what the plan may not touch, and
side-by-side scenarios.

The plan is built from plain inputs - the imported :class:`Household`, what is known about
each symbol (:class:`SecurityFacts`: its bucket mix, quality flag and, for securities the
household does not hold, a dated price), the :class:`Policy`, and a :class:`RegimeView` - so
the command line and the app build exactly the same plan. Units: dollars, shares, and weights
as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from planner.core.binding import binding_rules, outside
from planner.core.held_in_cash import hold_in_cash
from planner.core.holdings import Household
from planner.core.household_problem import UNTRADED_TYPES, problem_from_household
from planner.core.plan_model import (
    BUCKET_NAMES,
    REASONS,
    AccountCash,
    BucketRow,
    Frozen,
    Plan,
    PlannedTrade,
    PriceUsed,
    RegimeView,
    Scenario,
    SecurityFacts,
)
from planner.core.plan_trades import planned_trades
from planner.core.plan_warnings import age_warnings, position_warnings, restriction_warnings
from planner.core.policy import BUCKETS, Mode, Policy
from planner.core.prices_used import file_name
from planner.core.problem import Lot, Problem, Solution
from planner.core.progress import Progress, report
from planner.core.rebalance import current_values, household_total, solve
from planner.core.wording import SINGULAR, Describe, plain

__all__ = [
    "BUCKET_NAMES",
    "REASONS",
    "UNTRADED_TYPES",
    "AccountCash",
    "BucketRow",
    "Frozen",
    "Plan",
    "PlannedTrade",
    "PriceUsed",
    "RegimeView",
    "Scenario",
    "SecurityFacts",
    "applied_tilt",
    "make_plan",
    "problem_from_household",
]


def applied_tilt(policy: Policy, regime: RegimeView | None) -> float:
    """The fraction moved from mega to small: composite x the policy's max tilt x the strength
    the regime's age leaves (``Tilt.strength``: full, fading, none; full when overridden). 0
    when the tilt is off, there is no regime, or its label is neutral (``regime.NEUTRAL``)."""
    if regime is None or not policy.tilt.enabled or regime.label == "neutral":
        return 0.0
    c = max(-1.0, min(1.0, regime.composite))
    return c * policy.tilt.max * policy.tilt.strength(regime.age_days)


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
            held=problem.held.get(k, 0.0),
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
    as_of: date | None = None,
    lots: Mapping[tuple[str, str], tuple[Lot, ...]] | None = None,
    describe: Describe = plain,
) -> Plan:
    """The plan for ``household`` on ``as_of`` (the plan date): trades toward the policy tilted
    by the regime, explained, with the scenarios "policy only", "policy + regime" and "cash
    flow only" beside it, and - with the scenarios - what binds each bucket left outside its
    band. ``describe`` names a bucket under the size scheme in use."""
    tilt = applied_tilt(policy, regime)
    targets = policy.tilted_targets(tilt)
    built = problem_from_household(household, facts, policy, targets, as_of, lots)
    problem, held = hold_in_cash(built.problem)
    report(progress, 0.05, "solving the plan")
    solution = solve(problem, _part(progress, 0.05, 0.4), method=method)
    rows = _bucket_rows(problem, solution)
    trades = planned_trades(problem, solution, rows, facts, built.prices, describe)
    accounts = [
        AccountCash(
            a.id, a.name, a.type, round(a.cash, 2), round(solution.cash_after.get(a.id, a.cash), 2)
        )
        for a in problem.accounts
    ]
    files = ((file_name(f.path), f.as_of) for f in household.files)
    warnings = age_warnings(files, as_of) + built.warnings + held + list(solution.warnings)
    if regime is not None and policy.tilt.enabled:
        warnings += _age_warnings(policy, regime)
    if regime is None and policy.tilt.enabled:
        warnings.append("no regime available: the plan follows the policy without a tilt")
    warnings += position_warnings(problem, household_total(with_mode(problem, "full")))
    warnings += restriction_warnings(problem, rows)
    file_dates = [f.as_of for f in household.files if f.as_of is not None]
    obj = solution.objective
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
        objective=obj.total if obj else None,
        gap=solution.gap,
        holdings_as_of=max(file_dates) if file_dates else None,
        frozen=built.frozen,
        prices=built.prices,
        as_of=as_of,
        realized=_realized(solution, problem),
        location_cost=round(obj.location, 2) if obj else 0.0,
    )
    if scenarios:
        report(progress, 0.4, "scenarios")
        base_problem, _ = hold_in_cash(
            problem_from_household(household, facts, policy, policy.targets, as_of, lots).problem
        )
        # the scenarios beside the plan are solved by the fast method (within its proven gap);
        # with no tilt, "policy only" is the plan itself
        base = (
            solution
            if abs(tilt) < 1e-12
            else solve(base_problem, _part(progress, 0.4, 0.6), method="fast")
        )
        plan.scenarios["policy"] = _scenario("policy", "Policy only", base_problem, base)
        plan.scenarios["policy_regime"] = _scenario(
            "policy_regime", "Policy + regime tilt", problem, solution
        )
        flow_problem = with_mode(problem, "cash_flow")
        flow = solve(flow_problem, _part(progress, 0.6, 0.75), method="fast")
        title = "Cash flow only (buy with cash, sell nothing)"
        plan.scenarios["cash_flow"] = _scenario("cash_flow", title, flow_problem, flow)
        if solution.status == "optimal" and outside(rows):
            report(progress, 0.75, "what binds the plan")
            plan.binding = binding_rules(problem, rows, lambda p: solve(p, method="fast"))
        plan.warnings += _band_warnings(rows, plan.binding)
        plan.warnings += _budget_warnings(problem, rows)
    else:
        plan.warnings += _band_warnings(rows, {})
    report(progress, 1.0, "done")
    return plan


def _age_warnings(policy: Policy, regime: RegimeView) -> list[str]:
    """What the regime's age does to the tilt, in a sentence (none when fresh)."""
    t = policy.tilt
    natural = replace(t, override_reason="").strength(regime.age_days)  # without an override
    reason = t.override_reason.strip()
    age = f"{regime.age_days} days old" if regime.age_days is not None else "of unknown age"
    head = f"the regime is stale: as of {regime.as_of or 'an unknown date'}, {age}"
    limits = f"full strength up to {t.full_until_days:g} days, none from {t.zero_after_days:g}"
    if reason and natural < 1.0:
        return [
            f"{head}; the tilt is applied at full strength by override: {reason} "
            f"(without it {natural:.0%}: {limits})"
        ]
    if natural == 0.0:
        return [
            f"{head} ({regime.source or 'no source'}), so the plan applies no tilt "
            f"({limits}); refresh the regime, or set [tilt] override_reason to apply it"
        ]
    if natural < 1.0:
        return [
            f"{head}, so the tilt is applied at {natural:.0%} strength ({limits}); refresh "
            f"it before trading on the tilt"
        ]
    if regime.stale:
        return [f"{head}; refresh it before trading on the tilt"]
    return []


def _realized(solution: Solution, problem: Problem) -> dict[str, float]:
    """Net realised gain by term in taxable accounts (unknown terms as the policy taxes them)."""
    unknown = problem.policy.tax.unknown_term
    out = {"short": 0.0, "long": 0.0}
    for t in solution.trades:
        if t.realized_gain is None:
            continue
        for s in t.lots:
            if s.gain is not None:
                out[unknown if s.term == "unknown" else s.term] += s.gain
            else:  # an unknown cost: the whole proceeds count as gain
                out[unknown if s.term == "unknown" else s.term] += s.shares * t.price
    return {k: round(v, 2) for k, v in out.items()}


def _band_warnings(rows: Mapping[str, BucketRow], binding: Mapping[str, str]) -> list[str]:
    out = []
    for k in outside(rows):
        row = rows[k]
        why = binding.get(k)
        because = f"; what binds: {why}" if why else ""
        stay = "stays" if k in SINGULAR else "stay"
        out.append(
            f"{BUCKET_NAMES[k]} {stay} outside the band after the plan: {100 * row.post:.1f}% "
            f"against {100 * row.target:.1f}% +/- {100 * row.band:.1f}%{because}"
        )
    return out


def _budget_warnings(problem: Problem, rows: Mapping[str, BucketRow]) -> list[str]:
    """How much drift the tax budget leaves (``rows``: the plan's buckets), against the fast
    method's plan without it."""
    t = problem.policy.tax
    if t.max_realized_gain is None and t.max_tax is None:
        return []
    free = replace(
        problem,
        policy=replace(problem.policy, tax=replace(t, max_realized_gain=None, max_tax=None)),
    )
    other = solve(free, method="fast")
    if other.status != "optimal":
        return []
    other_rows = _bucket_rows(free, other)
    extra = _residual(rows) - _residual(other_rows)
    if extra <= 1e-4:
        return ["the tax budget does not bind: the plan is the same without it"]
    tax = sum(tr.tax for tr in other.trades)
    return [
        f"the tax budget leaves {100 * extra:.1f} points more drift than a plan without it "
        f"(which would realise ${sum(tr.realized_gain or 0.0 for tr in other.trades):,.0f} "
        f"of gains and about ${tax:,.0f} of tax)"
    ]


def _part(progress: Progress | None, start: float, end: float) -> Progress | None:
    """``progress`` for a step that spans ``start``..``end`` of the whole."""
    if progress is None:
        return None

    def step(fraction: float, message: str) -> None:
        progress(start + (end - start) * fraction, message)

    return step
