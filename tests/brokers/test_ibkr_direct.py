"""Interactive Brokers, read directly (``planner/brokers/ibkr.py`` and ``ibkr_flex.py``): the
Activity Statement and the Flex query (plain table and ``HEADER``/``DATA`` form), one branch at
a time.

Every file is written here as text in the real layouts (header lines copied from
``tests/data/ibkr_*``) and every expected figure is worked out from that text: the account,
each row's symbol, type, quantity, price, market value, cost basis, multiplier and line, each
refusal's line and words, each warning.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from planner.brokers import ibkr, ibkr_flex
from planner.brokers.complete import UNCHECKED
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import Household, ImportWarning, PositionRecord
from tests.brokers.direct import line_of, load_text, position, refused_text

# -- helpers -------------------------------------------------------------------------------


def load(tmp_path: Path, text: str, name: str = "statement.csv") -> tuple[Path, Household]:
    return load_text(tmp_path, text, name)


def refused(tmp_path: Path, text: str) -> tuple[Path, InputError]:
    return refused_text(tmp_path, text, "statement.csv")


def lines(*parts: list[str]) -> str:
    return "\n".join(line for part in parts for line in part) + "\n"


def record(
    path: Path,
    line: int,
    account: str,
    symbol: str,
    asset_type: str,
    quantity: float | None,
    price: float | None,
    value: float,
    cost: float | None,
    multiplier: float = 1.0,
    description: str = "",
) -> PositionRecord:
    """IBKR's rows mostly have no description: it comes last, and empty."""
    return position(
        path,
        line,
        account,
        symbol,
        description,
        asset_type,
        quantity,
        price,
        value,
        cost,
        multiplier,
    )


# -- the Activity Statement ----------------------------------------------------------------

STATEMENT = [  # lines 1-4
    "Statement,Header,Field Name,Field Value",
    "Statement,Data,BrokerName,Interactive Brokers LLC",
    'Statement,Data,Period,"October 1, 2025 - October 31, 2025"',
    'Statement,Data,WhenGenerated,"2025-11-02, 08:14:51 EST"',
]
INFO = [  # lines 5-9
    "Account Information,Header,Field Name,Field Value",
    "Account Information,Data,Name,Jane Sample",
    "Account Information,Data,Account,U7654321",
    "Account Information,Data,Account Type,IRA Roth",
    "Account Information,Data,Base Currency,USD",
]
NAV_HEADER = (
    "Net Asset Value,Header,Asset Class,Prior Total,Current Long,Current Short,Current Total,Change"
)
NAV = [  # lines 10-16: cash 2,150.25 + stocks 31,840.00 - the short call 255.00 = 33,735.25
    NAV_HEADER,
    "Net Asset Value,Data,Cash,1000.00,2150.25,0,2150.25,1150.25",
    "Net Asset Value,Data,Stock,30000.00,31840.00,0,31840.00,1840.00",
    "Net Asset Value,Data,Options,0,0,-255.00,-255.00,-255.00",
    "Net Asset Value,Data,Total,31000.00,33990.25,-255.00,33735.25,2735.25",
    "Net Asset Value,Header,Time Weighted Rate of Return",
    "Net Asset Value,Data,8.82%",
]
OP_HEADER = (
    "Open Positions,Header,DataDiscriminator,Asset Category,Currency,Symbol,Quantity,Mult,"
    "Cost Price,Cost Basis,Close Price,Value,Unrealized P/L,Code"
)
POSITIONS = [  # lines 17-25
    OP_HEADER,
    # 80 x 244.22 = 19,537.60
    "Open Positions,Data,Summary,Stocks,USD,AMZN,80,1,180.00,14400.00,244.22,19537.60,5137.60,",
    "Open Positions,Data,Lot,Stocks,USD,AMZN,50,1,170.00,8500.00,244.22,12211.00,3711.00,",
    "Open Positions,Data,Lot,Stocks,USD,AMZN,30,1,196.6666667,5900.00,244.22,7326.60,1426.60,",
    # 66 x 186.40 = 12,302.40
    "Open Positions,Data,Summary,Stocks,USD,RSP,66,1,175.00,11550.00,186.40,12302.40,752.40,",
    "Open Positions,Total,,Stocks,USD,,,,,25950.00,31840.00,5890.00,",
    # -1 contract x 2.55 x 100 = -255.00
    "Open Positions,Data,Summary,Equity and Index Options,USD,AMZN 21NOV25 260 C,-1,100,3.10,"
    "-310.00,2.55,-255.00,55.00,",
    "Open Positions,Total,,Equity and Index Options,USD,,,,,-310.00,-255.00,55.00,",
    "Open Positions,Total,,Total,,,,,,25640.00,31585.00,5945.00,",
]
AFTER = [  # lines 26-27
    "Financial Instrument Information,Header,Asset Category,Symbol,Description,Conid,"
    "Security ID,Underlying,Listing Exch,Multiplier,Type,Code",
    "Financial Instrument Information,Data,Stocks,AMZN,AMAZON.COM INC,3691937,US0231351067,,"
    "NASDAQ,1,COMMON,",
]
FULL = lines(STATEMENT, INFO, NAV, POSITIONS, AFTER)

ROW = "Open Positions,Data,Summary,Stocks,USD,AMZN,80,1,180.00,14400.00,244.22,19537.60,5137.60,"
TOTAL = "Open Positions,Total,,Total,,,,,,14400.00,19537.60,5137.60,"


def small(*rows: str, info: list[str] | None = None) -> str:
    """Statement header (1), account U1 (2-3), the Open Positions header (4), ``rows`` from
    line 5, a Total row; no Net Asset Value section."""
    account = (
        info
        if info is not None
        else [
            "Account Information,Header,Field Name,Field Value",
            "Account Information,Data,Account,U1",
        ]
    )
    return lines([STATEMENT[0]], account, [OP_HEADER], list(rows), [TOTAL])


def no_nav(path: Path, account: str = "U1") -> ImportWarning:
    """The warning of a statement without a Net Asset Value total."""
    message = f"{UNCHECKED}: the statement has no Net Asset Value total"
    return ImportWarning(str(path), None, account, message)


def test_activity_statement_reads_summary_rows_cash_and_the_nav_total(tmp_path: Path) -> None:
    path, h = load(tmp_path, FULL)
    assert h.files[0].format == "ibkr-activity-statement"
    assert h.files[0].as_of == date(2025, 10, 31)
    (acct,) = h.accounts
    assert (acct.id, acct.name, acct.type) == ("U7654321", "Jane Sample - IRA Roth", "tax_free")
    assert acct.source == str(path)
    assert (acct.reported_total, acct.reported_total_line, acct.reported_total_label) == (
        33735.25,
        14,
        "Net Asset Value total",
    )
    a = "U7654321"
    assert h.records() == [
        record(path, 18, a, "AMZN", "equity", 80.0, 244.22, 19537.60, 14400.00),
        record(path, 21, a, "RSP", "equity", 66.0, 186.40, 12302.40, 11550.00),
        record(path, 23, a, "AMZN 21NOV25 260 C", "option", -1.0, 2.55, -255.00, -310.00, 100.0),
        record(path, 11, a, "CASH", "cash", None, None, 2150.25, None, description="Cash (USD)"),
    ]
    assert h.total == pytest.approx(33735.25)
    assert h.warnings == ()  # the NAV total agrees, every row reconciles


