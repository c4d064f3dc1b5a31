"""How ``solve`` picks its method (``planner/core/rebalance/solve.py``): the steps it reports,
the fast plan kept when it is proven within the exact method's gap, the exact search given
``AUTO_EXACT_S`` seconds otherwise (and not at all past ``EXACT_MAX_SLOTS`` positions), the
cheaper of the two kept, and the households with nothing to solve. The fast and exact methods
are the real ones; where a test needs a gap or an objective the household cannot be made to
give, it wraps the real call and changes that one figure. (Written against the mutants the
mutation run at ``aef4729`` left: README "Mutation testing".)"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from planner.core.policy import BUCKETS, Policy, Trading
from planner.core.problem import AccountState, Holding, Problem, Security, Solution
from planner.core.rebalance.model import ABS_GAP, MIP_GAP
from planner.core.rebalance.slots import build_slots, household_total

#: the module (the package's ``solve`` is the function)
solving = importlib.import_module("planner.core.rebalance.solve")


def _problem(holdings: dict[str, float], cash: float = 1_000.0, **rules: Any) -> Problem:
    """An IRA holding ``holdings`` (FND: mega-caps at $100, SML: small-caps at $50) and
    ``cash``; the policy wants mega-caps only and may buy FND."""
    securities = {
        "FND": Security("FND", 100.0, {"mega": 1.0}),
        "SML": Security("SML", 50.0, {"small": 1.0}),
    }
    targets = dict.fromkeys(BUCKETS, 0.0) | {"mega": 1.0}
    policy = Policy(targets=targets, vehicles={"mega": ("FND",)}, trading=Trading(**rules))
    return Problem(
        (AccountState("R", "tax_deferred", cash),),
        tuple(Holding("R", s, q) for s, q in holdings.items()),
        securities,
        targets,
        policy,
    )


PROBLEM = _problem({"FND": 10.0, "SML": 100.0})


class Calls:
    """The real fast and exact methods, recorded, with one figure of their answer changed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.exact: list[tuple[Any, ...]] = []
        self.fast_gap: float | None = None  # the fast plan's gap, if set
        self.exact_total: float | str | None = "real"  # the exact plan's cost, if set
        real_fast: Callable[..., Solution | None] = solving.solve_fast
        real_exact: Callable[..., Solution] = solving.solve_exact

        def fast(problem: Problem, model: Any, total: float) -> Solution | None:
            sol = real_fast(problem, model, total)
            if sol is not None and self.fast_gap is not None and sol.objective is not None:
                sol.bound = sol.objective.total - self.fast_gap
                # the nearest bound whose gap is at most the one asked for
                while sol.gap is not None and sol.gap > self.fast_gap:
                    sol.bound = math.nextafter(sol.bound, math.inf)
            return sol

        def exact(problem: Problem, model: Any, total: float, *rest: Any) -> Solution:
            self.exact.append(rest)
            sol = real_exact(problem, model, total, *rest)
            if self.exact_total is None:
                sol.objective = None
            elif not isinstance(self.exact_total, str) and sol.objective is not None:
                sol.objective = replace(sol.objective, total=self.exact_total)
            return sol

        monkeypatch.setattr(solving, "solve_fast", fast)
        monkeypatch.setattr(solving, "solve_exact", exact)


def _steps(problem: Problem, method: str) -> list[tuple[float, str]]:
    seen: list[tuple[float, str]] = []
    solving.solve(problem, lambda f, m: seen.append((f, m)), method)
    return seen


FIRST = [(0.0, "building the model"), (0.3, "solving")]


@pytest.mark.parametrize("method", ["exact", "fast"])
def test_each_method_reports_building_and_solving(method: str) -> None:
    assert _steps(PROBLEM, method) == FIRST


def test_auto_reports_the_exact_search_when_it_runs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = Calls(monkeypatch)
    calls.fast_gap = 1_000.0  # far from proven
    assert _steps(PROBLEM, "auto") == [*FIRST, (0.6, "solving exactly")]
    assert calls.exact == [(solving.AUTO_EXACT_S,)]  # the exact search is given its seconds


def test_a_fast_plan_proven_within_the_gap_is_kept_without_an_exact_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = Calls(monkeypatch)
    fast = solving.solve(PROBLEM, method="fast")
    assert fast.objective is not None
    limit = ABS_GAP + MIP_GAP * abs(fast.objective.total)
    calls.fast_gap = limit  # exactly the exact method's own proof
    sol = solving.solve(PROBLEM)
    assert sol.gap is not None and sol.gap <= limit
    assert calls.exact == [] and sol.method == "fast"
    calls.fast_gap = 1.5 * limit  # not proven: the exact search runs
    solving.solve(PROBLEM)
    assert len(calls.exact) == 1


def test_method_fast_keeps_the_fast_plan_even_unproven(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = Calls(monkeypatch)
    calls.fast_gap = 1_000.0
    assert solving.solve(PROBLEM, method="fast").method == "fast"
    assert calls.exact == []


def test_past_exact_max_slots_the_fast_plan_is_kept_unproven(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tradeable = sum(1 for s in build_slots(PROBLEM) if s.can_buy or s.can_sell)
    calls = Calls(monkeypatch)
    calls.fast_gap = 1_000.0
    monkeypatch.setattr(solving, "EXACT_MAX_SLOTS", tradeable)  # at the limit: still exact
    solving.solve(PROBLEM)
    assert len(calls.exact) == 1
    monkeypatch.setattr(solving, "EXACT_MAX_SLOTS", tradeable - 1)  # past it: fast
    assert solving.solve(PROBLEM).method == "fast"
    assert len(calls.exact) == 1


@pytest.mark.parametrize(("exact_total", "kept"), [(None, "fast"), ("tie", "exact")])
def test_auto_keeps_the_exact_plan_unless_the_fast_one_is_cheaper(
    monkeypatch: pytest.MonkeyPatch, exact_total: str | None, kept: str
) -> None:
    calls = Calls(monkeypatch)
    fast = solving.solve(PROBLEM, method="fast")
    assert fast.objective is not None
    calls.fast_gap = 1_000.0
    # the exact search finds no plan in its time, or one that costs what the fast one does
    calls.exact_total = None if exact_total is None else fast.objective.total
    sol = solving.solve(PROBLEM)
    assert len(calls.exact) == 1 and sol.method == kept and sol.objective is not None


def test_a_household_of_no_value_has_nothing_to_solve() -> None:
    empty = _problem({}, cash=0.0)
    sol = solving.solve(empty)
    assert (sol.status, sol.trades, sol.total) == ("no_trades", [], household_total(empty))
    assert sol.warnings == ["the household has no value to rebalance"]


def test_out_of_band_with_every_bucket_inside_its_band_has_nothing_to_solve() -> None:
    inside = _problem({"FND": 98.0, "SML": 10.0}, cash=0.0, mode="out_of_band")  # 4.9% small
    sol = solving.solve(inside)
    assert (sol.status, sol.trades, sol.total) == ("no_trades", [], household_total(inside))
    assert sol.warnings == ["every bucket is inside its band"]
    # one bucket outside its band: the plan trades it
    outside = _problem({"FND": 10.0, "SML": 100.0}, cash=0.0, mode="out_of_band")
    assert solving.solve(outside).trades
