"""Charles Schwab "Positions" exports, read directly (``planner/brokers/schwab.py``), one branch
at a time.

Every file is written here as text in the real layouts - the 2025 one (dual-name header, a
trailing comma on every row, ``Positions Total``) copied from
``tests/data/schwab_positions_2026_individual.csv`` and ``..._2026_all_accounts.csv``, the 2023
one (every row padded with ``""`` cells) from ``..._2023_individual.csv``, the 2020 All-Accounts
one (25 columns, CRLF, a total row three cells short) from ``..._2021_all_accounts.csv`` and
``../shared/samples/brokers/schwab/`` - and every expected figure is worked out from that
text: the title's date, each account's number, name, type and total row, each row's symbol,
description, type, quantity, price, market value, cost basis, multiplier and line, each
refusal's line and words, each warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

from planner.brokers import schwab
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import Household, ImportWarning, PositionRecord
from tests.brokers.direct import line_of, load_text, position, refused_text

# -- the 2025 layout -----------------------------------------------------------------------


def quoted(cells: Iterable[str]) -> str:
    """A row as Schwab writes it since 2025: every cell quoted, a comma after the last."""
    return ",".join(f'"{c}"' for c in cells) + ","


#: Column names of the 2025 layout and the keyword :func:`row` takes for each.
COLUMNS = {
    "symbol": "Symbol",
    "description": "Description",
    "quantity": "Qty (Quantity)",
    "price": "Price",
    "price_change": "Price Chng $ (Price Change $)",
    "price_change_pct": "Price Chng % (Price Change %)",
    "value": "Mkt Val (Market Value)",
    "day_change": "Day Chng $ (Day Change $)",
    "day_change_pct": "Day Chng % (Day Change %)",
    "cost": "Cost Basis",
    "gain": "Gain $ (Gain/Loss $)",
    "gain_pct": "Gain % (Gain/Loss %)",
    "ratings": "Ratings",
    "reinvest": "Reinvest?",
    "reinvest_gains": "Reinvest Capital Gains?",
    "share": "% of Acct (% of Account)",
    "type": "Asset Type",
}
HEADER = quoted(COLUMNS.values())
#: The fixture's AMZN row, verbatim: 30 x 219.57 = 6,587.10.
AMZN_CELLS = dict(
    zip(
        COLUMNS,
        [
            "AMZN",
            "AMAZON.COM INC",
            "30",
            "219.57",
            "1.45",
            "0.66%",
            "$6,587.10",
            "$43.50",
            "0.66%",
            "$3,900.00",
            "$2,687.10",
            "68.9%",
            "C",
            "No",
            "N/A",
            "12.47%",
            "Equity",
        ],
        strict=True,
    )
)
#: What the default row reads as: description, type, quantity, price, value, cost basis.
AMZN = ("AMAZON.COM INC", "equity", 30.0, 219.57, 6587.10, 3900.00)


def row(**cells: str) -> str:
    """A 2025 row; by default the fixture's AMZN row."""
    assert set(cells) <= set(COLUMNS), cells
    return quoted({**AMZN_CELLS, **cells}.values())


def label_row(label: str, value: str, kind: str, **cells: str) -> str:
    """A cash or total row: the label in the Symbol column, ``--`` where it states nothing."""
    blank = dict.fromkeys(COLUMNS, "--")
    return quoted({**blank, "symbol": label, "value": value, "type": kind, **cells}.values())


def cash(value: str, label: str = "Cash & Cash Investments") -> str:
    return label_row(label, value, "Cash and Money Market", share="0.70%")


def total(value: str, label: str = "Positions Total") -> str:
    return label_row(label, value, "--", description="")


TITLE = '"Positions for account Individual ...046 as of 10:12 AM ET, 2025/09/30"'
ACCOUNT = "...046"
VB = row(  # the fixture's VB row: 60 x 254.33 = 15,259.80
    symbol="VB",
    description="VANGUARD SMALL CAP ETF",
    quantity="60",
    price="254.33",
    value="$15,259.80",
    cost="$13,800.00",
    type="ETFs & Closed End Funds",
)
VB_READ = ("VANGUARD SMALL CAP ETF", "etf", 60.0, 254.33, 15259.80, 13800.00)
CASH_369 = cash("$369.51")
#: AMZN 6,587.10 + cash 369.51.
TOTAL_AMZN = total("$6,956.61")


def single(*rows: str, title: str = TITLE) -> str:
    """A one-account file: the title (line 1), a blank line, the header (3), ``rows`` from 4."""
    return "\n".join([title, "", HEADER, *rows]) + "\n"


ALL_TITLE = '"Positions for All-Accounts as of 05:02 PM ET, 2026/03/13"'


def all_accounts(*tables: list[str]) -> str:
    """An All-Accounts file: its title, a blank line, then each table (its account's title,
    the header, its rows) followed by a blank line."""
    lines = [ALL_TITLE, ""]
    for table in tables:
        lines += [table[0], HEADER, *table[1:], ""]
    return "\n".join(lines) + "\n"


def load(tmp_path: Path, text: str) -> tuple[Path, Household]:
    return load_text(tmp_path, text, "positions.csv")


def refused(tmp_path: Path, text: str) -> InputError:
    return refused_text(tmp_path, text, "positions.csv")[1]


record = position


def cash_record(path: Path, line: int, account: str, value: float) -> PositionRecord:
    """What a ``Cash & Cash Investments`` row (whatever its label) must become."""
    return position(
        path, line, account, "CASH", "Cash & Cash Investments", "cash", None, None, value, None
    )


def accounts_of(h: Household) -> list[tuple[str, str, str, float | None, int | None, str]]:
    return [
        (a.id, a.name, a.type, a.reported_total, a.reported_total_line, a.reported_total_label)
        for a in h.accounts
    ]


# -- whole files ---------------------------------------------------------------------------