def test_lot_rows_are_skipped_whatever_their_case_and_summary_rows_are_kept(
    tmp_path: Path,
) -> None:
    rows = [
        ROW.replace(",Summary,", ",SUMMARY,"),
        ROW.replace(",Summary,", ",LOT,").replace(",80,", ",50,"),
        ROW.replace(",Summary,", ",lot,").replace(",80,", ",30,"),
        ROW.replace(",Summary,", ",,").replace("AMZN", "RSP"),  # no discriminator: a position
    ]
    _, h = load(tmp_path, small(*rows))
    assert [(r.symbol, r.quantity, r.source_line) for r in h.records()] == [
        ("AMZN", 80.0, 5),
        ("RSP", 80.0, 8),
    ]


def test_without_a_discriminator_column_every_data_row_is_a_position(tmp_path: Path) -> None:
    header = "Open Positions,Header,Asset Category,Currency,Symbol,Quantity,Close Price,Value"
    text = lines(
        [STATEMENT[0], header],
        [
            "Open Positions,Data,Stocks,USD,AMZN,80,244.22,19537.60",
            "Open Positions,Data,Stocks,USD,RSP,66,186.40,12302.40",
        ],
        [TOTAL],
    )
    path, h = load(tmp_path, text)
    assert h.records() == [
        record(path, 3, "IBKR", "AMZN", "equity", 80.0, 244.22, 19537.60, None),
        record(path, 4, "IBKR", "RSP", "equity", 66.0, 186.40, 12302.40, None),
    ]


def test_nav_total_that_disagrees_is_named_with_its_line_and_difference(tmp_path: Path) -> None:
    text = FULL.replace("-255.00,33735.25,", "-255.00,33835.25,")
    path, h = load(tmp_path, text)
    assert h.accounts[0].reported_total == 33835.25
    assert h.warnings == (
        ImportWarning(
            str(path),
            14,
            "U7654321",
            "positions add up to $33,735.25 but the file's Net Asset Value total says "
            "$33,835.25 (difference -$100.00)",
        ),
    )


def test_nav_total_that_is_not_a_number_warns_and_leaves_the_account_unchecked(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, FULL.replace("-255.00,33735.25,", "-255.00,33x735.25,"))
    (acct,) = h.accounts
    assert (acct.reported_total, acct.reported_total_line, acct.reported_total_label) == (
        None,
        None,
        "",
    )
    assert h.warnings == (
        ImportWarning(str(path), 14, None, "the NAV total '33x735.25' is not a number"),
        no_nav(path, "U7654321"),
    )
    assert h.total == pytest.approx(33735.25)  # the positions themselves are all there


@pytest.mark.parametrize("cell", ["1e14", "inf", "-nan"])
def test_nav_total_that_is_absurd_is_refused_on_its_line(tmp_path: Path, cell: str) -> None:
    _, err = refused(tmp_path, FULL.replace("-255.00,33735.25,", f"-255.00,{cell},"))
    assert err.line == 14
    assert err.reason == (
        f"the NAV total {cell!r} is not a finite amount within ten trillion dollars: "
        "the file is damaged"
    )


def test_statement_without_a_nav_total_warns_that_it_cannot_be_checked(tmp_path: Path) -> None:
    nav = [row for row in NAV if not row.startswith("Net Asset Value,Data,Total")]
    path, h = load(tmp_path, lines(STATEMENT, INFO, nav, POSITIONS, AFTER))
    assert h.accounts[0].reported_total is None
    assert h.warnings == (no_nav(path, "U7654321"),)
    assert [r.symbol for r in h.records()][-1] == "CASH"  # the cash line is still read


def test_nav_cash_and_total_sit_in_the_current_total_column_wherever_it_is(
    tmp_path: Path,
) -> None:
    # "Current Total" second here; the column before last (the fallback) holds 0
    nav = [
        "Net Asset Value,Header,Asset Class,Current Total,Prior Total,Current Long,Current Short,"
        "Change",
        "Net Asset Value,Data,Cash,2150.25,1000.00,2150.25,0,1150.25",
        "Net Asset Value,Data,Total,21687.85,1000.00,21687.85,0,20687.85",
    ]
    _, h = load(tmp_path, lines(STATEMENT, INFO, nav, [OP_HEADER, ROW, TOTAL]))
    assert h.accounts[0].reported_total == 21687.85  # 19,537.60 + 2,150.25
    assert h.accounts[0].reported_total_line == 12
    cash = h.records()[-1]
    assert (cash.symbol, cash.market_value, cash.source_line) == ("CASH", 2150.25, 11)
    assert h.warnings == ()


def test_nav_without_a_current_total_column_reads_the_column_before_last(
    tmp_path: Path,
) -> None:
    nav = [
        "Net Asset Value,Header,Asset Class,Prior Total,Current,Change",
        "Net Asset Value,Data,Cash,1000.00,2150.25,1150.25",
        "Net Asset Value,Data,Total,1000.00,21687.85,20687.85",
    ]
    _, h = load(tmp_path, lines(STATEMENT, INFO, nav, [OP_HEADER, ROW, TOTAL]))
    assert h.accounts[0].reported_total == 21687.85
    assert h.records()[-1].market_value == 2150.25
    assert h.warnings == ()


def test_nav_rows_under_another_header_are_neither_cash_nor_total(tmp_path: Path) -> None:
    nav = [
        NAV_HEADER,
        "Net Asset Value,Data,Cash,1000.00,2150.25,0,2150.25,1150.25",
        "Net Asset Value,Data,Total,1000.00,21687.85,0,21687.85,20687.85",
        "Net Asset Value,Header,Field Name,Field Value",
        "Net Asset Value,Data,Cash,999.00",
        "Net Asset Value,Data,Total,999.00",
    ]
    _, h = load(tmp_path, lines(STATEMENT, INFO, nav, [OP_HEADER, ROW, TOTAL]))
    assert h.accounts[0].reported_total == 21687.85
    assert h.accounts[0].reported_total_line == 12
    assert [(r.symbol, r.market_value, r.source_line) for r in h.records()] == [
        ("AMZN", 19537.60, 17),
        ("CASH", 2150.25, 11),
    ]


@pytest.mark.parametrize("kept", [1, 3])  # cells after the asset class; 3: up to Current Total
def test_nav_cash_and_total_rows_too_short_for_the_column_are_not_read(
    tmp_path: Path, kept: int
) -> None:
    cash = ",".join(["1000.00", "2150.25", "0"][:kept])
    nav = [
        NAV_HEADER,
        f"Net Asset Value,Data,Cash,{cash}",  # no Current Total cell: no cash position
        "Net Asset Value,Data,Total,31000.00,33990.25,-255.00,33735.25,2735.25",
    ]
    path, h = load(tmp_path, lines(STATEMENT, INFO, nav, POSITIONS))
    assert "CASH" not in [r.symbol for r in h.records()]
    # the missing cash is not silent: the NAV total no longer agrees
    assert h.warnings == (
        ImportWarning(
            str(path),
            12,
            "U7654321",
            "positions add up to $31,585.00 but the file's Net Asset Value total says "
            "$33,735.25 (difference -$2,150.25)",
        ),
    )
    nav[2] = "Net Asset Value,Data,Total," + ",".join(["31000.00", "33990.25", "-255.00"][:kept])
    path, h = load(tmp_path, lines(STATEMENT, INFO, nav, POSITIONS))
    assert h.accounts[0].reported_total is None
    assert h.warnings == (no_nav(path, "U7654321"),)


