"""Direct tests of :mod:`planner.core.binding`: which buckets are outside their band after the
plan, the six relaxations (each of the problem as given, never of one another), and which of
them first brings a bucket inside its band. The solver is a stand-in written here: it answers
each relaxed problem with the bucket values the test gives it and records what it was asked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import pytest

from planner.core.binding import (
    RELAXATIONS,
    Relaxation,
    _cash,
    _fractions,
    _no_limit,
    _pure_vehicles,
    _unfrozen,
    _untaxed,
    binding_rules,
    outside,
)
from planner.core.plan_model import BucketRow
from planner.core.policy import Mode, Policy, Restrictions, Tax, Trading
from planner.core.problem import AccountState, Holding, Problem, Security, Solution
from planner.core.rebalance import household_total

NOTHING = "no rule the plan can relax brings it inside its band, even all of them together"
MIX = "the vehicles' mix"
FROZEN = (
    "positions the plan may not sell or buy (restrictions, held-away accounts, "
    "unsupervised names, options and their cover)"
)
TAX = "tax: realising the gains it would take costs more than the drift it removes"
TAX_BUDGET = "the tax budget and the tax on the gains it would take"
CASH = "cash: the mode sells nothing, or an account's reserve or cash limits its purchases"
WHOLE = "whole shares and the minimum trade"


TARGETS = {"large": 0.5, "mid": 0.1, "bonds": 0.4}


def _problem(policy: Policy | None = None, cash: float = 0.0) -> Problem:
    """VTI (80% large, 20% mid) and BND (all bonds) approved; 6 VTI at 100 and 4 BND at 100
    held in a frozen IRA with a floor; XYZ, a single stock, not tradeable: 1,000 in all."""
    policy = policy or Policy(
        vehicles={"large": ("VTI",), "bonds": ("BND", "AGG")},  # AGG: not in the problem
        restrictions=Restrictions(do_not_sell=("XYZ",), held_away=("IRA",)),
        tax=Tax(short_term=0.3, long_term=0.15, niit=0.038, state=0.05),
        trading=Trading(mode="cash_flow", cash_reserve=50.0, max_position=0.1, min_trade=100.0),
    )
    securities = {
        "VTI": Security("VTI", 100.0, {"large": 0.8, "mid": 0.2}),
        "BND": Security("BND", 100.0, {"bonds": 1.0}),
        "XYZ": Security("XYZ", 0.0, {"small": 1.0}, tradeable=False, kind="stock"),
    }
    return Problem(
        accounts=(AccountState("IRA", "tax_deferred", cash, frozen=True),),
        holdings=(Holding("IRA", "VTI", 6.0), Holding("IRA", "BND", 4.0)),
        securities=securities,
        targets=TARGETS,
        policy=policy,
        floors={("IRA", "VTI"): 6.0},
    )


def _row(post: float, target: float, band: float) -> BucketRow:
    return BucketRow(current=post, target=target, policy_target=target, post=post, band=band)


class FakeSolve:
    """Answers the n-th problem with the n-th outcome: bucket dollars, "infeasible" or {}."""

    def __init__(self, outcomes: Sequence[Mapping[str, float] | str]) -> None:
        self.outcomes = list(outcomes)
        self.asked: list[Problem] = []

    def __call__(self, problem: Problem) -> Solution:
        outcome = self.outcomes[len(self.asked)]
        self.asked.append(problem)
        if outcome == "infeasible":  # with figures that would bring every bucket inside
            return Solution(
                "infeasible", [], {}, {k: 1000.0 * v for k, v in TARGETS.items()}, None, 0.0
            )
        assert not isinstance(outcome, str)
        return Solution("optimal", [], {}, dict(outcome), None, 1000.0)


# --- outside -------------------------------------------------------------------------------


def test_outside_lists_the_buckets_beyond_their_band_in_row_order() -> None:
    rows = {
        "bonds": _row(0.30, 0.40, 0.05),  # 0.10 under
        "large": _row(0.52, 0.50, 0.05),  # inside
        "mid": _row(0.20, 0.10, 0.025),  # 0.10 over
    }
    assert outside(rows) == ["bonds", "mid"]
    assert outside({}) == []
    assert outside({"large": _row(0.5, 0.5, 0.0)}) == []  # on target, no band


def test_outside_allows_a_millionth_beyond_the_band() -> None:
    # 0.25 and 0.125 are binary fractions: post - target is exactly what is written
    assert outside({"mid": _row(0.375, 0.25, 0.125)}) == []  # exactly the band
    assert outside({"mid": _row(0.125, 0.25, 0.125)}) == []  # under by exactly the band
    assert outside({"mid": _row(0.375 + 5e-7, 0.25, 0.125)}) == []  # half a millionth more
    assert outside({"mid": _row(0.375 + 2e-6, 0.25, 0.125)}) == ["mid"]
    assert outside({"mid": _row(0.125 - 2e-6, 0.25, 0.125)}) == ["mid"]
    assert outside({"cash": _row(0.125 + 1e-6, 0.0, 0.125)}) == []  # exactly band + 1e-6


# --- the relaxations -------------------------------------------------------------------------


def test_the_relaxations_are_tried_in_this_order() -> None:
    order = (_pure_vehicles, _unfrozen, _untaxed, _cash, _no_limit, _fractions)
    assert order == RELAXATIONS


def test_pure_vehicles_makes_every_approved_vehicle_wholly_its_bucket() -> None:
    problem = _problem()
    relaxed, what = _pure_vehicles(problem)
    assert what == f"{MIX} (VTI is 80% large-caps)"  # BND is pure; AGG is not held
    assert relaxed.securities["VTI"] == replace(problem.securities["VTI"], mix={"large": 1.0})
    assert relaxed.securities["BND"] == replace(problem.securities["BND"], mix={"bonds": 1.0})
    assert relaxed.securities["XYZ"] == problem.securities["XYZ"]  # not a vehicle
    assert "AGG" not in relaxed.securities
    assert problem.securities["VTI"].mix == {"large": 0.8, "mid": 0.2}  # the original stays
    assert replace(relaxed, securities=problem.securities) == problem


def test_pure_vehicles_names_each_impure_vehicle_and_its_share() -> None:
    policy = Policy(vehicles={"large": ("VTI",), "mid": ("VO", "VXF"), "bonds": ("BND",)})
    problem = replace(
        _problem(policy),
        securities={
            "VTI": Security("VTI", 1.0, {"large": 0.999}),  # 0.999: pure enough
            "VO": Security("VO", 1.0, {"mid": 0.9985, "small": 0.0015}),  # just under
            "VXF": Security("VXF", 1.0, {"small": 1.0}),  # none of its bucket
            "BND": Security("BND", 1.0, {"bonds": 0.5}),
        },
    )
    relaxed, what = _pure_vehicles(problem)
    assert what == f"{MIX} (VO is 99.9% mid-caps; VXF is 0% mid-caps; BND is 50% bonds)"
    assert {k: dict(s.mix) for k, s in relaxed.securities.items()} == {
        "VTI": {"large": 1.0},
        "VO": {"mid": 1.0},
        "VXF": {"mid": 1.0},
        "BND": {"bonds": 1.0},
    }


def test_pure_vehicles_with_nothing_impure_says_only_the_mix() -> None:
    policy = Policy(vehicles={"bonds": ("BND",)})
    assert _pure_vehicles(_problem(policy))[1] == MIX
    assert _pure_vehicles(_problem(Policy(vehicles={})))[1] == MIX


def test_unfrozen_lifts_restrictions_held_away_accounts_untradeable_names_and_floors() -> None:
    problem = _problem()
    relaxed, what = _unfrozen(problem)
    assert what == FROZEN
    assert relaxed.policy.restrictions == Restrictions()
    assert all(s.tradeable for s in relaxed.securities.values())
    assert relaxed.securities["XYZ"] == replace(problem.securities["XYZ"], tradeable=True)
    assert relaxed.accounts == (replace(problem.accounts[0], frozen=False),)
    assert relaxed.floors == {}
    assert relaxed.policy == replace(problem.policy, restrictions=Restrictions())
    assert (relaxed.holdings, relaxed.targets) == (problem.holdings, problem.targets)
    assert problem.floors == {("IRA", "VTI"): 6.0} and problem.accounts[0].frozen  # unchanged


def test_untaxed_sets_every_rate_to_zero_and_drops_the_budgets() -> None:
    problem = _problem()
    relaxed, what = _untaxed(problem)
    assert what == TAX
    t = relaxed.policy.tax
    assert (t.short_term, t.long_term, t.niit, t.state) == (0.0, 0.0, 0.0, 0.0)
    assert (t.max_realized_gain, t.max_tax) == (None, None)
    assert t == replace(problem.policy.tax, short_term=0.0, long_term=0.0, niit=0.0, state=0.0)
    assert relaxed.policy == replace(problem.policy, tax=t)
    assert problem.policy.tax.short_term == 0.3


@pytest.mark.parametrize(("max_gain", "max_tax"), [(10_000.0, None), (None, 2_000.0), (0.0, 0.0)])
def test_untaxed_with_a_budget_names_the_budget(
    max_gain: float | None, max_tax: float | None
) -> None:
    tax = Tax(max_realized_gain=max_gain, max_tax=max_tax)
    relaxed, what = _untaxed(_problem(Policy(tax=tax)))
    assert what == TAX_BUDGET
    assert (relaxed.policy.tax.max_realized_gain, relaxed.policy.tax.max_tax) == (None, None)


@pytest.mark.parametrize(
    ("mode", "relaxed_mode"),
    [
        ("cash_flow", "full"),
        ("out_of_band", "full"),
        ("full", "full"),
        ("raise_cash", "raise_cash"),  # the cash to raise stays to be raised
    ],
)
def test_cash_lets_the_plan_sell_and_drops_the_reserve(mode: Mode, relaxed_mode: Mode) -> None:
    trading = Trading(mode=mode, cash_reserve=250.0, raise_cash=500.0, new_cash=300.0)
    problem = _problem(Policy(trading=trading))
    relaxed, what = _cash(problem)
    assert what == CASH
    assert relaxed.policy.trading == replace(trading, mode=relaxed_mode, cash_reserve=0.0)
    assert problem.policy.trading.cash_reserve == 250.0


@pytest.mark.parametrize("mode", ["cash_flow", "out_of_band", "full", "raise_cash"])
def test_cash_keeps_the_household_as_large_as_the_plan_it_relaxes(mode: Mode) -> None:
    """A cash-flow plan's new cash is a deposit in the relaxed plan, into the first account
    the new cash may go to (the taxable one, not the IRA); no other mode's total changes."""
    new_cash = 300.0
    trading = Trading(mode=mode, raise_cash=200.0, new_cash=new_cash)
    problem = replace(
        _problem(Policy(trading=trading)),
        accounts=(
            AccountState("IRA", "tax_deferred", 50.0),
            AccountState("TAX", "taxable", 20.0, deposit=10.0),
        ),
    )
    relaxed, _ = _cash(problem)
    assert household_total(relaxed) == pytest.approx(household_total(problem))
    deposits = {a.id: a.deposit for a in relaxed.accounts}
    added = new_cash if mode == "cash_flow" else 0.0
    assert deposits == {"IRA": 0.0, "TAX": 10.0 + added}
    assert [a.cash for a in relaxed.accounts] == [50.0, 20.0]


