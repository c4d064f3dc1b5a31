"""The title and account-name splitters, read directly (``planner/brokers/titles.py``), on the
forms each broker writes.

``test_titles.py`` checks them against the regular expressions they replaced, on random short
texts of a few characters, and checks that long texts take no time. What it leaves out is
covered here, with worked examples: the forms real files carry (Schwab's ``...920``,
``XXXX-1234`` and ``**1234`` numbers, E*TRADE's ``Rollover IRA -4821``, thinkorswim's titles
with and without a number or a name), the length limit (400 characters,
:data:`~planner.brokers.base.MAX_TITLE_CHARS`) on either side after stripping, the differences
the old expressions did not have (a ``(`` that never closes, a ``through`` inside the name)
and titles holding a letter whose lower case is longer than itself (``İ``), whose positions
must still be those of the title as written.
"""

from __future__ import annotations

from datetime import date

import pytest

from planner.brokers import read_source
from planner.brokers.source import Source
from planner.brokers.titles import (
    StatementTitle,
    schwab_title_subject,
    split_etrade_account,
    split_schwab_account,
    thinkorswim_title,
)
from tests.conftest import DATA

#: How long a title may be (``planner.brokers.base.MAX_TITLE_CHARS``).
LIMIT = 400

# -- Schwab account labels -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "number"),
    [
        ("Individual ...920", "Individual", "...920"),  # single-account titles
        ("Joint Tenant ...871", "Joint Tenant", "...871"),
        ("Brokerage XXXX-1234", "Brokerage", "XXXX-1234"),  # All-Accounts table titles
        ("Brokerage XX-1234", "Brokerage", "XX-1234"),
        ("Roth IRA **1234", "Roth IRA", "**1234"),
        ("Roth IRA ****1234", "Roth IRA", "****1234"),
        ("Roth**1234", "Roth", "**1234"),
        ("Joint BOX**1234", "Joint BOX", "**1234"),  # the stars end the number, not an X
        ("Contributory IRA 12345678", "Contributory IRA", "12345678"),
        ("Trust XXXX1234", "Trust", "XXXX1234"),
        ("Trust X920", "Trust", "X920"),
        ("Individual 920", "Individual", "920"),  # three digits are enough
        ("  Individual   ...920  ", "Individual", "...920"),
        ("Individual ..920", "Individual ..", "920"),  # two dots are not the prefix
        ("Brokerage X-1234", "Brokerage X-", "1234"),  # nor one X and a dash
        ("Brokerage *1234", "Brokerage *", "1234"),  # nor one star
    ],
)
def test_a_schwab_label_splits_into_name_and_number(text: str, name: str, number: str) -> None:
    assert split_schwab_account(text) == (name, number)


@pytest.mark.parametrize(
    "text",
    [
        "Individual 92",  # two digits
        "Individual ...12X",  # the number must end in three digits
        "Individual",
        "...920",  # a number without a name
        "XXXX-1234",
        "**1234",
        "   ",
        "",
    ],
)
def test_a_schwab_label_without_a_name_and_number_is_none(text: str) -> None:
    assert split_schwab_account(text) is None


def test_a_schwab_label_up_to_the_title_limit_after_stripping() -> None:
    name = "N" * (LIMIT - len(" ...920"))
    longest = f"{name} ...920"
    assert len(longest) == LIMIT
    assert split_schwab_account(f"   {longest}   ") == (name, "...920")
    assert split_schwab_account(f"N{longest}") is None


# -- E*TRADE account labels ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "number"),
    [
        ("Rollover IRA -4821", "Rollover IRA", "4821"),
        ("Brokerage -7315", "Brokerage", "7315"),
        ("Brokerage - 7315", "Brokerage", "7315"),
        ("Brokerage 7315", "Brokerage", "7315"),
        ("Brokerage--7315", "Brokerage-", "7315"),  # one dash is the separator
        ("IRA ****4821", "IRA", "****4821"),
        ("IRA XXXX4821", "IRA", "XXXX4821"),
        ("IRA 12345678901", "IRA", "12345678901"),
        ("Joint XXXX-4821", "Joint XXXX", "4821"),
        ("Rollover IRA -4821   ", "Rollover IRA", "4821"),  # trailing blanks dropped
        ("4821", "", "4821"),  # a number alone has an empty name
        ("X*X*", "", "X*X*"),
    ],
)
def test_an_etrade_label_splits_into_name_and_number(text: str, name: str, number: str) -> None:
    assert split_etrade_account(text) == (name, number)