def test_cash_line_that_is_not_a_number_is_refused_as_a_row_without_value(
    tmp_path: Path,
) -> None:
    text = FULL.replace(",Cash,1000.00,2150.25,0,2150.25,", ",Cash,1000.00,2150.25,0,2I50.25,")
    _, err = refused(tmp_path, text)
    assert err.line == 11
    assert err.reason == (
        "the row for CASH has no market value and no quantity and price to compute it from"
    )


# -- where the statement ends --------------------------------------------------------------


def test_statement_cut_inside_open_positions_is_refused_at_its_last_line(
    tmp_path: Path,
) -> None:
    cut = lines(STATEMENT, INFO, NAV, POSITIONS[:5]) + "\n\n"  # ends after RSP, line 21
    _, err = refused(tmp_path, cut)
    assert err.line == 21
    assert err.reason == (
        "the file ends before the Total row of its Open Positions section: it looks cut off; "
        "download it again"
    )


def test_a_total_row_above_the_last_position_does_not_close_the_section(
    tmp_path: Path,
) -> None:
    cut = lines(STATEMENT, INFO, NAV, POSITIONS[:7])  # stocks' Total (22), then the call (23)
    _, err = refused(tmp_path, cut)
    assert err.line == 23 and "Total row of its Open Positions section" in err.reason


def test_statement_cut_after_one_total_row_is_read_and_the_nav_total_tells(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, lines(STATEMENT, INFO, NAV, POSITIONS[:6]))
    assert [r.symbol for r in h.records()] == ["AMZN", "RSP", "CASH"]
    assert h.warnings == (
        ImportWarning(
            str(path),
            14,
            "U7654321",
            "positions add up to $33,990.25 but the file's Net Asset Value total says "
            "$33,735.25 (difference $255.00)",
        ),
    )


def test_statement_cut_before_open_positions_is_refused(tmp_path: Path) -> None:
    _, err = refused(tmp_path, lines(STATEMENT, INFO, NAV) + "\n")
    assert err.line == 16
    assert err.reason == (
        "the file ends before its Open Positions section: it looks cut off; download it again"
    )


def test_statement_with_only_an_open_positions_header_is_refused(tmp_path: Path) -> None:
    _, err = refused(tmp_path, lines(STATEMENT, INFO, NAV, [OP_HEADER]))
    assert err.line == 17 and "its Open Positions section" in err.reason


#: The sections IBKR writes after Open Positions, as its statements name them.
LATER_SECTIONS = (
    "Forex Balances",
    "Trades",
    "Corporate Actions",
    "Transfers",
    "Deposits & Withdrawals",
    "Dividends",
    "Withholding Tax",
    "Interest",
    "Interest Accruals",
    "Fees",
    "Change in Dividend Accruals",
    "Financial Instrument Information",
    "Codes",
    "Notes/Legal Notes",
)


def test_statement_without_positions_that_goes_past_them_holds_its_cash(tmp_path: Path) -> None:
    nav = [
        NAV_HEADER,
        "Net Asset Value,Data,Cash,1000.00,2150.25,0,2150.25,1150.25",
        "Net Asset Value,Data,Total,1000.00,2150.25,0,2150.25,1150.25",
    ]
    for section in LATER_SECTIONS:
        text = lines(STATEMENT, INFO, nav, [f"{section},Header,Field Name,Field Value"])
        path, h = load(tmp_path, text)
        cash = record(path, 11, "U7654321", "CASH", "cash", None, None, 2150.25, None)
        assert h.records() == [replace(cash, description="Cash (USD)")], section
        assert h.warnings == (), section


def test_a_section_ibkr_does_not_write_after_positions_does_not_show_the_file_went_past(
    tmp_path: Path,
) -> None:
    text = lines(STATEMENT, INFO, NAV, ["Change in NAV,Header,Field Name,Field Value"])
    _, err = refused(tmp_path, text)
    assert err.line == 17 and "its Open Positions section" in err.reason


def test_a_position_row_before_any_header_is_refused_on_its_line(tmp_path: Path) -> None:
    text = lines([STATEMENT[0]], [ROW, OP_HEADER, ROW, TOTAL])
    _, err = refused(tmp_path, text)
    assert err.line == 2
    assert err.reason == (
        "the row for a position has no market value and no quantity and price to compute it from"
    )


def test_open_positions_header_changing_midway_is_followed(tmp_path: Path) -> None:
    second = (
        "Open Positions,Header,Asset Category,Currency,Symbol,Value,Quantity,Close Price,"
        "Cost Basis,Mult"
    )
    text = lines(
        [STATEMENT[0], OP_HEADER, ROW, second],
        ["Open Positions,Data,Stocks,USD,RSP,12302.40,66,186.40,11550.00,1", TOTAL],
    )
    path, h = load(tmp_path, text)
    assert h.records() == [
        record(path, 3, "IBKR", "AMZN", "equity", 80.0, 244.22, 19537.60, 14400.00),
        record(path, 5, "IBKR", "RSP", "equity", 66.0, 186.40, 12302.40, 11550.00),
    ]


def test_a_position_row_with_nothing_after_its_kind_is_refused_not_dropped(
    tmp_path: Path,
) -> None:
    text = small(ROW, "Open Positions,Data")
    _, err = refused(tmp_path, text)
    assert err.line == text.splitlines().index("Open Positions,Data") + 1 == 6
    assert err.reason == (
        "the row for a position has no market value and no quantity and price to compute it from"
    )


def test_a_total_row_with_nothing_after_its_kind_closes_the_open_positions(
    tmp_path: Path,
) -> None:
    text = lines([STATEMENT[0]], [OP_HEADER, ROW, "Open Positions,Total"])
    _, h = load(tmp_path, text)
    assert [(r.symbol, r.market_value, r.source_line) for r in h.records()] == [
        ("AMZN", 19537.60, 3)
    ]


def test_lines_of_fewer_than_two_cells_are_passed_over(tmp_path: Path) -> None:
    text = lines([STATEMENT[0], "", "Notes", "Statement,Data,Period"], [OP_HEADER, ROW, TOTAL])
    text = text.replace(OP_HEADER, "Account Information,Data,Account\n" + OP_HEADER)
    _, h = load(tmp_path, text)
    (acct,) = h.accounts
    assert acct.id == "IBKR"  # the one-cell Account row names nothing
    assert [(r.symbol, r.source_line) for r in h.records()] == [("AMZN", 7)]
    assert h.files[0].as_of is None