def test_one_account_file_2025_reads_its_title_rows_cash_and_positions_total(
    tmp_path: Path,
) -> None:
    swvxx = row(
        symbol="SWVXX",
        description="SCHWAB VALUE ADVANTAGE MONEY INV",
        quantity="4,721.3",
        price="1.00",
        value="$4,721.30",
        cost="$4,721.30",
        type="Money Market Funds",
    )
    call = row(  # a short call: -1 contract x 2.15 x 100 = -215.00
        symbol="NVDA 10/17/2025 200.00 C",
        description="CALL NVIDIA CORP $200 EXP 10/17/25",
        quantity="-1",
        price="2.15",
        value="-$215.00",
        cost="-$480.00",
        type="Option",
    )
    # 6,587.10 + 15,259.80 + 4,721.30 - 215.00 + 369.51 = 26,722.71
    text = single(row(), VB, swvxx, call, CASH_369, total("$26,722.71"))
    path, h = load(tmp_path, text)
    assert h.files[0].format == "schwab-positions-2025"
    assert h.files[0].as_of == date(2025, 9, 30)
    assert accounts_of(h) == [(ACCOUNT, "Individual", "taxable", 26722.71, 9, "Positions Total")]
    assert h.accounts[0].source == str(path)
    a = ACCOUNT
    mmf = ("SCHWAB VALUE ADVANTAGE MONEY INV", "money_market", 4721.3, 1.00, 4721.30, 4721.30)
    option = ("CALL NVIDIA CORP $200 EXP 10/17/25", "option", -1.0, 2.15, -215.00, -480.00, 100.0)
    assert h.records() == [
        record(path, 4, a, "AMZN", *AMZN),
        record(path, 5, a, "VB", *VB_READ),
        record(path, 6, a, "SWVXX", *mmf),
        record(path, 7, a, "NVDA 10/17/2025 200.00 C", *option),
        cash_record(path, 8, a, 369.51),
    ]
    assert h.total == pytest.approx(26722.71)
    assert h.warnings == ()


def row_2023(
    symbol: str, description: str, quantity: str, price: str, value: str, cost: str, kind: str
) -> str:
    """A 2023 row: 17 quoted cells, no trailing comma."""
    cells = [symbol, description, quantity, price, "0%", "$0.00", value, "0%", "$0.00", cost]
    return ",".join(f'"{c}"' for c in [*cells, "--", "--", "--", "No", "--", "--", kind])


HEADER_2023 = ",".join(
    f'"{c}"'
    for c in [
        "Symbol",
        "Description",
        "Quantity",
        "Price",
        "Price Change %",
        "Price Change $",
        "Market Value",
        "Day Change %",
        "Day Change $",
        "Cost Basis",
        "Gain/Loss %",
        "Gain/Loss $",
        "Ratings",
        "Reinvest Dividends?",
        "Capital Gains?",
        "% Of Account",
        "Security Type",
    ]
)
PAD_2023 = ',""' * 16  # the 16 empty cells after the first on every 2023 line


def test_one_account_file_2023_has_every_line_padded_with_empty_cells(tmp_path: Path) -> None:
    title = '"Positions for account Joint Tenant ...871 as of 04:01 PM ET, 2023/10/06"' + PAD_2023
    rows = [
        row_2023("MSFT", "MICROSOFT CORP", "85", "$327.26", "$27,817.10", "$19,550.00", "Equity"),
        row_2023(
            "SWPPX",
            "SCHWAB S&P 500 INDEX",
            "1,004.327",
            "$64.82",
            "$65,100.48",
            "$52,000.00",
            "Mutual Fund",
        ),
        row_2023(
            "Cash & Cash Investments",
            "--",
            "--",
            "--",
            "-$51,000.45",
            "--",
            "Cash and Money Market",
        ),
        # 27,817.10 + 65,100.48 - 51,000.45 = 41,917.13
        row_2023("Account Total", "--", "--", "--", "$41,917.13", "$71,550.00", "--"),
    ]
    text = "\n".join([title, '""' + PAD_2023, HEADER_2023, *rows, '""' + PAD_2023]) + "\n"
    path, h = load(tmp_path, text)
    assert h.files[0].format == "schwab-positions-2023"
    assert h.files[0].as_of == date(2023, 10, 6)
    assert accounts_of(h) == [("...871", "Joint Tenant", "taxable", 41917.13, 7, "Account Total")]
    a = "...871"
    swppx = ("SCHWAB S&P 500 INDEX", "mutual_fund", 1004.327, 64.82, 65100.48, 52000.00)
    assert h.records() == [
        record(path, 4, a, "MSFT", "MICROSOFT CORP", "equity", 85.0, 327.26, 27817.10, 19550.00),
        record(path, 5, a, "SWPPX", *swppx),
        cash_record(path, 6, a, -51000.45),
    ]
    assert h.warnings == ()


COLUMNS_2020 = [
    "Symbol",
    "Description",
    "Quantity",
    "Price",
    "Price Change $",
    "Price Change %",
    "Market Value",
    "Day Change $",
    "Day Change %",
    "Cost Basis",
    "Gain/Loss $",
    "Gain/Loss %",
    "Reinvest Dividends?",
    "Capital Gains?",
    "% Of Account",
    "Dividend Yield",
    "Last Dividend",
    "Ex-Dividend Date",
    "P/E Ratio",
    "52 Week Low",
    "52 Week High",
    "Volume",
    "Intrinsic Value",
    "In The Money",
    "Security Type",
]
HEADER_2020 = quoted(COLUMNS_2020)


def row_2020(
    symbol: str, description: str, quantity: str, price: str, value: str, cost: str, kind: str
) -> str:
    """A 2020 row: 25 quoted cells and a trailing comma; a total row (``kind`` empty) stops
    after Volume, three cells short, as Schwab wrote it."""
    cells = [symbol, description, quantity, price, "$0.00", "0%", value, "$0.00", "0%", cost]
    cells += ["--"] * 12
    return quoted([*cells, "--", "--", kind] if kind else cells)