@pytest.mark.parametrize("text", ["Rollover IRA -482", "IRA -48 21", "Individual", "", "  "])
def test_an_etrade_label_without_four_number_characters_at_its_end_is_none(text: str) -> None:
    assert split_etrade_account(text) is None


def test_an_etrade_label_up_to_the_title_limit_after_its_trailing_blanks() -> None:
    name = "N" * (LIMIT - len(" -4821"))
    longest = f"{name} -4821"
    assert len(longest) == LIMIT
    assert split_etrade_account(longest + "    ") == (name, "4821")
    assert split_etrade_account("N" + longest) is None


# -- Schwab titles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "subject"),
    [
        (
            "Positions for account Individual ...920 as of 07:49 PM ET, 2026/07/16",
            "Individual ...920",
        ),
        ("Positions for All-Accounts as of 09:15 AM ET, 02/26/2021", "All-Accounts"),
        ("POSITIONS FOR ACCOUNT Joint ...871 AS OF 04:01 PM", "Joint ...871"),  # case kept
        ("positions for Roth IRA **1234 as of today", "Roth IRA **1234"),
        ("Positions for account  as of 10:12 AM", ""),
        ("Positions for accounting ...920 as of x", "accounting ...920"),  # not "account "
        ("Positions for account X as of A as of B", "X"),  # the first " as of "
    ],
)
def test_a_schwab_title_names_its_subject(title: str, subject: str) -> None:
    assert schwab_title_subject(title) == subject


@pytest.mark.parametrize(
    "title",
    [
        "Positions for account Individual ...920",  # no " as of "
        "Positions for account Individual ...920 as of",
        "Balances for account Individual ...920 as of 07:49 PM",
        " Positions for account Individual ...920 as of 07:49 PM",  # not at the start
        "Positions for",
        "",
    ],
)
def test_any_other_line_is_no_schwab_title(title: str) -> None:
    assert schwab_title_subject(title) is None


def test_a_schwab_title_up_to_the_title_limit() -> None:
    head, tail = "Positions for account ", " as of 07:49 PM"
    subject = "S" * (LIMIT - len(head) - len(tail))
    assert schwab_title_subject(head + subject + tail) == subject
    assert schwab_title_subject(head + "S" + subject + tail) is None


def test_a_letter_whose_lower_case_is_longer_does_not_shift_the_schwab_subject() -> None:
    # "İ".lower() is two characters: positions found in the lower-cased title are not
    # positions in the title itself
    assert len("İ".lower()) == 2
    title = "Positions for account İİndividual ...920 as of 07:49 PM ET, 2026/07/16"
    assert schwab_title_subject(title) == "İİndividual ...920"
    assert split_schwab_account("İİndividual ...920") == ("İİndividual", "...920")


def test_the_schwab_reader_takes_the_account_from_such_a_title() -> None:
    text = "\n".join(
        [
            '"Positions for account İİndividual ...046 as of 10:12 AM ET, 2025/09/30"',
            "",
            '"Symbol","Description","Qty (Quantity)","Price","Mkt Val (Market Value)",'
            '"Asset Type",',
            '"AMZN","AMAZON.COM INC","30","219.57","$6,587.10","Equity",',
            '"Positions Total","","--","--","$6,587.10","--",',
        ]
    )
    h = read_source(Source.from_text(text + "\n", "schwab.csv", "0" * 64))
    assert [(a.id, a.name) for a in h.accounts] == [("...046", "İİndividual")]
    assert h.files[0].as_of == date(2025, 9, 30)


