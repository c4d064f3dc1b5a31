"""Direct tests of :mod:`planner.core.privacy`: an account number shows its last four
characters; inside a text every number of the household is masked the same way; in a log any
run of six or more digits is."""

from __future__ import annotations

import pytest

from planner.core.privacy import VISIBLE, mask_account, mask_in_text, mask_long_numbers

ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"


def test_four_characters_stay_visible() -> None:
    assert VISIBLE == 4


@pytest.mark.parametrize(
    ("account_id", "masked"),
    [
        ("7", "7"),
        ("12", "12"),
        ("123", "123"),
        ("1234", "1234"),  # as long as the tail: all of it
        ("12345", "2345"),  # one longer: the first character goes
        ("U7654321", "4321"),  # IBKR
        ("Z12345678", "5678"),  # Fidelity
        ("XXXX-5678", "5678"),  # Schwab, already masked by the file
        ("5XY-01234", "1234"),  # Merrill
        ("88881234567890123456", "3456"),  # twenty characters
    ],
)
def test_mask_account_keeps_the_last_four_characters(account_id: str, masked: str) -> None:
    assert mask_account(account_id) == ELLIPSIS + masked
    assert mask_account(account_id) == ELLIPSIS + account_id[-4:]


def test_mask_in_text_masks_every_number_of_the_household_wherever_it_is() -> None:
    ids = ["12345678", "Z98765432"]
    text = "Jane IRA 12345678; moved from 12345678 to Z98765432."
    assert mask_in_text(text, ids) == (
        f"Jane IRA {ELLIPSIS}5678; moved from {ELLIPSIS}5678 to {ELLIPSIS}5432."
    )


def test_mask_in_text_masks_inside_words_and_longer_numbers() -> None:
    assert mask_in_text("Brokerage-12345678-Joint", ["12345678"]) == (
        f"Brokerage-{ELLIPSIS}5678-Joint"
    )
    assert mask_in_text("99123456", ["123456"]) == f"99{ELLIPSIS}3456"


def test_mask_in_text_leaves_numbers_no_longer_than_the_tail() -> None:
    assert mask_in_text("account 1234 holds 1234 shares", ["1234"]) == (
        "account 1234 holds 1234 shares"
    )
    assert mask_in_text("12345 and 1234", ["1234", "12345"]) == f"{ELLIPSIS}2345 and 1234"
    assert mask_in_text("abc", ["abc"]) == "abc"
    assert mask_in_text("", ["12345"]) == ""


def test_mask_in_text_without_numbers_leaves_the_text() -> None:
    assert mask_in_text("nothing here 123456789", []) == "nothing here 123456789"
    assert mask_in_text("nothing here", ["12345678"]) == "nothing here"
    assert mask_in_text("x", ()) == "x"
    assert mask_in_text("x", iter(["", "12"])) == "x"  # any iterable


def test_mask_in_text_masks_the_longer_of_two_numbers_that_start_alike() -> None:
    """ "1234567" is the start of "12345678": masked first, the short one would leave an "8"
    and show "…4567" - the wrong tail, and a digit of the long number."""
    for ids in (["1234567", "12345678"], ["12345678", "1234567"]):
        assert mask_in_text("12345678 / 1234567", ids) == (f"{ELLIPSIS}5678 / {ELLIPSIS}4567")


def test_mask_in_text_masks_the_longer_of_two_numbers_ending_alike() -> None:
    for ids in (["2345678", "12345678"], ["12345678", "2345678"]):
        assert mask_in_text("12345678 / 2345678", ids) == f"{ELLIPSIS}5678 / {ELLIPSIS}5678"


def test_mask_in_text_takes_the_numbers_literally() -> None:
    # a dot or a plus in an account number is not a pattern: "12.45678" does not match "12345678"
    assert mask_in_text("12345678 12.45678", ["12.45678"]) == f"12345678 {ELLIPSIS}5678"
    assert mask_in_text("AB+12345 ABB12345", ["AB+12345"]) == f"{ELLIPSIS}2345 ABB12345"


def test_mask_in_text_is_case_sensitive_as_the_files_are() -> None:
    assert mask_in_text("Z12345678 z12345678", ["Z12345678"]) == f"{ELLIPSIS}5678 z12345678"


# --- mask_long_numbers: a log, with no list of accounts -------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("", ""),
        ("12345", "12345"),  # five digits: money, a ZIP code
        ("123456", f"{ELLIPSIS}3456"),  # six: the shortest taken for an account number
        ("1234567890123", f"{ELLIPSIS}0123"),
        ("U7654321", f"U{ELLIPSIS}4321"),  # the letter stays
        ("Z12345678 failed", f"Z{ELLIPSIS}5678 failed"),
        ("acct=123456789,", f"acct={ELLIPSIS}6789,"),
        ("2025-11-21", "2025-11-21"),  # a date, with separators
        ("$1,234,567.89", "$1,234,567.89"),  # money, with separators
        ("1234567.89", f"{ELLIPSIS}4567.89"),  # money without them: the run is masked
        ("12345 123456 1234567", f"12345 {ELLIPSIS}3456 {ELLIPSIS}4567"),
        ("line 42 of 87654321.csv", f"line 42 of {ELLIPSIS}4321.csv"),
        # a word with a letter and five digits or more is an account number, masked whole
        ("5WX-12345 failed", f"{ELLIPSIS}2345 failed"),  # Merrill's form
        ("AA-11111", f"{ELLIPSIS}1111"),  # the Merrill sample's
        ("55499U915", f"{ELLIPSIS}U915"),  # eight digits in runs shorter than six
        ("977G3", "977G3"),  # four digits: stays
        ("x1234 y", "x1234 y"),
        ("test_12345", "test_12345"),  # an underscore ends the word: five digits alone
        ("50000 of 2020-11-16", "50000 of 2020-11-16"),  # money and a date: no letter
    ],
)
def test_mask_long_numbers(text: str, masked: str) -> None:
    assert mask_long_numbers(text) == masked


def test_mask_long_numbers_masks_every_run_in_a_traceback() -> None:
    text = (
        'File "/home/u/12345678_export.csv", line 3\nValueError: account 987654321 has no total\n'
    )
    assert mask_long_numbers(text) == (
        f'File "/home/u/{ELLIPSIS}5678_export.csv", line 3\n'
        f"ValueError: account {ELLIPSIS}4321 has no total\n"
    )


def test_an_id_without_a_digit_is_no_account_number_and_is_shown_as_it_is() -> None:
    """A file that names no account is imported as ``E*TRADE``: masked, the explanation's
    "E*TRADE account" read "…RADE account" and hid nothing."""
    assert mask_account("E*TRADE") == "E*TRADE"
    assert mask_account("") == ""
    said = "Sell 3 TSLA in E*TRADE account (number not in the file) and in 12345678"
    assert mask_in_text(said, ["E*TRADE", "12345678"]) == said.replace("12345678", "…5678")