def test_cash_with_every_account_frozen_deposits_nothing() -> None:
    trading = Trading(mode="cash_flow", new_cash=300.0)
    problem = _problem(Policy(trading=trading))  # its one account is frozen
    relaxed, _ = _cash(problem)
    assert relaxed.accounts == problem.accounts


@pytest.mark.parametrize(("limit", "said"), [(0.1, "10%"), (0.05, "5%"), (0.25, "25%")])
def test_no_limit_lifts_the_position_limit_and_names_it(limit: float, said: str) -> None:
    problem = _problem(Policy(trading=Trading(max_position=limit, min_trade=75.0)))
    relaxed, what = _no_limit(problem)
    assert what == f"the {said} position limit"
    assert relaxed.policy.trading == Trading(max_position=1.0, min_trade=75.0)


def test_fractions_allow_fractional_shares_and_any_trade_size() -> None:
    problem = _problem()
    relaxed, what = _fractions(problem)
    assert what == WHOLE
    trading = relaxed.policy.trading
    assert trading == replace(problem.policy.trading, fractional=True, min_trade=0.0)
    assert problem.policy.trading.min_trade == 100.0


# --- binding_rules ---------------------------------------------------------------------------

ROWS = {
    "large": _row(0.60, 0.50, 0.05),  # outside
    "mid": _row(0.12, 0.10, 0.025),  # inside
    "bonds": _row(0.28, 0.40, 0.05),  # outside
}


