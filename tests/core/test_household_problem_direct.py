"""Direct tests of the step the household's problem goes through before the solver: a target
no approved vehicle can be bought for is held as cash (:func:`planner.core.held_in_cash.
hold_in_cash`). Every figure is worked out from the problem written in the test. (Written
against the mutants the mutation run left: README "Mutation testing".)"""

from __future__ import annotations

import math
from collections.abc import Mapping

from planner.core.held_in_cash import buyable, hold_in_cash
from planner.core.plan_model import BUCKET_NAMES
from planner.core.policy import Policy
from planner.core.problem import AccountState, Holding, Problem, Security

VEHICLES = {"mega": ("MGC",), "small": ("IJR",), "bonds": ("BND",)}


def _problem(
    targets: Mapping[str, float],
    holdings: tuple[Holding, ...],
    cash: float,
    securities: dict[str, Security] | None = None,
) -> Problem:
    securities = securities or {"MGC": Security("MGC", 300.0, {"mega": 1.0})}
    return Problem(
        accounts=(AccountState("A", "taxable", cash),),
        holdings=holdings,
        securities=securities,
        targets=dict(targets),
        policy=Policy(targets=dict(targets), vehicles=VEHICLES),
    )


def test_a_vehicle_priced_under_a_dollar_can_still_be_bought() -> None:
    cheap = Security("BND", 0.5, {"bonds": 1.0})
    mgc = Security("MGC", 300.0, {"mega": 1.0})
    p = _problem({"mega": 0.75, "bonds": 0.25}, (), 1_000.0, {"MGC": mgc, "BND": cheap})
    assert buyable(p, "bonds")
    assert hold_in_cash(p) == (p, [])  # nothing to hold in cash


def test_a_shortfall_moves_to_cash_even_when_the_policy_has_no_cash_target() -> None:
    # $10,000: 30 MGC at $300 and $1,000 cash; bonds (25%) cannot be bought and none is held
    targets = {"mega": 0.75, "bonds": 0.25}
    p = _problem(targets, (Holding("A", "MGC", 30.0),), 1_000.0)
    moved, warnings = hold_in_cash(p)
    assert moved.targets["bonds"] == 0.0
    assert math.isclose(moved.targets["cash"], 0.25)  # from no cash target: 0 + 25%
    assert math.isclose(sum(moved.targets.values()), 1.0)
    assert dict(moved.held) == {"bonds": -0.25, "cash": 0.25}
    assert len(warnings) == 1
    assert "the cash target is 25.0%" in warnings[0]


def test_a_household_of_one_dollar_is_held_the_same_way() -> None:
    # the rule is about fractions: a household worth $1 (all cash) moves its bonds target too
    p = _problem({"mega": 0.75, "bonds": 0.25}, (), 1.0)
    moved, warnings = hold_in_cash(p)
    assert dict(moved.held) == {"bonds": -0.25, "cash": 0.25}
    assert len(warnings) == 1


def test_a_bucket_already_held_at_its_target_does_not_stop_the_next_one() -> None:
    # $10,000: 10 MGC at $300, 20 IJR at $100 (IJR restricted: counted, never bought) and
    # $5,000 cash. Small-caps (20%) cannot be bought but are held in full: nothing moves for
    # them; bonds (25%), after them in bucket order, still move to cash (5% + 25%).
    securities = {
        "MGC": Security("MGC", 300.0, {"mega": 1.0}),
        "IJR": Security("IJR", 100.0, {"small": 1.0}, tradeable=False),
    }
    targets = {"mega": 0.5, "small": 0.2, "bonds": 0.25, "cash": 0.05}
    holdings = (Holding("A", "MGC", 10.0), Holding("A", "IJR", 20.0))
    p = _problem(targets, holdings, 5_000.0, securities)
    assert not buyable(p, "small") and not buyable(p, "bonds")
    moved, warnings = hold_in_cash(p)
    assert dict(moved.held) == {"bonds": -0.25, "cash": 0.25}
    assert math.isclose(moved.targets["small"], 0.2)
    assert math.isclose(moved.targets["cash"], 0.05 + 0.25)
    assert len(warnings) == 1 and warnings[0].startswith(f"{BUCKET_NAMES['bonds']}: ")