# -- thinkorswim titles --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "account", "name", "end"),
    [
        (
            "Account Statement for D-81234567 (margin) since 11/3/25 through 11/7/25",
            "D-81234567",
            "margin",
            "11/7/25",
        ),
        (
            "Account Statement for 12345678SCHW (Individual) since 11/1/25 through 11/21/25",
            "12345678SCHW",
            "Individual",
            "11/21/25",
        ),
        (  # no number: two spaces, then the name
            "Account Statement for  (Contributory IRA) since 10/1/25 through 10/3/25",
            "",
            "Contributory IRA",
            "10/3/25",
        ),
        ("Account Statement for (Individual) through 10/3/25", "", "Individual", "10/3/25"),
        ("Account Statement for 123 since 1/1/25 through 2/1/25", "123", "", "2/1/25"),
        ("account statement for 123 ( Joint ) THROUGH 12/6/2025", "123", "Joint", "12/6/2025"),
        ("Account Statement for 123 \t (IRA) through 2/1/25 (final)", "123", "IRA", "2/1/25"),
        ("Account Statement for 123\t(IRA) through 2/1/25", "123", "IRA", "2/1/25"),  # a tab
        # a "(" that never closes names nothing; the end is still read
        ("Account Statement for 123 (Individual since 1/1/25 through 2/1/25", "123", "", "2/1/25"),
        # "through" inside the name is the name's; the end follows it
        (
            "Account Statement for 9 (through 5/5/25) through 6/6/25",
            "9",
            "through 5/5/25",
            "6/6/25",
        ),
        ("Account Statement for 9 throughout through 6/6/25", "9", "", "6/6/25"),
        # an end of odd length with words after it; "through" right after the name's ")"
        ("Account Statement for 123 (IRA) through 12/6/25 (final)", "123", "IRA", "12/6/25"),
        ("Account Statement for 123 (IRA)through 2/1/25", "123", "IRA", "2/1/25"),
    ],
)
def test_a_thinkorswim_title_names_account_name_and_end(
    line: str, account: str, name: str, end: str
) -> None:
    assert thinkorswim_title(line) == StatementTitle(account, name, end)


@pytest.mark.parametrize(
    "line",
    [
        "Account Statement for 123 (Individual) since 1/1/25",  # no "through "
        "Account Statement for 123 (Individual) since 1/1/25 through",
        "Account Statement for 123 (Individual) since 1/1/25 through x",  # no date after it
        "Account Statement for 123 (Individual through 1/1/25)",  # inside the name
        "Account Summary",
        " Account Statement for 123 (Individual) through 1/1/25",
        "",
    ],
)
def test_any_other_line_is_no_thinkorswim_title(line: str) -> None:
    assert thinkorswim_title(line) is None


def test_a_thinkorswim_title_up_to_the_title_limit() -> None:
    head, tail = "Account Statement for 123 (", ") through 1/2/25"
    name = "N" * (LIMIT - len(head) - len(tail))
    assert thinkorswim_title(head + name + tail) == StatementTitle("123", name, "1/2/25")
    assert thinkorswim_title(head + "N" + name + tail) is None


def test_a_letter_whose_lower_case_is_longer_does_not_shift_the_thinkorswim_end() -> None:
    line = "Account Statement for 123 (İndividual) since 1/1/25 through 2/1/25"
    assert thinkorswim_title(line) == StatementTitle("123", "İndividual", "2/1/25")
    line = "Account Statement for İİ since 1/1/25 through 12/31/25"
    assert thinkorswim_title(line) == StatementTitle("İİ", "", "12/31/25")


def test_the_thinkorswim_reader_dates_such_a_statement_by_its_end() -> None:
    fixture = (DATA / "thinkorswim_statement_cash_only_2025.csv").read_text("utf-8")
    title = "Account Statement for  (Individual) since 9/29/25 through 10/3/25"
    assert fixture.startswith(title + "\n")
    text = fixture.replace("(Individual)", "(İndividual)", 1)
    h = read_source(Source.from_text(text, "statement.csv", "0" * 64))
    assert h.files[0].as_of == date(2025, 10, 3)
    assert [a.name for a in h.accounts] == ["İndividual"]


@pytest.mark.parametrize(
    "line",
    [
        "Account Statement for 123456789",  # cut after the number
        "Account Statement for 123456789   ",  # and after the spaces that follow it
        "Account Statement for ",
    ],
)
def test_a_thinkorswim_title_cut_short_is_not_a_title(line: str) -> None:
    assert thinkorswim_title(line) is None