def test_nothing_outside_asks_the_solver_nothing() -> None:
    solve = FakeSolve([])
    assert binding_rules(_problem(), {"mid": ROWS["mid"]}, solve) == {}
    assert binding_rules(_problem(), {}, solve) == {}
    assert solve.asked == []


def test_the_first_relaxation_that_brings_a_bucket_inside_binds_it() -> None:
    # household: 600 VTI + 400 BND + 0 cash = 1,000; the solver's dollars / 1,000
    solve = FakeSolve(
        [
            {"large": 600.0, "bonds": 280.0},  # the mix: neither moves
            {"large": 540.0, "bonds": 300.0},  # unfrozen: large inside (0.04 <= 0.05)
            {"large": 500.0, "bonds": 350.0},  # untaxed: bonds inside (0.05: the band)
        ]
    )
    problem = _problem()
    assert binding_rules(problem, ROWS, solve) == {"large": FROZEN, "bonds": TAX}
    assert len(solve.asked) == 3  # nothing left after the third: no more solves
    assert solve.asked[0] == _pure_vehicles(problem)[0]
    assert solve.asked[1] == _unfrozen(problem)[0]  # of the problem as given, not the pure one
    assert solve.asked[2] == _untaxed(problem)[0]


def test_the_answer_is_in_bucket_order_whatever_order_they_were_found_in() -> None:
    solve = FakeSolve([{"large": 600.0, "bonds": 400.0}, {"large": 500.0, "bonds": 400.0}])
    rows = {"bonds": ROWS["bonds"], "large": ROWS["large"]}
    found = binding_rules(_problem(), rows, solve)
    assert found == {"large": FROZEN, "bonds": f"{MIX} (VTI is 80% large-caps)"}
    assert list(found) == ["large", "bonds"]


