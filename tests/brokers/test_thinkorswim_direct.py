"""thinkorswim "Account Statement" CSVs, read directly (``planner/brokers/thinkorswim.py``), one
branch at a time.

Every statement is written here as text in the real layout - the title, then sections each
a title line, a header and rows, separated by blank lines - its sections copied from
``tests/data/thinkorswim_*.csv`` (a statement with equities and options, a paperMoney one, one
without an account number, a cash-only one) and
``../shared/samples/brokers/thinkorswim/account-statement-2025-12.csv`` (Futures, Forex and
Crypto statements, order history with its sub-rows, Profits and Losses), and every expected
figure is worked out from that text: the account's number, name and type, the title's date,
each row's symbol, description, type, quantity, price, market value, multiplier and line, the
Total Cash and Net Liquidating Value lines, each refusal's line and words, each warning.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from planner.brokers import thinkorswim
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import Household, ImportWarning, PositionRecord
from tests.brokers.direct import line_of, load_text, position, refused_text

# -- the layout ----------------------------------------------------------------------------

TITLE = "Account Statement for 12345678SCHW (Individual) since 11/1/25 through 11/21/25"
ACCOUNT = "12345678SCHW"
CASH_BALANCE = [
    "Cash Balance",
    "DATE,TIME,TYPE,REF #,DESCRIPTION,Misc Fees,Commissions & Fees,AMOUNT,BALANCE",
    '11/1/25,01:00:00,BAL,,Cash balance at the start of business day 01.11 CST,,,,"8,200.00"',
    '11/18/25,10:02:11,TRD,="1005123456789",SOLD -5 QQQ @610.10,-0.02,,"3,050.48","11,250.48"',
    ',,,,TOTAL,($0.02),,"$3,050.48","$11,250.48"',
]
ORDER_HISTORY = [
    "Account Order History",
    "Notes,,Time Placed,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,PRICE,,TIF,Status",
    ",,11/18/25 10:01:40,STOCK,SELL,-5,TO CLOSE,QQQ,,,STOCK,~,MKT,DAY,FILLED",
]
EQUITIES_HEADER = "Symbol,Description,Qty,Trade Price,Mark,Mark Value"
QQQ = 'QQQ,INVESCO QQQ TR UNIT SER 1,+20,400.00,603.55,"$12,071.00"'  # 20 x 603.55
QQQ_READ = ("INVESCO QQQ TR UNIT SER 1", "equity", 20.0, 603.55, 12071.00, None)
EYPT = 'EYPT,EYEPOINT PHARMACEUTICALS INC,+400,9.80,14.35,"$5,740.00"'  # 400 x 14.35
EYPT_READ = ("EYEPOINT PHARMACEUTICALS INC", "equity", 400.0, 14.35, 5740.00, None)
EQUITIES = ["Equities", EQUITIES_HEADER, QQQ, EYPT, ',OVERALL TOTALS,,,,"$17,811.00"']
OPTIONS_HEADER = "Symbol,Option Code,Exp,Strike,Type,Qty,Trade Price,Mark,Mark Value"
PUT = "QQQ,QQQ251219P550,19 DEC 25,550,PUT,+1,6.20,4.85,$485.00"  # 1 x 4.85 x 100
PUT_READ = ("", "option", 1.0, 4.85, 485.00, None, 100.0)
OPTIONS = ["Options", OPTIONS_HEADER, PUT, ",OVERALL TOTALS,,,,,,,$485.00"]
TOTAL_CASH = ['"Total Cash $11,250.48"']
SUMMARY = [
    "Account Summary",
    'Net Liquidating Value,"$29,546.48"',  # 12,071.00 + 5,740.00 + 485.00 + 11,250.48
    'Stock Buying Power,"$11,250.48"',
]
NET_LIQ = "Net Liquidating Value"


def statement(*sections: list[str], title: str = TITLE) -> str:
    """The title, then each section after a blank line."""
    lines = [title]
    for section in sections:
        lines += ["", *section]
    return "\n".join(lines) + "\n"


def summary(net_liq: str) -> list[str]:
    return ["Account Summary", f"{NET_LIQ},{net_liq}"]


def equities(*rows: str, closing: str = ',OVERALL TOTALS,,,,"$0.00"') -> list[str]:
    return ["Equities", EQUITIES_HEADER, *rows, closing]


#: The statement of tests/data/thinkorswim_statement_2025.csv, section by section.
FULL = statement(CASH_BALANCE, ORDER_HISTORY, EQUITIES, OPTIONS, TOTAL_CASH, SUMMARY)


def load(tmp_path: Path, text: str) -> tuple[Path, Household]:
    return load_text(tmp_path, text, "statement.csv")


def refused(tmp_path: Path, text: str) -> InputError:
    return refused_text(tmp_path, text, "statement.csv")[1]


record = position


def cash_record(path: Path, line: int, account: str, value: float) -> PositionRecord:
    """What a ``Total Cash $...`` line must become."""
    return position(path, line, account, "CASH", "Cash balance", "cash", None, None, value, None)


def accounts_of(h: Household) -> list[tuple[str, str, str, float | None, int | None, str]]:
    return [
        (a.id, a.name, a.type, a.reported_total, a.reported_total_line, a.reported_total_label)
        for a in h.accounts
    ]


def content_id(text: str, title_line: int) -> str:
    """The id of an unnumbered account: eight hex digits of the text from its title line."""
    rest = "".join(text.splitlines(keepends=True)[title_line - 1 :])
    return "thinkorswim-" + hashlib.sha256(rest.encode("utf-8")).hexdigest()[:8]


# -- whole statements ----------------------------------------------------------------------


def test_statement_reads_equities_options_total_cash_and_net_liquidating_value(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, FULL)
    assert h.files[0].format == "thinkorswim-statement"
    assert h.files[0].as_of == date(2025, 11, 21)
    net_liq = line_of(FULL, NET_LIQ)
    assert net_liq == 27
    assert accounts_of(h) == [
        (ACCOUNT, "Individual", "taxable", 29546.48, net_liq, "Net Liquidating Value")
    ]
    assert h.accounts[0].source == str(path)
    assert h.records() == [
        record(path, line_of(FULL, "QQQ,INVESCO"), ACCOUNT, "QQQ", *QQQ_READ),
        record(path, line_of(FULL, "EYPT,"), ACCOUNT, "EYPT", *EYPT_READ),
        # the contract is named by its option code; the section has no Description column
        record(path, line_of(FULL, "QQQ251219P550"), ACCOUNT, "QQQ251219P550", *PUT_READ),
        cash_record(path, line_of(FULL, "Total Cash"), ACCOUNT, 11250.48),
    ]
    assert [r.source_line for r in h.records()] == [15, 16, 21, 24]
    assert h.total == pytest.approx(29546.48)
    assert h.warnings == ()


def test_every_other_section_of_a_statement_adds_no_position(tmp_path: Path) -> None:
    # the sample's sections: ledgers of futures, forex and crypto cash, order and trade
    # history, and Profits and Losses - whose Symbol and Mark Value columns are not holdings
    text = statement(
        [
            "Cash Balance",
            "DATE,TIME,TYPE,REF #,DESCRIPTION,Misc Fees,Commissions & Fees,AMOUNT,BALANCE",
            "12/5/25,01:00:00,BAL,,Cash balance at the start of business day 05.12 CST,,,,"
            '"14,714.44"',
            ',,,,TOTAL,($0.04),,($110.00),"$14,604.40"',
        ],
        [
            "Futures Statements",
            "Trade Date,Exec Date,Exec Time,Type,Ref #,Description,Misc Fees,"
            "Commissions & Fees,Amount,Balance",
            "12/5/25,12/5/25,01:00:00,BAL,--,Futures cash balance at the start of business day "
            "05.12 CST,--,--,--,0.00",
        ],
        [
            "Forex Statements",
            ",Date,Time,Type,Ref #,Description,Commissions & Fees,Amount,Amount(USD),Balance",
        ],
        [
            "Crypto (trading provided by Schwab Digital Assets) Statements",
            "Trade Date,Exec Date,Exec Time,Type,Ref #,Description,Commissions & Fees,Amount,"
            "Balance",
        ],
        [" ", '"Total Cash $14,604.40"'],
        [
            "Account Order History",
            ORDER_HISTORY[1],
            ",,12/5/25 10:41:21,STOCK,SELL,-250,TO CLOSE,IRBT,,,STOCK,4.75,LMT,DAY,CANCELED",
            ",,,RE #1004844804621,,,,,,,,,,,",
            ",,,TRG BY #1004844804619,,,,,,,,,,,",
        ],
        [
            "Account Trade History",
            ",Exec Time,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,Price,Net Price,"
            "Order Type",
            ",12/5/25 14:06:42,STOCK,SELL,-250,TO CLOSE,IRBT,,,STOCK,3.71,3.71,STP",
        ],
        equities(
            'MDT,MEDTRONIC PLC,+100,93.7199,101.36,"$10,136.00"',  # 100 x 101.36
            closing=',OVERALL TOTALS,,,,"$10,136.00"',
        ),
        [
            "Profits and Losses",
            "Symbol,Description,P/L Open,P/L %,P/L Day,P/L YTD,P/L Diff,Margin Req,Mark Value",
            "ARQ,ARQ INC,$0.00,0.00%,$0.00,$2.00,N/A,$0.00,$0.00",
            'MDT,MEDTRONIC PLC,$764.01,+8.15%,$0.00,$764.01,N/A,$0.00,"$10,136.00"',
            ',OVERALL TOTALS,$764.01,+8.15%,$0.00,$873.77,N/A,$0.00,"$10,136.00"',
        ],
        # 10,136.00 + 14,604.40
        [
            *summary('"$24,740.40"'),
            'Stock Buying Power,"$14,604.40"',
            "Crypto Trading Fees YTD,N/A",
        ],
        title="Account Statement for 10000008SCHW (Contributory IRA) since 12/5/25 through 12/6/25",
    )
    path, h = load(tmp_path, text)
    assert h.files[0].as_of == date(2025, 12, 6)
    a = "10000008SCHW"
    mdt = ("MEDTRONIC PLC", "equity", 100.0, 101.36, 10136.00, None)
    assert accounts_of(h) == [
        (a, "Contributory IRA", "tax_deferred", 24740.40, line_of(text, NET_LIQ), NET_LIQ)
    ]
    assert h.records() == [
        record(path, line_of(text, "MDT,MEDTRONIC PLC,+100"), a, "MDT", *mdt),
        cash_record(path, line_of(text, "Total Cash"), a, 14604.40),
    ]
    assert h.warnings == ()


PAPER_NOTICE = "This document was exported from the paperMoney platform."
PAPER_TITLE = "Account Statement for D-81234567 (margin) since 11/3/25 through 11/7/25"
PAPER_SECTIONS = [
    equities(
        'CELH,CELSIUS HOLDINGS INC,+150,44.20,46.05,"$6,907.50"',  # 150 x 46.05
        closing=',OVERALL TOTALS,,,,"$6,907.50"',
    ),
    ['"Total Cash $93,370.00"'],
    summary('"$100,277.50"'),  # 6,907.50 + 93,370.00
]


@pytest.mark.parametrize("above", [[PAPER_NOTICE, ""], ["", PAPER_NOTICE, ""]])
def test_a_papermoney_statement_is_named_paper_trading_with_a_warning_at_its_notice(
    tmp_path: Path, above: list[str]
) -> None:
    text = "\n".join(above) + "\n" + statement(*PAPER_SECTIONS, title=PAPER_TITLE)
    path, h = load(tmp_path, text)
    assert h.files[0].as_of == date(2025, 11, 7)
    a = "D-81234567"
    assert accounts_of(h) == [
        (a, "margin (paper trading)", "unknown", 100277.50, line_of(text, NET_LIQ), NET_LIQ)
    ]
    celh = ("CELSIUS HOLDINGS INC", "equity", 150.0, 46.05, 6907.50, None)
    assert h.records() == [
        record(path, line_of(text, "CELH,"), a, "CELH", *celh),
        cash_record(path, line_of(text, "Total Cash"), a, 93370.00),
    ]
    assert h.warnings == (
        ImportWarning(
            str(path),
            line_of(text, "paperMoney"),
            a,
            "a paperMoney statement: simulated trading, not real holdings",
        ),
    )


def test_papermoney_named_below_the_title_does_not_make_a_paper_statement(
    tmp_path: Path,
) -> None:
    _, h = load(tmp_path, statement([PAPER_NOTICE], *PAPER_SECTIONS, title=PAPER_TITLE))
    assert [a.name for a in h.accounts] == ["margin"]
    assert h.warnings == ()


NO_NUMBER = "Account Statement for  (Contributory IRA) since 10/1/25 through 10/3/25"
KLIC_SECTIONS = [
    equities(
        'KLIC,KULICKE & SOFFA INDS INC,+60,38.45,39.12,"$2,347.20"',  # 60 x 39.12
        closing=',OVERALL TOTALS,,,,"$2,347.20"',
    ),
    ['"Total Cash $4,003.25"'],
    summary('"$6,350.45"'),  # 2,347.20 + 4,003.25
]


def no_number_warning(path: Path, line: int, account: str) -> ImportWarning:
    return ImportWarning(
        str(path),
        line,
        account,
        "the statement's title names no account number; imported as account "
        f"{account!r}, an id made from the file's content - rename it in the app",
    )


def test_a_title_without_an_account_number_gets_an_id_made_from_the_text_with_a_warning(
    tmp_path: Path,
) -> None:
    text = statement(*KLIC_SECTIONS, title=NO_NUMBER)
    a = content_id(text, 1)
    path, h = load(tmp_path, text)
    assert accounts_of(h) == [
        (a, "Contributory IRA", "tax_deferred", 6350.45, line_of(text, NET_LIQ), NET_LIQ)
    ]
    klic = ("KULICKE & SOFFA INDS INC", "equity", 60.0, 39.12, 2347.20, None)
    assert h.records() == [
        record(path, line_of(text, "KLIC,"), a, "KLIC", *klic),
        cash_record(path, line_of(text, "Total Cash"), a, 4003.25),
    ]
    assert h.warnings == (no_number_warning(path, 1, a),)


def test_the_made_up_id_is_the_same_whatever_notes_are_above_the_title(tmp_path: Path) -> None:
    text = statement(*KLIC_SECTIONS, title=NO_NUMBER)
    noted = "my notes\n\n" + text
    path, h = load(tmp_path, noted)
    assert content_id(noted, 3) == content_id(text, 1)
    assert [a.id for a in h.accounts] == [content_id(text, 1)]
    assert h.warnings == (no_number_warning(path, 3, content_id(text, 1)),)
    other = text.replace("+60,38.45", "+61,38.45")
    _, h = load(tmp_path, other)
    assert [a.id for a in h.accounts] == [content_id(other, 1)] != [content_id(text, 1)]


def test_a_cash_only_statement_holds_its_total_cash(tmp_path: Path) -> None:
    text = statement(
        CASH_BALANCE,
        [
            "Futures Statements",
            "Trade Date,Exec Date,Exec Time,Type,Ref #,Description,Misc Fees,"
            "Commissions & Fees,Amount,Balance",
        ],
        [" ", '"Total Cash $13,980.00"'],
        summary('"$13,980.00"'),
        title="Account Statement for  (Individual) since 9/29/25 through 10/3/25",
    )
    a = content_id(text, 1)
    path, h = load(tmp_path, text)
    assert accounts_of(h) == [
        (a, "Individual", "taxable", 13980.00, line_of(text, NET_LIQ), NET_LIQ)
    ]
    assert h.records() == [cash_record(path, line_of(text, "Total Cash"), a, 13980.00)]
    assert h.warnings == (no_number_warning(path, 1, a),)


# -- the title -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Individual", "taxable"),
        ("Contributory IRA", "tax_deferred"),
        ("Roth IRA", "tax_free"),
        ("margin", "unknown"),
    ],
)
def test_the_name_in_parentheses_names_and_types_the_account(
    tmp_path: Path, name: str, kind: str
) -> None:
    title = f"Account Statement for 12345678SCHW ({name}) since 11/1/25 through 11/21/25"
    _, h = load(tmp_path, statement(TOTAL_CASH, summary('"$11,250.48"'), title=title))
    assert [(a.id, a.name, a.type) for a in h.accounts] == [(ACCOUNT, name, kind)]


def test_a_title_without_a_name_names_the_account_by_its_masked_number(tmp_path: Path) -> None:
    title = "Account Statement for 12345678SCHW since 11/1/25 through 11/21/25"
    path, h = load(tmp_path, statement(TOTAL_CASH, summary('"$11,250.48"'), title=title))
    # the number is the name; a name never shows more than the last four of its digits
    assert accounts_of(h) == [(ACCOUNT, "...5678SCHW", "unknown", 11250.48, 6, NET_LIQ)]
    assert h.records() == [cash_record(path, 3, ACCOUNT, 11250.48)]
    assert h.warnings == ()


@pytest.mark.parametrize(
    ("through", "as_of"),
    [("11/21/25", date(2025, 11, 21)), ("12/6/2025", date(2025, 12, 6)), ("13/45/25", None)],
)
def test_the_statement_is_as_of_the_date_its_title_runs_through(
    tmp_path: Path, through: str, as_of: date | None
) -> None:
    title = f"Account Statement for 12345678SCHW (Individual) since 11/1/25 through {through}"
    _, h = load(tmp_path, statement(TOTAL_CASH, summary('"$11,250.48"'), title=title))
    assert h.files[0].as_of == as_of


# -- positions -----------------------------------------------------------------------------


def test_equities_are_valued_at_their_mark_and_a_short_position_is_negative(
    tmp_path: Path,
) -> None:
    short = 'EYPT,EYEPOINT PHARMACEUTICALS INC,-10,9.80,14.35,"($143.50)"'  # -10 x 14.35
    text = statement(equities(QQQ, short), TOTAL_CASH, summary('"$23,177.98"'))
    path, h = load(tmp_path, text)
    eypt = ("EYEPOINT PHARMACEUTICALS INC", "equity", -10.0, 14.35, -143.50, None)
    # 12,071.00 - 143.50 + 11,250.48 = 23,177.98
    assert h.records() == [
        record(path, 5, ACCOUNT, "QQQ", *QQQ_READ),
        record(path, 6, ACCOUNT, "EYPT", *eypt),
        cash_record(path, 9, ACCOUNT, 11250.48),
    ]
    assert h.warnings == ()


def test_an_option_is_named_by_its_code_else_by_its_symbol(tmp_path: Path) -> None:
    short = "QQQ,,19 DEC 25,550,PUT,-2,6.20,4.85,($970.00)"  # -2 x 4.85 x 100, no code
    options = ["Options", OPTIONS_HEADER, PUT, short, ",OVERALL TOTALS,,,,,,,($485.00)"]
    text = statement(options, TOTAL_CASH, summary('"$10,765.48"'))  # 485 - 970 + 11,250.48
    path, h = load(tmp_path, text)
    assert h.records() == [
        record(path, 5, ACCOUNT, "QQQ251219P550", *PUT_READ),
        record(path, 6, ACCOUNT, "QQQ", "", "option", -2.0, 4.85, -970.00, None, 100.0),
        cash_record(path, 9, ACCOUNT, 11250.48),
    ]
    assert h.warnings == ()


def test_an_option_whose_mark_is_per_contract_has_a_multiplier_of_one(tmp_path: Path) -> None:
    per_contract = "QQQ,QQQ251219P550,19 DEC 25,550,PUT,+1,620.00,485.00,$485.00"  # 1 x 485.00
    options = ["Options", OPTIONS_HEADER, per_contract, ",OVERALL TOTALS,,,,,,,$485.00"]
    path, h = load(tmp_path, statement(options, TOTAL_CASH, summary('"$11,735.48"')))
    assert h.records()[0] == record(
        path, 5, ACCOUNT, "QQQ251219P550", "", "option", 1.0, 485.00, 485.00, None, 1.0
    )
    assert h.warnings == ()


@pytest.mark.parametrize("last", [True, False])
def test_a_description_with_total_in_it_is_a_position_not_the_closing_row(
    tmp_path: Path, last: bool
) -> None:
    vti = 'VTI,VANGUARD TOTAL STOCK MARKET ETF,+10,250.00,302.10,"$3,021.00"'  # 10 x 302.10
    rows = [QQQ, vti] if last else [vti, QQQ]
    text = statement(equities(*rows), TOTAL_CASH, summary('"$26,342.48"'))
    path, h = load(tmp_path, text)
    read = ("VANGUARD TOTAL STOCK MARKET ETF", "etf", 10.0, 302.10, 3021.00, None)
    expected = [
        record(path, line_of(text, "QQQ,"), ACCOUNT, "QQQ", *QQQ_READ),
        record(path, line_of(text, "VTI,"), ACCOUNT, "VTI", *read),
    ]
    # 12,071.00 + 3,021.00 + 11,250.48 = 26,342.48
    assert h.records()[:2] == (expected if last else expected[::-1])
    assert h.warnings == ()


def test_blank_lines_inside_a_section_are_read_through(tmp_path: Path) -> None:
    text = statement(
        ["Equities", EQUITIES_HEADER, QQQ, "", EYPT, ',OVERALL TOTALS,,,,"$17,811.00"'],
        TOTAL_CASH,
        summary('"$29,061.48"'),  # 12,071.00 + 5,740.00 + 11,250.48
    )
    path, h = load(tmp_path, text)
    assert h.records()[:2] == [
        record(path, 5, ACCOUNT, "QQQ", *QQQ_READ),
        record(path, 7, ACCOUNT, "EYPT", *EYPT_READ),
    ]
    assert h.warnings == ()


def test_a_blank_line_before_the_overall_totals_row_is_read_through(tmp_path: Path) -> None:
    # the closing row has two cells filled, as few as a row after a blank line may have
    closing = ',OVERALL TOTALS,,,,"$12,071.00"'
    text = statement(["Equities", EQUITIES_HEADER, QQQ, "", closing], TOTAL_CASH, SUMMARY)
    path, h = load(tmp_path, text)
    assert h.records()[0] == record(path, 5, ACCOUNT, "QQQ", *QQQ_READ)
    assert [r.symbol for r in h.records()] == ["QQQ", "CASH"]


def test_a_section_that_ends_the_file_is_read_to_its_last_line(tmp_path: Path) -> None:
    # the Account Summary above the positions: the Equities section's closing row is the
    # file's last line
    text = statement(TOTAL_CASH, summary('"$29,061.48"'), EQUITIES)  # 12,071 + 5,740 + 11,250.48
    path, h = load(tmp_path, text)
    assert h.records() == [
        record(path, line_of(text, "QQQ,INVESCO"), ACCOUNT, "QQQ", *QQQ_READ),
        record(path, line_of(text, "EYPT,"), ACCOUNT, "EYPT", *EYPT_READ),
        cash_record(path, 3, ACCOUNT, 11250.48),
    ]
    assert line_of(text, "OVERALL TOTALS") == len(text.splitlines())
    assert h.warnings == ()


def test_a_section_whose_header_ends_the_file_is_refused_as_cut_at_its_header(
    tmp_path: Path,
) -> None:
    text = statement(TOTAL_CASH, SUMMARY, ["Equities", EQUITIES_HEADER])
    err = refused(tmp_path, text)
    assert err.line == line_of(text, EQUITIES_HEADER) == len(text.splitlines()) == 10
    assert err.reason == (
        "the Equities section (line 9) ends without its OVERALL TOTALS row: the file is "
        "damaged or cut; download it again"
    )


def test_a_header_of_symbol_and_mark_value_alone_is_enough(tmp_path: Path) -> None:
    section = ["Equities", "Symbol,Mark Value", 'QQQ,"$12,071.00"', ",OVERALL TOTALS"]
    text = statement(section, TOTAL_CASH, summary('"$23,321.48"'))  # 12,071.00 + 11,250.48
    _, h = load(tmp_path, text)
    assert [
        (r.symbol, r.quantity, r.price, r.market_value, r.source_line) for r in h.records()
    ] == [
        ("QQQ", None, None, 12071.00, 5),
        ("CASH", None, None, 11250.48, line_of(text, "Total Cash")),
    ]
    assert h.warnings == ()


@pytest.mark.parametrize(
    "no_value",
    [
        "QQQ,INVESCO QQQ TR UNIT SER 1,+20,400.00,603.55,",  # Mark Value blank
        "QQQ,INVESCO QQQ TR UNIT SER 1,+20,400.00,603.55",  # the row stops before it
    ],
)
def test_a_missing_mark_value_is_quantity_times_mark_with_a_warning(
    tmp_path: Path, no_value: str
) -> None:
    text = statement(equities(no_value), TOTAL_CASH, summary('"$23,321.48"'))
    path, h = load(tmp_path, text)
    assert h.records()[0] == record(path, 5, ACCOUNT, "QQQ", *QQQ_READ)  # 20 x 603.55
    assert h.warnings == (
        ImportWarning(
            str(path),
            5,
            ACCOUNT,
            "QQQ: no market value in the file; quantity x price ($12,071.00) is used",
        ),
    )


def test_a_garbled_number_is_left_blank_with_a_warning_naming_its_line(tmp_path: Path) -> None:
    garbled = EYPT.replace("+400", "+4O0")
    text = statement(equities(QQQ, garbled), TOTAL_CASH, summary('"$29,061.48"'))
    path, h = load(tmp_path, text)
    assert h.records()[1] == record(path, 6, ACCOUNT, "EYPT", *EYPT_READ[:2], None, *EYPT_READ[3:])
    assert h.warnings == (
        ImportWarning(str(path), 6, ACCOUNT, "quantity '+4O0' of EYPT is not a number; left blank"),
    )


@pytest.mark.parametrize(("cell", "what"), [("1e14", "market value"), ("inf", "price")])
def test_an_absurd_number_is_refused_on_its_line(tmp_path: Path, cell: str, what: str) -> None:
    bad = (
        EYPT.replace('"$5,740.00"', cell) if what == "market value" else EYPT.replace("14.35", cell)
    )
    err = refused(tmp_path, statement(equities(QQQ, bad), TOTAL_CASH, summary('"$1.00"')))
    assert err.line == 6
    assert err.reason == (
        f"{what} {cell!r} of EYPT is not a finite number within ten trillion: the file is damaged"
    )


# -- Total Cash ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "value"),
    [('"Total Cash ($110.00)"', -110.00), ("Total Cash $110.00", 110.00)],
)
def test_total_cash_is_read_negative_in_parentheses_and_quoted_or_not(
    tmp_path: Path, line: str, value: float
) -> None:
    path, h = load(tmp_path, statement([line], summary(f"{value}")))
    assert h.records() == [cash_record(path, 3, ACCOUNT, value)]
    assert h.warnings == ()


@pytest.mark.parametrize("line", ['"Total Cash $11,2S0.48"', '"Total Cash $11,250.48X"'])
def test_total_cash_that_is_not_a_number_is_refused_on_its_line(tmp_path: Path, line: str) -> None:
    err = refused(tmp_path, statement([line], SUMMARY))
    assert err.line == 3
    assert err.reason == (
        "the row for CASH has no market value and no quantity and price to compute it from"
    )


def test_total_cash_on_the_last_line_is_read(tmp_path: Path) -> None:
    text = statement(SUMMARY, EQUITIES, OPTIONS, TOTAL_CASH)
    path, h = load(tmp_path, text)
    assert line_of(text, "Total Cash") == len(text.splitlines())
    assert h.records()[-1] == cash_record(path, len(text.splitlines()), ACCOUNT, 11250.48)
    assert h.total == pytest.approx(29546.48)
    assert h.warnings == ()


def test_a_statement_ending_in_blank_lines_is_read_as_without_them(tmp_path: Path) -> None:
    path, h = load(tmp_path, FULL + "\n\n")
    assert len(h.records()) == 4
    assert h.records()[-1] == cash_record(path, line_of(FULL, "Total Cash"), ACCOUNT, 11250.48)
    assert h.total == pytest.approx(29546.48)
    assert h.warnings == ()


def test_a_statement_without_total_cash_has_no_cash_and_its_net_liq_disagrees(
    tmp_path: Path,
) -> None:
    text = statement(EQUITIES, SUMMARY)
    path, h = load(tmp_path, text)
    assert [r.symbol for r in h.records()] == ["QQQ", "EYPT"]
    assert h.warnings == (
        ImportWarning(
            str(path),
            line_of(text, NET_LIQ),
            ACCOUNT,
            # 12,071.00 + 5,740.00 = 17,811.00
            "positions add up to $17,811.00 but the file's Net Liquidating Value says "
            "$29,546.48 (difference -$11,735.48)",
        ),
    )


# -- Net Liquidating Value -----------------------------------------------------------------


def test_net_liq_that_disagrees_is_named_with_its_line_and_difference(tmp_path: Path) -> None:
    text = FULL.replace('"$29,546.48"', '"$29,646.48"')
    path, h = load(tmp_path, text)
    assert h.accounts[0].reported_total == 29646.48
    assert h.warnings == (
        ImportWarning(
            str(path),
            27,
            ACCOUNT,
            "positions add up to $29,546.48 but the file's Net Liquidating Value says "
            "$29,646.48 (difference -$100.00)",
        ),
    )


def test_net_liq_that_is_not_a_number_warns_and_leaves_the_account_unchecked(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, FULL.replace('"$29,546.48"', '"$29,S46.48"'))
    assert accounts_of(h) == [(ACCOUNT, "Individual", "taxable", None, None, "")]
    assert h.warnings == (
        ImportWarning(str(path), 27, ACCOUNT, "Net Liquidating Value '$29,S46.48' is not a number"),
    )
    assert h.total == pytest.approx(29546.48)


@pytest.mark.parametrize("line", [NET_LIQ, f"{NET_LIQ},", f"{NET_LIQ},--"])
def test_net_liq_stating_no_value_leaves_the_account_unchecked(tmp_path: Path, line: str) -> None:
    text = statement(TOTAL_CASH, ["Account Summary", line])
    path, h = load(tmp_path, text)
    assert accounts_of(h) == [(ACCOUNT, "Individual", "taxable", None, None, "")]
    cell = line.split(",", 1)[1] if "," in line else ""
    shown = repr(cell) if cell else "blank"
    assert h.warnings == (
        ImportWarning(
            str(path),
            line_of(text, NET_LIQ),
            ACCOUNT,
            f"Net Liquidating Value states no amount ({shown}): the positions could not be "
            "reconciled with it",
        ),
    )


@pytest.mark.parametrize("cell", ["1e14", "inf", "-nan"])
def test_net_liq_that_is_absurd_is_refused_on_its_line(tmp_path: Path, cell: str) -> None:
    err = refused(tmp_path, FULL.replace('"$29,546.48"', cell))
    assert err.line == 27
    assert err.reason == (
        f"Net Liquidating Value {cell!r} is not a finite amount within ten trillion dollars: "
        "the file is damaged"
    )


def test_net_liq_above_the_title_is_not_the_statements(tmp_path: Path) -> None:
    text = f'{NET_LIQ},"$1.00"\n\n' + FULL
    _, h = load(tmp_path, text)
    assert accounts_of(h) == [
        (ACCOUNT, "Individual", "taxable", 29546.48, 29, "Net Liquidating Value")
    ]


# -- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("end", [0, 1])  # cut before the Account Summary, or after its title
def test_a_statement_cut_before_its_net_liquidating_value_is_refused(
    tmp_path: Path, end: int
) -> None:
    text = statement(CASH_BALANCE, EQUITIES, TOTAL_CASH, SUMMARY[:end])
    err = refused(tmp_path, text)
    assert err.line == len(text.rstrip("\n").split("\n")) == 15 + 2 * end
    assert err.reason == (
        "the file ends before its Account Summary (Net Liquidating Value): it looks cut off; "
        "download it again"
    )


def test_a_section_without_its_overall_totals_row_is_refused_at_its_last_row(
    tmp_path: Path,
) -> None:
    text = statement(EQUITIES[:-1], TOTAL_CASH, SUMMARY)
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "EYPT,") == 6
    assert err.reason == (
        "the Equities section (line 3) ends without its OVERALL TOTALS row: the file is "
        "damaged or cut; download it again"
    )


def test_a_section_of_its_header_only_is_refused_at_its_header(tmp_path: Path) -> None:
    text = statement(EQUITIES, OPTIONS[:2], TOTAL_CASH, SUMMARY)
    err = refused(tmp_path, text)
    assert err.line == line_of(text, OPTIONS_HEADER) == 10
    assert err.reason.startswith("the Options section (line 9) ends without its OVERALL TOTALS")


@pytest.mark.parametrize(
    ("gap", "after"),
    [([], EYPT), ([""], EYPT), ([], "EYPT,EYEPOINT")],  # a whole row, or two cells
)
def test_a_row_after_the_overall_totals_row_is_refused(
    tmp_path: Path, gap: list[str], after: str
) -> None:
    closed = ["Equities", EQUITIES_HEADER, QQQ, ',OVERALL TOTALS,,,,"$12,071.00"', *gap, after]
    text = statement(closed, TOTAL_CASH, SUMMARY)
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "EYPT,") == 7 + len(gap)
    assert err.reason == (
        "a row after the Equities section's OVERALL TOTALS row: the file is damaged"
    )


@pytest.mark.parametrize(
    "lost",
    [
        EYPT.replace("EYPT,", ","),
        # only the first two cells make the closing row: a TOTAL further on does not
        EYPT.replace("EYPT,EYEPOINT PHARMACEUTICALS INC,", ",,TOTAL "),
    ],
)
def test_a_row_without_a_symbol_is_refused_not_dropped(tmp_path: Path, lost: str) -> None:
    err = refused(tmp_path, statement(equities(QQQ, lost), TOTAL_CASH, SUMMARY))
    assert err.line == 6
    assert err.reason == (
        "a row without a symbol in the Equities section: the file is damaged; download it again"
    )


@pytest.mark.parametrize(
    "section",
    [
        ["Equities", EQUITIES_HEADER.replace("Mark Value", "Mark Amount"), QQQ],  # no Mark Value
        ["Equities", EQUITIES_HEADER.replace("Symbol", "Ticker"), QQQ],  # no Symbol
        ["Equities", "", EQUITIES_HEADER, QQQ],  # the header is not under the title
    ],
)
def test_a_section_without_its_header_is_refused_not_skipped(
    tmp_path: Path, section: list[str]
) -> None:
    text = statement([*section, ',OVERALL TOTALS,,,,"$12,071.00"'], TOTAL_CASH, SUMMARY)
    err = refused(tmp_path, text)
    assert err.line == 4
    assert err.reason == (
        "the Equities section (line 3) has no header with Symbol and Mark Value columns under "
        "its title: the file is damaged; download it again"
    )


def test_a_section_title_on_the_last_line_is_refused(tmp_path: Path) -> None:
    text = statement(TOTAL_CASH, SUMMARY, ["Equities"])
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "Equities") == 9
    assert "the Equities section (line 9) has no header" in err.reason


# -- detection -----------------------------------------------------------------------------


def test_the_layout_is_detected_at_its_title_within_30_lines() -> None:
    def found(text: str) -> int | None:
        return thinkorswim.detect(Source.from_text(text, "s.csv"))

    assert found(FULL) == 1
    assert found("note\n" * 29 + FULL) == 30
    assert found("note\n" * 30 + FULL) is None


@pytest.mark.parametrize(
    "title",
    [
        "Account Statement for 12345678SCHW (Individual) since 11/1/25",  # no end date
        "Account Statement for 12345678SCHW (Individual) since 11/1/25 through today",
        "Statement for 12345678SCHW (Individual) since 11/1/25 through 11/21/25",
    ],
)
def test_a_title_without_its_words_or_end_date_is_not_a_statement(title: str) -> None:
    text = statement(TOTAL_CASH, SUMMARY, title=title)
    assert thinkorswim.detect(Source.from_text(text, "s.csv")) is None
