"""The household solver: median solve time of a 4-account x 60-position household, and a
1,000-household book on every core, against HiGHS solving the same relaxation bare (the floor:
the one solver call the plan cannot do without)."""

from __future__ import annotations

import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from planner.core import rebalance
from planner.core.rebalance.layout import build_model
from planner.core.rebalance.model import OBJECTIVE_SCALE
from tests.benchmarks.households import random_problem


def _bare_relaxation(seed: int) -> float:
    """Seconds HiGHS takes on the plan's continuous relaxation, model already built."""
    p = random_problem(seed)
    slots = rebalance.build_slots(p)
    model = build_model(p, slots, rebalance.household_total(p))
    m = model.a_mat
    a = csr_matrix((m.data, m.indices, m.indptr), shape=m.shape)
    t = time.perf_counter()
    milp(
        model.cost * OBJECTIVE_SCALE,
        integrality=np.zeros_like(model.integrality),
        bounds=Bounds(model.lb, model.ub),
        constraints=LinearConstraint(a, model.lo, model.hi),
    )
    return time.perf_counter() - t


def _solve(seed: int) -> tuple[float, float]:
    p = random_problem(seed)
    t = time.perf_counter()
    sol = rebalance.solve(p)
    elapsed = time.perf_counter() - t
    assert sol.objective is not None
    return elapsed, (sol.gap or 0.0) / sol.total


def _book(seeds: range) -> list[tuple[float, float]]:
    return [_solve(s) for s in seeds]


def run(households: int = 60, book: int = 1000) -> dict[str, float]:
    ours = [_solve(s) for s in range(households)]
    bare = [_bare_relaxation(s) for s in range(households)]
    median = statistics.median(t for t, _ in ours)
    median_bare = statistics.median(bare)
    workers = os.cpu_count() or 1
    chunks = [range(i, book, workers) for i in range(workers)]
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = [r for part in pool.map(_book, chunks) for r in part]
    wall = time.perf_counter() - t
    gaps = [g for _, g in results]
    return {
        "median_s": median,
        "p95_s": float(np.percentile([t for t, _ in ours], 95)),
        "bare_relaxation_median_s": median_bare,
        "ratio": median / median_bare,
        "book_households": float(book),
        "book_wall_s": wall,
        "workers": float(workers),
        "max_gap_fraction_of_household": max(gaps),
        "median_gap_fraction_of_household": statistics.median(gaps),
    }