def test_infeasible_or_empty_relaxations_are_skipped() -> None:
    solve = FakeSolve(["infeasible", {}, {"large": 500.0, "bonds": 400.0}])
    assert binding_rules(_problem(), ROWS, solve) == {"large": TAX, "bonds": TAX}
    assert len(solve.asked) == 3


def test_a_bucket_no_relaxation_brings_inside_even_together_says_so() -> None:
    far = {"large": 700.0, "bonds": 200.0}
    solve = FakeSolve([far, far, far, "infeasible", far, {"large": 550.0, "bonds": 200.0}])
    solve.outcomes += [far] * 5  # the relaxations added one after another: bonds stays out
    problem = _problem()
    assert binding_rules(problem, ROWS, solve) == {"large": WHOLE, "bonds": NOTHING}
    singles = [relax(problem)[0] for relax in RELAXATIONS]
    assert solve.asked[:6] == singles
    together = [_all_of(problem, RELAXATIONS[:n]) for n in range(2, 7)]
    assert solve.asked[6:] == together
    never = FakeSolve(["infeasible"] * 11)
    assert binding_rules(problem, ROWS, never) == {"large": NOTHING, "bonds": NOTHING}
    assert len(never.asked) == 11


def _all_of(problem: Problem, relaxations: Sequence[Relaxation]) -> Problem:
    for relax in relaxations:
        problem = relax(problem)[0]
    return problem


def _relaxed_rules(problem: Problem) -> set[str]:
    """Which relaxations ``problem`` shows, read from its fields (the rules of _problem)."""
    trading, tax = problem.policy.trading, problem.policy.tax
    shown = {
        "mix": problem.securities["VTI"].mix == {"large": 1.0},
        "frozen": not problem.accounts[0].frozen,
        "tax": tax.short_term == 0.0,
        "cash": trading.mode == "full" and trading.cash_reserve == 0.0,
        "limit": trading.max_position == 1.0,
        "whole": trading.fractional,
    }
    return {rule for rule, yes in shown.items() if yes}


class RuleSolve:
    """Brings a bucket to its target when every rule it ``needs`` is relaxed in the problem
    asked; else leaves it where the plan left it. Records what it was asked."""

    def __init__(self, needs: Mapping[str, set[str]], rows: Mapping[str, BucketRow]) -> None:
        self.needs, self.rows = needs, rows
        self.asked: list[set[str]] = []

    def __call__(self, problem: Problem) -> Solution:
        rules = _relaxed_rules(problem)
        self.asked.append(rules)
        total = household_total(problem)
        values = {
            k: total * (row.target if self.needs[k] <= rules else row.post)
            for k, row in self.rows.items()
        }
        return Solution("optimal", [], {}, values, None, total)


