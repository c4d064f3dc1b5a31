"""Merrill Edge holdings downloads, read directly (``planner/brokers/merrill.py``), one branch
at a time.

Every file is written here as text in the real layout (its header copied from
``tests/data/merrill_holdings_2025.csv``, every cell quoted) and every expected figure is worked
out from that text: each account's number, name and type, each row's symbol, description, type,
quantity, price, market value, cost basis, multiplier and line, each refusal's line and words.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.brokers import merrill
from planner.brokers.complete import UNCHECKED
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import Household, ImportWarning
from tests.brokers.direct import load_text, position, refused_text

# -- the layout ----------------------------------------------------------------------------

#: Column names of the download and the keyword :func:`row` takes for each.
COLUMNS = {
    "date": "COB Date",
    "security": "Security #",
    "symbol": "Symbol",
    "cusip": "CUSIP #",
    "description": "Security Description",
    "nickname": "Account Nickname",
    "registration": "Account Registration",
    "account": "Account #",
    "quantity": "Quantity",
    "price": "Price ($)",
    "value": "Value ($)",
    "cost": "Cost Basis ($)",
    "gain": "Unrealized Gain/Loss ($)",
}
HEADER = ",".join(f'"{name}"' for name in COLUMNS.values())


def row(**cells: str) -> str:
    """One quoted row; by default IJH in the IRA-Edge account 5XY-05678 (310 x 64.05)."""
    values = {
        "date": "11/21/2025",
        "security": "K7L8M",
        "symbol": "IJH",
        "cusip": "464287507",
        "description": "ISHARES CORE S&P MID-CAP ETF",
        "nickname": "--",
        "registration": "IRA-Edge",
        "account": "5XY-05678",
        "quantity": "310",
        "price": "64.05",
        "value": "19,855.50",
        "cost": "17,750.00",
        "gain": "2,105.50",
    }
    assert set(cells) <= set(values), cells
    values.update(cells)
    return ",".join(f'"{v}"' for v in values.values())


TRUST = {"nickname": "Family Trust", "registration": "CMA-Edge", "account": "5XY-01234"}
ROWS = [  # lines 2-6
    # the bank deposit sweep at 1.00
    row(
        **TRUST,
        security="977G3",
        symbol="IIAXX",
        cusip="55499U915",
        description="BANK OF AMERICA, NA RASP",
        quantity="12,406.55",
        price="1.00",
        value="12,406.55",
        cost="--",
        gain="--",
    ),
    # 400 x 178.88 = 71,552.00
    row(
        **TRUST,
        security="A1B2C",
        symbol="NVDA",
        cusip="67066G104",
        description="NVIDIA CORP",
        quantity="400",
        price="178.88",
        value="71,552.00",
        cost="16,400.00",
        gain="55,152.00",
    ),
    # 90 x 161.20 = 14,508.00
    row(
        **TRUST,
        security="D3E4F",
        symbol="MS",
        cusip="617446448",
        description="MORGAN STANLEY",
        quantity="90",
        price="161.20",
        value="14,508.00",
        cost="15,000.00",
        gain="(492.00)",
    ),
    # a short call: (2) contracts x 3.10 x 100 = (620.00)
    row(
        **TRUST,
        security="G5H6J",
        symbol="NVDA#L2125A200000",
        cusip="--",
        description="CALL NVDA  200.00 EXP 12-19-25",
        quantity="(2)",
        price="3.10",
        value="(620.00)",
        cost="(1,030.00)",
        gain="410.00",
    ),
    # the IRA: 310 x 64.05 = 19,855.50
    row(),
]
HOLDINGS = "\n".join([HEADER, *ROWS]) + "\n"
#: What the default row reads as: description, type, quantity, price, value.
IJH = ("ISHARES CORE S&P MID-CAP ETF", "etf", 310.0, 64.05, 19855.50)
NO_TOTALS = (
    f"{UNCHECKED}: Merrill holdings downloads state no totals and no end marker; compare each "
    "account's value with Merrill's site"
)


# -- helpers -------------------------------------------------------------------------------


def load(tmp_path: Path, text: str) -> tuple[Path, Household]:
    return load_text(tmp_path, text, "holdings.csv")


def refused(tmp_path: Path, text: str) -> InputError:
    return refused_text(tmp_path, text, "holdings.csv")[1]


def table(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


record = position


def only_the_completeness_warning(path: Path) -> tuple[ImportWarning, ...]:
    return (ImportWarning(str(path), None, None, NO_TOTALS),)


# -- a whole download ----------------------------------------------------------------------


def test_holdings_download_reads_every_account_and_row(tmp_path: Path) -> None:
    path, h = load(tmp_path, HOLDINGS)
    assert h.files[0].format == "merrill-holdings"
    assert h.files[0].as_of == date(2025, 11, 21)
    assert [(a.id, a.name, a.type, a.source) for a in h.accounts] == [
        ("5XY-01234", "Family Trust", "taxable", str(path)),
        ("5XY-05678", "IRA-Edge", "tax_deferred", str(path)),
    ]
    assert all(a.reported_total is None for a in h.accounts)
    t, ira = "5XY-01234", "5XY-05678"
    sweep = ("BANK OF AMERICA, NA RASP", "money_market", 12406.55, 1.00, 12406.55, None)
    call = ("CALL NVDA  200.00 EXP 12-19-25", "option", -2.0, 3.10, -620.00, -1030.00, 100.0)
    assert h.records() == [
        record(path, 2, t, "IIAXX", *sweep),
        record(path, 3, t, "NVDA", "NVIDIA CORP", "equity", 400.0, 178.88, 71552.00, 16400.00),
        record(path, 4, t, "MS", "MORGAN STANLEY", "equity", 90.0, 161.20, 14508.00, 15000.00),
        record(path, 5, t, "NVDA#L2125A200000", *call),
        record(path, 6, ira, "IJH", *IJH, 17750.00),
    ]
    assert h.total == pytest.approx(12406.55 + 71552.00 + 14508.00 - 620.00 + 19855.50)
    assert h.warnings == only_the_completeness_warning(path)


def test_download_without_a_cost_basis_column_has_no_cost(tmp_path: Path) -> None:
    header = HEADER.replace(',"Cost Basis ($)"', "")
    no_cost = row().replace(',"17,750.00"', "")
    path, h = load(tmp_path, f"{header}\n{no_cost}\n")
    assert h.records() == [record(path, 2, "5XY-05678", "IJH", *IJH, None)]


def test_plain_header_names_are_read_too(tmp_path: Path) -> None:
    text = (
        "COB Date,Symbol,CUSIP,Description,Account Nickname,Account Registration,"
        "Account Number,Quantity,Price,Value,Cost Basis\n"
        "11/21/2025,IJH,464287507,ISHARES CORE,--,IRA-Edge,5XY-05678,310,64.05,19855.50,17750.00\n"
    )
    path, h = load(tmp_path, text)
    assert h.files[0].format == "merrill-holdings"
    assert h.files[0].as_of == date(2025, 11, 21)
    assert h.records() == [
        record(path, 2, "5XY-05678", "IJH", "ISHARES CORE", "etf", 310.0, 64.05, 19855.5, 17750.0)
    ]


def test_only_symbol_registration_account_and_value_are_needed(tmp_path: Path) -> None:
    text = 'Symbol,Account Registration,Account #,Value ($)\nIJH,IRA-Edge,5XY-05678,"19,855.50"\n'
    path, h = load(tmp_path, text)
    assert h.records() == [
        record(path, 2, "5XY-05678", "IJH", "", "equity", None, None, 19855.50, None)
    ]
    assert h.files[0].as_of is None
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        ("5XY-05678", "IRA-Edge", "tax_deferred")
    ]


# -- accounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nickname", "registration", "name", "kind"),
    [
        ("Family Trust", "CMA-Edge", "Family Trust", "taxable"),
        ("--", "Roth IRA-Edge", "Roth IRA-Edge", "tax_free"),
        ("", "IRA-Edge", "IRA-Edge", "tax_deferred"),
        # the registration gives the type even when the nickname reads like another
        ("Roth savings", "IRA-Edge", "Roth savings", "tax_deferred"),
        ("Kids college", "CMA-Edge", "Kids college", "taxable"),
        # no registration, or one that names no type: the nickname tells
        ("My Roth", "", "My Roth", "tax_free"),
        ("My Roth", "Edge Account", "My Roth", "tax_free"),
        ("Spending", "Edge Account", "Spending", "unknown"),
        # nothing at all: the account number, its digits masked in the name
        ("--", "", "5XY-...5678", "unknown"),
        ("", "", "5XY-...5678", "unknown"),
    ],
)
def test_account_name_is_its_nickname_else_its_registration_and_the_registration_types_it(
    tmp_path: Path, nickname: str, registration: str, name: str, kind: str
) -> None:
    _, h = load(tmp_path, table(row(nickname=nickname, registration=registration)))
    assert [(a.id, a.name, a.type) for a in h.accounts] == [("5XY-05678", name, kind)]


def test_accounts_in_file_order_each_named_by_its_first_row(tmp_path: Path) -> None:
    text = table(
        row(**TRUST),
        row(),
        row(**{**TRUST, "nickname": "Another name", "registration": "Roth IRA-Edge"}),
        row(account="5XY-09999", nickname="College", registration="529-Edge"),
    )
    path, h = load(tmp_path, text)
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        ("5XY-01234", "Family Trust", "taxable"),
        ("5XY-05678", "IRA-Edge", "tax_deferred"),
        ("5XY-09999", "College", "tax_free"),
    ]
    assert [(r.account_id, r.source_line) for r in h.records()] == [
        ("5XY-01234", 2),
        ("5XY-05678", 3),
        ("5XY-01234", 4),
        ("5XY-09999", 5),
    ]
    assert h.warnings == only_the_completeness_warning(path)


@pytest.mark.parametrize(
    ("description", "asset_type"),
    [
        ("BANK OF AMERICA, NA RASP", "money_market"),  # the description rules know a RASP
        ("BANK DEPOSIT", "money_market"),  # a bank deposit program is cash
        ("ACME HOLDINGS", "equity"),  # nothing in the words: the default type
    ],
)
def test_a_row_with_a_value_but_no_symbol_or_cusip_is_imported_by_its_description(
    tmp_path: Path, description: str, asset_type: str
) -> None:
    deposit = row(
        symbol="",
        cusip="",
        description=description,
        quantity="100",
        price="1.00",
        value="100.00",  # 100 x 1.00
        cost="--",
    )
    path, h = load(tmp_path, table(row(), deposit))
    assert h.records() == [
        record(path, 2, "5XY-05678", "IJH", *IJH, 17750.00),
        record(path, 3, "5XY-05678", "", description, asset_type, 100.0, 1.00, 100.00, None),
    ]
    assert h.total == pytest.approx(19855.50 + 100.00)
    assert h.warnings == only_the_completeness_warning(path)


@pytest.mark.parametrize(("symbol", "cusip"), [("", ""), ("--", "--"), ("", "--")])
def test_a_row_without_a_symbol_cusip_or_description_is_refused_naming_it(
    tmp_path: Path, symbol: str, cusip: str
) -> None:
    unnamed = row(symbol=symbol, cusip=cusip, description="", value="100.00")
    err = refused(tmp_path, table(row(), unnamed))
    assert err.line == 3
    assert err.reason == (
        "a row without a symbol, CUSIP or description: nothing says what it holds; "
        "the file is damaged"
    )


LONG_DESCRIPTION = "MERRILL LYNCH BANK DEPOSIT PROGRAM - INSURED SWEEP, TIER TWO (FDIC)"


@pytest.mark.parametrize("account", ["", "--"])
@pytest.mark.parametrize(
    ("cells", "name"),
    [
        ({"symbol": "MS", "value": "14,508.00"}, "MS"),
        ({"symbol": "--", "cusip": "912828YY0"}, "912828YY0"),
        ({"symbol": "", "cusip": "", "description": "BANK DEPOSIT"}, "BANK DEPOSIT"),
        # a long description is named by its first 60 characters
        ({"symbol": "", "cusip": "", "description": LONG_DESCRIPTION}, LONG_DESCRIPTION[:60]),
        ({"symbol": "", "cusip": "", "description": ""}, "a holding"),  # a value only
        ({"symbol": "", "cusip": "", "description": "", "value": ""}, "a holding"),  # numbers
    ],
)
def test_a_row_without_an_account_number_is_refused_naming_it(
    tmp_path: Path, account: str, cells: dict[str, str], name: str
) -> None:
    # "--" is Merrill's placeholder for an unset nickname; an account number is never unset
    err = refused(tmp_path, table(row(), row(account=account, **cells)))
    assert err.line == 3
    assert err.reason == (
        f"the row for {name} has no account number: every holding belongs to an account; "
        "the file is damaged"
    )


def test_a_row_holding_nothing_is_passed_over(tmp_path: Path) -> None:
    # a date, a nickname and a registration, but no symbol, CUSIP, description or number
    empty = row(
        symbol="", cusip="", description="", account="", quantity="", price="", value="", cost=""
    )
    path, h = load(tmp_path, table(row(), empty, row(symbol="MS")))
    assert [(r.symbol, r.source_line) for r in h.records()] == [("IJH", 2), ("MS", 4)]
    assert h.warnings == only_the_completeness_warning(path)


# -- symbols and types ---------------------------------------------------------------------


@pytest.mark.parametrize("symbol", ["--", ""])
def test_a_placeholder_symbol_is_replaced_by_the_cusip_and_a_treasury_is_priced_per_100(
    tmp_path: Path, symbol: str
) -> None:
    treasury = row(
        symbol=symbol,
        cusip="912828YY0",
        description="US TREASURY NOTE 1.750% 12/31/2026",
        quantity="10,000",
        price="98.50",
        value="9,850.00",  # 10,000 x 98.50 / 100
        cost="9,900.00",
    )
    path, h = load(tmp_path, table(treasury))
    bond = ("US TREASURY NOTE 1.750% 12/31/2026", "bond", 10000.0, 98.50, 9850.00, 9900.00, 0.01)
    assert h.records() == [record(path, 2, "5XY-05678", "912828YY0", *bond)]
    assert h.warnings == only_the_completeness_warning(path)


def test_option_symbols_with_a_hash_keep_their_symbol_and_contract_size(tmp_path: Path) -> None:
    put = row(
        symbol="ABC#N1326D130000",
        cusip="--",
        description="PUT  ABC   13.00 EXP 02-13-26",
        quantity="(1)",
        price="0.06",
        value="(6.00)",
        cost="(99.35)",
    )
    path, h = load(tmp_path, table(put))
    option = ("PUT  ABC   13.00 EXP 02-13-26", "option", -1.0, 0.06, -6.00, -99.35, 100.0)
    assert h.records() == [record(path, 2, "5XY-05678", "ABC#N1326D130000", *option)]
    assert h.warnings == only_the_completeness_warning(path)


# -- numbers -------------------------------------------------------------------------------


def test_a_missing_value_is_quantity_times_price_with_a_warning(tmp_path: Path) -> None:
    path, h = load(tmp_path, table(row(symbol="MS", value="--")))
    (r,) = h.records()
    assert (r.symbol, r.market_value, r.source_line) == ("MS", 19855.50, 2)
    assert h.warnings == (
        ImportWarning(
            str(path),
            2,
            "5XY-05678",
            "MS: no market value in the file; quantity x price ($19,855.50) is used",
        ),
        *only_the_completeness_warning(path),
    )


def test_a_row_without_value_quantity_or_price_is_refused_naming_it(tmp_path: Path) -> None:
    err = refused(tmp_path, table(row(), row(symbol="MS", quantity="--", value="")))
    assert err.line == 3
    assert err.reason == (
        "the row for MS has no market value and no quantity and price to compute it from"
    )


@pytest.mark.parametrize(("column", "cell"), [("value", "1e14"), ("quantity", "inf")])
def test_an_absurd_number_is_refused_on_its_line(tmp_path: Path, column: str, cell: str) -> None:
    err = refused(tmp_path, table(row(), row(symbol="MS", **{column: cell})))
    assert err.line == 3
    what = {"value": "market value", "quantity": "quantity"}[column]
    assert err.reason == (
        f"{what} {cell!r} of MS is not a finite number within ten trillion: the file is damaged"
    )


def test_a_garbled_number_is_left_blank_with_a_warning_naming_its_line(tmp_path: Path) -> None:
    path, h = load(tmp_path, table(row(symbol="MS"), row(cost="17,7S0.00")))
    assert [r.cost_basis for r in h.records()] == [17750.00, None]
    assert h.warnings == (
        ImportWarning(
            str(path), 3, "5XY-05678", "cost basis '17,7S0.00' of IJH is not a number; left blank"
        ),
        *only_the_completeness_warning(path),
    )


# -- where the table ends ------------------------------------------------------------------


def test_blank_lines_inside_the_table_are_read_through(tmp_path: Path) -> None:
    text = "\n".join([HEADER, ROWS[0], ROWS[1], "", '"","",""', ROWS[2], ROWS[3], "", ROWS[4]])
    path, h = load(tmp_path, text + "\n")
    assert [(r.symbol, r.source_line) for r in h.records()] == [
        ("IIAXX", 2),
        ("NVDA", 3),
        ("MS", 6),
        ("NVDA#L2125A200000", 7),
        ("IJH", 9),
    ]
    assert h.warnings == only_the_completeness_warning(path)


def test_after_a_blank_line_a_line_of_fewer_than_four_cells_ends_the_table(
    tmp_path: Path,
) -> None:
    three = '"","","ZZZ","","","","","5XY-05678","","","100.00"'  # symbol, account, value
    four = '"","","ZZZ","","","","IRA-Edge","5XY-05678","","","100.00"'  # and a registration
    _, h = load(tmp_path, table(row(), "", three, row(symbol="MS")))
    assert [r.symbol for r in h.records()] == ["IJH"]
    _, h = load(tmp_path, table(row(), "", four, row(symbol="MS")))
    assert [(r.symbol, r.market_value, r.source_line) for r in h.records()] == [
        ("IJH", 19855.50, 2),
        ("ZZZ", 100.00, 4),
        ("MS", 19855.50, 5),
    ]


def test_a_footer_after_the_table_is_not_a_holding(tmp_path: Path) -> None:
    footer = '"Quotes delayed at least 15 minutes","Downloaded 11/21/2025"'
    path, h = load(tmp_path, table(row(), "", footer))
    assert [r.symbol for r in h.records()] == ["IJH"]
    assert h.warnings == only_the_completeness_warning(path)


def test_a_download_with_its_header_only_holds_no_positions(tmp_path: Path) -> None:
    err = refused(tmp_path, HEADER + "\n\n")
    assert (err.line, err.reason) == (1, "merrill-holdings: the file holds no positions")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, "")
    assert (err.line, err.reason) == (1, "the file is empty")


def test_a_download_cut_inside_a_quoted_cell_is_refused(tmp_path: Path) -> None:
    cut = HOLDINGS[: HOLDINGS.index('"ISHARES CORE') + len('"ISHARES CO')]
    err = refused(tmp_path, cut)
    assert err.line == 6
    assert err.reason == (
        "the file ends in the middle of a row (an unclosed quote): it looks cut off; "
        "download it again"
    )


def test_a_download_cut_after_a_rows_quantity_is_refused_naming_the_row(
    tmp_path: Path,
) -> None:
    cut = HOLDINGS[: HOLDINGS.index('"310"') + len('"310"')]
    err = refused(tmp_path, cut)
    assert err.line == 6
    assert err.reason == (
        "the row for IJH has no market value and no quantity and price to compute it from"
    )


def test_a_download_cut_after_a_rows_price_warns_that_its_value_is_computed(
    tmp_path: Path,
) -> None:
    cut = HOLDINGS[: HOLDINGS.index('"64.05"') + len('"64.05"')]
    path, h = load(tmp_path, cut)
    assert h.records()[-1].market_value == 19855.50
    assert (
        ImportWarning(
            str(path),
            6,
            "5XY-05678",
            "IJH: no market value in the file; quantity x price ($19,855.50) is used",
        )
        in h.warnings
    )


# -- dates and detection -------------------------------------------------------------------


def test_the_download_is_as_of_its_latest_close_of_business_date(tmp_path: Path) -> None:
    text = table(row(date="11/20/2025"), row(date="11/21/2025"), row(date="--"))
    _, h = load(tmp_path, text)
    assert h.files[0].as_of == date(2025, 11, 21)
    _, h = load(tmp_path, table(row(date=""), row(date="n/a")))
    assert h.files[0].as_of is None


def test_header_is_found_below_title_lines_within_30_lines(tmp_path: Path) -> None:
    _, h = load(tmp_path, '"Holdings"\n"As of 11/21/2025"\n' + HOLDINGS)
    assert [r.source_line for r in h.records()] == [4, 5, 6, 7, 8]

    def found(text: str) -> int | None:
        return merrill.detect(Source.from_text(text, "h.csv"))

    assert found(HOLDINGS) == 1
    assert found('"title"\n' * 29 + HOLDINGS) == 30
    assert found('"title"\n' * 30 + HOLDINGS) is None


@pytest.mark.parametrize("column", ["Symbol", "Account Registration", "Account #", "Value ($)"])
def test_a_header_without_a_required_column_is_not_merrills(column: str) -> None:
    text = HOLDINGS.replace(f'"{column}"', '"Other"')
    assert merrill.detect(Source.from_text(text, "h.csv")) is None
