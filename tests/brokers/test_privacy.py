"""An account's name never carries its full account number: names are shown where numbers
must be masked (the workbook's explanations, the app). The id keeps the number whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.brokers import load_household
from tests.brokers.snapshot import fixtures, samples


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@pytest.mark.parametrize("path", [*fixtures(), *samples()], ids=lambda p: p.name)
def test_no_account_name_holds_its_full_number(path: Path) -> None:
    for acct in load_household([path]).accounts:
        number = _digits(acct.id)
        if len(number) < 5:
            continue  # already masked by the broker ("...920", "XXXX-1234")
        assert number not in _digits(acct.name), (acct.id, acct.name)


def test_vanguard_names_end_with_the_last_four_digits() -> None:
    from tests.conftest import DATA

    h = load_household([DATA / "vanguard_brokerage_2025.csv", DATA / "vanguard_529_2025.csv"])
    assert {a.id: a.name for a in h.accounts} == {
        "44556677": "Vanguard brokerage ...6677",
        "88990011": "Vanguard brokerage ...0011",
        "88012345-01": "Vanguard 529 plan ...4501",
    }
