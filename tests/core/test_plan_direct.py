"""Direct tests of :mod:`planner.core.plan`'s assembly: a scenario's row beside the plan (its
name, title, figures to the cent, drift and status) and the warning that says how much drift
the tax budget leaves against a plan without it. The problems are written here: one taxable
account holding 10 OLD at $100 bought for $50 a share (long term), and VB, the small-cap
vehicle at $100; half large, half small is the target."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

import planner.core.plan as plan_module
from planner.core.plan import _band_warnings, _bucket_rows, _budget_warnings, _scenario
from planner.core.plan_model import BucketRow, RegimeView
from planner.core.policy import Policy, Tax, Tilt
from planner.core.problem import (
    AccountState,
    Holding,
    Lot,
    LotSale,
    Problem,
    Security,
    Solution,
    Trade,
)
from planner.core.rebalance import solve

ASOF = date(2026, 1, 8)
PRICE = 100.0
COST = 50.0  # a share: $50 of gain on every share of OLD sold
SHARES = 10.0
TOTAL = SHARES * PRICE  # $1,000, all OLD (large)
LONG = 0.20  # the long-term rate; no NIIT, no state tax


def _problem(tax: Tax) -> Problem:
    assert tax.long_term == LONG and not tax.niit_applies and tax.state == 0.0
    return Problem(
        accounts=(AccountState("T", "taxable", 0.0),),
        holdings=(
            Holding("T", "OLD", SHARES, lots=(Lot(SHARES, SHARES * COST, date(2020, 1, 2)),)),
        ),
        securities={
            "OLD": Security("OLD", PRICE, {"large": 1.0}, kind="stock"),
            "VB": Security("VB", PRICE, {"small": 1.0}),
        },
        targets={"large": 0.5, "small": 0.5},
        policy=Policy(vehicles={"small": ("VB",), "large": ("OLD",)}, tax=tax),
        as_of=ASOF,
    )


def _sold(solution: Solution) -> float:
    return sum(t.shares for t in solution.trades if t.symbol == "OLD" and t.side == "sell")


def _drift(sold: float) -> float:
    """Sum over large and small of |post - target| after selling ``sold`` OLD for VB."""
    large = (SHARES - sold) * PRICE / TOTAL
    small = sold * PRICE / TOTAL
    return abs(large - 0.5) + abs(small - 0.5)


# --- _scenario -------------------------------------------------------------------------------


def test_a_scenario_carries_its_name_title_status_drift_and_figures_to_the_cent() -> None:
    problem = _problem(Tax())
    trades = [
        # 1 OLD at $100.254: $50.254 of gain, $10.0508 of tax at 20%
        Trade("T", "OLD", "sell", 1.0, 100.254, 50.254, 0.2 * 50.254),
        Trade("T", "VB", "buy", 1.0, 100.0, None, 0.0),
    ]
    post = {"large": 600.0, "small": 400.0}  # after the plan: 60% / 40%
    solution = Solution("no_trades", trades, {"T": 0.254}, post, None, TOTAL)
    s = _scenario("cash_flow", "Cash flow only", problem, solution)
    assert (s.name, s.title, s.status, s.trades) == ("cash_flow", "Cash flow only", "no_trades", 2)
    assert s.turnover == 200.25  # 100.254 + 100.0, to the cent (not 200 nor 200.254)
    assert s.tax_total == 10.05  # 10.0508 to the cent (not 10 nor 10.051)
    assert s.buckets["large"].post == pytest.approx(0.6) and s.buckets["small"].post == 0.4
    # |0.6 - 0.5| + |0.4 - 0.5|, every other bucket 0 against a 0 target
    assert s.residual_deviation == pytest.approx(0.2)


# --- _budget_warnings ------------------------------------------------------------------------


def test_no_tax_budget_says_nothing_and_solves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_solve(*_: object, **__: object) -> Solution:
        raise AssertionError("no budget: nothing to compare")

    monkeypatch.setattr(plan_module, "solve", no_solve)
    problem = _problem(Tax())
    solution = Solution("optimal", [], {"T": 0.0}, {"large": TOTAL}, None, TOTAL)
    assert _budget_warnings(problem, _bucket_rows(problem, solution)) == []


@pytest.mark.parametrize(
    "tax",
    [Tax(max_realized_gain=100.0), Tax(max_tax=10.0)],
    ids=["gain budget only", "tax budget only"],
)
def test_a_binding_budget_says_how_much_more_drift_it_leaves_than_the_free_plan(
    tax: Tax, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = _problem(tax)
    solution = solve(problem, method="exact")
    sold = _sold(solution)
    # the budget holds: at most $100 of gain (2 shares) or $10 of tax (1 share)
    assert sold * COST <= (tax.max_realized_gain or TOTAL)
    assert sold * COST * LONG <= (tax.max_tax or TOTAL)
    # the plan without any budget, solved by the fast method as the scenarios are
    free = solve(_problem(Tax()), method="fast")
    free_sold = _sold(free)
    assert free_sold > sold and any(t.side == "buy" for t in free.trades)
    extra = _drift(sold) - _drift(free_sold)
    gains = free_sold * COST  # the buys realise nothing
    expected = (
        f"the tax budget leaves {100 * extra:.1f} points more drift than a plan without it "
        f"(which would realise ${gains:,.0f} of gains and about ${gains * LONG:,.0f} of tax)"
    )
    asked: list[tuple[Problem, str]] = []
    real: Callable[..., Solution] = solve

    def spy(p: Problem, progress: object = None, method: str = "auto") -> Solution:
        asked.append((p, method))
        return real(p, progress, method)

    monkeypatch.setattr(plan_module, "solve", spy)
    rows = _bucket_rows(problem, solution)
    assert _budget_warnings(problem, rows) == [expected]
    ((compared, method),) = asked
    assert method == "fast"
    # the comparison drops both budgets and keeps the rest of the policy
    assert (compared.policy.tax.max_realized_gain, compared.policy.tax.max_tax) == (None, None)
    assert compared.policy.vehicles == problem.policy.vehicles


def test_a_budget_that_does_not_bind_says_so() -> None:
    problem = _problem(Tax(max_realized_gain=SHARES * COST))  # every share could be sold
    solution = solve(problem, method="fast")
    rows = _bucket_rows(problem, solution)
    assert _budget_warnings(problem, rows) == [
        "the tax budget does not bind: the plan is the same without it"
    ]


# --- _realized -------------------------------------------------------------------------------

SOLD_AT = 100.004  # a share, for the lots sold at an unknown cost


def test_realised_gains_add_up_by_term_with_unknown_costs_at_their_proceeds() -> None:
    d = date(2025, 1, 2)
    sell = Trade(
        "T",
        "OLD",
        "sell",
        8.0,
        SOLD_AT,
        1.0,  # not None: a taxable sell (the sum is made from its lots)
        0.0,
        lots=(
            LotSale(0, 2.0, 100.0, d, "short", 12.3416),
            LotSale(1, 1.0, 50.0, d, "short", 50.0),
            LotSale(2, 1.0, None, d, "short", None),  # unknown cost, short: 1 x proceeds
            LotSale(3, 1.0, 70.0, d, "long", 30.0),
            LotSale(4, 3.0, None, None, "unknown", None),  # unknown cost and term: 3 x proceeds
        ),
    )
    trades = [
        Trade("T", "VB", "buy", 1.0, PRICE, None, 0.0),  # a buy first realises nothing
        sell,
        # a sell outside a taxable account realises nothing, whatever its lots say
        Trade("R", "OLD", "sell", 1.0, PRICE, None, 0.0, (LotSale(0, 1.0, 1.0, d, "long", 99.0),)),
    ]
    solution = Solution("optimal", trades, {"T": 0.0}, {"large": TOTAL}, None, TOTAL)
    short = 12.3416 + 50.0 + 1.0 * SOLD_AT  # 162.3456
    long = 30.0 + 3.0 * SOLD_AT  # 330.012: an unknown term is taxed as long (the policy's)
    realized = plan_module._realized(solution, _problem(Tax()))
    assert realized == {"short": round(short, 2), "long": round(long, 2)}
    assert realized == {"short": 162.35, "long": 330.01}  # to the cent
    with_short = plan_module._realized(solution, _problem(Tax(unknown_term="short")))
    assert with_short == {"short": round(short + 3.0 * SOLD_AT, 2), "long": 30.0}


def test_nothing_sold_realises_nothing() -> None:
    solution = Solution("no_trades", [], {"T": 0.0}, {"large": TOTAL}, None, TOTAL)
    assert plan_module._realized(solution, _problem(Tax())) == {"short": 0.0, "long": 0.0}


# --- _band_warnings --------------------------------------------------------------------------


def test_each_bucket_left_outside_its_band_is_said_with_what_binds_it() -> None:
    rows = {
        "mega": BucketRow(0.5, 0.5, 0.5, 0.55, 0.1),  # inside its band: nothing said
        "small": BucketRow(0.1, 0.2, 0.2, 0.05, 0.04),
        "intl_equity": BucketRow(0.9, 0.5, 0.5, 0.7, 0.1),
    }
    binding = {"intl_equity": "cash: the mode sells nothing", "small": ""}
    assert _band_warnings(rows, binding) == [
        "small-caps stay outside the band after the plan: 5.0% against 20.0% +/- 4.0%",
        "international equity stays outside the band after the plan: 70.0% against 50.0% "
        "+/- 10.0%; what binds: cash: the mode sells nothing",
    ]
    assert _band_warnings(rows, {}) == [
        "small-caps stay outside the band after the plan: 5.0% against 20.0% +/- 4.0%",
        "international equity stays outside the band after the plan: 70.0% against 50.0% +/- 10.0%",
    ]


# --- _age_warnings ---------------------------------------------------------------------------

TILT = Tilt(full_until_days=30.0, zero_after_days=60.0)


def test_a_regime_of_unknown_age_and_date_applies_no_tilt_and_says_so() -> None:
    regime = RegimeView("small-cap leadership", 0.6, None, stale=True)
    assert plan_module._age_warnings(Policy(tilt=TILT), regime) == [
        "the regime is stale: as of an unknown date, of unknown age (no source), so the plan "
        "applies no tilt (full strength up to 30 days, none from 60); refresh the regime, or set "
        "[tilt] override_reason to apply it"
    ]


def test_a_dated_regime_past_its_age_names_its_date_age_and_source() -> None:
    regime = RegimeView("small-cap leadership", 0.6, ASOF, stale=True, age_days=75, source="FRED")
    assert plan_module._age_warnings(Policy(tilt=TILT), regime) == [
        "the regime is stale: as of 2026-01-08, 75 days old (FRED), so the plan applies no tilt "
        "(full strength up to 30 days, none from 60); refresh the regime, or set [tilt] "
        "override_reason to apply it"
    ]


def test_an_override_on_a_fresh_regime_says_nothing() -> None:
    tilt = replace(TILT, override_reason="the committee says so")
    fresh = RegimeView("small-cap leadership", 0.6, ASOF, age_days=5)
    assert plan_module._age_warnings(Policy(tilt=tilt), fresh) == []
    old = replace(fresh, age_days=45, stale=True)  # half way: 50% without the override
    assert plan_module._age_warnings(Policy(tilt=tilt), old) == [
        "the regime is stale: as of 2026-01-08, 45 days old; the tilt is applied at full "
        "strength by override: the committee says so (without it 50%: full strength up to 30 "
        "days, none from 60)"
    ]


# --- _part -----------------------------------------------------------------------------------


def test_a_step_reports_within_its_span_of_the_whole() -> None:
    said: list[tuple[float, str]] = []
    step = plan_module._part(lambda f, m: said.append((f, m)), 0.4, 0.6)
    assert step is not None
    step(0.0, "start")
    step(0.25, "a quarter")
    step(1.0, "end")
    assert said == [(0.4, "start"), (pytest.approx(0.45), "a quarter"), (pytest.approx(0.6), "end")]
    assert plan_module._part(None, 0.4, 0.6) is None
