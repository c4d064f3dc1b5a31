"""A plan with no trades, and the answer when no plan exists
(``planner/core/rebalance/readout.py``), called directly on small hand-built problems: where
the household's new cash goes, what each account's cash is after, and the warning."""

from __future__ import annotations

import pytest

from planner.core.policy import Policy, Trading
from planner.core.problem import AccountState, Problem, Solution
from planner.core.rebalance.readout import infeasible, no_trades

TOTAL = 50_000.0
WHY = "every bucket is inside its band"


def problem(*accounts: AccountState, mode: str = "cash_flow", new_cash: float = 0.0) -> Problem:
    trading = Trading(mode=mode, new_cash=new_cash)  # type: ignore[arg-type]
    return Problem(accounts, (), {}, {"cash": 1.0}, Policy(trading=trading))


IRA = AccountState("I1", "tax_deferred", 1_000.0, name="IRA")
JOINT = AccountState("J1", "taxable", 2_000.0, name="Joint")
TRUST = AccountState("T1", "taxable", 3_000.0, name="Trust")


@pytest.mark.parametrize("new_cash", [5_000.0, 1.0])
def test_no_trades_puts_the_new_cash_in_the_first_taxable_account(new_cash: float) -> None:
    sol = no_trades(problem(IRA, JOINT, TRUST, new_cash=new_cash), TOTAL, WHY)
    assert sol.status == "no_trades"
    assert sol.trades == []
    # not the IRA (an IRA takes only so much a year), not the second taxable account
    assert sol.cash_after == {"I1": 1_000.0, "J1": 2_000.0 + new_cash, "T1": 3_000.0}
    assert sol.post_values["cash"] == 6_000.0 + new_cash
    assert sol.total == TOTAL
    assert sol.warnings == [WHY]


def test_no_trades_with_only_sheltered_accounts_puts_the_new_cash_in_the_first() -> None:
    roth = AccountState("R1", "tax_free", 500.0, name="Roth")
    sol = no_trades(problem(IRA, roth, new_cash=2_000.0), TOTAL, WHY)
    assert sol.cash_after == {"I1": 3_000.0, "R1": 500.0}


@pytest.mark.parametrize(
    ("mode", "new_cash"),
    [
        ("full", 5_000.0),  # new cash typed under another mode is not added
        ("out_of_band", 5_000.0),
        ("cash_flow", 0.0),
    ],
)
def test_no_trades_adds_no_cash_unless_the_plan_brings_new_cash(mode: str, new_cash: float) -> None:
    sol = no_trades(problem(IRA, JOINT, mode=mode, new_cash=new_cash), TOTAL, WHY)
    assert sol.cash_after == {"I1": 1_000.0, "J1": 2_000.0}
    assert sol.post_values["cash"] == 3_000.0
    assert (sol.status, sol.total, sol.warnings) == ("no_trades", TOTAL, [WHY])


def test_no_plan_says_which_constraints_to_relax_and_leaves_the_cash_as_the_client_moves_it() -> (
    None
):
    # the client's deposit and withdrawal are made whatever the plan
    moved = AccountState("J1", "taxable", 2_000.0, name="Joint", deposit=700.0, withdraw=200.0)
    sol = infeasible(problem(IRA, moved), TOTAL)
    assert sol == Solution(
        "infeasible",
        [],
        {"I1": 1_000.0, "J1": 2_500.0},
        {},
        None,
        TOTAL,
        [
            "no plan satisfies every constraint (cash reserve, withdrawals, restrictions, cash "
            "to raise, tax budget); relax one of them"
        ],
    )