def test_all_accounts_file_2020_reads_each_account_under_its_title_line(tmp_path: Path) -> None:
    lines = [
        '"Positions for All-Accounts as of 09:15 AM ET, 02/26/2021"',
        "",
        '"Individual Brokerage XXXX-5678"',
        HEADER_2020,
        row_2020("AAPL", "APPLE INC", "150", "$121.26", "$18,189.00", "$9,450.00", "Equity"),
        row_2020(
            "BRK/B", "BERKSHIRE HATHAWAY B", "40", "$240.51", "$9,620.40", "$7,600.00", "Equity"
        ),
        row_2020(
            "SWVXX",
            "SCHWAB VALUE ADVANTAGE MONEY INV",
            "5,000",
            "$1.00",
            "$5,000.00",
            "$5,000.00",
            "Money Market Funds",
        ),
        row_2020(
            "AAPL 03/19/2021 130.00 C",
            "CALL APPLE INC $130 EXP 03/19/21",
            "-1",
            "$1.15",
            "-$115.00",
            "-$310.00",
            "Option",
        ),
        row_2020(
            "Cash & Cash Investments", "--", "--", "--", "$11,281.76", "--", "Cash and Money Market"
        ),
        # 18,189.00 + 9,620.40 + 5,000.00 - 115.00 + 11,281.76 = 43,976.16
        row_2020("Account Total", "--", "--", "--", "$43,976.16", "$21,740.00", ""),
        "",
        "",
        '"Roth Contributory IRA XXXX-9012"',
        HEADER_2020,
        row_2020(
            "SCHA",
            "SCHWAB US SMALL CAP ETF",
            "310",
            "$98.02",
            "$30,386.20",
            "$21,700.00",
            "ETFs & Closed End Funds",
        ),
        # a Treasury priced per 100 of face: 4,000 x 101.25 / 100 = 4,050.00
        row_2020(
            "912828YK0",
            "US TREASURY NOTE 1.375% 10/15/22",
            "4,000",
            "$101.25",
            "$4,050.00",
            "$4,000.00",
            "Fixed Income",
        ),
        row_2020(
            "Cash & Cash Investments", "--", "--", "--", "-$82.10", "--", "Cash and Money Market"
        ),
        # 30,386.20 + 4,050.00 - 82.10 = 34,354.10
        row_2020("Account Total", "--", "--", "--", "$34,354.10", "$25,700.00", ""),
    ]
    path, h = load(tmp_path, "\r\n".join(lines) + "\r\n")
    assert h.files[0].format == "schwab-positions-2020"
    assert h.files[0].as_of == date(2021, 2, 26)
    ind, roth = "XXXX-5678", "XXXX-9012"
    assert accounts_of(h) == [
        (ind, "Individual Brokerage", "taxable", 43976.16, 10, "Account Total"),
        (roth, "Roth Contributory IRA", "tax_free", 34354.10, 18, "Account Total"),
    ]
    mmf = ("SCHWAB VALUE ADVANTAGE MONEY INV", "money_market", 5000.0, 1.00, 5000.00, 5000.00)
    call = ("CALL APPLE INC $130 EXP 03/19/21", "option", -1.0, 1.15, -115.00, -310.00, 100.0)
    bond = ("US TREASURY NOTE 1.375% 10/15/22", "bond", 4000.0, 101.25, 4050.00, 4000.00, 0.01)
    brk = ("BERKSHIRE HATHAWAY B", "equity", 40.0, 240.51, 9620.40, 7600.00)
    scha = ("SCHWAB US SMALL CAP ETF", "etf", 310.0, 98.02, 30386.20, 21700.00)
    assert h.records() == [
        record(path, 5, ind, "AAPL", "APPLE INC", "equity", 150.0, 121.26, 18189.00, 9450.00),
        record(path, 6, ind, "BRK.B", *brk),
        record(path, 7, ind, "SWVXX", *mmf),
        record(path, 8, ind, "AAPL 03/19/2021 130.00 C", *call),
        cash_record(path, 9, ind, 11281.76),
        record(path, 15, roth, "SCHA", *scha),
        record(path, 16, roth, "912828YK0", *bond),
        cash_record(path, 17, roth, -82.10),
    ]
    assert h.warnings == ()


GRC = row(
    symbol="GRC",
    description="GORMAN-RUPP CO",
    quantity="300",
    price="48.75",
    value="$14,625.00",
    cost="$9,900.00",
)
GRC_READ = ("GORMAN-RUPP CO", "equity", 300.0, 48.75, 14625.00, 9900.00)
#: GRC 14,625.00 + cash 1,353.12.
ROLLOVER = ['"Rollover IRA ...5678"', GRC, cash("$1,353.12"), total("$15,978.12", "Account Total")]
INDIVIDUAL = ['"Individual ...1234"', row(), CASH_369, total("$6,956.61", "Account Total")]


def test_all_accounts_file_2025_reads_each_table_for_the_account_titled_above_it(
    tmp_path: Path,
) -> None:
    text = all_accounts(INDIVIDUAL, ROLLOVER)
    path, h = load(tmp_path, text)
    assert h.files[0].format == "schwab-positions-2025"
    assert h.files[0].as_of == date(2026, 3, 13)
    ind, ira = "...1234", "...5678"
    ind_total, ira_total = line_of(text, "$6,956.61"), line_of(text, "$15,978.12")
    assert (ind_total, ira_total) == (7, 13)
    assert accounts_of(h) == [
        (ind, "Individual", "taxable", 6956.61, ind_total, "Account Total"),
        (ira, "Rollover IRA", "tax_deferred", 15978.12, ira_total, "Account Total"),
    ]
    assert h.records() == [
        record(path, 5, ind, "AMZN", *AMZN),
        cash_record(path, 6, ind, 369.51),
        record(path, 11, ira, "GRC", *GRC_READ),
        cash_record(path, 12, ira, 1353.12),
    ]
    assert h.warnings == ()