# -- account, period and currency ----------------------------------------------------------


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        (
            ["Name,Jane Sample", "Account,U1", "Account Type,IRA Roth"],
            ("U1", "Jane Sample - IRA Roth", "tax_free"),
        ),
        (["Account,U1", "Account Type,Individual"], ("U1", "Individual", "taxable")),
        (["Name,Jane Sample", "Account,U1"], ("U1", "Jane Sample", "unknown")),
        # the account type decides, not a name that reads like another
        (
            ["Name,Roth Family", "Account,U1", "Account Type,Individual"],
            ("U1", "Roth Family - Individual", "taxable"),
        ),
        (["Name,Jane Rollover IRA", "Account,U1"], ("U1", "Jane Rollover IRA", "tax_deferred")),
        (["Name,Jane Sample"], ("IBKR", "Jane Sample", "unknown")),
        (["Account,", "Account Type,Joint"], ("IBKR", "Joint", "taxable")),
        ([], ("IBKR", "IBKR", "unknown")),
    ],
)
def test_account_id_name_and_type_come_from_account_information(
    tmp_path: Path, info: list[str], expected: tuple[str, str, str]
) -> None:
    block = ["Account Information,Header,Field Name,Field Value"]
    block += [f"Account Information,Data,{row}" for row in info]
    path, h = load(tmp_path, small(ROW, info=block))
    (acct,) = h.accounts
    assert (acct.id, acct.name, acct.type) == expected
    assert h.records()[0].account_id == expected[0]
    assert h.warnings == (no_nav(path, expected[0]),)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (['Statement,Data,Period,"January 1, 2020 - December 31, 2020"'], date(2020, 12, 31)),
        (["Statement,Data,Period,2025-01-01 - 2025-03-31"], date(2025, 3, 31)),
        (["Statement,Data,Period,2025-1-1 - 2025-3-5"], date(2025, 3, 5)),  # no leading zeros
        (['Statement,Data,Period,"December 31, 2020"'], date(2020, 12, 31)),
        # no period: the date the statement was generated
        (['Statement,Data,WhenGenerated,"2025-11-02, 08:14:51 EST"'], date(2025, 11, 2)),
        # the period wins over WhenGenerated, whichever comes first
        (
            [
                'Statement,Data,WhenGenerated,"2025-11-02, 08:14:51 EST"',
                'Statement,Data,Period,"October 1, 2025 - October 31, 2025"',
            ],
            date(2025, 10, 31),
        ),
        (
            [
                'Statement,Data,Period,"October 1, 2025 - October 31, 2025"',
                'Statement,Data,WhenGenerated,"2025-11-02, 08:14:51 EST"',
            ],
            date(2025, 10, 31),
        ),
        # a period of no known form: the last date written in it
        (["Statement,Data,Period,from 10/01/2025 to 10/30/2025"], date(2025, 10, 30)),
        (["Statement,Data,Period,October 2025"], None),
        ([], None),
    ],
)
def test_statement_date_is_the_end_of_its_period(
    tmp_path: Path, statement: list[str], expected: date | None
) -> None:
    text = lines([STATEMENT[0]], statement, [OP_HEADER, ROW, TOTAL])
    _, h = load(tmp_path, text)
    assert h.files[0].as_of == expected


def test_positions_in_another_currency_warn_that_no_rate_converts_them(tmp_path: Path) -> None:
    rows = [
        ROW,
        "Open Positions,Data,Summary,Stocks,EUR,ASML,10,1,700.00,7000.00,880.50,8805.00,1805.00,",
        "Open Positions,Data,Summary,Stocks,,RSP,66,1,175.00,11550.00,186.40,12302.40,752.40,",
    ]
    path, h = load(tmp_path, small(*rows))
    asml = h.records()[1]
    assert (asml.symbol, asml.market_value, asml.price, asml.source_line) == (
        "ASML",
        8805.00,
        880.50,
        6,
    )
    assert h.warnings == (
        no_nav(path),
        ImportWarning(
            str(path),
            6,
            "U1",
            "ASML is valued in EUR, not USD; the activity statement gives no rate, so its "
            "value is taken as is",
        ),
    )


def test_base_currency_names_the_cash_and_the_currency_positions_are_compared_with(
    tmp_path: Path,
) -> None:
    info = [row.replace("Base Currency,USD", "Base Currency,EUR") for row in INFO]
    text = lines(STATEMENT, info, NAV, POSITIONS, AFTER)
    _, h = load(tmp_path, text)
    assert h.records()[-1].description == "Cash (EUR)"
    said = "is valued in USD, not EUR; the activity statement gives no rate, so its value is taken"
    assert [(w.line, w.account_id, w.message) for w in h.warnings] == [
        (18, "U7654321", f"AMZN {said} as is"),
        (21, "U7654321", f"RSP {said} as is"),
        (23, "U7654321", f"AMZN 21NOV25 260 C {said} as is"),
    ]


# -- rows: categories, multipliers, numbers -------------------------------------------------


@pytest.mark.parametrize(
    ("category", "asset_type"),
    [
        ("Stocks", "equity"),
        ("STK", "equity"),
        ("Mutual Funds", "mutual_fund"),
        ("FUND", "mutual_fund"),
        ("ETF", "etf"),
        ("Forex", "cash"),
        ("CASH", "cash"),
        ("Futures", "other"),
        ("FUT", "other"),
        ("CFD", "other"),
        ("Warrants", "other"),
    ],
)
def test_asset_category_gives_the_asset_type(
    tmp_path: Path, category: str, asset_type: str
) -> None:
    row = f"Open Positions,Data,Summary,{category},USD,XYZ,10,1,4.00,40.00,5.00,50.00,10.00,"
    path, h = load(tmp_path, small(row))
    assert h.records() == [record(path, 5, "U1", "XYZ", asset_type, 10.0, 5.00, 50.00, 40.00)]


@pytest.mark.parametrize("category", ["Equity and Index Options", "OPT", "Options"])
def test_options_keep_the_multiplier_the_statement_states(tmp_path: Path, category: str) -> None:
    row = (
        f"Open Positions,Data,Summary,{category},USD,XYZ 21NOV25 50 C,-2,100,3.10,-620.00,2.55,"
        "-510.00,110.00,"
    )
    path, h = load(tmp_path, small(row))
    assert h.records() == [
        record(path, 5, "U1", "XYZ 21NOV25 50 C", "option", -2.0, 2.55, -510.00, -620.00, 100.0)
    ]
    assert h.warnings == (no_nav(path),)  # -2 x 2.55 x 100 = -510.00


@pytest.mark.parametrize("category", ["Bonds", "BOND", "Treasury Bills", "BILL"])
def test_bonds_are_priced_per_100_of_face_value(tmp_path: Path, category: str) -> None:
    row = (
        f"Open Positions,Data,Summary,{category},USD,T 2 1/2 05/15/30,10000,1,99.00,9900.00,98.50,"
        "9850.00,-50.00,"
    )
    path, h = load(tmp_path, small(row))
    assert h.records() == [
        record(path, 5, "U1", "T 2 1/2 05/15/30", "bond", 10000.0, 98.50, 9850.00, 9900.00, 0.01)
    ]
    assert h.warnings == (no_nav(path),)  # 10,000 x 98.50 x 0.01 = 9,850.00


@pytest.mark.parametrize("mult", ["", "abc", "--", "0"])  # 0 states no multiplier either
def test_a_blank_or_unreadable_mult_is_one(tmp_path: Path, mult: str) -> None:
    path, h = load(tmp_path, small(ROW.replace(",80,1,", f",80,{mult},")))
    assert h.records()[0].multiplier == 1.0
    assert h.warnings == (no_nav(path),)


@pytest.mark.parametrize("mult", ["inf", "1e14", "nan"])
def test_an_absurd_mult_is_refused_on_its_line(tmp_path: Path, mult: str) -> None:
    _, err = refused(tmp_path, small(ROW, ROW.replace(",80,1,", f",80,{mult},")))
    assert err.line == 6
    assert err.reason == f"Mult {mult!r} is not a sane number"


def test_parenthesised_negatives_and_thousands_separators(tmp_path: Path) -> None:
    row = (
        'Open Positions,Data,Summary,Stocks,USD,XYZ,"(1,000)",1,4.00,"(4,000.00)",5.00,'
        '"(5,000.00)",1000.00,'
    )
    path, h = load(tmp_path, small(row))
    assert h.records() == [record(path, 5, "U1", "XYZ", "equity", -1000.0, 5.0, -5000.0, -4000.0)]


