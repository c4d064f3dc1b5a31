"""A bank account by its name: its cash counts, nothing is bought or sold in it (the solver's
household leaves it out of trading). A health savings account, a 529 college savings plan and
an employer's savings plan are not bank accounts."""

from __future__ import annotations

import pytest

from planner.core.accounts import is_bank_account


@pytest.mark.parametrize(
    ("name", "bank"),
    [
        ("360 Checking", True),
        ("Performance Savings", True),
        ("CHECKING ...4321", True),
        ("12-Month Certificate of Deposit", True),
        ("Health Savings Account", False),
        ("529 College Savings Plan", False),
        ("Thrift Savings Plan", False),
        ("Individual Brokerage", False),
        ("", False),
    ],
)
def test_a_bank_account_is_told_by_its_name(name: str, bank: bool) -> None:
    assert is_bank_account(name) is bank
