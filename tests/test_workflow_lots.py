"""The lots an import reads reach the solver, and a lots file that fits no position is one
file's problem in the app, not the whole import's."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest

import planner.workflow as workflow
from planner.core.facts import security_facts
from planner.core.household_problem import problem_from_household
from planner.core.policy import Policy
from planner.core.problem import Lot
from planner.core.rebalance.slots import lots_of, merged_holdings
from planner.market.securities import load_reference, with_policy
from planner.workflow import import_files, import_household, plan_household
from tests.conftest import DATA

SCHWAB = str(DATA / "schwab_positions_2026_individual.csv")
SCHWAB_LOTS = str(DATA / "lots/schwab_lot_details_2025.csv")
FIDELITY_LOTS = str(DATA / "lots/fidelity_lots_2024.csv")
ETRADE = str(DATA / "etrade_portfolio_lots_2025.csv")


def test_plan_household_hands_the_files_lots_to_the_solver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[Mapping[tuple[str, str], tuple[Lot, ...]] | None] = []
    real = workflow.make_plan

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("lots"))
        return real(*args, **kwargs)

    monkeypatch.setattr(workflow, "make_plan", spy)
    h = import_household([SCHWAB, SCHWAB_LOTS])
    plan_household(h, Policy(), scenarios=False, today=date(2025, 10, 1))
    (lots,) = seen
    assert lots is not None
    assert sorted(lots) == [("...046", "AMZN"), ("...046", "NVDA"), ("...046", "VB")]
    assert lots[("...046", "NVDA")] == (
        Lot(40.0, 750.0, date(2021, 6, 14)),
        Lot(50.0, 1325.0, date(2022, 11, 2)),
        Lot(30.0, 3325.0, date(2025, 8, 1)),
    )  # the lot details file's rows, in its order


def test_the_app_import_reports_a_lots_file_that_fits_no_position_and_keeps_the_rest() -> None:
    household, good, problems = import_files([SCHWAB, FIDELITY_LOTS, SCHWAB_LOTS])
    assert household is not None
    assert good == [SCHWAB, SCHWAB_LOTS]
    (problem,) = problems
    assert problem.startswith(f"{FIDELITY_LOTS}:2: ")
    assert {lot.source_file for lot in household.lots} == {SCHWAB_LOTS}


def test_a_symbol_on_two_rows_reaches_the_solver_with_its_lots_once() -> None:
    h = import_household([ETRADE])
    policy = Policy()
    ref = with_policy(load_reference(), policy.buckets)
    facts = security_facts(h, ref, policy.vehicle_symbols())
    built = problem_from_household(
        h, facts, policy, policy.targets, date(2026, 1, 5), h.lots_by_position()
    )
    for (_, symbol), held in merged_holdings(built.problem).items():
        assert sum(lot.shares for lot in lots_of(held)) == pytest.approx(held.shares), symbol