def test_a_description_column_describes_each_position(tmp_path: Path) -> None:
    header = OP_HEADER.replace(",Symbol,", ",Symbol,Description,")
    row = ROW.replace(",AMZN,", ",AMZN,AMAZON.COM INC,")
    text = small(row).replace(OP_HEADER, header)
    path, h = load(tmp_path, text)
    amzn = ("AMZN", "equity", 80.0, 244.22, 19537.60, 14400.00, 1.0, "AMAZON.COM INC")
    assert h.records() == [record(path, 5, "U1", *amzn)]


@pytest.mark.parametrize(
    "row",
    [
        ROW.replace(",19537.60,", ",,"),  # Value blank
        ROW.split(",19537.60,")[0],  # the row stops before its Value
    ],
)
def test_a_missing_value_is_quantity_times_price_with_a_warning(tmp_path: Path, row: str) -> None:
    path, h = load(tmp_path, small(row))
    assert h.records()[0].market_value == 19537.60
    assert h.warnings == (
        no_nav(path),
        ImportWarning(
            str(path),
            5,
            "U1",
            "AMZN: no market value in the file; quantity x price ($19,537.60) is used",
        ),
    )


@pytest.mark.parametrize(
    ("mult", "multiplier", "value"),
    [
        ("10", 10.0, 80.00),  # a mini option: 2 contracts x 4.00 x 10
        ("100", 100.0, 800.00),  # 2 x 4.00 x 100
        ("", 100.0, 800.00),  # no Mult stated: an option is 100 a contract
    ],
)
@pytest.mark.parametrize("column", ["Mult", "Multiplier"])
def test_a_missing_value_is_computed_with_the_statements_mult(
    tmp_path: Path, mult: str, multiplier: float, value: float, column: str
) -> None:
    row = (
        f"Open Positions,Data,Summary,Equity and Index Options,USD,XSP 21NOV25 500 C,2,{mult},"
        "3.10,62.00,4.00,,,"
    )
    text = small(row).replace(OP_HEADER, OP_HEADER.replace(",Mult,", f",{column},"))
    path, h = load(tmp_path, text)
    option = ("XSP 21NOV25 500 C", "option", 2.0, 4.00, value, 62.00, multiplier)
    assert h.records() == [record(path, 5, "U1", *option)]
    assert h.warnings == (
        no_nav(path),
        ImportWarning(
            str(path),
            5,
            "U1",
            f"XSP 21NOV25 500 C: no market value in the file; quantity x price (${value:,.2f}) "
            "is used",
        ),
    )


def test_a_stated_mult_is_the_rows_multiplier_when_the_value_is_given(tmp_path: Path) -> None:
    row = (  # 2 contracts x 4.00 x 10 = 80.00, as the file says: nothing to warn about
        "Open Positions,Data,Summary,Equity and Index Options,USD,XSP 21NOV25 500 C,2,10,3.10,"
        "62.00,4.00,80.00,18.00,"
    )
    path, h = load(tmp_path, small(row))
    option = ("XSP 21NOV25 500 C", "option", 2.0, 4.00, 80.00, 62.00, 10.0)
    assert h.records() == [record(path, 5, "U1", *option)]
    assert h.warnings == (no_nav(path),)


def test_a_row_without_value_quantity_or_price_is_refused_naming_it(tmp_path: Path) -> None:
    row = "Open Positions,Data,Summary,Stocks,USD,RSP,,1,175.00,11550.00,186.40,,752.40,"
    _, err = refused(tmp_path, small(ROW, row))
    assert err.line == 6
    assert err.reason == (
        "the row for RSP has no market value and no quantity and price to compute it from"
    )


def test_a_garbled_quantity_is_left_blank_with_a_warning(tmp_path: Path) -> None:
    path, h = load(tmp_path, small(ROW.replace(",80,1,", ",8O,1,")))
    amzn = h.records()[0]
    assert (amzn.quantity, amzn.market_value) == (None, 19537.60)
    assert h.warnings == (
        no_nav(path),
        ImportWarning(str(path), 5, "U1", "quantity '8O' of AMZN is not a number; left blank"),
    )


def test_an_absurd_value_is_refused_on_its_line(tmp_path: Path) -> None:
    _, err = refused(tmp_path, small(ROW, ROW.replace(",19537.60,", ",1e14,")))
    assert err.line == 6
    assert err.reason == (
        "market value '1e14' of AMZN is not a finite number within ten trillion: "
        "the file is damaged"
    )


# -- detection -----------------------------------------------------------------------------


def test_activity_statement_is_found_by_its_statement_header_within_30_lines() -> None:
    def found(text: str) -> int | None:
        return ibkr.detect_activity(Source.from_text(text, "s.csv"))

    assert found(FULL) == 1
    assert found("note\n" * 29 + FULL) == 30
    assert found("note\n" * 30 + FULL) is None
    assert found("\ufeff" + FULL) == 1
    assert found(FULL.replace("Statement,Header", "Statement,Data", 1)) is None
    assert ibkr_flex.detect_flex(Source.from_text(FULL, "s.csv")) is None


def test_notes_above_the_statement_move_its_line_numbers(tmp_path: Path) -> None:
    _, h = load(tmp_path, "Exported for the review\n\n" + FULL)
    assert [r.source_line for r in h.records()] == [20, 23, 25, 13]
    assert h.accounts[0].reported_total_line == 16


def test_statement_header_past_line_30_is_an_unknown_layout(tmp_path: Path) -> None:
    _, err = refused(tmp_path, "note\n" * 30 + FULL)
    assert err.line == 1 and "unknown layout" in err.reason


def test_empty_file_is_refused(tmp_path: Path) -> None:
    _, err = refused(tmp_path, "")
    assert (err.line, err.reason) == (1, "the file is empty")


def test_statement_cut_inside_a_quoted_cell_is_refused(tmp_path: Path) -> None:
    text = lines(STATEMENT, INFO, NAV, POSITIONS[:2]) + 'Open Positions,Data,Summary,Stocks,"US'
    _, err = refused(tmp_path, text)
    assert err.line == 19 and "unclosed quote" in err.reason


# -- Flex query, plain table ---------------------------------------------------------------

FLEX_HEADER = (
    '"ClientAccountID","AccountAlias","CurrencyPrimary","FXRateToBase","AssetClass","Symbol",'
    '"Description","Conid","Multiplier","ReportDate","Position","MarkPrice","PositionValue",'
    '"CostBasisMoney","FifoPnlUnrealized","LevelOfDetail"'
)
FLEX_ROWS = [
    # 55 x 276.41 = 15,202.55
    '"U2223334","Joint taxable","USD","1","STK","GOOGL","ALPHABET INC-CL A","208813719","1",'
    '"20251114","55","276.41","15202.55","9350","5852.55","SUMMARY"',
    '"U2223334","Joint taxable","USD","1","STK","GOOGL","ALPHABET INC-CL A","208813719","1",'
    '"20251114","30","276.41","8292.3","4800","3492.3","LOT"',
    # in euros, 1.16 dollars each: 10 x 880.50 = 8,805 EUR = 10,213.80 USD
    '"U2223334","Joint taxable","EUR","1.16","STK","ASML","ASML HOLDING NV","117902840","1",'
    '"20251113","10","880.5","8805","7000","1805","SUMMARY"',
    # 2 contracts x 4.15 x 100 = 830
    '"U2223334","Joint taxable","USD","1","OPT","GOOGL 251219C00300000","GOOGL 19DEC25 300 C",'
    '"812345678","100","20251114","2","4.15","830","1100","-270","SUMMARY"',
    FLEX_HEADER,
    # an ETF by name, a stock by its asset class
    '"U9998887","Traditional IRA","USD","1","STK","IWN","ISHARES RUSSELL 2000 VALUE ETF",'
    '"9579970","1","20251114","100","171.2","17120","15000","2120","SUMMARY"',
]
FLEX = lines([FLEX_HEADER], FLEX_ROWS)
PLAIN_UNCHECKED = (
    f"{UNCHECKED}: a Flex query states no totals and, in this plain form, no end marker"
)