# -- the title and its date ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "as_of"),
    [
        (
            '"Positions for account Individual ...046 as of 10:12 AM ET, 2025/09/30"',
            date(2025, 9, 30),
        ),
        (
            '"Positions for account Individual ...046 as of 09:15 AM ET, 02/26/2021"',
            date(2021, 2, 26),
        ),
        ('"Positions for Individual ...046 as of 10:12 AM ET, 2025/09/30"', date(2025, 9, 30)),
        ('"Positions for account Individual ...046 as of 10:12 AM ET"', None),
    ],
)
def test_the_file_is_as_of_the_date_its_title_ends_with_and_names_its_account(
    tmp_path: Path, title: str, as_of: date | None
) -> None:
    path, h = load(tmp_path, single(row(), CASH_369, TOTAL_AMZN, title=title))
    assert h.files[0].as_of == as_of
    assert accounts_of(h) == [(ACCOUNT, "Individual", "taxable", 6956.61, 6, "Positions Total")]
    assert h.records()[0] == record(path, 4, ACCOUNT, "AMZN", *AMZN)


def test_a_file_without_a_title_is_undated_and_its_tables_are_numbered_accounts(
    tmp_path: Path,
) -> None:
    table = [HEADER, row(), CASH_369, TOTAL_AMZN]
    _, h = load(tmp_path, "\n".join([*table, "", *table]) + "\n")
    assert h.files[0].as_of is None
    assert h.files[0].format == "schwab-positions-2025"
    one, two = "Schwab account 1", "Schwab account 2"
    assert accounts_of(h) == [
        (one, one, "unknown", 6956.61, 4, "Positions Total"),
        (two, two, "unknown", 6956.61, 9, "Positions Total"),
    ]
    assert [(r.account_id, r.symbol, r.source_line) for r in h.records()] == [
        (one, "AMZN", 2),
        (one, "CASH", 3),
        (two, "AMZN", 7),
        (two, "CASH", 8),
    ]


def test_a_file_without_a_title_in_the_old_layout_is_of_the_2020_layout(tmp_path: Path) -> None:
    total_row = row_2020("Account Total", "--", "--", "--", "$6,587.10", "$3,900.00", "")
    amzn = row_2020("AMZN", "AMAZON.COM INC", "30", "$219.57", "$6,587.10", "$3,900.00", "Equity")
    path, h = load(tmp_path, "\n".join([HEADER_2020, amzn, total_row]) + "\n")
    assert h.files[0].format == "schwab-positions-2020"
    assert h.records() == [record(path, 2, "Schwab account 1", "AMZN", *AMZN)]


# -- accounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "account", "name", "kind"),
    [
        ("Individual ...1234", "...1234", "Individual", "taxable"),
        ("Rollover IRA ...5678", "...5678", "Rollover IRA", "tax_deferred"),
        ("Roth Contributory IRA XXXX-9012", "XXXX-9012", "Roth Contributory IRA", "tax_free"),
        ("Brokerage XXXX-1234", "XXXX-1234", "Brokerage", "taxable"),
        ("Intelligent XXXX-4321", "XXXX-4321", "Intelligent", "unknown"),
        ("Custodial **1234", "**1234", "Custodial", "taxable"),
        # fewer than three digits is not an account number: the whole title is both
        ("Individual ...12", "Individual ...12", "Individual ...12", "taxable"),
    ],
)
def test_an_account_title_gives_the_account_number_name_and_type(
    tmp_path: Path, title: str, account: str, name: str, kind: str
) -> None:
    text = all_accounts([f'"{title}"', row(), CASH_369, TOTAL_AMZN])
    path, h = load(tmp_path, text)
    assert accounts_of(h) == [(account, name, kind, 6956.61, 7, "Positions Total")]
    assert h.records()[0] == record(path, 5, account, "AMZN", *AMZN)


def test_an_account_title_padded_with_empty_cells_is_still_the_accounts_title(
    tmp_path: Path,
) -> None:
    text = all_accounts(['"Individual ...1234","","",""', row(), CASH_369, TOTAL_AMZN])
    _, h = load(tmp_path, text)
    assert [(a.id, a.name) for a in h.accounts] == [("...1234", "Individual")]


def test_a_two_cell_note_above_the_header_is_neither_an_account_title_nor_refused(
    tmp_path: Path,
) -> None:
    text = "\n".join(
        [TITLE, '"Quotes delayed","see schwab.com"', HEADER, row(), CASH_369, TOTAL_AMZN]
    )
    path, h = load(tmp_path, text + "\n")
    assert accounts_of(h) == [(ACCOUNT, "Individual", "taxable", 6956.61, 6, "Positions Total")]
    assert h.records()[0] == record(path, 4, ACCOUNT, "AMZN", *AMZN)


def test_an_all_accounts_table_without_its_account_title_is_refused(tmp_path: Path) -> None:
    # the Rollover IRA's title line is gone: its rows must not become an account "All-Accounts"
    text = all_accounts(INDIVIDUAL, ROLLOVER).replace('"Rollover IRA ...5678"\n', "")
    err = refused(tmp_path, text)
    assert err.line == line_of(text, '"GRC"') - 1 == 9  # the header of the second table
    assert err.reason == (
        "the table under this header has no account title above it (like 'Individual "
        "...1234'): whose positions they are cannot be told; the file is damaged; "
        "download it again"
    )
    err = refused(tmp_path, all_accounts(INDIVIDUAL).replace('"Individual ...1234"\n', ""))
    assert err.line == 3 and "has no account title above it" in err.reason


