"""How :func:`planner.core.plan.make_plan` assembles a plan from the solver's answers: the
accounts' cash to the cent, the household total, the solver's status, method, objective and
gap, the dates, the realised gains (lots and plan date passed down), the warnings in their
order, the scenarios' names and titles, what binds, and the progress reported along the way.

The household is written here: a taxable account (T1234, "Joint brokerage") holding 60 OLD at
$100 (a single stock, one lot bought at $40.1234 a share 100 days before the plan date) and
$1,234.567 of cash, from a file 40 days old; a Roth account (R5678, "Roth IRA") holding 40 BND
at $75.0123 (bonds, do-not-sell) and $500 of cash, from an undated file. The solver is the real one,
watched by a spy that records what it is asked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd
import pytest

import planner.core.plan as plan_module
from planner.core.holdings import Account, Household, SourceFile, normalize_positions
from planner.core.plan import Plan, RegimeView, SecurityFacts, make_plan
from planner.core.policy import Policy, Restrictions, Tax, Tilt, Trading
from planner.core.problem import Lot, Problem, Solution
from planner.core.progress import Progress
from planner.core.rebalance import solve

ASOF = date(2026, 3, 2)
FILE_DAY = ASOF - timedelta(days=40)  # older than the 31 days holdings may be
BOUGHT = ASOF - timedelta(days=100)  # short term on the plan date
OLD_SHARES, OLD_PRICE, OLD_COST = 60.0, 100.0, 40.1234
T_CASH, BND_SHARES, BND_PRICE, R_CASH = 1234.567, 40.0, 75.0123, 500.0

ROWS = [  # account, symbol, asset type, quantity, price, file
    ("T1234", "OLD", "equity", OLD_SHARES, OLD_PRICE, "t.csv"),
    ("T1234", "CASH", "cash", T_CASH, 1.0, "t.csv"),
    ("R5678", "BND", "etf", BND_SHARES, BND_PRICE, "r.csv"),
    ("R5678", "CASH", "cash", R_CASH, 1.0, "r.csv"),
]
TOTAL = OLD_SHARES * OLD_PRICE + round(T_CASH, 2) + BND_SHARES * BND_PRICE + R_CASH  # $10,735.062


def _household(t_file_day: date | None = FILE_DAY) -> Household:
    frame = pd.DataFrame(
        {
            "account_id": [r[0] for r in ROWS],
            "symbol": [r[1] for r in ROWS],
            "description": ["" for _ in ROWS],
            "asset_type": [r[2] for r in ROWS],
            "quantity": [r[3] for r in ROWS],
            "price": [r[4] for r in ROWS],
            "market_value": [r[3] * r[4] for r in ROWS],
            "source_file": [r[5] for r in ROWS],
            "source_line": list(range(2, len(ROWS) + 2)),
        }
    )
    return Household(
        (SourceFile("t.csv", "test", t_file_day), SourceFile("r.csv", "test", None)),
        (
            Account("T1234", "Joint brokerage", "taxable", "t.csv"),
            Account("R5678", "Roth IRA", "tax_free", "r.csv"),
        ),
        normalize_positions(frame),
    )


FACTS = {
    "OLD": SecurityFacts({"mega": 1.0}, kind="stock"),
    "BND": SecurityFacts({"bonds": 1.0}, kind="fund"),
    "MGC": SecurityFacts({"mega": 1.0}, price=250.0, price_as_of=ASOF, kind="fund"),
    "IJR": SecurityFacts({"small": 1.0}, price=118.123, price_as_of=ASOF, kind="fund"),
    "VXUS": SecurityFacts({"intl_equity": 1.0}, price=72.0, price_as_of=ASOF, kind="fund"),
}
POLICY = Policy(
    targets={"mega": 0.5, "small": 0.2, "intl_equity": 0.3, "bonds": 0.0},
    vehicles={"mega": ("MGC",), "small": ("IJR",), "intl_equity": ("VXUS",)},
    restrictions=Restrictions(do_not_sell=("BND",)),
)
REGIME = RegimeView("small-cap leadership", 0.6, ASOF - timedelta(days=10), age_days=10)
LOTS = {("T1234", "OLD"): (Lot(OLD_SHARES, OLD_SHARES * OLD_COST, BOUGHT),)}
NO_REGIME = "no regime available: the plan follows the policy without a tilt"


@dataclass
class Asked:
    method: str
    progress: bool
    solution: Solution


@dataclass
class Run:
    plan: Plan
    asked: list[Asked]
    said: list[tuple[float, str]]


def _run(
    monkeypatch: pytest.MonkeyPatch,
    regime: RegimeView | None = REGIME,
    policy: Policy = POLICY,
    household: Household | None = None,
    **kwargs: object,
) -> Run:
    """make_plan with a spy on the solver: each solve is recorded, and a solve given a progress
    reports its start (0) and its end (1) on it - the span make_plan gives that step."""
    asked: list[Asked] = []
    said: list[tuple[float, str]] = []
    real: Callable[..., Solution] = solve

    def spy(p: Problem, progress: Progress | None = None, method: str = "auto") -> Solution:
        if progress is not None:
            progress(0.0, "solver starts")
        solution = real(p, None, method)
        if progress is not None:
            progress(1.0, "solver done")
        asked.append(Asked(method, progress is not None, solution))
        return solution

    monkeypatch.setattr(plan_module, "solve", spy)
    plan = make_plan(
        household or _household(),
        FACTS,
        policy,
        regime,
        progress=lambda f, m: said.append((f, m)),
        **kwargs,  # type: ignore[arg-type]
    )
    return Run(plan, asked, said)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    yield _run(monkeypatch, as_of=ASOF, lots=LOTS)


def _sold(plan: Plan) -> float:
    return sum(t.shares for t in plan.trades if t.symbol == "OLD" and t.side == "sell")


# --- the figures ------------------------------------------------------------------------------


def test_the_accounts_cash_before_and_after_is_to_the_cent_under_their_names(run: Run) -> None:
    plan = run.plan
    assert [(a.id, a.name, a.type) for a in plan.accounts] == [
        ("T1234", "Joint brokerage", "taxable"),
        ("R5678", "Roth IRA", "tax_free"),
    ]
    for a, before in zip(plan.accounts, (T_CASH, R_CASH), strict=True):
        flow = sum(
            (t.shares if t.side == "sell" else -t.shares) * t.price
            for t in plan.trades
            if t.account_id == a.id
        )
        assert a.cash_before == round(before, 2)
        assert a.cash_after == round(before + flow, 2)
    t_account = plan.accounts[0]
    assert t_account.cash_before == 1234.57  # $1,234.567 to the cent
    assert t_account.cash_after != t_account.cash_before  # the plan trades in it


def test_the_plan_carries_the_household_total_turnover_and_tax_to_the_cent(run: Run) -> None:
    plan = run.plan
    assert plan.household_total == round(TOTAL, 2) == 10735.06
    assert plan.turnover == round(sum(t.value for t in plan.trades), 2)
    assert plan.tax_total == round(sum(t.tax for t in plan.trades), 2)
    assert plan.turnover > 0 and plan.tax_total > 0


def test_the_plan_carries_the_solvers_status_method_objective_gap_and_location_cost(
    run: Run,
) -> None:
    plan, main = run.plan, run.asked[0].solution
    assert main.objective is not None and main.method in ("exact", "fast")
    assert (plan.status, plan.method) == (main.status, main.method) == ("optimal", main.method)
    assert plan.method != ""
    assert plan.objective == main.objective.total
    assert plan.gap == main.gap and plan.gap is not None
    assert plan.location_cost == round(main.objective.location, 2) != 0.0


def test_the_plan_date_and_the_lots_give_the_realised_gain_its_term(run: Run) -> None:
    plan = run.plan
    assert plan.as_of == ASOF
    sold = _sold(plan)
    assert sold > 0
    # one lot, bought at $40.1234 100 days before the plan date: a short-term gain
    assert plan.realized == {"short": round(sold * (OLD_PRICE - OLD_COST), 2), "long": 0.0}


def test_the_holdings_are_as_of_their_newest_dated_file(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run.plan.holdings_as_of == FILE_DAY
    undated = _run(monkeypatch, household=_household(None), as_of=ASOF, lots=LOTS, scenarios=False)
    assert undated.plan.holdings_as_of is None


# --- the warnings -----------------------------------------------------------------------------


def test_the_warnings_come_in_their_order_with_the_plan_date(run: Run) -> None:
    plan = run.plan
    mega = OLD_SHARES * OLD_PRICE / TOTAL
    assert plan.warnings[0] == (
        f"holdings older than 31 days on the plan date ({ASOF}): t.csv ({FILE_DAY}, 40 days); "
        "the plan trades the shares and prices of their day: download it again before trading"
    )
    assert f"OLD is {mega:.1%} of the household, above the 10% position limit" in " ".join(
        plan.warnings
    )
    assert NO_REGIME not in plan.warnings


def test_without_a_regime_the_plan_says_it_follows_the_policy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = _run(monkeypatch, None, as_of=ASOF, lots=LOTS, scenarios=False).plan
    assert plan.tilt == 0.0 and NO_REGIME in plan.warnings
    off = replace(POLICY, tilt=Tilt(enabled=False))
    assert NO_REGIME not in _run(monkeypatch, None, off, as_of=ASOF, scenarios=False).plan.warnings


# --- the scenarios and what binds --------------------------------------------------------------


def test_the_scenarios_have_their_names_and_titles(run: Run) -> None:
    assert {k: (s.name, s.title) for k, s in run.plan.scenarios.items()} == {
        "policy": ("policy", "Policy only"),
        "policy_regime": ("policy_regime", "Policy + regime tilt"),
        "cash_flow": ("cash_flow", "Cash flow only (buy with cash, sell nothing)"),
    }


def test_policy_only_is_the_untilted_plan_on_the_same_date_and_lots(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the scenario is solved by the fast method: so is the plan it is compared with
    alone = _run(monkeypatch, None, as_of=ASOF, lots=LOTS, scenarios=False, method="fast").plan
    policy = run.plan.scenarios["policy"]
    assert alone.tax_total > 0
    assert (policy.trades, policy.turnover, policy.tax_total) == (
        len(alone.trades),
        alone.turnover,
        alone.tax_total,
    )


def test_what_binds_each_bucket_outside_its_band_is_found_and_said(run: Run) -> None:
    plan = run.plan
    outside = [k for k, r in plan.buckets.items() if abs(r.post - r.target) > r.band + 1e-6]
    assert "bonds" in outside and set(plan.binding) == set(outside)
    # BND may not be sold: what keeps bonds above their band is the restriction
    assert plan.binding["bonds"].startswith("positions the plan may not sell or buy")
    bonds = plan.buckets["bonds"]
    assert (
        f"bonds stay outside the band after the plan: {100 * bonds.post:.1f}% against 0.0% "
        f"+/- {100 * bonds.band:.1f}%; what binds: {plan.binding['bonds']}"
    ) in plan.warnings
    assert plan.warnings[-len(outside) :] == [
        w for w in plan.warnings if "outside the band after the plan" in w
    ]


# --- the solver and the progress ---------------------------------------------------------------


def test_the_solver_is_asked_by_the_method_each_step_uses(run: Run) -> None:
    plan, asked = run.plan, run.asked
    # the plan by the default method; policy only and cash flow by the fast one, with progress;
    # what binds by the fast one, without
    assert [(a.method, a.progress) for a in asked[:3]] == [
        ("auto", True),
        ("fast", True),
        ("fast", True),
    ]
    assert len(asked) > 3 and all((a.method, a.progress) == ("fast", False) for a in asked[3:])
    assert plan.scenarios["cash_flow"].status == asked[2].solution.status


def test_each_step_reports_progress_within_its_span(run: Run) -> None:
    assert [m for _, m in run.said] == [
        "solving the plan",
        "solver starts",
        "solver done",
        "scenarios",
        "solver starts",
        "solver done",
        "solver starts",
        "solver done",
        "what binds the plan",
        "done",
    ]
    assert [f for f, _ in run.said] == pytest.approx(
        [0.05, 0.05, 0.4, 0.4, 0.4, 0.6, 0.6, 0.75, 0.75, 1.0]
    )


def test_without_a_tilt_policy_only_is_the_plan_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    untilted = _run(monkeypatch, None, as_of=ASOF, lots=LOTS)
    # no second solve for policy only: the plan, then cash flow, then what binds
    assert [f for f, m in untilted.said if m != "solver done"] == pytest.approx(
        [0.05, 0.05, 0.4, 0.6, 0.75, 1.0]
    )
    assert untilted.plan.scenarios["policy"].tax_total == untilted.plan.tax_total


def test_the_plan_without_scenarios_reports_its_solve_and_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alone = _run(monkeypatch, as_of=ASOF, lots=LOTS, scenarios=False)
    assert alone.said == [
        (0.05, "solving the plan"),
        (0.05, "solver starts"),
        (pytest.approx(0.4), "solver done"),
        (1.0, "done"),
    ]
    assert alone.plan.scenarios == {} and alone.plan.binding == {}
    bonds = alone.plan.buckets["bonds"]
    assert (
        f"bonds stay outside the band after the plan: {100 * bonds.post:.1f}% against 0.0% "
        f"+/- {100 * bonds.band:.1f}%" in alone.plan.warnings
    )


def test_trades_are_explained_with_the_buckets_named_as_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = _run(
        monkeypatch, as_of=ASOF, lots=LOTS, scenarios=False, describe=lambda k: f"<{k}>"
    ).plan
    assert plan.trades and any("<" in t.explanation for t in plan.trades)


# --- a plan no trade satisfies ---------------------------------------------------------------


def test_a_plan_no_trade_satisfies_says_so_and_has_no_objective(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a million dollars to raise from a $10,735.06 household
    # and $100.1234 to withdraw from the Roth account
    trading = Trading(mode="raise_cash", raise_cash=1_000_000.0, withdrawals={"R5678": 100.1234})
    plan = _run(monkeypatch, policy=replace(POLICY, trading=trading), as_of=ASOF, lots=LOTS).plan
    assert plan.status == "infeasible" and plan.trades == []
    # no trade: the cash after is the cash once the withdrawal is made, to the cent
    assert [(a.cash_before, a.cash_after) for a in plan.accounts] == [
        (round(T_CASH, 2), round(T_CASH, 2)),
        (R_CASH, round(R_CASH - 100.1234, 2)),
    ]
    assert (plan.objective, plan.gap, plan.location_cost) == (None, None, 0.0)
    assert plan.binding == {}  # nothing binds a plan that was not made


def test_a_tax_budget_says_last_how_much_drift_it_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    # at most $300 of gains: 5 of the 60 OLD shares (about $60 of gain each)
    policy = replace(POLICY, tax=Tax(max_realized_gain=300.0))
    plan = _run(monkeypatch, policy=policy, as_of=ASOF, lots=LOTS).plan
    assert 0 < plan.realized["short"] <= 300.0
    # the same plan without the budget, by the fast method the comparison uses
    free = _run(monkeypatch, as_of=ASOF, lots=LOTS, scenarios=False, method="fast").plan
    extra = plan.residual_deviation - free.residual_deviation
    assert extra > 1e-4 and free.realized["long"] == 0.0
    assert plan.warnings[-1] == (
        f"the tax budget leaves {100 * extra:.1f} points more drift than a plan without it "
        f"(which would realise ${free.realized['short']:,.0f} of gains and about "
        f"${free.tax_total:,.0f} of tax)"
    )