def flex_row(**cells: str) -> str:
    """One plain Flex row of account U1; ``cells`` overrides columns by their header name."""
    row = {
        "ClientAccountID": "U1",
        "AccountAlias": "Roth IRA",
        "CurrencyPrimary": "USD",
        "FXRateToBase": "1",
        "AssetClass": "STK",
        "Symbol": "XYZ",
        "Description": "XYZ CORP",
        "Conid": "1",
        "Multiplier": "1",
        "ReportDate": "20251114",
        "Position": "10",
        "MarkPrice": "5",
        "PositionValue": "50",
        "CostBasisMoney": "40",
        "FifoPnlUnrealized": "10",
        "LevelOfDetail": "SUMMARY",
    }
    row.update(cells)
    return ",".join(f'"{v}"' for v in row.values())


def test_flex_plain_table_reads_every_account_and_converts_to_the_base_currency(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, FLEX, "flex.csv")
    assert h.files[0].format == "ibkr-flex-positions"
    assert h.files[0].as_of == date(2025, 11, 14)  # the latest report date
    assert [(a.id, a.name, a.type, a.source) for a in h.accounts] == [
        ("U2223334", "Joint taxable", "taxable", str(path)),
        ("U9998887", "Traditional IRA", "tax_deferred", str(path)),
    ]
    assert all(a.reported_total is None for a in h.accounts)
    recs = h.records()
    assert [r.source_line for r in recs] == [2, 4, 5, 7]
    a, b = "U2223334", "U9998887"
    assert recs[0] == record(
        path, 2, a, "GOOGL", "equity", 55.0, 276.41, 15202.55, 9350.0, 1.0, "ALPHABET INC-CL A"
    )
    asml = recs[1]
    assert (asml.account_id, asml.symbol, asml.asset_type, asml.quantity) == (
        a,
        "ASML",
        "equity",
        10.0,
    )
    assert asml.price == pytest.approx(880.5 * 1.16)
    assert asml.market_value == pytest.approx(8805 * 1.16)
    assert asml.cost_basis == pytest.approx(7000 * 1.16)
    assert asml.multiplier == 1.0
    option = ("GOOGL 251219C00300000", "option", 2.0, 4.15, 830.0, 1100.0, 100.0)
    assert recs[2] == record(path, 5, a, *option, "GOOGL 19DEC25 300 C")
    iwn = ("IWN", "equity", 100.0, 171.2, 17120.0, 15000.0, 1.0)
    assert recs[3] == record(path, 7, b, *iwn, "ISHARES RUSSELL 2000 VALUE ETF")
    assert h.warnings == (ImportWarning(str(path), None, None, PLAIN_UNCHECKED),)


@pytest.mark.parametrize(
    ("detail", "kept"),
    [("SUMMARY", True), ("summary", True), ("", True), ("LOT", False), ("EXECUTION", False)],
)
def test_flex_level_of_detail_keeps_summary_rows_only(
    tmp_path: Path, detail: str, kept: bool
) -> None:
    text = lines([FLEX_HEADER], [flex_row(Symbol="AAA"), flex_row(LevelOfDetail=detail)])
    _, h = load(tmp_path, text, "flex.csv")
    assert [(r.symbol, r.source_line) for r in h.records()] == [("AAA", 2)] + (
        [("XYZ", 3)] if kept else []
    )


def test_flex_without_level_of_detail_or_alias_or_account_columns(tmp_path: Path) -> None:
    header = '"Symbol","Description","Quantity","MarkPrice","PositionValue"'
    text = lines([header], ['"XYZ","XYZ CORP","10","5","50"', '"ABC","ABC CORP","2","3","6"'])
    path, h = load(tmp_path, text, "flex.csv")
    assert [(a.id, a.name, a.type) for a in h.accounts] == [("IBKR", "IBKR", "unknown")]
    # no asset class: "other"; no multiplier, no rate: 1
    assert h.records() == [
        record(path, 2, "IBKR", "XYZ", "other", 10.0, 5.0, 50.0, None, 1.0, "XYZ CORP"),
        record(path, 3, "IBKR", "ABC", "other", 2.0, 3.0, 6.0, None, 1.0, "ABC CORP"),
    ]
    assert h.files[0].as_of is None


def test_flex_blank_account_id_and_alias(tmp_path: Path) -> None:
    text = lines(
        [FLEX_HEADER],
        [flex_row(ClientAccountID="", AccountAlias=""), flex_row(AccountAlias="", Symbol="B")],
    )
    _, h = load(tmp_path, text, "flex.csv")
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        ("IBKR", "IBKR", "unknown"),
        ("U1", "U1", "unknown"),
    ]
    assert [r.account_id for r in h.records()] == ["IBKR", "U1"]


def test_flex_account_named_by_its_first_row(tmp_path: Path) -> None:
    rows = [
        flex_row(),
        flex_row(AccountAlias="Individual", Symbol="B"),
        flex_row(ClientAccountID="U2"),
    ]
    text = lines([FLEX_HEADER], rows)
    _, h = load(tmp_path, text, "flex.csv")
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        ("U1", "Roth IRA", "tax_free"),
        ("U2", "Roth IRA", "tax_free"),
    ]


@pytest.mark.parametrize(
    ("asset_class", "asset_type"),
    [
        ("STK", "equity"),
        ("FUND", "mutual_fund"),
        ("ETF", "etf"),
        ("CASH", "cash"),
        ("FUT", "other"),
        ("CFD", "other"),
        ("WAR", "other"),
    ],
)
def test_flex_asset_class_gives_the_asset_type(
    tmp_path: Path, asset_class: str, asset_type: str
) -> None:
    _, h = load(tmp_path, lines([FLEX_HEADER], [flex_row(AssetClass=asset_class)]), "flex.csv")
    (r,) = h.records()
    assert (r.asset_type, r.quantity, r.price, r.market_value, r.cost_basis, r.multiplier) == (
        asset_type,
        10.0,
        5.0,
        50.0,
        40.0,
        1.0,
    )


@pytest.mark.parametrize("asset_class", ["BOND", "BILL"])
def test_flex_bonds_are_priced_per_100_of_face_value(tmp_path: Path, asset_class: str) -> None:
    row = flex_row(AssetClass=asset_class, Position="10000", MarkPrice="98.5", PositionValue="9850")
    path, h = load(tmp_path, lines([FLEX_HEADER], [row]), "flex.csv")
    (r,) = h.records()
    assert (r.asset_type, r.multiplier, r.market_value) == ("bond", 0.01, 9850.0)
    assert h.warnings == (ImportWarning(str(path), None, None, PLAIN_UNCHECKED),)


