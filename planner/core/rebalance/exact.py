"""The exact method: the mixed-integer programme solved by HiGHS (scipy's ``milp``), proven
within ``ABS_GAP`` dollars (+ ``MIP_GAP`` of its cost) of the best plan there is."""

from __future__ import annotations

import math

import numpy as np

from planner.core.problem import Problem, Solution
from planner.core.rebalance import highs
from planner.core.rebalance.model import OBJECTIVE_SCALE, Model
from planner.core.rebalance.readout import finish, infeasible, place_new_cash, trades_from

#: Seconds one solve may take before it returns its best plan so far, with a warning.
TIME_LIMIT = 30.0


def run_milp(model: Model, integer: bool, time_limit: float = TIME_LIMIT) -> highs.Result:
    """One HiGHS call on ``model``: with its integrality, or its continuous relaxation."""
    return highs.run(model, integer, time_limit)


def lots_from(model: Model, x: np.ndarray, sold: np.ndarray) -> dict[int, list[float]]:
    """The shares each sale takes from each lot, read from the lot columns (scaled so they add
    up to the shares sold exactly)."""
    out: dict[int, list[float]] = {}
    for j, (i, k) in enumerate(model.lot_cols):
        take = out.setdefault(i, [0.0] * len(model.slots[i].lots))
        take[k] = max(0.0, float(x[model.layout.lot + j]))
    for i, take in out.items():
        total = sum(take)
        if sold[i] <= 1e-9 or total <= 0:
            out[i] = []
            continue
        take[:] = [round(t * float(sold[i]) / total, 6) for t in take]
    return {i: t for i, t in out.items() if t}


def solve_exact(
    problem: Problem, model: Model, total: float, time_limit: float = TIME_LIMIT
) -> Solution:
    result = run_milp(model, integer=True, time_limit=time_limit)
    if result.x is None:  # no plan exists, or none was found in the time
        return infeasible(problem, total, time_limit if result.time_limit else None)
    L, n, frac = model.layout, len(model.slots), model.frac
    x = np.round(result.x, 6)
    if not problem.policy.trading.fractional:
        x[L.b : L.b + 2 * n] = np.round(x[L.b : L.b + 2 * n])
    x[L.c : L.c + n] = np.round(x[L.c : L.c + n])
    bought = x[L.b : L.b + n]
    sold = x[L.s : L.s + n] + x[L.c : L.c + n] * frac
    lots = lots_from(model, x, sold)
    warnings = []
    if result.time_limit:  # time limit with a feasible plan
        warnings.append(f"the solver stopped at its {time_limit:.0f} s limit")
    trades = trades_from(problem, model, bought, sold, lots)
    placed = place_new_cash(problem, model, bought, sold)
    sol = finish(problem, trades, total, warnings, placed, model.slots)
    dual = result.dual_bound
    if dual is not None and math.isfinite(dual) and sol.objective is not None:
        sol.bound = min(dual / OBJECTIVE_SCALE - model.offset, sol.objective.total)
    sol.method = "exact"
    return sol
