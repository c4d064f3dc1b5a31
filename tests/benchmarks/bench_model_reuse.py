"""Keep the HiGHS model between policy edits, or build it again? Measured on the demo household:
a policy edit (five points of target moved from mega-caps to bonds, and back) changes only
bounds and costs - the constraint matrix is the same - so a kept model could take the new
bounds and costs and start from the last basis. Against it: building the model again and
solving from scratch, as the planner does. Both solve the continuous relaxation (the fast
method's step, what a re-plan's first plan runs twice)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import highspy
import numpy as np

from planner.core.facts import security_facts
from planner.core.household_problem import problem_from_household
from planner.core.policy import Policy
from planner.core.rebalance import highs
from planner.core.rebalance.layout import build_model
from planner.core.rebalance.model import OBJECTIVE_SCALE, Model
from planner.core.rebalance.slots import build_slots, household_total
from planner.market.securities import load_reference, with_policy
from planner.resources import resource
from planner.workflow import demo_policy_path, import_household, read_policy


def _demo_model() -> Callable[[int], Model]:
    """The demo household's model under edit ``i`` of its policy: its own targets when ``i``
    is even, five points moved from mega-caps to bonds when it is odd."""
    household = import_household([str(p) for p in sorted(resource("demo").glob("*.csv"))])
    base = read_policy(demo_policy_path())
    ref = with_policy(load_reference(), base.buckets)
    facts = security_facts(household, ref, base.vehicle_symbols(), {})

    def model(i: int) -> Model:
        shift = 0.05 if i % 2 else 0.0
        targets = dict(base.targets)
        targets["mega"] -= shift
        targets["bonds"] = targets.get("bonds", 0.0) + shift
        policy: Policy = replace(base, targets=targets)
        problem = problem_from_household(
            household, facts, policy, policy.targets, date.today()
        ).problem
        return build_model(problem, build_slots(problem), household_total(problem))

    return model


def _rebuild(model: Callable[[int], Model], repeats: int) -> list[float]:
    """Seconds per edit: the model built again and solved from scratch."""
    times = []
    for i in range(1, repeats + 1):
        t = time.perf_counter()
        highs.run(model(i), integer=False, time_limit=30.0)
        times.append(time.perf_counter() - t)
    return times


def _kept(models: list[Model]) -> tuple[list[float], float]:
    """Seconds per edit with one HiGHS object kept: the changed coefficients, costs and bounds
    passed in, a warm start from the last basis; and the largest difference in objective from
    a solve from scratch."""
    first = models[0]
    h = highspy._core._Highs()  # the core object, as the planner uses it (no banner)
    h.setOptionValue("output_flag", False)
    a = first.a_mat
    n_col, n_row = a.shape[1], a.shape[0]
    h.passModel(
        n_col,
        n_row,
        a.nnz,
        2,
        1,
        0.0,
        first.cost * OBJECTIVE_SCALE,
        first.lb,
        first.ub,
        first.lo,
        first.hi,
        a.indptr[:-1].astype(np.int32),
        a.indices.astype(np.int32),
        a.data,
        np.zeros(n_col, dtype=np.int32),
    )
    h.run()
    cols = np.arange(n_col, dtype=np.int32)
    rows = np.arange(n_row, dtype=np.int32)
    times, worst = [], 0.0
    h_data = a.data
    row_of = np.repeat(np.arange(n_row), np.diff(a.indptr))
    for m in models[1:]:
        if not (
            np.array_equal(m.a_mat.indptr, a.indptr) and np.array_equal(m.a_mat.indices, a.indices)
        ):
            raise SystemExit("an edit of the targets changed the constraint matrix's shape")
        # the coefficients an edit changes (the targets are coefficients of the drift rows),
        # found outside the clock: a kept model would have to know them without building
        changed = np.flatnonzero(m.a_mat.data != h_data)
        t = time.perf_counter()
        for k in changed:
            h.changeCoeff(int(row_of[k]), int(a.indices[k]), float(m.a_mat.data[k]))
        h.changeColsCost(n_col, cols, m.cost * OBJECTIVE_SCALE)
        h.changeColsBounds(n_col, cols, m.lb, m.ub)
        h.changeRowsBounds(n_row, rows, m.lo, m.hi)  # type: ignore[attr-defined]  # not in the stubs
        h.run()
        times.append(time.perf_counter() - t)
        h_data = m.a_mat.data
        fresh = highs.run(m, integer=False, time_limit=30.0)
        worst = max(worst, abs(h.getInfo().objective_function_value - fresh.fun))
    return times, worst


def run(repeats: int = 21) -> dict[str, float]:
    model = _demo_model()
    models = [model(i) for i in range(repeats + 1)]
    kept, worst = _kept(models)
    rebuilt = _rebuild(model, repeats)
    return {
        "rows": float(models[0].a_mat.shape[0]),
        "columns": float(models[0].a_mat.shape[1]),
        "rebuild_s": statistics.median(rebuilt),
        "kept_s": statistics.median(kept),
        "objective_difference": worst,
    }