def test_a_second_table_for_the_same_account_is_refused(tmp_path: Path) -> None:
    text = all_accounts(INDIVIDUAL, INDIVIDUAL)
    err = refused(tmp_path, text)
    assert err.line == 10  # the second header; the first is on line 4
    assert err.reason == (
        "a second table for account ...1234 (its first is on line 4): the two cannot be told "
        "apart; the file is damaged or joined from two; download it again"
    )
    # one account's file with a second table under no title: the title's account again
    table = [HEADER, row(), CASH_369, TOTAL_AMZN]
    err = refused(tmp_path, "\n".join([TITLE, "", *table, "", *table]) + "\n")
    assert err.line == 8
    assert err.reason.startswith(f"a second table for account {ACCOUNT} (its first is on line 3)")


# -- cash and total rows -------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Cash & Cash Investments",
        "Cash & Money Market",
        "Cash and Money Market",
        "CASH & CASH INVESTMENTS",
    ],
)
def test_the_cash_row_is_the_accounts_cash_whatever_its_label(tmp_path: Path, label: str) -> None:
    path, h = load(tmp_path, single(row(), cash("$369.51", label), TOTAL_AMZN))
    assert h.records() == [
        record(path, 4, ACCOUNT, "AMZN", *AMZN),
        cash_record(path, 5, ACCOUNT, 369.51),
    ]
    assert h.warnings == ()


@pytest.mark.parametrize("label", ["Account Total", "Positions Total", "ACCOUNT TOTAL"])
def test_the_total_row_is_the_accounts_reported_total_named_as_written(
    tmp_path: Path, label: str
) -> None:
    _, h = load(tmp_path, single(row(), CASH_369, total("$6,956.61", label)))
    assert accounts_of(h) == [(ACCOUNT, "Individual", "taxable", 6956.61, 6, label)]
    assert [r.symbol for r in h.records()] == ["AMZN", "CASH"]
    assert h.warnings == ()


def test_an_account_of_cash_only_worth_nothing_reconciles(tmp_path: Path) -> None:
    # the sample's first account: a cash row and a total of $0.00
    path, h = load(tmp_path, single(cash("$0.00"), total("$0.00", "Account Total")))
    assert accounts_of(h) == [(ACCOUNT, "Individual", "taxable", 0.0, 5, "Account Total")]
    assert h.records() == [cash_record(path, 4, ACCOUNT, 0.0)]
    assert h.warnings == ()


def test_a_total_that_disagrees_is_named_with_its_line_and_difference(tmp_path: Path) -> None:
    path, h = load(tmp_path, single(row(), CASH_369, total("$7,000.00")))
    assert h.accounts[0].reported_total == 7000.00
    # 6,587.10 + 369.51 = 6,956.61
    assert h.warnings == (
        ImportWarning(
            str(path),
            6,
            ACCOUNT,
            "positions add up to $6,956.61 but the file's Positions Total says $7,000.00 "
            "(difference -$43.39)",
        ),
    )


def test_a_total_that_is_not_a_number_warns_and_leaves_the_account_unchecked(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, single(row(), CASH_369, total("$6,9S6.61")))
    assert accounts_of(h) == [(ACCOUNT, "Individual", "taxable", None, None, "")]
    assert h.warnings == (
        ImportWarning(str(path), 6, ACCOUNT, "the total '$6,9S6.61' is not a number"),
    )
    assert h.total == pytest.approx(6956.61)


@pytest.mark.parametrize("cell", ["", "--"])
def test_a_total_row_stating_no_value_leaves_the_account_unchecked(
    tmp_path: Path, cell: str
) -> None:
    path, h = load(tmp_path, single(row(), CASH_369, total(cell)))
    assert accounts_of(h) == [(ACCOUNT, "Individual", "taxable", None, None, "")]
    shown = repr(cell) if cell else "blank"
    assert h.warnings == (
        ImportWarning(
            str(path),
            6,
            ACCOUNT,
            f"account {ACCOUNT}'s total row states no amount ({shown}): the positions could "
            "not be reconciled with it",
        ),
    )


@pytest.mark.parametrize("cell", ["1e14", "inf", "nan"])
def test_a_total_that_is_absurd_is_refused_on_its_line(tmp_path: Path, cell: str) -> None:
    err = refused(tmp_path, single(row(), CASH_369, total(cell)))
    assert err.line == 6
    assert err.reason == (
        f"the total {cell!r} is not a finite amount within ten trillion dollars: "
        "the file is damaged"
    )


# -- rows ----------------------------------------------------------------------------------


def test_an_option_priced_per_contract_has_a_multiplier_of_one(tmp_path: Path) -> None:
    call = row(  # -1 x 215.00 = -215.00: the price is already per contract
        symbol="NVDA 10/17/2025 200.00 C",
        description="CALL NVIDIA CORP $200 EXP 10/17/25",
        quantity="-1",
        price="215.00",
        value="-$215.00",
        cost="-$480.00",
        type="Option",
    )
    path, h = load(tmp_path, single(call, total("-$215.00")))
    option = ("CALL NVIDIA CORP $200 EXP 10/17/25", "option", -1.0, 215.00, -215.00, -480.00, 1.0)
    assert h.records() == [record(path, 4, ACCOUNT, "NVDA 10/17/2025 200.00 C", *option)]
    assert h.warnings == ()


def test_an_option_typed_otherwise_is_an_option_by_its_symbol_and_description(
    tmp_path: Path,
) -> None:
    # the 2020 sample's put: typed "ETFs & Closed End Funds", its value unformatted
    put = row(
        symbol="SMAL 04/01/2020 32.00 P",
        description="PUT SMALL CAP INDEX $32 EXP 04/01/20",
        quantity="1",
        price="$12.53",
        value="$1253",  # 1 x 12.53 x 100
        cost="$1253",
        type="ETFs & Closed End Funds",
    )
    path, h = load(tmp_path, single(put, total("$1,253.00")))
    option = ("PUT SMALL CAP INDEX $32 EXP 04/01/20", "option", 1.0, 12.53, 1253.0, 1253.0, 100.0)
    assert h.records() == [record(path, 4, ACCOUNT, "SMAL 04/01/2020 32.00 P", *option)]
    assert h.warnings == ()


