"""A target the plan cannot buy toward is held as cash.

When none of a bucket's approved vehicles can be bought - no price, restricted, or not in the
policy at all - the plan cannot reach the bucket's target. Left as it is, the solver spreads
the shortfall over whichever buckets it can buy, each ending above its target for a reason no
trade could state. Instead the part of the target the household does not already hold moves to
cash (the bonds sleeve kept in cash until a bond fund can be bought): the bucket's target
becomes what it holds, never more than the policy's, and what the household holds of it is
never sold to make up the difference.

Units: weights as fractions of the household (after the plan's cash flows).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from planner.core.plan_model import BUCKET_NAMES
from planner.core.policy import BUCKETS
from planner.core.problem import Problem
from planner.core.rebalance import current_values, household_total

#: Buckets that are not bought through vehicles: cash is what the others' targets move to;
#: "other" (what the product cannot place) has no vehicles and no target to reach.
NOT_BOUGHT = frozenset({"cash", "other"})
#: Smaller moves are rounding, not a sleeve held in cash.
MIN_HELD = 1e-6


def buyable(problem: Problem, bucket: str) -> bool:
    """Whether the plan can buy any approved vehicle of ``bucket``: priced, tradeable and not
    on the do-not-buy list. (An account it may buy in is the solver's question.)"""
    securities = problem.securities
    no_buy = set(problem.policy.restrictions.do_not_buy)
    return any(
        sym in securities
        and securities[sym].tradeable
        and securities[sym].price > 0
        and sym not in no_buy
        for sym in problem.policy.vehicles.get(bucket, ())
    )


def hold_in_cash(problem: Problem) -> tuple[Problem, list[str]]:
    """``problem`` with each unbuyable bucket's shortfall moved to the cash target, recorded in
    ``Problem.held`` (negative on the bucket, the sum positive on cash), and one warning a
    bucket saying so."""
    total = household_total(problem)
    if total <= 0:
        return problem, []
    now = current_values(problem)
    targets = dict(problem.targets)
    held: dict[str, float] = {}
    moves: list[tuple[str, float, float, float]] = []  # bucket, target, kept, moved
    for k in BUCKETS:
        target = targets.get(k, 0.0)
        if k in NOT_BOUGHT or target <= 0 or buyable(problem, k):
            continue
        keep = min(target, max(0.0, now[k] / total))
        moved = target - keep
        if moved < MIN_HELD:
            continue
        targets[k] = keep
        targets["cash"] = targets.get("cash", 0.0) + moved
        held[k] = -moved
        held["cash"] = held.get("cash", 0.0) + moved
        moves.append((k, target, keep, moved))
    if not held:
        return problem, []
    # each warning names the cash target the plan ends with, all buckets moved
    warnings = [_warning(problem, *move, targets["cash"]) for move in moves]
    return replace(problem, targets=targets, held=held), warnings


def _warning(
    problem: Problem, k: str, target: float, keep: float, moved: float, cash: float
) -> str:
    name = BUCKET_NAMES[k]
    symbols = problem.policy.vehicles.get(k, ())
    which = (
        f"none of its approved vehicles ({', '.join(symbols)}) can be bought"
        if symbols
        else "the policy approves no vehicle for it"
    )
    held = f"{keep:.1%} it holds" if keep > 0 else "none it holds"
    return (
        f"{name}: {which}, so the plan holds {moved:.1%} of the household as cash in their "
        f"place ({target:.1%} target, {held}); the cash target is {cash:.1%}. Give the vehicle "
        f"a price (`rotation-planner securities import`) or approve one that has a price"
    )


def held_text(bucket: str, held: Mapping[str, float]) -> str:
    """The clause a target's explanation adds for the part moved (``held``: per bucket, as in
    ``Problem.held``): on cash, "+ 17.0 pts held for bonds"; on the bucket itself, "- 17.0 pts
    no vehicle can be bought"."""
    moved = held.get(bucket, 0.0)
    if abs(moved) < MIN_HELD:
        return ""
    if bucket == "cash":
        names = " and ".join(BUCKET_NAMES[k] for k in BUCKETS if held.get(k, 0.0) < 0)
        return f"+ {100 * moved:.1f} pts held for {names}"
    return f"- {100 * -moved:.1f} pts no vehicle can be bought"
