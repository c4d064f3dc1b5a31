"""HiGHS as the solver calls it (``rebalance.highs.run``): silent, a feasible programme's point
with its objective and — for the integer programme only — HiGHS's proof of how low any plan
can go; a programme with no feasible point gives no point, an infinite objective and no
bound; neither stopped at the time limit."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner.core.problem import Problem
from planner.core.rebalance import highs, household_total
from planner.core.rebalance.layout import build_model
from planner.core.rebalance.model import Model
from planner.core.rebalance.slots import build_slots
from tests.core.test_rebalance_exact_direct import _long, _raise_cash, _short


def _model(problem: Problem) -> Model:
    return build_model(problem, build_slots(problem), household_total(problem))


def _feasible() -> Model:
    return _model(_raise_cash(250.0, [_short(5, 10.0), _long(2, 15.0)]))


@pytest.mark.parametrize("integer", [True, False])
def test_a_feasible_programme_gives_its_point_and_objective_quietly(
    integer: bool, capfd: pytest.CaptureFixture[str]
) -> None:
    model = _feasible()
    r = highs.run(model, integer, 30.0)
    assert capfd.readouterr().out == ""  # no banner, no log: the output flag is off
    assert r.x is not None and r.x.dtype == np.float64 and r.x.shape == (model.a_mat.shape[1],)
    # the objective HiGHS reports is its point's, in the programme's scaled units
    assert r.fun == pytest.approx(float(np.dot(model.cost, r.x)) * 1e-3, rel=1e-9, abs=1e-9)
    assert r.time_limit is False
    if integer:
        assert isinstance(r.dual_bound, float) and math.isfinite(r.dual_bound)
        assert r.dual_bound <= r.fun + 1e-9
        # whole shares where the programme asks for them
        ints = model.integrality.astype(bool)
        assert np.allclose(r.x[ints], np.round(r.x[ints]), atol=1e-6)
    else:
        assert r.dual_bound is None


def test_a_programme_with_no_feasible_point_gives_none() -> None:
    """Raise more cash than the household holds: no plan, an infinite objective, no bound."""
    model = _model(_raise_cash(10_000.0, [_long(2, 15.0)]))
    for integer in (True, False):
        r = highs.run(model, integer, 30.0)
        assert r.x is None and r.fun == math.inf and r.dual_bound is None
        assert r.time_limit is False