def test_a_missing_market_value_is_quantity_times_price_with_a_warning(tmp_path: Path) -> None:
    path, h = load(tmp_path, single(row(value="--"), CASH_369, TOTAL_AMZN))
    assert h.records()[0] == record(path, 4, ACCOUNT, "AMZN", *AMZN)  # 30 x 219.57
    assert h.warnings == (
        ImportWarning(
            str(path),
            4,
            ACCOUNT,
            "AMZN: no market value in the file; quantity x price ($6,587.10) is used",
        ),
    )


def test_a_market_value_that_is_not_quantity_times_price_warns(tmp_path: Path) -> None:
    path, h = load(tmp_path, single(row(price="200.00"), CASH_369, TOTAL_AMZN))
    assert h.records()[0].price == 200.00
    assert h.warnings == (
        ImportWarning(
            str(path),
            4,
            ACCOUNT,
            "AMZN: quantity x price is $6,000.00 but the file reports a market value of "
            "$6,587.10; the reported market value is used",
        ),
    )


def test_a_garbled_number_is_left_blank_with_a_warning_naming_its_line(tmp_path: Path) -> None:
    path, h = load(tmp_path, single(row(cost="$3,9O0.00"), CASH_369, TOTAL_AMZN))
    assert h.records()[0] == record(path, 4, ACCOUNT, "AMZN", *AMZN[:5], None)
    assert h.warnings == (
        ImportWarning(
            str(path), 4, ACCOUNT, "cost basis '$3,9O0.00' of AMZN is not a number; left blank"
        ),
    )


@pytest.mark.parametrize(
    ("column", "cell", "what"),
    [
        ("value", "1e14", "market value"),
        ("quantity", "inf", "quantity"),
        ("price", "-nan", "price"),
    ],
)
def test_an_absurd_number_is_refused_on_its_line(
    tmp_path: Path, column: str, cell: str, what: str
) -> None:
    err = refused(tmp_path, single(VB, row(**{column: cell}), CASH_369, TOTAL_AMZN))
    assert err.line == 5
    assert err.reason == (
        f"{what} {cell!r} of AMZN is not a finite number within ten trillion: the file is damaged"
    )


def test_a_row_without_value_quantity_or_price_is_refused_naming_it(tmp_path: Path) -> None:
    err = refused(tmp_path, single(VB, row(quantity="--", value="--"), CASH_369, TOTAL_AMZN))
    assert err.line == 5
    assert err.reason == (
        "the row for AMZN has no market value and no quantity and price to compute it from"
    )


@pytest.mark.parametrize(
    "lost",
    [
        pytest.param(row(symbol=""), id="a-holding"),  # its value is in the total
        pytest.param(label_row("", "--", "--"), id="placeholders-only"),
    ],
)
def test_a_row_without_a_symbol_is_refused_not_dropped(tmp_path: Path, lost: str) -> None:
    text = single(VB, lost, row(), CASH_369, total("$22,216.41"))
    err = refused(tmp_path, text)
    assert err.line == 5
    assert err.reason == (
        f"a row without a symbol in account {ACCOUNT}'s table: the file is damaged; "
        "download it again"
    )


def test_a_header_naming_the_type_by_share_of_account_only_infers_types(tmp_path: Path) -> None:
    # no Asset Type column: "% of Acct (% of Account)" marks the header, the types are guessed
    header = HEADER.replace('"Asset Type"', '"Notes"')
    text = "\n".join([TITLE, "", header, row(), VB, CASH_369, total("$22,216.41")]) + "\n"
    path, h = load(tmp_path, text)
    assert h.records() == [
        record(path, 4, ACCOUNT, "AMZN", *AMZN),
        record(path, 5, ACCOUNT, "VB", *VB_READ),
        cash_record(path, 6, ACCOUNT, 369.51),
    ]
    assert h.warnings == ()


def test_a_header_whose_symbol_column_is_named_otherwise_is_refused(tmp_path: Path) -> None:
    header = "Symbol Name,Description,Quantity,Price,Market Value,Cost Basis,Security Type"
    amzn = "AMZN,AMAZON.COM INC,30,219.57,6587.10,3900.00,Equity"
    err = refused(tmp_path, "\n".join([TITLE, "", header, amzn, "Account Total,,,,6587.10"]))
    assert err.line == 3
    assert err.reason == "Schwab header without Symbol or Market Value column"


# -- where a table ends --------------------------------------------------------------------


def test_blank_lines_inside_a_table_are_read_through(tmp_path: Path) -> None:
    padded = quoted([""] * len(COLUMNS))
    # 6,587.10 + 15,259.80 + 369.51 = 22,216.41
    text = single(row(), "", padded, VB, "", CASH_369, total("$22,216.41"))
    path, h = load(tmp_path, text)
    assert h.records() == [
        record(path, 4, ACCOUNT, "AMZN", *AMZN),
        record(path, 7, ACCOUNT, "VB", *VB_READ),
        cash_record(path, 9, ACCOUNT, 369.51),
    ]
    assert h.accounts[0].reported_total_line == 10
    assert h.warnings == ()


@pytest.mark.parametrize("ending", ["", "\n\n"])
def test_a_file_cut_before_the_total_row_is_refused_at_its_last_line(
    tmp_path: Path, ending: str
) -> None:
    err = refused(tmp_path, single(row(), VB) + ending)
    assert err.line == 5
    assert err.reason == (
        f"the file ends before account {ACCOUNT}'s total row ('Account Total' or "
        "'Positions Total'): it looks cut off; download it again"
    )


def test_a_file_of_its_header_only_is_refused_as_cut(tmp_path: Path) -> None:
    err = refused(tmp_path, single())
    assert err.line == 3
    assert err.reason.startswith(f"the file ends before account {ACCOUNT}'s total row")


