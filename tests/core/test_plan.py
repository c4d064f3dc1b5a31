"""From a household to an explained plan: cash and untraded rows, vehicles and their prices,
reasons and sentences, scenarios, warnings - with the facts written here, not looked up."""

from __future__ import annotations

from datetime import date

import pytest

from planner.brokers import load_household
from planner.core.plan import (
    RegimeView,
    SecurityFacts,
    applied_tilt,
    make_plan,
    problem_from_household,
)
from planner.core.policy import Policy, Restrictions, Tilt
from planner.resources import demo_files

ASOF = date(2026, 1, 8)
VEHICLES = {
    "MGC": ("mega", 250.0),
    "VOO": ("large", 620.0),
    "IJH": ("mid", 65.0),
    "IJR": ("small", 118.0),
    "IWC": ("micro", 140.0),
    "VXUS": ("intl_equity", 72.0),
    "BND": ("bonds", 74.0),
}


VEH = {bucket: (sym,) for sym, (bucket, _) in VEHICLES.items()}


def _facts() -> dict[str, SecurityFacts]:
    facts = {s: SecurityFacts({"mega": 1.0}) for s in ("AAPL", "NVDA", "MSFT", "AMZN")}
    facts["IWM"] = SecurityFacts({"small": 0.9, "micro": 0.1})
    facts["QQQ"] = SecurityFacts({"mega": 0.6, "large": 0.3, "mid": 0.1})
    facts["FXAIX"] = SecurityFacts({"mega": 0.55, "large": 0.40, "mid": 0.05})
    facts["ATRA"] = SecurityFacts({"micro": 1.0}, low_quality=True, quality_note="unprofitable")
    for sym, (bucket, price) in VEHICLES.items():
        facts[sym] = SecurityFacts({bucket: 1.0}, price=price, price_as_of=ASOF)
    return facts


@pytest.fixture(scope="module")
def household():  # type: ignore[no-untyped-def]
    return load_household([str(p) for p in demo_files()])


REGIME = RegimeView("small-cap leadership", 0.6, ASOF, stale=True, age_days=10)  # full strength


def test_cash_rows_are_account_cash_and_vehicles_are_priced(household) -> None:  # type: ignore[no-untyped-def]
    policy = Policy(vehicles=VEH)
    built = problem_from_household(household, _facts(), policy, policy.targets)
    problem, warnings = built.problem, built.warnings
    totals = household.account_totals()
    assert {a.id: a.cash for a in problem.accounts} == {k: c for k, (c, _) in totals.items()}
    assert problem.securities["IJR"].price == 118.0
    assert not [w for w in warnings if "no price" in w or "older" in w]
    value = sum(h.shares * problem.securities[h.symbol].price for h in problem.holdings)
    assert value + sum(a.cash for a in problem.accounts) == pytest.approx(household.total)


def test_a_vehicle_without_a_price_is_not_bought_and_says_so(household) -> None:  # type: ignore[no-untyped-def]
    facts = _facts()
    facts["IJR"] = SecurityFacts({"small": 1.0})
    plan = make_plan(household, facts, Policy(vehicles=VEH), REGIME, scenarios=False)
    assert not any(t.symbol == "IJR" for t in plan.trades)
    # the bucket's only vehicle: one warning, the held-in-cash one, names it and the remedy
    (said,) = [w for w in plan.warnings if "IJR" in w]
    assert said.startswith("small-caps: none of its approved vehicles (IJR) can be bought")
    assert "Give the vehicle a price" in said


def test_a_vehicle_without_a_price_beside_one_with_a_price_is_named(household) -> None:  # type: ignore[no-untyped-def]
    facts = _facts()
    facts["NOPX"] = SecurityFacts({"small": 1.0})
    vehicles = {**VEH, "small": ("NOPX", "IJR")}
    plan = make_plan(household, facts, Policy(vehicles=vehicles), REGIME, scenarios=False)
    assert not any(t.symbol == "NOPX" for t in plan.trades)
    (said,) = [w for w in plan.warnings if "NOPX" in w]
    assert said.startswith("no price for NOPX, a vehicle for small-caps: the plan cannot buy it")
    assert not [w for w in plan.warnings if "can be bought" in w]


