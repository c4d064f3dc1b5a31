"""Vanguard downloads ("OfxDownload.csv"), read directly (``planner/brokers/vanguard.py``), one
branch at a time.

Every file is written here as text in the real layouts - the brokerage table (header, CRLF line
ends and trailing commas copied from ``tests/data/vanguard_brokerage_2025.csv``; no final
newline and no transactions table, as in the shared sample ``vanguard/positions-brokerage.csv``)
and the mutual-fund and 529 table (``tests/data/vanguard_529_2025.csv``), each with the
transactions table Vanguard writes after it - and every expected figure is worked out from that
text: each account's number, its name (the last four digits) and type, each row's symbol,
description, type, quantity, price, market value and line, the date the export does not carry,
each refusal's line and words, and the completeness warning every import carries.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.brokers import detect, vanguard
from planner.brokers.complete import UNCHECKED
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import Household, ImportWarning
from tests.brokers.direct import load_text, parsed_by, position, refused_text, write_lines

# -- the layouts ---------------------------------------------------------------------------

BROKERAGE = "Account Number,Investment Name,Symbol,Shares,Share Price,Total Value,"
FUND = "Fund Account Number,Fund Name,Price,Shares,Total Value"
TRADES = (
    "Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,"
    "Investment Name,Symbol,Shares,Share Price,Principal Amount,Commissions and Fees,Net Amount,"
    "Accrued Interest,Account Type,"
)
FUND_TRADES = (
    "Account Number,Trade Date,Process Date,Transaction Type,Transaction Description,"
    "Investment Name,Share Price,Shares,Gross Amount,Net Amount"
)
TRANSACTIONS = [  # after the holdings: blank lines, then the transactions table (not holdings)
    "",
    "",
    "",
    TRADES,
    "44556677,2025-06-02,2025-06-03,Buy,Buy,VANGUARD SMALL-CAP ETF,VB,10,233.10,-2331,0,-2331,0,"
    "CASH,",
    "44556677,2025-05-30,2025-05-30,Dividend,Dividend Received,VANGUARD TOTAL STOCK MARKET ETF,"
    "VTI,0,0,190.55,0,190.55,0,CASH,",
]
FUND_TRANSACTIONS = [
    "",
    FUND_TRADES,
    "88012345-01,05/15/2025,05/15/2025,Contribution,Contribution - EFT,"
    "Vanguard 500 Index Portfolio,$112.40,4.4484,$500.00,$500.00",
]

BROKERAGE_ROWS = [  # lines 2-7, as in tests/data/vanguard_brokerage_2025.csv
    "44556677,VANGUARD TOTAL STOCK MARKET ETF,VTI,210,289.81,60860.1,",  # 210 x 289.81
    "44556677,VANGUARD SMALL-CAP ETF,VB,45,241.07,10848.15,",  # 45 x 241.07
    "44556677,VANGUARD TOTAL INTL STOCK ETF,VXUS,300,66.12,19836,",  # 300 x 66.12
    # the settlement fund: a money-market fund at 1.00
    "44556677,VANGUARD FEDERAL MONEY MARKET FUND,VMFXX,8250.44,1,8250.44,",
    "88990011,VANGUARD TOTAL BOND MARKET ETF,BND,150,73.88,11082,",  # 150 x 73.88
    "88990011,BERKSHIRE HATHAWAY INC DE CL B NEW,BRK-B,12,471.35,5656.2,",  # 12 x 471.35
]
FUND_ROWS = [  # lines 2-4, as in tests/data/vanguard_529_2025.csv
    "88012345-01,Vanguard 500 Index Portfolio,$118.31,210.5561,$24910.89",  # 210.5561 x 118.31
    "88012345-01,Vanguard Small-Cap Index Portfolio,$64.20,120.1000,$7710.42",  # 120.1 x 64.20
    "88012345-01,Vanguard Target Enrollment 2040/2041 Portfolio,$21.77,500.0000,$10885.00",
]
VTI = ("VTI", "VANGUARD TOTAL STOCK MARKET ETF", "etf", 210.0, 289.81, 60860.1, None)


def unchecked(path: Path, closed: bool = True) -> ImportWarning:
    """The warning of every Vanguard import; ``closed``: a later section ended the last
    holdings table, so it was at least not cut short."""
    cut = "" if closed else " and nothing after its holdings table shows it was not cut short"
    return ImportWarning(
        str(path),
        None,
        None,
        f"{UNCHECKED}: Vanguard downloads state no totals{cut}; compare each account's value "
        "with Vanguard's site",
    )


# -- helpers -------------------------------------------------------------------------------


def text_of(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def load(tmp_path: Path, text: str) -> tuple[Path, Household]:
    return load_text(tmp_path, text, "OfxDownload.csv")


def refused(tmp_path: Path, text: str) -> InputError:
    return refused_text(tmp_path, text, "OfxDownload.csv")[1]


record = position


# -- whole downloads -----------------------------------------------------------------------


def test_brokerage_download_reads_every_account_and_row_and_no_transaction(
    tmp_path: Path,
) -> None:
    text = text_of(BROKERAGE, *BROKERAGE_ROWS, *TRANSACTIONS).replace("\n", "\r\n")
    path, h = load(tmp_path, text)
    assert h.files[0].format == "vanguard-brokerage"
    assert h.files[0].as_of is None  # the export carries no date (the trades' are not its)
    assert [(a.id, a.name, a.type, a.source) for a in h.accounts] == [
        ("44556677", "Vanguard brokerage ...6677", "unknown", str(path)),
        ("88990011", "Vanguard brokerage ...0011", "unknown", str(path)),
    ]
    assert all(a.reported_total is None for a in h.accounts)
    a, b = "44556677", "88990011"
    vmfxx = ("VANGUARD FEDERAL MONEY MARKET FUND", "money_market", 8250.44, 1.0, 8250.44, None)
    bnd = ("VANGUARD TOTAL BOND MARKET ETF", "etf", 150.0, 73.88, 11082.0, None)
    brk = ("BERKSHIRE HATHAWAY INC DE CL B NEW", "equity", 12.0, 471.35, 5656.2, None)
    assert h.records() == [
        record(path, 2, a, *VTI),
        record(path, 3, a, "VB", "VANGUARD SMALL-CAP ETF", "etf", 45.0, 241.07, 10848.15, None),
        record(
            path, 4, a, "VXUS", "VANGUARD TOTAL INTL STOCK ETF", "etf", 300.0, 66.12, 19836.0, None
        ),
        record(path, 5, a, "VMFXX", *vmfxx),  # the settlement fund keeps its shares and price
        record(path, 6, b, "BND", *bnd),
        record(path, 7, b, "BRK.B", *brk),  # BRK-B spelled the one way
    ]
    assert h.total == pytest.approx(60860.1 + 10848.15 + 19836 + 8250.44 + 11082 + 5656.2)
    assert h.warnings == (unchecked(path),)  # the transactions table closed the holdings


def test_529_download_is_a_tax_free_plan_of_portfolios_without_symbols(tmp_path: Path) -> None:
    path, h = load(tmp_path, text_of(FUND, *FUND_ROWS, *FUND_TRANSACTIONS))
    assert h.files[0].format == "vanguard-fund"
    assert h.files[0].as_of is None
    plan = "88012345-01"
    # the name keeps the last four digits of 8801234501
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        (plan, "Vanguard 529 plan ...4501", "tax_free")
    ]
    target = "Vanguard Target Enrollment 2040/2041 Portfolio"
    assert h.records() == [
        record(
            path,
            2,
            plan,
            "VANGUARD 500 INDEX PORTFOLIO",
            "Vanguard 500 Index Portfolio",
            "mutual_fund",
            210.5561,
            118.31,
            24910.89,
            None,
        ),
        record(
            path,
            3,
            plan,
            "VANGUARD SMALL-CAP INDEX PORTFOLIO",
            "Vanguard Small-Cap Index Portfolio",
            "mutual_fund",
            120.1,
            64.20,
            7710.42,
            None,
        ),
        record(path, 4, plan, target.upper(), target, "mutual_fund", 500.0, 21.77, 10885.00, None),
    ]
    assert h.total == pytest.approx(24910.89 + 7710.42 + 10885.00)
    assert h.warnings == (unchecked(path),)


def test_sample_download_without_a_final_newline_or_transactions_says_it_may_be_cut(
    tmp_path: Path,
) -> None:
    rows = [  # as in the shared sample vanguard/positions-brokerage.csv
        "10000005,AT&T INC,T,400,35.37,14148",  # 400 x 35.37
        "10000005,ROYAL DUTCH SHELL PLC SPONSORED ADR REPSTG A SHARES,RDS-A,800,62.37,49896",
        "10000005,Vanguard Total International Stock Index Fund Admiral Shares,VTIAX,1685.204,"
        "30.12,50758.34",  # 1,685.204 x 30.12 = 50,758.344
        "10000005,VANGUARD LONG TERM BOND INDEX ETF,BLV,601.822,89.64,53947.32",
    ]
    header = BROKERAGE.rstrip(",")
    path, h = load(tmp_path, "\n".join([header, *rows]))
    acct = "10000005"
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        (acct, "Vanguard brokerage ...0005", "unknown")
    ]
    shell = "ROYAL DUTCH SHELL PLC SPONSORED ADR REPSTG A SHARES"
    vtiax = "Vanguard Total International Stock Index Fund Admiral Shares"
    assert h.records() == [
        record(path, 2, acct, "T", "AT&T INC", "equity", 400.0, 35.37, 14148.0, None),
        record(path, 3, acct, "RDS.A", shell, "equity", 800.0, 62.37, 49896.0, None),
        record(path, 4, acct, "VTIAX", vtiax, "mutual_fund", 1685.204, 30.12, 50758.34, None),
        record(
            path,
            5,
            acct,
            "BLV",
            "VANGUARD LONG TERM BOND INDEX ETF",
            "etf",
            601.822,
            89.64,
            53947.32,
            None,
        ),
    ]
    assert h.warnings == (unchecked(path, closed=False),)


# -- accounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "name"),
    [
        ("44556677", "Vanguard brokerage ...6677"),
        ("12-3456-78", "Vanguard brokerage ...5678"),  # the digits, not the characters
        ("123", "Vanguard brokerage ...123"),
        ("VGABCDEF", "Vanguard brokerage ...CDEF"),  # no digit: the last four characters
    ],
)
def test_brokerage_account_is_named_by_the_last_four_digits_of_its_number(
    tmp_path: Path, number: str, name: str
) -> None:
    path, h = load(tmp_path, text_of(BROKERAGE, BROKERAGE_ROWS[0].replace("44556677", number)))
    assert [(a.id, a.name, a.type) for a in h.accounts] == [(number, name, "unknown")]
    assert h.records() == [record(path, 2, number, *VTI)]


@pytest.mark.parametrize(
    ("second", "name", "kind"),
    [
        ("Vanguard Small-Cap Index Portfolio", "Vanguard 529 plan ...6543", "tax_free"),
        ("Vanguard Wellington Fund Investor Shares", "Vanguard fund account ...6543", "unknown"),
        ("Vanguard Portfolio Fund", "Vanguard fund account ...6543", "unknown"),
        ("Vanguard Small-Cap Index PORTFOLIO", "Vanguard fund account ...6543", "unknown"),
    ],
)
def test_a_fund_account_is_a_529_plan_only_when_every_holding_is_a_portfolio(
    tmp_path: Path, second: str, name: str, kind: str
) -> None:
    rows = [
        "09876543,Vanguard 500 Index Portfolio,$118.31,10.0000,$1183.10",  # 10 x 118.31
        f"09876543,{second},$50.00,2.0000,$100.00",  # 2 x 50.00
    ]
    path, h = load(tmp_path, text_of(FUND, *rows))
    assert [(a.id, a.name, a.type) for a in h.accounts] == [("09876543", name, kind)]
    assert h.records() == [
        record(
            path,
            2,
            "09876543",
            "VANGUARD 500 INDEX PORTFOLIO",
            "Vanguard 500 Index Portfolio",
            "mutual_fund",
            10.0,
            118.31,
            1183.10,
            None,
        ),
        record(
            path, 3, "09876543", second.upper(), second, "mutual_fund", 2.0, 50.00, 100.00, None
        ),
    ]


def test_each_fund_account_is_typed_by_its_own_holdings(tmp_path: Path) -> None:
    rows = [
        "88012345-01,Vanguard 500 Index Portfolio,$118.31,10.0000,$1183.10",
        "09876543,Vanguard Wellington Fund Investor Shares,$50.00,2.0000,$100.00",
        "88012345-01,Vanguard Small-Cap Index Portfolio,$64.20,10.0000,$642.00",
    ]
    _, h = load(tmp_path, text_of(FUND, *rows))
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        ("88012345-01", "Vanguard 529 plan ...4501", "tax_free"),
        ("09876543", "Vanguard fund account ...6543", "unknown"),
    ]


def test_accounts_in_file_order_and_an_account_in_two_tables_named_by_the_first(
    tmp_path: Path,
) -> None:
    text = text_of(
        FUND,
        "44556677,Vanguard 500 Index Portfolio,$118.31,10.0000,$1183.10",  # line 2
        "",
        BROKERAGE,
        BROKERAGE_ROWS[4],  # line 5: 88990011's BND
        BROKERAGE_ROWS[0],  # line 6: 44556677's VTI, the account already named
        *TRANSACTIONS,
    )
    path, h = load(tmp_path, text)
    assert h.files[0].format == "vanguard-fund+vanguard-brokerage"
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        ("44556677", "Vanguard 529 plan ...6677", "tax_free"),
        ("88990011", "Vanguard brokerage ...0011", "unknown"),
    ]
    assert [(r.account_id, r.symbol, r.asset_type, r.source_line) for r in h.records()] == [
        ("44556677", "VANGUARD 500 INDEX PORTFOLIO", "mutual_fund", 2),
        ("88990011", "BND", "etf", 5),
        ("44556677", "VTI", "etf", 6),
    ]
    assert h.warnings == (unchecked(path),)


@pytest.mark.parametrize(
    ("row", "name"),
    [
        (",VANGUARD SMALL-CAP ETF,VB,45,241.07,10848.15,", "VB"),
        (",VANGUARD SMALL-CAP ETF,,45,241.07,10848.15,", "VANGUARD SMALL-CAP ETF"),
        (",,,45,241.07,10848.15,", "a holding"),
        (",,,,,10848.15,", "a holding"),
    ],
)
def test_a_brokerage_row_without_an_account_number_is_refused_naming_it(
    tmp_path: Path, row: str, name: str
) -> None:
    err = refused(tmp_path, text_of(BROKERAGE, BROKERAGE_ROWS[0], row))
    assert err.line == 3
    assert err.reason == (
        f"the row for {name} has no account number: every holding belongs to an account; "
        "the file is damaged"
    )


def test_a_fund_row_without_an_account_number_is_refused_naming_it(tmp_path: Path) -> None:
    err = refused(tmp_path, text_of(FUND, FUND_ROWS[0], ",Vanguard Small-Cap Index Portfolio,,,"))
    assert (err.line, err.reason) == (
        3,
        "the row for Vanguard Small-Cap Index Portfolio has no account number: every holding "
        "belongs to an account; the file is damaged",
    )


def test_a_row_holding_nothing_in_the_tables_columns_is_passed_over(tmp_path: Path) -> None:
    path, h = load(tmp_path, text_of(BROKERAGE, BROKERAGE_ROWS[0], ",,,,,,note", *TRANSACTIONS))
    assert h.records() == [record(path, 2, "44556677", *VTI)]


# -- types and symbols ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "description", "shown", "asset_type"),
    [
        ("VMFXX", "VANGUARD FEDERAL MONEY MARKET FUND", "VMFXX", "money_market"),
        ("VUSXX", "VANGUARD TREASURY MONEY MARKET FUND", "VUSXX", "money_market"),
        ("VTI", "VANGUARD TOTAL STOCK MARKET ETF", "VTI", "etf"),
        ("VTSAX", "Vanguard Total Stock Market Index Fund Admiral Shares", "VTSAX", "mutual_fund"),
        ("AAPL", "APPLE INC", "AAPL", "equity"),
        ("BRK-B", "BERKSHIRE HATHAWAY INC DE CL B NEW", "BRK.B", "equity"),
        ("brk/b", "BERKSHIRE HATHAWAY INC DE CL B NEW", "BRK.B", "equity"),
    ],
)
def test_a_brokerage_rows_type_comes_from_its_symbol_and_name(
    tmp_path: Path, symbol: str, description: str, shown: str, asset_type: str
) -> None:
    text = text_of(BROKERAGE, f"44556677,{description},{symbol},10,2.5,25,")  # 10 x 2.50
    path, h = load(tmp_path, text)
    assert h.records() == [
        record(path, 2, "44556677", shown, description, asset_type, 10.0, 2.5, 25.0, None)
    ]


def test_a_fund_tables_rows_are_mutual_funds_whatever_their_name(tmp_path: Path) -> None:
    rows = ["09876543,Vanguard Wellington Inv,$50.00,2.0000,$100.00"]  # no fund word in it
    path, h = load(tmp_path, text_of(FUND, *rows))
    assert h.records() == [
        record(
            path,
            2,
            "09876543",
            "VANGUARD WELLINGTON INV",
            "Vanguard Wellington Inv",
            "mutual_fund",
            2.0,
            50.0,
            100.0,
            None,
        ),
    ]


def test_quoted_cells_are_read_as_plain_ones(tmp_path: Path) -> None:
    header = ",".join(f'"{c}"' for c in BROKERAGE.rstrip(",").split(","))
    vti = ",".join(f'"{c}"' for c in BROKERAGE_ROWS[0].rstrip(",").split(","))
    path, h = load(tmp_path, text_of(header, vti))
    assert h.records() == [record(path, 2, "44556677", *VTI)]
    fund = ",".join(f'"{c}"' for c in FUND.split(","))
    row = '"88012345-01","Vanguard 500 Index Portfolio","$118.31","210.5561","$24,910.89"'
    path, h = load(tmp_path, text_of(fund, row))
    assert [(r.account_id, r.market_value) for r in h.records()] == [("88012345-01", 24910.89)]


# -- numbers -------------------------------------------------------------------------------


def test_a_missing_value_is_shares_times_price_with_a_warning(tmp_path: Path) -> None:
    path, h = load(
        tmp_path,
        text_of(
            BROKERAGE, "44556677,VANGUARD TOTAL STOCK MARKET ETF,VTI,210,289.81,,", *TRANSACTIONS
        ),
    )
    assert h.records() == [record(path, 2, "44556677", *VTI)]  # 210 x 289.81 = 60,860.10
    assert h.warnings == (
        ImportWarning(
            str(path),
            2,
            "44556677",
            "VTI: no market value in the file; quantity x price ($60,860.10) is used",
        ),
        unchecked(path),
    )


@pytest.mark.parametrize(("shares", "price"), [("", "289.81"), ("210", "--"), ("", "")])
def test_a_row_without_value_shares_or_price_is_refused_naming_it(
    tmp_path: Path, shares: str, price: str
) -> None:
    bad = f"44556677,VANGUARD SMALL-CAP ETF,VB,{shares},{price},,"
    err = refused(tmp_path, text_of(BROKERAGE, BROKERAGE_ROWS[0], bad))
    assert (err.line, err.reason) == (
        3,
        "the row for VB has no market value and no quantity and price to compute it from",
    )


def test_a_fund_row_without_its_value_is_refused_naming_its_fund(tmp_path: Path) -> None:
    err = refused(tmp_path, text_of(FUND, "09876543,Vanguard Wellington Inv,,,"))
    assert (err.line, err.reason) == (
        2,
        "the row for VANGUARD WELLINGTON INV has no market value and no quantity and price to "
        "compute it from",
    )


@pytest.mark.parametrize(
    ("cells", "what", "cell"),
    [
        ("VB,45,241.07,1e14,", "market value", "1e14"),
        ("VB,inf,241.07,10848.15,", "quantity", "inf"),
        ("VB,45,nan,10848.15,", "price", "nan"),
    ],
)
def test_an_absurd_number_is_refused_on_its_line(
    tmp_path: Path, cells: str, what: str, cell: str
) -> None:
    bad = f"44556677,VANGUARD SMALL-CAP ETF,{cells}"
    err = refused(tmp_path, text_of(BROKERAGE, BROKERAGE_ROWS[0], bad))
    assert (err.line, err.reason) == (
        3,
        f"{what} {cell!r} of VB is not a finite number within ten trillion: the file is damaged",
    )


def test_a_garbled_number_is_left_blank_with_a_warning_naming_its_line(tmp_path: Path) -> None:
    garbled = BROKERAGE_ROWS[0].replace(",289.81,", ",289.8l,")
    path, h = load(tmp_path, text_of(BROKERAGE, garbled, *TRANSACTIONS))
    assert h.records() == [record(path, 2, "44556677", *VTI[:4], None, *VTI[5:])]
    assert h.warnings == (
        ImportWarning(
            str(path), 2, "44556677", "price '289.8l' of VTI is not a number; left blank"
        ),
        unchecked(path),
    )


def test_a_value_that_is_not_shares_times_price_is_warned_of(tmp_path: Path) -> None:
    damaged = FUND_ROWS[1].replace("$7710.42", "$7810.42")  # 120.1 x 64.20 = 7,710.42
    path, h = load(tmp_path, text_of(FUND, FUND_ROWS[0], damaged, *FUND_TRANSACTIONS))
    assert [r.market_value for r in h.records()] == [24910.89, 7810.42]
    assert h.warnings == (
        unchecked(path),
        ImportWarning(
            str(path),
            3,
            "88012345-01",
            "VANGUARD SMALL-CAP INDEX PORTFOLIO: quantity x price is $7,710.42 but the file "
            "reports a market value of $7,810.42; "
            "the reported market value is used",
        ),
    )


# -- where each table ends, and what that says about the file ------------------------------


def test_blank_lines_inside_a_table_are_read_through(tmp_path: Path) -> None:
    a, b, c = BROKERAGE_ROWS[:3]
    path, h = load(tmp_path, text_of(BROKERAGE, a, "", b, ",,,,,,", "", c, *TRANSACTIONS))
    assert [(r.symbol, r.source_line) for r in h.records()] == [("VTI", 2), ("VB", 4), ("VXUS", 7)]
    assert h.warnings == (unchecked(path),)


def test_the_transactions_table_right_under_the_holdings_ends_them(tmp_path: Path) -> None:
    path, h = load(tmp_path, text_of(BROKERAGE, BROKERAGE_ROWS[0], *TRANSACTIONS[3:]))
    assert h.records() == [record(path, 2, "44556677", *VTI)]
    assert h.warnings == (unchecked(path),)


def test_a_quoted_transactions_table_closes_the_holdings_too(tmp_path: Path) -> None:
    def quoted(line: str) -> str:
        return ",".join(f'"{c}"' for c in line.rstrip(",").split(","))

    text = text_of(quoted(BROKERAGE), quoted(BROKERAGE_ROWS[0]), "", quoted(TRADES))
    path, h = load(tmp_path, text)
    assert h.records() == [record(path, 2, "44556677", *VTI)]
    assert h.warnings == (unchecked(path),)


@pytest.mark.parametrize(
    "after",
    [
        [],  # the holdings alone
        ["", "", ""],  # and blank lines
        ["", "Note: prices as of the close"],  # and a line that is no section
        ["", "a,b"],  # two cells after a blank line: no row of the table
    ],
)
def test_a_last_table_nothing_closes_may_have_been_cut_and_the_warning_says_so(
    tmp_path: Path, after: list[str]
) -> None:
    path, h = load(tmp_path, text_of(BROKERAGE, BROKERAGE_ROWS[0], *after))
    assert h.records() == [record(path, 2, "44556677", *VTI)]
    assert h.warnings == (unchecked(path, closed=False),)


def test_a_line_of_fewer_than_three_cells_after_a_blank_ends_the_table(tmp_path: Path) -> None:
    a, b = BROKERAGE_ROWS[:2]
    _, h = load(tmp_path, text_of(BROKERAGE, a, "", "44556677,VB", b))
    assert [r.symbol for r in h.records()] == ["VTI"]
    three_cells = "44556677,,VB,,,10848.15,"  # the number, the symbol and the value only
    _, h = load(tmp_path, text_of(BROKERAGE, a, "", three_cells, *TRANSACTIONS))
    assert [(r.symbol, r.market_value, r.source_line) for r in h.records()] == [
        ("VTI", 60860.1, 2),
        ("VB", 10848.15, 4),
    ]


def test_a_table_ends_where_the_next_holdings_table_begins(tmp_path: Path) -> None:
    text = text_of(
        BROKERAGE,
        BROKERAGE_ROWS[0],  # line 2
        FUND,  # line 3, right under it
        FUND_ROWS[0],  # line 4
        "",
        BROKERAGE,  # line 6: a second brokerage table
        BROKERAGE_ROWS[4],  # line 7
    )
    path, h = load(tmp_path, text)
    assert h.files[0].format == "vanguard-brokerage+vanguard-fund"  # each layout named once
    assert [(r.account_id, r.symbol, r.source_line) for r in h.records()] == [
        ("44556677", "VTI", 2),
        ("88012345-01", FUND_ROWS[0].split(",")[1].upper(), 4),
        ("88990011", "BND", 7),
    ]
    # the last table runs to the end of the file: it may have been cut
    assert h.warnings == (unchecked(path, closed=False),)


def test_only_the_last_holdings_table_can_have_been_cut(tmp_path: Path) -> None:
    text = text_of(FUND, FUND_ROWS[0], "", BROKERAGE, BROKERAGE_ROWS[0], *TRANSACTIONS)
    path, h = load(tmp_path, text)
    assert h.warnings == (unchecked(path),)
    text = text_of(BROKERAGE, BROKERAGE_ROWS[0], *TRANSACTIONS, "", FUND, FUND_ROWS[0])
    path, h = load(tmp_path, text)
    assert [(r.account_id, r.source_line) for r in h.records()] == [
        ("44556677", 2),
        ("88012345-01", 11),
    ]
    assert h.warnings == (unchecked(path, closed=False),)


def test_a_holdings_table_below_the_detection_window_is_read_too(tmp_path: Path) -> None:
    trades = [TRANSACTIONS[4]] * 30  # lines 9-38, after the table's own (3-8)
    text = text_of(BROKERAGE, BROKERAGE_ROWS[0], *TRANSACTIONS, *trades, "", FUND, FUND_ROWS[0])
    _, h = load(tmp_path, text)
    assert [(r.account_id, r.source_line) for r in h.records()] == [
        ("44556677", 2),
        ("88012345-01", 41),  # under its header on line 40
    ]


def test_a_download_cut_after_a_rows_price_values_it_and_says_it_may_be_cut(
    tmp_path: Path,
) -> None:
    whole = text_of(BROKERAGE, *BROKERAGE_ROWS[:2], *TRANSACTIONS)
    cut = whole[: whole.index("241.07") + len("241.07")]  # VB: 45 x 241.07 = 10,848.15
    path, h = load(tmp_path, cut)
    assert h.records()[-1] == record(
        path, 3, "44556677", "VB", "VANGUARD SMALL-CAP ETF", "etf", 45.0, 241.07, 10848.15, None
    )
    assert h.warnings == (
        ImportWarning(
            str(path),
            3,
            "44556677",
            "VB: no market value in the file; quantity x price ($10,848.15) is used",
        ),
        unchecked(path, closed=False),
    )


def test_a_download_cut_inside_a_quoted_cell_is_refused(tmp_path: Path) -> None:
    cut = '"Fund Account Number","Fund Name","Price","Shares","Total Value"\n"88012345-01","Vangu'
    err = refused(tmp_path, cut)
    assert (err.line, err.reason) == (
        2,
        "the file ends in the middle of a row (an unclosed quote): it looks cut off; "
        "download it again",
    )


@pytest.mark.parametrize(
    ("lines", "line", "layout"),
    [
        ([BROKERAGE], 1, "vanguard-brokerage"),
        ([FUND, "", ""], 1, "vanguard-fund"),
        ([BROKERAGE, *TRANSACTIONS], 7, "vanguard-brokerage"),  # trades are no holdings
    ],
)
def test_a_download_without_holdings_holds_no_positions(
    tmp_path: Path, lines: list[str], line: int, layout: str
) -> None:
    err = refused(tmp_path, text_of(*lines))
    assert (err.line, err.reason) == (line, f"{layout}: the file holds no positions")


# -- detection -----------------------------------------------------------------------------


def test_the_layout_is_detected_at_its_header_line_within_30_lines(tmp_path: Path) -> None:
    lines = [BROKERAGE, *BROKERAGE_ROWS, *TRANSACTIONS]
    parsed = parsed_by(vanguard, write_lines(tmp_path, lines, "OfxDownload.csv"))
    assert parsed.format == "vanguard-brokerage" and parsed.as_of is None
    assert [a.id for a in parsed.accounts] == ["44556677", "88990011"]

    def found(text: str) -> int | None:
        return vanguard.detect(Source.from_text(text, "v.csv"))

    assert found(text_of(*lines)) == 1
    assert found(text_of(FUND, *FUND_ROWS)) == 1
    assert found(text_of(*["Holdings"] * 29, FUND, *FUND_ROWS)) == 30
    assert found(text_of(*["Holdings"] * 30, FUND, *FUND_ROWS)) is None
    path, h = load(tmp_path, text_of("Holdings as exported", "", BROKERAGE, BROKERAGE_ROWS[0]))
    assert h.records() == [record(path, 4, "44556677", *VTI)]


@pytest.mark.parametrize(
    ("header", "column"),
    [
        (BROKERAGE, "Investment Name"),
        (BROKERAGE, "Symbol"),
        (BROKERAGE, "Shares"),
        (BROKERAGE, "Share Price"),
        (BROKERAGE, "Total Value"),
        (FUND, "Fund Name"),
        (FUND, "Price"),
        (FUND, "Shares"),
        (FUND, "Total Value"),
    ],
)
def test_a_header_without_a_required_column_is_not_vanguards(header: str, column: str) -> None:
    cells = [("Other" if c == column else c) for c in header.split(",")]
    src = Source.from_text(text_of(",".join(cells), "1,2,3,4,5,6"), "v.csv")
    assert vanguard.detect(src) is None
    assert detect(src) is None


@pytest.mark.parametrize(
    "header",
    [
        "Holdings," + BROKERAGE,  # the header must open its line
        " " + FUND,
        TRADES,  # the transactions table is not holdings
        FUND_TRADES,
    ],
)
def test_a_header_that_does_not_open_its_line_or_holds_no_holdings_is_not_vanguards(
    header: str,
) -> None:
    assert vanguard.detect(Source.from_text(text_of(header, "1,2,3,4,5,6"), "v.csv")) is None


# -- survivors of the mutation run ---------------------------------------------------------


def test_a_section_opening_with_fund_account_number_closes_the_holdings_above_it(
    tmp_path: Path,
) -> None:
    # a fund account's trades under their own "Fund Account Number" header: no holdings table
    # (no Fund Name, Price or Total Value), but a section, so the holdings ended before it
    fund_trades = "Fund Account Number,Trade Date,Transaction Type,Shares,Share Price"
    for header in (fund_trades, ",".join(f'"{c}"' for c in fund_trades.split(","))):
        text = text_of(BROKERAGE, BROKERAGE_ROWS[0], "", header, "09876543,2025-05-15,Buy,2,50")
        path, h = load(tmp_path, text)
        assert h.records() == [record(path, 2, "44556677", *VTI)]
        assert h.warnings == (unchecked(path),)


def test_an_account_number_without_digits_is_named_by_its_last_four_characters(
    tmp_path: Path,
) -> None:
    number = "VGABCDEFGH"  # ten characters, no digit
    _, h = load(tmp_path, text_of(BROKERAGE, BROKERAGE_ROWS[0].replace("44556677", number)))
    assert [(a.id, a.name) for a in h.accounts] == [(number, "Vanguard brokerage ...EFGH")]


def test_fund_and_529_accounts_name_the_file_they_come_from(tmp_path: Path) -> None:
    rows = [
        "88012345-01,Vanguard 500 Index Portfolio,$118.31,10.0000,$1183.10",
        "09876543,Vanguard Wellington Fund Investor Shares,$50.00,2.0000,$100.00",
    ]
    path, h = load(tmp_path, text_of(FUND, *rows))
    assert [(a.name, a.source) for a in h.accounts] == [
        ("Vanguard 529 plan ...4501", str(path)),
        ("Vanguard fund account ...6543", str(path)),
    ]


def test_a_short_line_after_a_blank_right_under_a_header_is_no_row_of_it(tmp_path: Path) -> None:
    # the brokerage table is empty: a blank line, then two cells (no row); the fund table
    # after it is read
    text = text_of(BROKERAGE, "", "44556677,VB", "", FUND, FUND_ROWS[0])
    _, h = load(tmp_path, text)
    assert [(r.account_id, r.symbol, r.source_line) for r in h.records()] == [
        ("88012345-01", "VANGUARD 500 INDEX PORTFOLIO", 6)
    ]
    assert [a.id for a in h.accounts] == ["88012345-01"]
