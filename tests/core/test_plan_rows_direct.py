"""The plan's bucket rows and its regime tilt (``planner/core/plan.py``: :func:`_bucket_rows`,
:func:`applied_tilt`), called directly on a one-account household written here: $1,000 of a
large-cap stock, targets of 90% large-caps and 10% small-caps.
"""

from __future__ import annotations

import pytest

from planner.core.plan import _bucket_rows, applied_tilt
from planner.core.plan_model import RegimeView
from planner.core.policy import BUCKETS, Bands, Policy, Tilt
from planner.core.problem import AccountState, Holding, Problem, Security, Solution

TARGETS = {"large": 0.9, "small": 0.1}
# the smaller of 5 points and 4% of the target: 3.6 points for large-caps, 0.4 for small-caps
BANDS = Bands(absolute=0.05, relative=0.04)


def problem(shares: float = 10.0) -> Problem:
    return Problem(
        accounts=(AccountState("T", "taxable", 0.0),),
        holdings=(Holding("T", "OLD", shares),) if shares else (),
        securities={"OLD": Security("OLD", 100.0, {"large": 1.0}, kind="stock")},
        targets=TARGETS,
        policy=Policy(bands=BANDS),
    )


def solution(post: dict[str, float], total: float) -> Solution:
    return Solution("no_trades", [], {"T": 0.0}, post, None, total)


def test_rows_carry_each_buckets_target_and_its_band_and_nothing_for_the_rest() -> None:
    rows = _bucket_rows(problem(), solution({"large": 900.0, "small": 100.0}, 1_000.0))
    large, small = rows["large"], rows["small"]
    assert (large.current, large.target, large.policy_target, large.post) == (1.0, 0.9, 0.9, 0.9)
    assert (small.current, small.target, small.policy_target, small.post) == (0.0, 0.1, 0.1, 0.1)
    assert large.band == pytest.approx(0.04 * 0.9)
    assert small.band == pytest.approx(0.04 * 0.1)
    for k in set(BUCKETS) - set(TARGETS):  # no target: nothing, and the absolute band
        assert (rows[k].target, rows[k].policy_target, rows[k].band) == (0.0, 0.0, 0.05)


def test_a_solution_without_values_after_leaves_the_household_as_it_is() -> None:
    rows = _bucket_rows(problem(), solution({}, 1_000.0))
    assert {k: r.post for k, r in rows.items()} == {k: r.current for k, r in rows.items()}
    assert rows["large"].post == 1.0


def test_an_empty_household_weighs_nothing_in_every_bucket() -> None:
    rows = _bucket_rows(problem(shares=0.0), solution({}, 0.0))
    assert {(r.current, r.post) for r in rows.values()} == {(0.0, 0.0)}


@pytest.mark.parametrize(("composite", "tilt"), [(1.5, 0.05), (-1.5, -0.05), (0.6, 0.03)])
def test_a_composite_past_one_tilts_no_more_than_the_policys_most(
    composite: float, tilt: float
) -> None:
    # a fresh regime (10 days old): full strength; the policy's most is 5 points
    regime = RegimeView("small-cap leadership", composite, None, age_days=10)
    assert applied_tilt(Policy(tilt=Tilt(max=0.05)), regime) == pytest.approx(tilt)
