"""Direct tests of :mod:`planner.core.options`: which way an option goes (call or put), read
from every spelling of its symbol the brokers' files use, or else from its description, and the
shares one contract is on.

The symbols are written as the files write them: OCC (IBKR Flex, Fidelity positions with
padding), Schwab ("AAPL 03/19/2021 130.00 C"), thinkorswim and Fidelity compact ("-AAPL250117C150",
".AAPL250117C150"), IBKR Activity Statement ("AMZN 21NOV25 260 C", no description), Merrill
(its own "NVDA#L2125A200000", read through the description "CALL NVDA  200.00 EXP 12-19-25")."""

from __future__ import annotations

import pytest

from planner.core.options import CONTRACT_SHARES, option_right


def test_one_contract_is_on_a_hundred_shares() -> None:
    assert CONTRACT_SHARES == 100


# --- OCC: root (1-6 letters or dots), yymmdd, C/P, strike x 1000 in eight digits -----------


@pytest.mark.parametrize(
    ("symbol", "right"),
    [
        ("AAPL  250117C00150000", "call"),  # padded to six characters, as OCC writes it
        ("AAA  260116P00100000", "put"),
        ("GOOGL 251219C00300000", "call"),  # IBKR Flex: one space
        ("GOOGL251219P00300000", "put"),  # no space at all
        ("F     260116C00012500", "call"),  # a one-letter root
        ("BRK.B 260116P00450000", "put"),  # a dot in the root
        ("ABCDEF260116C00010000", "call"),  # a six-letter root, the longest
    ],
)
def test_occ_symbols(symbol: str, right: str) -> None:
    assert option_right(symbol) == right
    assert option_right(symbol, "") == right


def test_occ_needs_exactly_eight_strike_digits_and_a_root_of_at_most_six() -> None:
    assert option_right("AAPL  250117C0015000") is None  # seven strike digits, a space
    assert option_right("AAPL  250117C001500000") is None  # nine
    assert option_right("ABCDEFG260116C00010000") is None  # a seven-letter root
    assert option_right("AAPL  25011C00150000") is None  # a five-digit date


# --- Schwab: root, mm/dd/yyyy, strike, C/P ---------------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "right"),
    [
        ("AAPL 03/19/2021 130.00 C", "call"),
        ("SMAL 04/01/2020 32.00 P", "put"),
        ("NVDA 10/17/2025 200 C", "call"),  # a whole strike
        ("XYZ   01/16/2026   7.50   P", "put"),  # runs of spaces
    ],
)
def test_schwab_symbols(symbol: str, right: str) -> None:
    assert option_right(symbol) == right


def test_schwab_needs_spaces_and_a_four_digit_year() -> None:
    assert option_right("AAPL 03/19/21 130.00 C") is None
    assert option_right("AAPL03/19/2021 130.00 C") is None
    assert option_right("AAPL 03/19/2021 130.00C") is None


# --- thinkorswim / Fidelity compact: optional "-", root, yymmdd, C/P, strike as written ------


@pytest.mark.parametrize(
    ("symbol", "right"),
    [
        ("AAPL250117C150", "call"),
        ("QQQ251219P550", "put"),
        ("-AAPL250620C200", "call"),  # Fidelity's leading dash
        ("-AAPL250620P150", "put"),
        (".AAPL250117C150", "call"),  # thinkorswim's leading dot
        ("RDW260227P9", "put"),  # a one-digit strike
        ("RDW260227C9.5", "call"),  # a strike with a decimal
        ("VRT260320C160", "call"),
    ],
)
def test_compact_symbols(symbol: str, right: str) -> None:
    assert option_right(symbol) == right


def test_compact_needs_a_six_digit_date() -> None:
    assert option_right("AAPL25011C150") is None
    assert option_right("--AAPL250117C150") is None  # one dash at most


# --- IBKR Activity Statement: root, ddMONyy, strike, C/P; the file gives no description -----


@pytest.mark.parametrize(
    ("symbol", "right"),
    [
        ("AMZN 21NOV25 260 C", "call"),  # the short call of tests/data/ibkr_activity_...
        ("XYZ 21NOV25 50 P", "put"),
        ("XSP 21NOV25 500 C", "call"),
        ("SPY 5DEC25 612.5 P", "put"),  # a one-digit day, a decimal strike
        ("GOOGL 19DEC25 300 C", "call"),  # IBKR Flex's description, here as a symbol
    ],
)
def test_ibkr_symbols_without_a_description(symbol: str, right: str) -> None:
    """Before the fix these were None: an IBKR short call was not seen as a call, so the
    shares covering it were not kept."""
    assert option_right(symbol) == right
    assert option_right(symbol, "") == right


