"""One HiGHS call on the model, through highspy (arrays in, arrays out - no per-element Python
conversion): the mixed-integer programme, or its continuous relaxation.

Statuses as the callers use them: ``x`` is None when HiGHS found no feasible point (infeasible
or stopped with nothing); ``time_limit`` tells a plan found before the time limit from a
proven one.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from planner.core.rebalance.model import MIP_GAP, OBJECTIVE_SCALE, Model

_ROWWISE = 2  # HiGHS MatrixFormat.kRowwise
_MINIMIZE = 1


@dataclass(frozen=True)
class Result:
    x: np.ndarray | None  # the solution, or None
    fun: float  # the objective of x, in the scaled units of the programme
    time_limit: bool  # stopped at the time limit (x, if any, is the best found)
    dual_bound: float | None  # MIP: no solution costs less (scaled units)


def run(model: Model, integer: bool, time_limit: float) -> Result:
    """Solve ``model`` (with its integrality, or relaxed) within ``time_limit`` seconds."""
    h = highspy._core._Highs()  # the core object: the Python wrapper prints a banner
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", MIP_GAP)
    h.setOptionValue("time_limit", float(time_limit))
    a = model.a_mat
    n_col, n_row = a.shape[1], a.shape[0]
    integrality = model.integrality.astype(np.int32) if integer else np.zeros(n_col, dtype=np.int32)
    h.passModel(
        n_col,
        n_row,
        int(a.nnz),
        _ROWWISE,
        _MINIMIZE,
        0.0,
        np.ascontiguousarray(model.cost * OBJECTIVE_SCALE, dtype=np.float64),
        np.ascontiguousarray(model.lb, dtype=np.float64),
        np.ascontiguousarray(model.ub, dtype=np.float64),
        np.ascontiguousarray(model.lo, dtype=np.float64),
        np.ascontiguousarray(model.hi, dtype=np.float64),
        np.ascontiguousarray(a.indptr[:-1], dtype=np.int32),
        np.ascontiguousarray(a.indices, dtype=np.int32),
        np.ascontiguousarray(a.data, dtype=np.float64),
        integrality,
    )
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    feasible = info.primal_solution_status == 2  # kSolutionStatusFeasible
    stopped = status == highspy.HighsModelStatus.kTimeLimit
    if not feasible or status not in (
        highspy.HighsModelStatus.kOptimal,
        highspy.HighsModelStatus.kTimeLimit,
    ):
        return Result(None, float("inf"), stopped, None)
    x = np.asarray(h.getSolution().col_value, dtype=float)
    dual = float(info.mip_dual_bound) if integer and np.isfinite(info.mip_dual_bound) else None
    return Result(x, float(info.objective_function_value), stopped, dual)