@pytest.mark.parametrize(
    ("fx", "said"),
    [
        ("", "none"),
        ("abc", "'abc'"),
        # a long cell is shown by its first 40 characters
        ("n/a " + "x" * 40, repr(("n/a " + "x" * 40)[:40])),
    ],
)
def test_flex_blank_or_unreadable_rate_leaves_a_foreign_value_as_is_and_warns(
    tmp_path: Path, fx: str, said: str
) -> None:
    row = flex_row(CurrencyPrimary="EUR", FXRateToBase=fx)
    path, h = load(tmp_path, lines([FLEX_HEADER], [row]), "flex.csv")
    (r,) = h.records()
    assert (r.price, r.market_value, r.cost_basis) == (5.0, 50.0, 40.0)
    assert [w for w in h.warnings if w.line is not None] == [
        ImportWarning(
            str(path),
            2,
            "U1",
            f"XYZ is valued in EUR, not USD, and its FXRateToBase is unreadable ({said}), so "
            "its value is taken as is",
        )
    ]


@pytest.mark.parametrize("currency", ["USD", "usd", ""])
@pytest.mark.parametrize("fx", ["", "abc"])
def test_flex_dollar_row_without_a_rate_is_taken_as_is_silently(
    tmp_path: Path, fx: str, currency: str
) -> None:
    row = flex_row(CurrencyPrimary=currency, FXRateToBase=fx)
    path, h = load(tmp_path, lines([FLEX_HEADER], [row]), "flex.csv")
    (r,) = h.records()
    assert (r.price, r.market_value, r.cost_basis) == (5.0, 50.0, 40.0)
    assert h.warnings == (ImportWarning(str(path), None, None, PLAIN_UNCHECKED),)


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("FXRateToBase", "0"),
        ("FXRateToBase", "0.00"),
        ("FXRateToBase", "-1.16"),
        ("Multiplier", "-100"),
        ("Multiplier", "-100." + "0" * 40),  # shown by its first 40 characters
    ],
)
def test_flex_zero_or_negative_rate_and_negative_multiplier_are_refused(
    tmp_path: Path, column: str, cell: str
) -> None:
    text = lines([FLEX_HEADER], [flex_row(Symbol="A"), flex_row(**{column: cell})])
    _, err = refused(tmp_path, text)
    assert err.line == 3
    assert err.reason == f"{column} {cell[:40]!r} is not a sane number"


def test_flex_rate_below_one_converts_the_row(tmp_path: Path) -> None:
    # yen at 0.0067 dollars: 100 x 1,500 = 150,000 JPY = 1,005.00 USD
    row = flex_row(
        CurrencyPrimary="JPY",
        FXRateToBase="0.0067",
        Position="100",
        MarkPrice="1500",
        PositionValue="150000",
        CostBasisMoney="120000",
    )
    _, h = load(tmp_path, lines([FLEX_HEADER], [row]), "flex.csv")
    (r,) = h.records()
    assert r.quantity == 100.0
    assert r.price == pytest.approx(1500 * 0.0067)
    assert r.market_value == pytest.approx(150000 * 0.0067)
    assert r.cost_basis == pytest.approx(120000 * 0.0067)


def test_statement_of_two_accounts_is_refused_at_the_second(tmp_path: Path) -> None:
    second = "Account Information,Data,Account,U1112223"
    text = lines(STATEMENT, INFO, [second], NAV, POSITIONS)
    _, err = refused(tmp_path, text)
    assert err.line == line_of(text, second)
    assert err.reason == (
        "a second account (U1112223) after U7654321: this statement covers more than one "
        "account, which this reader cannot split; download one statement per account"
    )


def test_statement_stating_its_account_twice_is_read(tmp_path: Path) -> None:
    again = "Account Information,Data,Account,U7654321"
    _, once = load(tmp_path, lines(STATEMENT, INFO, NAV, POSITIONS), "once.csv")
    _, twice = load(tmp_path, lines(STATEMENT, INFO, [again], NAV, POSITIONS), "twice.csv")
    assert [a.id for a in twice.accounts] == ["U7654321"]
    assert [r.market_value for r in twice.records()] == [r.market_value for r in once.records()]


@pytest.mark.parametrize(
    ("column", "cell"),
    [("FXRateToBase", "inf"), ("FXRateToBase", "1e14"), ("Multiplier", "1e99")],
)
def test_flex_absurd_rate_or_multiplier_is_refused_on_its_line(
    tmp_path: Path, column: str, cell: str
) -> None:
    text = lines([FLEX_HEADER], [flex_row(Symbol="A"), flex_row(**{column: cell})])
    _, err = refused(tmp_path, text)
    assert err.line == 3
    assert err.reason == f"{column} {cell!r} is not a sane number"


def test_flex_missing_value_is_quantity_times_price_converted(tmp_path: Path) -> None:
    row = flex_row(CurrencyPrimary="EUR", FXRateToBase="1.16", PositionValue="")
    _, h = load(tmp_path, lines([FLEX_HEADER], [row]), "flex.csv")
    (r,) = h.records()
    assert r.market_value == pytest.approx(10 * 5 * 1.16)
    assert r.price == pytest.approx(5 * 1.16)
    (w,) = [w for w in h.warnings if w.line is not None]
    assert (w.line, w.account_id) == (2, "U1")
    assert w.message.startswith("XYZ: no market value in the file; quantity x price")


@pytest.mark.parametrize(
    ("multiplier", "used", "value"),
    [
        ("10", 10.0, 80.0),  # a mini option: 2 contracts x 4.00 x 10
        ("100", 100.0, 800.0),  # 2 x 4.00 x 100
        ("", 100.0, 800.0),  # no multiplier stated: an option is 100 a contract
    ],
)
def test_flex_missing_value_is_computed_with_the_rows_multiplier(
    tmp_path: Path, multiplier: str, used: float, value: float
) -> None:
    row = flex_row(
        AssetClass="OPT",
        Symbol="XSP",
        Multiplier=multiplier,
        Position="2",
        MarkPrice="4",
        PositionValue="",
    )
    path, h = load(tmp_path, lines([FLEX_HEADER], [row]), "flex.csv")
    assert h.records() == [
        record(path, 2, "U1", "XSP", "option", 2.0, 4.0, value, 40.0, used, "XYZ CORP")
    ]
    assert h.warnings == (
        ImportWarning(str(path), None, None, PLAIN_UNCHECKED),
        ImportWarning(
            str(path),
            2,
            "U1",
            f"XSP: no market value in the file; quantity x price (${value:,.2f}) is used",
        ),
    )


def test_flex_row_without_value_quantity_or_price_is_refused(tmp_path: Path) -> None:
    row = flex_row(Symbol="B", Position="", PositionValue="")
    _, err = refused(tmp_path, lines([FLEX_HEADER], [flex_row(), row]))
    assert err.line == 3
    assert err.reason == (
        "the row for B has no market value and no quantity and price to compute it from"
    )


def test_flex_report_date_is_the_latest_readable_one(tmp_path: Path) -> None:
    rows = [
        flex_row(ReportDate="2025-11-13"),
        flex_row(ReportDate="20251115", Symbol="B"),
        flex_row(ReportDate="soon", Symbol="C"),
    ]
    _, h = load(tmp_path, lines([FLEX_HEADER], rows), "flex.csv")
    assert h.files[0].as_of == date(2025, 11, 15)
    _, h = load(tmp_path, lines([FLEX_HEADER], [flex_row(ReportDate="")]), "flex.csv")
    assert h.files[0].as_of is None


@pytest.mark.parametrize("marker", ["BOA", "EOA", "BOS", "EOS", "HEADER", "DATA"])
def test_flex_plain_table_passes_over_section_marker_lines(tmp_path: Path, marker: str) -> None:
    text = lines([FLEX_HEADER], [f'"{marker}","U1","x"', flex_row()])
    _, h = load(tmp_path, text, "flex.csv")
    assert [(r.symbol, r.source_line) for r in h.records()] == [("XYZ", 3)]