def test_ibkr_needs_a_month_of_three_letters_and_a_two_digit_year() -> None:
    assert option_right("AMZN 21NOVE25 260 C") is None
    assert option_right("AMZN 21NOV2025 260 C") is None
    assert option_right("AMZN 21NOV25 260") is None


# --- the symbol: case and blanks around it, the first 40 characters ------------------------


def test_the_symbol_is_read_in_upper_case_and_stripped() -> None:
    assert option_right("aapl  250117c00150000") == "call"
    assert option_right("aapl 03/19/2021 130.00 p") == "put"
    assert option_right("  -aapl250117p150  ") == "put"
    assert option_right("amzn 21nov25 260 c") == "call"
    assert option_right("\tQQQ251219P550\n") == "put"


def test_only_the_first_forty_characters_of_the_symbol_are_read() -> None:
    tail = "250117C00150000"  # 15 characters after the root and its padding
    at_forty = "A" + " " * (40 - 1 - len(tail)) + tail
    over = "A" + " " * (41 - 1 - len(tail)) + tail
    assert (len(at_forty), len(over)) == (40, 41)
    assert option_right(at_forty) == "call"
    assert option_right(over) is None  # cut to "A ... 25011... C0015000": no longer OCC


# --- Merrill and the descriptions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "description", "right"),
    [
        ("NVDA#L2125A200000", "CALL NVDA  200.00 EXP 12-19-25", "call"),  # Merrill
        ("XYZ#B1326C425000", "CALL XYZ   425.00 EXP 02-13-26", "call"),
        ("ABC#N1326A13000", "PUT  ABC   13.00 EXP 02-13-26", "put"),
        ("", "AAPL JUN 20 2025 $200 CALL", "call"),  # Fidelity's description
        ("", "AAPL JUN 20 2025 $150 PUT", "put"),
        ("", "TWTR Feb 15 '19 $41 Call", "call"),  # IBKR, mixed case
        ("", "aapl Jan 16 '26 $200 put", "put"),
        ("WEIRD", "CALL NVIDIA CORP $200 EXP 10/17/25", "call"),  # Schwab's description
        ("XYZ2", "PUT XYZ 100.00 EXP 02-20-26", "put"),
        ("", "call", "call"),  # the word alone
        ("", "XYZ Jan 16 2026 150 Call.", "call"),  # punctuation after it
    ],
)
def test_descriptions(symbol: str, description: str, right: str) -> None:
    assert option_right(symbol, description) == right


def test_the_symbol_wins_over_the_description() -> None:
    assert option_right("AAPL  250117P00150000", "CALL AAPL 150 EXP 01-17-25") == "put"
    assert option_right("AAPL 03/19/2021 130.00 C", "PUT AAPL") == "call"
    assert option_right("-AAPL250117P150", "AAPL JAN 17 2025 $150 CALL") == "put"
    assert option_right("AMZN 21NOV25 260 C", "PUT") == "call"


def test_the_first_word_of_the_description_that_says_wins() -> None:
    assert option_right("", "PUT spread against a CALL") == "put"
    assert option_right("", "covered CALL, protective PUT") == "call"


def test_only_whole_words_of_the_description_count() -> None:
    assert option_right("", "PUTNAM EQUITY INCOME FUND") is None
    assert option_right("", "CALLAWAY GOLF CO") is None
    assert option_right("", "CALLS AND PUTS") is None
    assert option_right("", "TOPGOLF CALLAWAY") is None
    assert option_right("", "INPUT OUTPUT INC") is None


def test_only_the_first_two_hundred_characters_of_the_description_are_read() -> None:
    at_200 = " " * 196 + "CALL"
    cut = " " * 197 + "CALL"
    assert (len(at_200), len(cut)) == (200, 201)
    assert option_right("", at_200) == "call"
    assert option_right("", cut) is None  # "CAL" is left


def test_none_when_neither_the_symbol_nor_the_description_says() -> None:
    assert option_right("") is None
    assert option_right("", "") is None
    assert option_right("AAPL") is None
    assert option_right("AAPL", "APPLE INC") is None
    assert option_right("NVDA#L2125A200000") is None  # Merrill's symbol alone does not say
    assert option_right("912828YV6", "US TREASURY NOTE") is None
