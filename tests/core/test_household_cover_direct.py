"""A short call's cover, read directly: the shares an account holds of the underlying are
summed over its rows (a short row of it covers nothing), a fractional share counts, and the
account is named as the household names it (by its id where the household lists no name)."""

from __future__ import annotations

import pandas as pd

from planner.core.holdings import Account, Household, SourceFile, normalize_positions
from planner.core.household_problem import _uncovered
from planner.core.plan_model import Frozen

CALLS = 100.0  # one contract written: 100 shares must stay
PRICE = 200.0
BEFORE = "cover for a short call: 100 shares stay"


def _household(rows: list[tuple[str, str, float]]) -> Household:
    """rows: (account, symbol, shares), all priced at PRICE in one undated file."""
    frame = normalize_positions(
        pd.DataFrame(
            {
                "account_id": [r[0] for r in rows],
                "symbol": [r[1] for r in rows],
                "asset_type": ["equity"] * len(rows),
                "quantity": [r[2] for r in rows],
                "price": [PRICE] * len(rows),
                "market_value": [r[2] * PRICE for r in rows],
                "cost_basis": [float("nan")] * len(rows),
                "source_file": ["pos.csv"] * len(rows),
                "source_line": list(range(2, 2 + len(rows))),
            }
        )
    )
    ids = dict.fromkeys(r[0] for r in rows)
    accounts = tuple(Account(i, f"Account {i}", "taxable", "x") for i in ids)
    return Household((SourceFile("pos.csv", "test", None),), accounts, frame)


def _cover(
    rows: list[tuple[str, str, float]], account: str = "A"
) -> tuple[list[Frozen], list[str]]:
    household = _household(rows)
    floors = {(account, "AMZN"): CALLS}
    frozen = [Frozen(account, "AMZN", 0.0, BEFORE)]
    warnings: list[str] = []
    out = _uncovered(household, household.records(), floors, frozen, warnings)
    return out, warnings


def test_shares_in_two_rows_cover_the_call_together() -> None:
    # 60 + 40 shares in two rows are the 100 the call needs: nothing is uncovered
    out, warnings = _cover([("A", "AMZN", 60.0), ("A", "AMZN", 40.0), ("A", "MSFT", 5.0)])
    assert warnings == []
    assert out == [Frozen("A", "AMZN", 0.0, BEFORE)]


def test_a_short_row_of_the_underlying_does_not_cancel_the_shares_held() -> None:
    out, warnings = _cover([("A", "AMZN", 120.0), ("A", "AMZN", -30.0)])
    assert warnings == []
    assert [f.why for f in out] == [BEFORE]


def test_a_fractional_share_counts_toward_the_cover() -> None:
    held = 99.0 + 0.5
    out, warnings = _cover([("A", "AMZN", 99.0), ("A", "AMZN", 0.5)])
    naked = CALLS - held
    assert warnings == [
        f"short calls on AMZN in Account A are written on {CALLS:,.0f} shares and the account "
        f"holds {held:g}: {naked:g} are not covered; the plan sells none of AMZN there"
    ]
    assert [f.why for f in out] == [
        f"cover for a short call: all {held:g} shares held stay (the calls are written on "
        f"{CALLS:,.0f})"
    ]


def test_an_account_the_household_does_not_list_is_named_by_its_id() -> None:
    # the call is in account Z9, which holds no AMZN and is not among the household's accounts
    out, warnings = _cover([("A", "AMZN", 500.0)], account="Z9")
    assert warnings == [
        f"short calls on AMZN in Z9 are written on {CALLS:,.0f} shares and the account holds "
        f"0: {CALLS:g} are not covered; the plan sells none of AMZN there"
    ]
    assert [f.why for f in out] == [
        f"cover for a short call: all 0 shares held stay (the calls are written on {CALLS:,.0f})"
    ]