def test_an_account_without_a_total_row_before_the_next_account_is_refused(
    tmp_path: Path,
) -> None:
    text = all_accounts(INDIVIDUAL[:3], ROLLOVER)  # the Individual account has no total row
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "$369.51") == 6  # its last row
    assert err.reason == (
        "account ...1234's total row ('Account Total' or 'Positions Total') is missing "
        "before the next account's header: the file is damaged; download it again"
    )
    # without the blank line, the table runs up to the line before the next header
    text = text.replace(f"{CASH_369}\n\n", f"{CASH_369}\n")
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "Rollover IRA") == 7
    assert "is missing before the next account's header" in err.reason


@pytest.mark.parametrize("gap", [[], [""]])
def test_a_row_after_the_total_row_is_refused(tmp_path: Path, gap: list[str]) -> None:
    text = single(row(), CASH_369, TOTAL_AMZN, *gap, VB)
    err = refused(tmp_path, text)
    assert err.line == line_of(text, '"VB"') == 7 + len(gap)
    assert err.reason == (
        f"a row after account {ACCOUNT}'s total row: the file is damaged; download it again"
    )


def test_rows_whose_header_is_missing_are_refused_at_their_accounts_title(
    tmp_path: Path,
) -> None:
    full = all_accounts(INDIVIDUAL, ROLLOVER)
    text = full.replace(f'"Rollover IRA ...5678"\n{HEADER}\n', '"Rollover IRA ...5678"\n')
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "Rollover IRA") == 9
    first_row = line_of(text, '"GRC"')
    assert err.reason == (
        f"rows from line {first_row} belong to no account: there is no header row "
        "above them (an account's 'Symbol,Description,...' line is missing); the file is "
        "damaged; download it again"
    )


def test_above_the_first_header_a_line_of_three_cells_is_refused_and_two_are_a_note(
    tmp_path: Path,
) -> None:
    three = '"Quotes delayed","see schwab.com","today"'
    err = refused(tmp_path, "\n".join([TITLE, three, HEADER, row(), CASH_369, TOTAL_AMZN]))
    assert err.line == 1  # the title above it
    assert err.reason.startswith("rows from line 2 belong to no account")
    # two cells: the note in the test of account titles above is read through


def test_between_accounts_a_line_of_two_cells_is_refused(tmp_path: Path) -> None:
    text = all_accounts(INDIVIDUAL, ['"x","y"'], ROLLOVER)
    # the stray line is written as a table of its own; take its header out again
    text = text.replace(f'"x","y"\n{HEADER}\n', '"x","y"\n')
    err = refused(tmp_path, text)
    assert err.line == line_of(text, '"x","y"') == 9
    assert err.reason.startswith("rows from line 9 belong to no account")


def test_after_the_last_total_a_line_of_two_cells_is_refused(tmp_path: Path) -> None:
    # after a blank line it is not a row of the table; it is a row of no account
    text = single(row(), CASH_369, TOTAL_AMZN, "", '"Quotes delayed","see schwab.com"')
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "Quotes delayed") == 8
    assert err.reason.startswith("rows from line 8 belong to no account")


def test_a_file_cut_after_the_last_accounts_title_is_refused(tmp_path: Path) -> None:
    text = all_accounts(INDIVIDUAL) + '"Rollover IRA ...5678"\n'
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "Rollover IRA") == 9
    assert err.reason == (
        "the file ends before the table of the account named on its last lines: it looks cut "
        "off; download it again"
    )


# -- detection -----------------------------------------------------------------------------


def test_the_layout_is_detected_at_its_header_within_30_lines() -> None:
    def found(text: str) -> int | None:
        return schwab.detect(Source.from_text(text, "p.csv"))

    body = "\n".join([HEADER, row(), CASH_369, TOTAL_AMZN]) + "\n"
    assert found(single(row(), CASH_369, TOTAL_AMZN)) == 3
    assert found('"note"\n' * 29 + body) == 30
    assert found('"note"\n' * 30 + body) is None


@pytest.mark.parametrize(
    ("cell", "instead"),
    [
        ('"Symbol"', '"Ticker"'),
        ('"Description"', '"Name"'),
        ('"Qty (Quantity)"', '"Shares"'),
        ('"Mkt Val (Market Value)"', '"Value"'),
        ('"% of Acct (% of Account)","Asset Type"', '"Share","Kind"'),
    ],
)
def test_a_header_without_a_required_column_is_not_schwabs(cell: str, instead: str) -> None:
    text = single(row(), CASH_369, TOTAL_AMZN).replace(cell, instead, 1)
    assert schwab.detect(Source.from_text(text, "p.csv")) is None


# -- survivors of the mutation run ---------------------------------------------------------


def test_a_row_without_symbol_right_under_a_total_row_between_accounts_is_refused(
    tmp_path: Path,
) -> None:
    # the Individual account's total on line 7, then a row that lost its symbol: were it
    # passed over, its 1,000.00 would be dropped without a word
    stray = row(symbol="", value="$1,000.00")
    text = all_accounts([*INDIVIDUAL, stray], ROLLOVER)
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "$1,000.00") == 8
    assert err.reason == (
        "rows from line 8 belong to no account: there is no header row above them (an "
        "account's 'Symbol,Description,...' line is missing); the file is damaged; download it "
        "again"
    )


def test_a_file_without_a_title_is_of_the_layout_its_header_line_shows(tmp_path: Path) -> None:
    # the first row has an empty cell ("", no cost basis): the header line, not the rows,
    # tells the layout
    total_row = row_2020("Account Total", "--", "--", "--", "$6,587.10", "--", "")
    amzn = row_2020("AMZN", "AMAZON.COM INC", "30", "$219.57", "$6,587.10", "", "Equity")
    assert ',""' in amzn
    path, h = load(tmp_path, "\n".join([HEADER_2020, amzn, total_row]) + "\n")
    assert h.files[0].format == "schwab-positions-2020"
    assert h.records() == [record(path, 2, "Schwab account 1", "AMZN", *AMZN[:-1], None)]