def test_tilt_follows_the_regime_and_the_policy(household) -> None:  # type: ignore[no-untyped-def]
    policy = Policy(vehicles=VEH)
    assert applied_tilt(policy, REGIME) == pytest.approx(0.6 * 0.05)
    assert applied_tilt(Policy(vehicles=VEH, tilt=Tilt(enabled=False)), REGIME) == 0
    plan = make_plan(household, _facts(), policy, REGIME)
    assert plan.buckets["small"].target == pytest.approx(0.10 + 0.03)
    assert plan.buckets["mega"].target == pytest.approx(0.25 - 0.03)
    assert any("stale" in w for w in plan.warnings)
    untilted = make_plan(household, _facts(), policy, None, scenarios=False)
    assert untilted.tilt == 0 and any("no regime" in w for w in untilted.warnings)


def test_every_trade_is_explained_with_its_numbers(household) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(household, _facts(), Policy(vehicles=VEH), REGIME)
    assert plan.trades
    for t in plan.trades:
        assert t.value == pytest.approx(t.shares * t.price, abs=0.01)
        assert t.symbol in t.explanation and f"${t.price:,.2f}" in t.explanation
        row = plan.buckets
        assert any(f"{100 * r.current:.1f}%" in t.explanation for r in row.values())
        if t.account_type == "taxable" and t.side == "sell":
            assert (
                t.realized_gain is not None and "gain" in t.explanation
            ) or "loss" in t.explanation
        if t.account_type == "tax_deferred" and t.side == "sell":
            assert "no tax" in t.explanation
    zombie = next(t for t in plan.trades if t.symbol == "ATRA")
    assert "quality_exit" in zombie.reasons and "unprofitable" in zombie.explanation


def test_scenarios_are_the_plans_of_their_policies(household) -> None:  # type: ignore[no-untyped-def]
    # each scenario is checked against a plan made on its own with that policy
    plan = make_plan(household, _facts(), Policy(vehicles=VEH), REGIME)
    untilted_policy = Policy(vehicles=VEH, tilt=Tilt(enabled=False))
    untilted = make_plan(
        household, _facts(), untilted_policy, REGIME, scenarios=False, method="fast"
    )
    flow = make_plan(
        household,
        _facts(),
        Policy(vehicles=VEH).with_mode("cash_flow"),
        REGIME,
        scenarios=False,
        method="fast",
    )
    s = plan.scenarios
    assert s["policy"].buckets["small"].target == pytest.approx(0.10)
    assert s["policy_regime"].buckets["small"].target == pytest.approx(0.13)
    for scenario, own in (
        (s["policy"], untilted),
        (s["policy_regime"], plan),
        (s["cash_flow"], flow),
    ):
        assert scenario.trades == len(own.trades)
        assert scenario.turnover == pytest.approx(own.turnover, abs=0.01)
        assert scenario.tax_total == pytest.approx(own.tax_total, abs=0.01)
        for k, row in scenario.buckets.items():
            assert row.post == pytest.approx(own.buckets[k].post, abs=1e-9)
    # the tilt changes the plan here, so the comparison above can tell the scenarios apart
    assert s["policy"].turnover != pytest.approx(s["policy_regime"].turnover, abs=1.0)
    assert not any(t.side == "sell" for t in flow.trades) and s["cash_flow"].tax_total == 0


def test_a_blocking_restriction_is_reported(household) -> None:  # type: ignore[no-untyped-def]
    policy = Policy(
        vehicles=VEH, restrictions=Restrictions(do_not_sell=("AAPL", "NVDA", "MSFT", "FXAIX"))
    )
    plan = make_plan(household, _facts(), policy, REGIME, scenarios=False)
    assert not any(t.side == "sell" and t.symbol in {"AAPL", "NVDA", "MSFT"} for t in plan.trades)
    assert any(w.startswith("do-not-sell") for w in plan.warnings)
    assert any("outside the band" in w for w in plan.warnings)