MIX_VTI = f"{MIX} (VTI is 80% large-caps)"


@pytest.mark.parametrize(
    ("needs", "said"),
    [
        ({"mix", "cash"}, f"{MIX_VTI}, together with {CASH}"),
        ({"frozen", "tax", "whole"}, f"{FROZEN}, together with {TAX}, and with {WHOLE}"),
        ({"mix", "limit"}, f"{MIX_VTI}, together with the 10% position limit"),
    ],
)
def test_rules_that_bind_only_together_are_named_without_the_ones_not_needed(
    needs: set[str], said: str
) -> None:
    rows = {"large": ROWS["large"]}
    solve = RuleSolve({"large": needs}, rows)
    assert binding_rules(_problem(), rows, solve) == {"large": said}
    order = ["mix", "frozen", "tax", "cash", "limit", "whole"]
    last = max(order.index(rule) for rule in needs)
    singles, added = solve.asked[:6], solve.asked[6 : 6 + last]
    assert singles == [{rule} for rule in order]  # each of the problem as given
    assert added == [set(order[: n + 1]) for n in range(1, last + 1)]
    # then each earlier rule dropped in turn, the ones not needed for good
    dropped = solve.asked[6 + last :]
    assert len(dropped) == last
    kept = set(order[: last + 1])
    for rule, asked in zip(order[:last], dropped, strict=True):
        assert asked == kept - {rule}
        if rule not in needs:
            kept.discard(rule)
    assert kept == needs


def test_buckets_freed_by_different_rules_together_each_name_their_own() -> None:
    rows = {"large": ROWS["large"], "bonds": ROWS["bonds"]}
    solve = RuleSolve({"large": {"mix", "cash"}, "bonds": {"tax", "whole"}}, rows)
    assert binding_rules(_problem(), rows, solve) == {
        "large": f"{MIX_VTI}, together with {CASH}",
        "bonds": f"{TAX}, together with {WHOLE}",
    }


def test_buckets_freed_at_the_same_step_each_name_only_the_rules_they_need() -> None:
    """Large needs the mix and cash, bonds needs tax and cash: both come inside when cash is
    added, and each is named with its own two rules - not the three they need between them
    (a rule one bucket does not need does not bind it). A set of rules is solved once."""
    rows = {"large": ROWS["large"], "bonds": ROWS["bonds"]}
    solve = RuleSolve({"large": {"mix", "cash"}, "bonds": {"tax", "cash"}}, rows)
    assert binding_rules(_problem(), rows, solve) == {
        "large": f"{MIX_VTI}, together with {CASH}",
        "bonds": f"{TAX}, together with {CASH}",
    }
    together = solve.asked[6:]
    assert len(together) == len({frozenset(a) for a in together})  # none asked twice
    # large drops frozen and tax; bonds drops the mix and frozen, asking only what large did not
    assert together[3:] == [
        {"frozen", "tax", "cash"},
        {"mix", "tax", "cash"},
        {"mix", "cash"},
        {"tax", "cash"},
        {"cash"},
    ]


def test_an_infeasible_step_of_the_rules_together_is_skipped() -> None:
    far = {"large": 700.0, "bonds": 200.0}
    inside = {"large": 500.0, "bonds": 200.0}
    # six singles; +frozen infeasible, +tax inside; dropping the mix: infeasible (kept),
    # dropping frozen: inside (dropped)
    solve = FakeSolve([far] * 6 + ["infeasible", inside, "infeasible", inside])
    solve.outcomes += [far] * 3  # bonds: +cash, +limit, +whole leave it outside
    found = binding_rules(_problem(), ROWS, solve)
    assert found == {"large": f"{MIX_VTI}, together with {TAX}", "bonds": NOTHING}
    assert len(solve.asked) == len(solve.outcomes)


