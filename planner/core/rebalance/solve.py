"""Orchestration: build the slots and the model, pick the method, solve.

In plain words (README "How the plan is made"): every bucket has a target share of the
household. The solver looks for the trades that leave the household closest to those
targets - above all inside the bands around them - while paying as little tax, turnover and
ticket cost as it can. Cash never moves between accounts, nothing is sold short, restricted
names are left alone, and a sale in an IRA costs no tax, so the solver rebalances there first.
"""

from __future__ import annotations

from planner.core.policy import main_bucket
from planner.core.problem import Problem, Solution
from planner.core.progress import Progress, report
from planner.core.rebalance.exact import solve_exact
from planner.core.rebalance.fast import solve_fast
from planner.core.rebalance.layout import build_model
from planner.core.rebalance.model import ABS_GAP, MIP_GAP
from planner.core.rebalance.readout import CENT, no_trades
from planner.core.rebalance.score import score
from planner.core.rebalance.slots import (
    build_slots,
    household_total,
    out_of_band_buckets,
    restrict_to,
)

#: Households with more tradeable positions than this are solved by the fast method.
EXACT_MAX_SLOTS = 40
#: Seconds the auto method gives the exact search when the fast plan is not proven close: it
#: keeps whichever plan is cheaper, so a search stopped here costs nothing but the proof (a
#: 13-position household of the generated book took the whole 30 s of the exact method).
AUTO_EXACT_S = 5.0


def solve(problem: Problem, progress: Progress | None = None, method: str = "auto") -> Solution:
    """The plan for ``problem`` (deterministic: the same problem, the same plan).

    ``method``: ``"exact"`` solves the mixed-integer programme to within ``ABS_GAP`` dollars
    (+ ``MIP_GAP`` of its cost) of the best plan; ``"fast"`` solves its continuous relaxation,
    rounds to whole shares and repairs every constraint, and reports how far the plan can be
    from the best (the relaxation is a lower bound on every plan's cost). ``"auto"`` takes
    the fast plan when it is proven that close to the best, and otherwise solves exactly up to
    ``EXACT_MAX_SLOTS`` tradeable positions (keeping the cheaper of the two). ``progress`` is
    called between steps; the caller cancels by making it raise.
    """
    report(progress, 0.0, "building the model")
    trading = problem.policy.trading
    slots = build_slots(problem)
    total = household_total(problem)
    if total <= CENT and score(problem, []) is not None:
        return no_trades(problem, total, "the household has no value to rebalance")
    # with nothing left to rebalance and the withdrawals still to pay (or cash to raise), the
    # plan sells what pays them - the programme decides whether that can be done
    if trading.mode == "out_of_band":
        outside = out_of_band_buckets(problem, slots, total)
        if not outside:
            return no_trades(problem, total, "every bucket is inside its band")

        def touches(sym: str) -> bool:
            mix = problem.securities[sym].mix
            return main_bucket(mix) in outside

        slots = restrict_to(slots, {s.symbol for s in slots if touches(s.symbol)})
    model = build_model(problem, slots, total)
    tradeable = sum(1 for s in slots if s.can_buy or s.can_sell)
    report(progress, 0.3, "solving")
    if method == "exact":
        return solve_exact(problem, model, total)
    fast = solve_fast(problem, model, total)
    if method == "fast" and fast is not None:
        return fast
    if fast is not None and fast.gap is not None and fast.objective is not None:
        if fast.gap <= ABS_GAP + MIP_GAP * abs(fast.objective.total):
            return fast  # proven as close to the best as the exact method proves
        if tradeable > EXACT_MAX_SLOTS:
            return fast
    report(progress, 0.6, "solving exactly")
    exact = solve_exact(problem, model, total, AUTO_EXACT_S)
    if (
        fast is not None
        and fast.objective is not None
        and (exact.objective is None or fast.objective.total < exact.objective.total)
    ):
        return fast
    return exact