def test_flex_plain_table_between_header_and_trailer_records_is_read_and_ends_at_eof(
    tmp_path: Path,
) -> None:
    # "Include header and trailer records" without section codes: BOF, the plain table, EOF;
    # two such downloads pasted into one file hold both tables
    bof = '"BOF","U1","Open_Positions","1","20251114","20251114"'
    eof = '"EOF","U1","Open_Positions","1","20251114","20251114"'
    one = [bof, FLEX_HEADER, flex_row(), eof]
    two = [flex_row(ClientAccountID="U2", Symbol="B")]
    path, h = load(tmp_path, lines(one, [bof, FLEX_HEADER], two, [eof]), "flex.csv")
    xyz = ("equity", 10.0, 5.0, 50.0, 40.0, 1.0, "XYZ CORP")
    assert h.records() == [record(path, 3, "U1", "XYZ", *xyz), record(path, 7, "U2", "B", *xyz)]
    assert h.warnings == (
        ImportWarning(str(path), None, None, f"{UNCHECKED}: a Flex query states no totals"),
    )
    path, h = load(tmp_path, lines(one), "one.csv")
    assert h.records() == [record(path, 3, "U1", "XYZ", *xyz)]


def test_flex_row_short_of_its_last_cells_reads_them_as_blank(tmp_path: Path) -> None:
    # the row stops before LevelOfDetail, the last column: a blank detail is a summary row
    short = flex_row().rsplit(",", 1)[0]
    path, h = load(tmp_path, lines([FLEX_HEADER], [short]), "flex.csv")
    assert h.records() == [
        record(path, 2, "U1", "XYZ", "equity", 10.0, 5.0, 50.0, 40.0, 1.0, "XYZ CORP")
    ]


def test_flex_header_only_holds_no_positions(tmp_path: Path) -> None:
    _, err = refused(tmp_path, lines([FLEX_HEADER]) + "\n\n")
    assert (err.line, err.reason) == (1, "ibkr-flex-positions: the file holds no positions")


def test_flex_is_found_by_a_header_with_symbol_quantity_mark_price_and_value() -> None:
    def found(text: str) -> int | None:
        return ibkr_flex.detect_flex(Source.from_text(text, "f.csv"))

    assert found(FLEX) == 1
    assert found("title\n" * 29 + FLEX) == 30
    assert found("title\n" * 30 + FLEX) is None
    for column in ('"Symbol"', '"MarkPrice"', '"PositionValue"', '"Position"'):
        assert found(FLEX.replace(column, '"Other"')) is None, column
    assert found(FLEX.replace('"Position"', '"Quantity"')) == 1
    assert ibkr.detect_activity(Source.from_text(FLEX, "f.csv")) is None


# -- Flex query, HEADER/DATA form ----------------------------------------------------------

SECTIONS = [
    '"BOF","U5556667","Open_Positions","1","20251114","20251114"',  # 1
    '"BOA","U5556667"',  # 2
    '"BOS","POST","Open Positions"',  # 3
    '"HEADER","POST","ClientAccountID","CurrencyPrimary","AssetClass","Symbol","Description",'
    '"Multiplier","ReportDate","Quantity","MarkPrice","PositionValue","CostBasisMoney",'
    '"LevelOfDetail"',  # 4
    # 140 x 99.12 = 13,876.80
    '"DATA","POST","U5556667","USD","STK","AVUV","AVANTIS U.S. SMALL CAP VALUE ETF","1",'
    '"20251114","140","99.12","13876.8","12600","SUMMARY"',  # 5
    '"DATA","POST","U5556667","USD","STK","AVUV","AVANTIS U.S. SMALL CAP VALUE ETF","1",'
    '"20251114","140","99.12","13876.8","12600","LOT"',  # 6
    # 35 x 190.17 = 6,655.95
    '"DATA","POST","U5556667","USD","STK","NVDA","NVIDIA CORP","1","20251114","35","190.17",'
    '"6655.95","1400","SUMMARY"',  # 7
    '"EOS","POST"',  # 8
    '"BOS","TRNT","Trades"',  # 9
    '"HEADER","TRNT","ClientAccountID","Symbol","Quantity","TradePrice"',  # 10
    '"DATA","TRNT","U5556667","NVDA","5","180.00"',  # 11
    '"EOS","TRNT"',  # 12
    '"EOA","U5556667"',  # 13
    '"EOF","U5556667","Open_Positions","1","20251114","20251114"',  # 14
]


def test_flex_header_data_form_reads_its_post_section(tmp_path: Path) -> None:
    path, h = load(tmp_path, lines(SECTIONS), "flex.csv")
    assert h.files[0].format == "ibkr-flex-positions"
    assert h.files[0].as_of == date(2025, 11, 14)
    assert [(a.id, a.name, a.type) for a in h.accounts] == [("U5556667", "U...6667", "unknown")]
    a = "U5556667"
    avuv = ("AVUV", "equity", 140.0, 99.12, 13876.8, 12600.0, 1.0)
    assert h.records() == [
        record(path, 5, a, *avuv, "AVANTIS U.S. SMALL CAP VALUE ETF"),
        record(path, 7, a, "NVDA", "equity", 35.0, 190.17, 6655.95, 1400.0, 1.0, "NVIDIA CORP"),
    ]
    assert h.warnings == (
        ImportWarning(str(path), None, None, f"{UNCHECKED}: a Flex query states no totals"),
    )


def test_flex_header_data_form_without_its_eof_line_is_refused(tmp_path: Path) -> None:
    _, err = refused(tmp_path, lines(SECTIONS[:-1]) + "\n")
    assert err.line == 13
    assert err.reason == (
        "the file ends before its EOF line (a Flex query in HEADER/DATA form ends with one): "
        "it looks cut off; download it again"
    )
    _, err = refused(tmp_path, lines(SECTIONS[:6]))
    assert err.line == 6 and "EOF line" in err.reason


def test_flex_header_data_form_is_found_by_its_post_header() -> None:
    src = Source.from_text(lines(SECTIONS), "f.csv")
    assert ibkr_flex.detect_flex(src) == 4
    assert ibkr.detect_activity(src) is None


def test_flex_data_row_above_its_header_is_refused_naming_it(tmp_path: Path) -> None:
    moved = [SECTIONS[0], SECTIONS[6], *SECTIONS[1:6], *SECTIONS[7:]]  # NVDA on line 2
    _, err = refused(tmp_path, lines(moved))
    assert err.line == 2
    assert err.reason == (
        "a DATA row of the positions section (POST) above its HEADER row: the file is damaged; "
        "download it again"
    )


def test_flex_another_sections_rows_above_the_post_header_are_passed_over(
    tmp_path: Path,
) -> None:
    # the Trades section (TRNT) first: its HEADER and DATA rows are not positions
    moved = [*SECTIONS[:2], *SECTIONS[8:12], *SECTIONS[2:8], *SECTIONS[12:]]
    path, h = load(tmp_path, lines(moved), "flex.csv")
    assert [(r.symbol, r.market_value, r.source_line) for r in h.records()] == [
        ("AVUV", 13876.8, 9),
        ("NVDA", 6655.95, 11),
    ]
    assert h.warnings == (
        ImportWarning(str(path), None, None, f"{UNCHECKED}: a Flex query states no totals"),
    )