def test_inside_means_within_the_band_and_a_millionth() -> None:
    rows = {"mid": _row(0.5, 0.25, 0.125)}  # binary fractions: the edges are exact
    for dollars, bound in [(375.0, True), (125.0, True), (375.0005, True), (375.002, False)]:
        solve = FakeSolve([{"mid": dollars}] + ["infeasible"] * 10)
        found = binding_rules(_problem(), rows, solve)
        assert found == {"mid": f"{MIX} (VTI is 80% large-caps)" if bound else NOTHING}


def test_shares_are_of_the_relaxed_households_total() -> None:
    """Cash counts: 600 + 400 held and 1,000 of cash make 2,000; 1,100 of large is 0.55."""
    solve = FakeSolve([{"large": 1100.0, "bonds": 800.0}])
    rows = {"large": _row(0.60, 0.50, 0.05), "bonds": _row(0.30, 0.40, 0.05)}
    assert binding_rules(_problem(cash=1000.0), rows, solve) == {
        "large": f"{MIX} (VTI is 80% large-caps)",
        "bonds": f"{MIX} (VTI is 80% large-caps)",
    }


def test_an_empty_household_divides_by_one_dollar() -> None:
    empty = replace(_problem(), holdings=(), floors={})
    rows = {"cash": _row(0.9, 0.0, 0.05)}
    solve = FakeSolve([{"cash": 0.04}])  # 0.04 / 1: inside
    assert binding_rules(empty, rows, solve) == {"cash": MIX + " (VTI is 80% large-caps)"}
    solve = FakeSolve([{"cash": 0.06}] + ["infeasible"] * 10)  # 0.06 / 1: outside
    assert binding_rules(empty, rows, solve) == {"cash": NOTHING}


def test_a_bucket_exactly_a_millionth_beyond_its_band_is_inside() -> None:
    empty = replace(_problem(), holdings=(), floors={})  # a household of 0: shares of $1
    rows = {"cash": _row(0.9, 0.0, 0.125)}
    solve = FakeSolve([{"cash": 0.125 + 1e-6}])
    assert binding_rules(empty, rows, solve) == {"cash": MIX + " (VTI is 80% large-caps)"}


def test_after_the_cash_relaxation_new_cash_is_no_longer_in_the_household() -> None:
    """In cash_flow mode 1,000 of new cash makes the household 2,000; relaxed to "full" there
    is no new cash, and 500 of large is half of the relaxed household's 1,000."""
    policy = Policy(trading=Trading(mode="cash_flow", new_cash=1000.0))
    rows = {"large": _row(0.25, 0.5, 0.05)}
    solve = FakeSolve(["infeasible"] * 3 + [{"large": 500.0}])
    assert binding_rules(_problem(policy), rows, solve) == {"large": CASH}


def test_pure_vehicles_goes_on_past_a_vehicle_the_household_does_not_hold() -> None:
    """AGG is approved before BND but not in the problem: BND is still made pure and named."""
    policy = Policy(vehicles={"bonds": ("AGG", "BND"), "large": ("VTI",)})
    problem = replace(
        _problem(policy),
        securities={
            "VTI": Security("VTI", 100.0, {"large": 1.0}),
            "BND": Security("BND", 100.0, {"bonds": 0.75, "cash": 0.25}),
        },
    )
    relaxed, what = _pure_vehicles(problem)
    assert what == f"{MIX} (BND is 75% bonds)"
    assert dict(relaxed.securities["BND"].mix) == {"bonds": 1.0}


@pytest.mark.parametrize("new_cash", [300.0, 1.0, 0.25])
def test_cash_deposits_the_new_cash_into_the_first_taxable_account_and_keeps_the_others(
    new_cash: float,
) -> None:
    """Any new cash, however small, stays in the relaxed household: it goes to the taxable
    account listed first, and the accounts after it are all still there, unchanged."""
    trading = Trading(mode="cash_flow", new_cash=new_cash)
    accounts = (
        AccountState("TAX", "taxable", 20.0, deposit=10.0),
        AccountState("IRA", "tax_deferred", 50.0),
        AccountState("TAX2", "taxable", 5.0),
    )
    problem = replace(_problem(Policy(trading=trading)), accounts=accounts)
    relaxed, _ = _cash(problem)
    assert relaxed.accounts == (replace(accounts[0], deposit=10.0 + new_cash), *accounts[1:])
    assert household_total(relaxed) == pytest.approx(household_total(problem), abs=1e-9)
