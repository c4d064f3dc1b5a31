"""The exact method: the mixed-integer programme solved by HiGHS (scipy's ``milp``), proven
within ``ABS_GAP`` dollars (+ ``MIP_GAP`` of its cost) of the best plan there is."""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

from planner.core.problem import Problem, Solution
from planner.core.rebalance.layout import MIP_GAP, OBJECTIVE_SCALE, Model
from planner.core.rebalance.readout import finish, infeasible, trades_from

#: Seconds one solve may take before it returns its best plan so far, with a warning.
TIME_LIMIT = 30.0


def run_milp(model: Model, integer: bool, time_limit: float = TIME_LIMIT) -> OptimizeResult:
    """One HiGHS call on ``model``: with its integrality, or its continuous relaxation."""
    return milp(
        model.cost * OBJECTIVE_SCALE,
        integrality=model.integrality if integer else np.zeros_like(model.integrality),
        bounds=Bounds(model.lb, model.ub),
        constraints=LinearConstraint(model.a_mat, model.lo, model.hi),
        options={"disp": False, "mip_rel_gap": MIP_GAP, "time_limit": time_limit},
    )


def solve_exact(problem: Problem, model: Model, total: float) -> Solution:
    result = run_milp(model, integer=True)
    if result.x is None:
        return infeasible(problem, total)
    L, n, frac = model.layout, len(model.slots), model.frac
    x = np.round(result.x, 6)
    if not problem.policy.trading.fractional:
        x[L.b : L.b + 2 * n] = np.round(x[L.b : L.b + 2 * n])
    x[L.c : L.c + n] = np.round(x[L.c : L.c + n])
    bought = x[L.b : L.b + n]
    sold = x[L.s : L.s + n] + x[L.c : L.c + n] * frac
    placed = {a.id: float(x[L.new + j]) for j, a in enumerate(model.accounts)}
    warnings = []
    if result.status == 1:  # time limit with a feasible plan
        warnings.append(f"the solver stopped at its {TIME_LIMIT:.0f} s limit")
    trades = trades_from(problem, model, bought, sold)
    sol = finish(problem, trades, total, warnings, placed, model.slots)
    dual = getattr(result, "mip_dual_bound", None)
    if dual is not None and math.isfinite(dual) and sol.objective is not None:
        sol.bound = min(dual / OBJECTIVE_SCALE - model.offset, sol.objective.total)
    sol.method = "exact"
    return sol
