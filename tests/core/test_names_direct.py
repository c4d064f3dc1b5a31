"""Direct tests of :mod:`planner.core.names`: whether a broker's description and the security
master's name can be the same company. The words that count are upper-cased, without
apostrophes or ampersands, split at anything else that is not a letter or digit, at least three
characters long, not all digits and not a word every company name has ("INC", "HOLDINGS"...).
Two names agree when a word of one starts a word of the other, when either has no word that
counts, or when their first four letters and digits agree (a leading "THE " dropped)."""

from __future__ import annotations

import pytest

from planner.core.names import REUSED, names_agree

#: Every word the module drops as noise that is long enough to count otherwise.
NOISE = [
    "INC",
    "CORP",
    "CORPORATION",
    "COMPANY",
    "LTD",
    "LIMITED",
    "PLC",
    "LLC",
    "THE",
    "CLASS",
    "COM",
    "COMMON",
    "STOCK",
    "SHARES",
    "SHS",
    "ORD",
    "ORDINARY",
    "NEW",
    "HOLDINGS",
    "HOLDING",
    "HLDGS",
    "GROUP",
    "GRP",
    "SPONSORED",
    "SPON",
    "ADR",
    "ADS",
    "USD",
    "PAR",
    "NPV",
    "CAP",
    "STK",
    "CAPITAL",
    "AMERICAN",
    "DEPOSITARY",
    "REPSTG",
    "EACH",
]


def test_the_note_of_a_refused_row_begins_so() -> None:
    assert REUSED == "the file calls it"


@pytest.mark.parametrize(
    ("file_name", "master_name"),
    [
        ("APPLE INC", "Apple Inc."),
        ("MICROSOFT CORP", "Microsoft Corporation"),
        ("ALPHABET INC CAP STK CL A", "Alphabet Inc. Class A"),
        ("BERKSHIRE HATHAWAY INC DEL CL B NEW", "Berkshire Hathaway Inc."),
        ("INTL BUSINESS MACHINES", "International Business Machines Corp"),  # one word is enough
        ("TAIWAN SEMICONDUCTOR MFG CO LTD SPONSORED ADS", "Taiwan Semiconductor Manufacturing"),
        ("VANGUARD TOTAL STOCK MARKET ETF", "Vanguard Total Stock Market Index Fund ETF"),
    ],
)
def test_the_same_company_as_brokers_write_it(file_name: str, master_name: str) -> None:
    assert names_agree(file_name, master_name)
    assert names_agree(master_name, file_name)


@pytest.mark.parametrize(
    ("file_name", "master_name"),
    [
        ("META PLATFORMS INC", "Facebook Inc"),  # the symbol now names someone else
        ("GE AEROSPACE", "GE HealthCare Technologies"),
        ("TWITTER INC", "Trustees Corp"),
    ],
)
def test_different_companies(file_name: str, master_name: str) -> None:
    assert not names_agree(file_name, master_name)
    assert not names_agree(master_name, file_name)


def test_a_word_agrees_when_it_starts_a_word_of_the_other_either_way() -> None:
    assert names_agree("ALPHA ZZZZ", "YYYY ALPHABET")  # the file's word starts the master's
    assert names_agree("YYYY ALPHABET", "ALPHA ZZZZ")  # and the other way
    assert not names_agree("ZZZZ ALPHABET", "YYYY BETA")  # "BETA" only ends "ALPHABET"
    assert names_agree("XYZ TECHNOLOGIES", "ABC XYZ")  # any word against any word


def test_case_does_not_matter() -> None:
    assert names_agree("zzzz alpha", "YYYY ALPHA")
    assert not names_agree("zzzz alpha", "yyyy beta")


def test_a_three_letter_word_counts_a_two_letter_word_does_not() -> None:
    assert names_agree("XYZ QQQQ", "WWWW XYZ")  # "XYZ": three letters
    assert not names_agree("AB ZZZZ", "AB YYYY")  # "AB" is not compared; ABZZ is not ABYY


def test_words_of_digits_do_not_count() -> None:
    assert not names_agree("123 ALPHA", "123 BETA")  # "123A" against "123B"
    assert names_agree("123ABC QQQQ", "XXXX 123ABC")  # digits and letters do count


@pytest.mark.parametrize("noise", NOISE)
def test_a_word_every_company_has_does_not_make_two_names_agree(noise: str) -> None:
    assert not names_agree(f"QQQQ {noise}", f"WWWW {noise}")
    assert names_agree(f"QQQQ {noise}", f"QQQQX {noise}")


@pytest.mark.parametrize("short_noise", ["CO", "CL", "SH", "NV", "SA", "AG", "SE", "DE"])
def test_short_noise_words_do_not_count_either(short_noise: str) -> None:
    assert not names_agree(f"QQQQ {short_noise}", f"WWWW {short_noise}")


def test_a_name_with_no_word_that_counts_agrees_with_anything() -> None:
    assert names_agree("", "Apple Inc")
    assert names_agree("Apple Inc", "")
    assert names_agree("", "")
    assert names_agree("3M CO", "Minnesota Mining")  # "3M" and "CO": nothing to compare
    assert names_agree("ZZZZ", "INC CORP HOLDINGS")
    assert names_agree("12345 678", "WWWW")


def test_apostrophes_and_ampersands_are_dropped_inside_a_word() -> None:
    assert names_agree("O'REILLY", "XYZ OREILLY")  # one word, "OREILLY"
    assert names_agree("AT&T MOBILITY", "XYZ ATT")  # "ATT"


def test_other_punctuation_splits_words() -> None:
    assert names_agree("AB-INBEV", "InBev SA")  # "AB" and "INBEV"
    assert names_agree("WWWW/BRAVO", "YYYY BRAVO")
    assert names_agree("COCA-COLA CO", "The Coca Cola Company")


def test_names_starting_with_the_same_four_letters_and_digits_agree() -> None:
    assert names_agree("ABCDX", "ABCDY")  # no word starts the other; ABCD = ABCD
    assert not names_agree("ABCXY", "ABCZW")  # ABCX is not ABCZ
    assert names_agree("JPMORGAN", "J.P. Morgan Inc")  # JPMO = JPMO, the dots squeezed out
    assert names_agree("A-B-C-D-E ZZZZ", "ABCD YYYY")  # ABCD = ABCD


def test_a_leading_the_is_dropped_before_the_first_four_letters() -> None:
    assert names_agree("THE JPMORGAN", "J.P. Morgan Inc")
    assert names_agree("J.P. Morgan Inc", "the jpmorgan")
    assert not names_agree("THEJPMORGAN", "J.P. Morgan Inc")  # "THE" only as a word