def test_all_accounts_file_of_three_accounts_reads_each(tmp_path: Path) -> None:
    # VB 15,259.80 + cash 100.00 = 15,359.80
    roth = [
        '"Roth Contributory IRA XXXX-9012"',
        VB,
        cash("$100.00"),
        total("$15,359.80", "Account Total"),
    ]
    text = all_accounts(INDIVIDUAL, ROLLOVER, roth)
    path, h = load(tmp_path, text)
    assert [(a.id, a.reported_total) for a in h.accounts] == [
        ("...1234", 6956.61),
        ("...5678", 15978.12),
        ("XXXX-9012", 15359.80),
    ]
    assert h.records()[-2:] == [
        record(path, 17, "XXXX-9012", "VB", *VB_READ),
        cash_record(path, 18, "XXXX-9012", 100.00),
    ]
    assert h.warnings == ()


def test_a_blank_line_between_an_accounts_title_and_its_header_is_read_through(
    tmp_path: Path,
) -> None:
    text = all_accounts(INDIVIDUAL, ROLLOVER).replace(
        f'"Rollover IRA ...5678"\n{HEADER}', f'"Rollover IRA ...5678"\n\n{HEADER}'
    )
    path, h = load(tmp_path, text)
    assert [a.id for a in h.accounts] == ["...1234", "...5678"]
    assert h.records()[-2:] == [
        record(path, 12, "...5678", "GRC", *GRC_READ),
        cash_record(path, 13, "...5678", 1353.12),
    ]


def test_a_row_without_symbol_right_under_the_last_total_row_is_refused(tmp_path: Path) -> None:
    text = single(row(), CASH_369, TOTAL_AMZN, row(symbol="", value="$1,000.00"))
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "$1,000.00") == 7
    assert err.reason.startswith("rows from line 7 belong to no account")


def test_a_rows_type_is_read_from_its_asset_type_column_before_its_name(tmp_path: Path) -> None:
    # nothing in "SCHWAB US DIVIDEND EQUITY" says ETF: the Asset Type column does
    # (25 x 80.00 = 2,000.00; with cash 369.51, 2,369.51 in all)
    schd = row(
        symbol="SCHD",
        description="SCHWAB US DIVIDEND EQUITY",
        quantity="25",
        price="80.00",
        value="$2,000.00",
        cost="$1,500.00",
        type="ETFs & Closed End Funds",
    )
    path, h = load(tmp_path, single(schd, CASH_369, total("$2,369.51")))
    assert h.records() == [
        record(
            path, 4, ACCOUNT, "SCHD", "SCHWAB US DIVIDEND EQUITY", "etf", 25.0, 80.0, 2000.0, 1500.0
        ),
        cash_record(path, 5, ACCOUNT, 369.51),
    ]
    assert h.warnings == ()


def test_an_account_title_on_the_first_line_names_the_account(tmp_path: Path) -> None:
    # no file title: the account's own title on line 1, right above the header
    text = "\n".join(['"Individual ...1234"', HEADER, row(), CASH_369, TOTAL_AMZN]) + "\n"
    path, h = load(tmp_path, text)
    assert accounts_of(h) == [("...1234", "Individual", "taxable", 6956.61, 5, "Positions Total")]
    assert h.records()[0] == record(path, 3, "...1234", "AMZN", *AMZN)


def test_after_a_blank_line_a_row_of_three_filled_cells_is_still_a_row(tmp_path: Path) -> None:
    # VB's symbol, market value and type only, after a blank line: still a row of the table
    # (6,587.10 + 15,259.80 + 369.51 = 22,216.41)
    blank = dict.fromkeys(COLUMNS, "")
    vb = quoted(
        {**blank, "symbol": "VB", "value": "$15,259.80", "type": "ETFs & Closed End Funds"}.values()
    )
    text = single(row(), "", vb, CASH_369, total("$22,216.41"))
    _, h = load(tmp_path, text)
    assert [(r.symbol, r.asset_type, r.market_value, r.source_line) for r in h.records()] == [
        ("AMZN", "equity", 6587.10, 4),
        ("VB", "etf", 15259.80, 6),
        ("CASH", "cash", 369.51, 7),
    ]
    assert h.accounts[0].reported_total == 22216.41


@pytest.mark.parametrize(
    "header",
    [
        HEADER.replace('"% of Acct (% of Account)",', ""),  # Asset Type alone
        HEADER_2020.replace('"% Of Account",', ""),  # Security Type alone
        HEADER.replace('"', ""),  # unquoted
    ],
    ids=["asset-type-only", "security-type-only", "unquoted"],
)
def test_a_header_is_found_by_any_one_type_column_quoted_or_not(header: str) -> None:
    assert header not in (HEADER, HEADER_2020)
    assert schwab.detect(Source.from_text(f"{header}\n", "p.csv")) == 1


def test_a_header_naming_the_quantity_qty_alone_is_read_as_schwabs(tmp_path: Path) -> None:
    # "Qty" without its long name in parentheses: the same table, the same holdings
    short = HEADER.replace('"Qty (Quantity)"', '"Qty"')
    assert short != HEADER
    (tmp_path / "long").mkdir()
    (tmp_path / "short").mkdir()
    _, plain = load(tmp_path / "long", single(row(), VB, CASH_369, total("$22,216.41")))
    _, h = load(
        tmp_path / "short", single(row(), VB, CASH_369, total("$22,216.41")).replace(HEADER, short)
    )
    assert h.files[0].format.startswith("schwab-positions")  # its year is told by other cells
    assert [(r.symbol, r.quantity, r.market_value) for r in h.records()] == [
        (r.symbol, r.quantity, r.market_value) for r in plain.records()
    ]
    assert h.records()[0].quantity == AMZN[2]
