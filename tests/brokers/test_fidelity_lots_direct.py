"""planner.brokers.fidelity_lots, branch by branch, on small lots downloads written here.

Each file is built line by line in ``tmp_path`` in the layout of ``tests/data/lots/
fidelity_lots_2024.csv`` (one header line, one row per lot), with Fidelity's closing
disclaimers (as in ``tests/data/fidelity_positions_2024.csv``) where a test needs them, so
every expected value - account, symbol, date, shares, dollars, line number - is read off the
text the test wrote. Bad input must be an :class:`InputError` naming the file and the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from planner.brokers import detect, fidelity_lots, read_file
from planner.brokers.base import ParsedFile
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import ImportWarning, LotRecord
from tests.brokers.direct import (
    FIDELITY_BROKERAGE,
    FIDELITY_DISCLAIMER,
    FIDELITY_DOWNLOADED,
    FIDELITY_FOOTER,
    parsed_by,
    refused_by,
    write_lines,
)

# The header and rows of tests/data/lots/fidelity_lots_2024.csv, verbatim. Columns: 0 Account
# Name, 1 Symbol, 2 Description, 3 Acquired, 4 Term, ..., 8 Quantity, 9 Average Cost Basis,
# 10 Cost Basis Total.
HEADER = (
    "Account Name,Symbol,Description,Acquired,Term,Total Gain/Loss,Total Gain/Loss (%),"
    "Current Value,Quantity,Average Cost Basis,Cost Basis Total"
)
FIXTURE = [
    HEADER,
    'Joint WROS - TOD,AAPL,APPLE INC,Mar-15-2019,Long,"+$12,210.40",+203.51%,"$18,210.40",80,'
    '$75.00,"$6,000.00"',
    'Joint WROS - TOD,AAPL,APPLE INC,Aug-04-2020,Long,"+$2,505.20",+37.96%,"$9,105.20",40,'
    '$165.00,"$6,600.00"',
    "Joint WROS - TOD,IWM,ISHARES RUSSELL 2000 ETF,Jan-10-2024,Short,+$875.10,+14.59%,"
    '"$6,875.10",30,$200.00,"$6,000.00"',
    "ROTH IRA,AQST,AQUESTIVE THERAPEUTICS INC,Jun-03-2024,Short,-$298.50,-33.17%,$601.50,150,"
    "$6.00,$900.00",
]
DISCLAIMER, BROKERAGE = FIDELITY_DISCLAIMER, FIDELITY_BROKERAGE
DOWNLOADED, FOOTER = FIDELITY_DOWNLOADED, FIDELITY_FOOTER


def row(
    quantity: str = "10",
    cost: str = "$100.00",
    acquired: str = "Mar-15-2019",
    symbol: str = "AAPL",
    account: str = "Joint WROS - TOD",
    per_share: str = "$10.00",
) -> str:
    """A lot row under :data:`HEADER`; cells holding a comma must come quoted."""
    return (
        f"{account},{symbol},SOME SECURITY,{acquired},Long,+$1.00,+1.00%,$1.00,{quantity},"
        f"{per_share},{cost}"
    )


def write(tmp_path: Path, lines: Sequence[str], name: str = "lots.csv") -> Path:
    return write_lines(tmp_path, lines, name)


def parse(path: Path) -> ParsedFile:
    return parsed_by(fidelity_lots, path)


def refusal(path: Path) -> InputError:
    return refused_by(fidelity_lots, path)


def lots_of(parsed: ParsedFile) -> list[tuple[str, str, date | None, float, float | None, int]]:
    return [
        (x.account_id, x.symbol, x.acquired, x.quantity, x.cost, x.source_line) for x in parsed.lots
    ]


# -- reading: what each lot row becomes ------------------------------------------------------


def test_each_lot_row_becomes_a_lot_with_account_symbol_date_shares_cost_and_line(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, FIXTURE)
    parsed = parse(path)
    f = str(path)
    assert parsed.lots == [
        LotRecord("Joint WROS - TOD", "AAPL", date(2019, 3, 15), 80.0, 6000.0, f, 2),
        LotRecord("Joint WROS - TOD", "AAPL", date(2020, 8, 4), 40.0, 6600.0, f, 3),
        LotRecord("Joint WROS - TOD", "IWM", date(2024, 1, 10), 30.0, 6000.0, f, 4),
        LotRecord("ROTH IRA", "AQST", date(2024, 6, 3), 150.0, 900.0, f, 5),
    ]
    assert parsed.warnings == []
    assert parsed.format == "fidelity-lots"
    assert parsed.as_of is None  # no "Date downloaded" line
    assert parsed.accounts == [] and parsed.positions.empty


def test_the_layout_is_detected_at_its_header_line(tmp_path: Path) -> None:
    src = Source.from_path(write(tmp_path, FIXTURE))
    assert fidelity_lots.detect(src) == 1
    assert detect(src) is fidelity_lots.READER
    later = Source.from_path(write(tmp_path, ['"Lots"', "", *FIXTURE], "later.csv"))
    assert fidelity_lots.detect(later) == 3


def test_read_file_gives_a_household_of_lots_only_dated_by_the_download_line(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, [*FIXTURE, *FOOTER])
    h = read_file(path)
    assert [(f.format, f.as_of) for f in h.files] == [("fidelity-lots", date(2024, 12, 2))]
    assert h.accounts == () and h.warnings == ()
    assert [(x.symbol, x.quantity, x.source_line) for x in h.lots] == [
        ("AAPL", 80.0, 2),
        ("AAPL", 40.0, 3),
        ("IWM", 30.0, 4),
        ("AQST", 150.0, 5),
    ]


def test_the_closing_disclaimers_end_the_table_and_date_the_file(tmp_path: Path) -> None:
    parsed = parse(write(tmp_path, [*FIXTURE, *FOOTER]))
    assert [x.source_line for x in parsed.lots] == [2, 3, 4, 5]
    assert parsed.as_of == date(2024, 12, 2) and parsed.warnings == []


@pytest.mark.parametrize("between", [[""], []], ids=["blank-between", "no-blank-between"])
def test_an_unquoted_disclaimer_with_commas_after_a_blank_line_ends_the_table(
    tmp_path: Path, between: list[str]
) -> None:
    # four filled cells, like a row: only its words tell it from one; were it taken for a row,
    # the table would run on through the download line and the file would lose its date
    unquoted = BROKERAGE.strip('"')
    parsed = parse(write(tmp_path, [*FIXTURE, "", unquoted, *between, DOWNLOADED]))
    assert [x.source_line for x in parsed.lots] == [2, 3, 4, 5]
    assert parsed.as_of == date(2024, 12, 2)


def test_an_unquoted_disclaimer_right_under_the_rows_is_skipped(tmp_path: Path) -> None:
    parsed = parse(write(tmp_path, [*FIXTURE, BROKERAGE.strip('"')]))
    assert [x.source_line for x in parsed.lots] == [2, 3, 4, 5] and parsed.warnings == []


def test_a_file_without_a_download_line_is_undated_though_its_lots_are_dated(
    tmp_path: Path,
) -> None:
    parsed = parse(write(tmp_path, [HEADER, row(acquired="Mar-15-2019"), "", DISCLAIMER]))
    assert parsed.as_of is None
    assert [x.acquired for x in parsed.lots] == [date(2019, 3, 15)]


@pytest.mark.parametrize(("notes", "as_of"), [(18, date(2024, 12, 2)), (19, None)])
def test_the_download_date_is_looked_for_in_the_20_lines_after_the_table(
    tmp_path: Path, notes: int, as_of: date | None
) -> None:
    # header 1, lot 2, blank 3, notes from line 4, the download line on line 4 + notes:
    # line 22 is the 20th line after the table, line 23 the 21st
    lines = [HEADER, row(), "", *(['"note"'] * notes), DOWNLOADED]
    assert parse(write(tmp_path, lines)).as_of == as_of


def test_a_file_of_a_header_only_is_refused_as_holding_no_lots(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER, *FOOTER])
    assert parse(path).lots == []
    with pytest.raises(InputError) as info:
        read_file(path)
    assert (info.value.file, info.value.line) == (str(path), 7)  # the download line
    assert "fidelity-lots: the file holds no positions" in info.value.reason


def test_a_file_without_the_lots_header_is_an_unknown_layout(tmp_path: Path) -> None:
    path = write(tmp_path, ["Account Name,Symbol,Quantity", "ROTH IRA,AQST,150"])
    assert fidelity_lots.detect(Source.from_path(path)) is None
    with pytest.raises(InputError) as info:
        read_file(path)
    assert (info.value.file, info.value.line) == (str(path), 1)
    assert "unknown layout" in info.value.reason


# -- the table: blank lines, rows without a symbol ------------------------------------------


def test_a_blank_line_inside_the_table_is_read_through(tmp_path: Path) -> None:
    lines = [HEADER, row("10"), "", "", row("20", symbol="IWM"), *FOOTER]
    parsed = parse(write(tmp_path, lines))
    assert [(x.symbol, x.quantity, x.source_line) for x in parsed.lots] == [
        ("AAPL", 10.0, 2),
        ("IWM", 20.0, 5),
    ]
    assert parsed.as_of == date(2024, 12, 2)


def test_a_row_of_three_filled_cells_after_a_blank_line_is_still_a_lot(tmp_path: Path) -> None:
    lines = [HEADER, row("10"), "", ",IWM,,,,,,,20,,$400.00"]
    parsed = parse(write(tmp_path, lines))
    assert lots_of(parsed) == [
        ("Joint WROS - TOD", "AAPL", date(2019, 3, 15), 10.0, 100.0, 2),
        ("", "IWM", None, 20.0, 400.0, 4),
    ]
    assert parsed.warnings == []


def test_a_row_with_shares_but_no_symbol_is_refused_naming_its_line(tmp_path: Path) -> None:
    lines = [HEADER, row("10"), row("20", symbol=""), row("30")]
    err = refusal(write(tmp_path, lines))
    assert err.line == 3
    assert err.reason == "a lot row without a symbol: the lots file is damaged"


def test_a_row_with_neither_symbol_nor_shares_is_skipped(tmp_path: Path) -> None:
    lines = [HEADER, row("10"), row("", symbol="", cost='"$1,000.00"'), row("30")]
    parsed = parse(write(tmp_path, lines))
    assert [(x.quantity, x.source_line) for x in parsed.lots] == [(10.0, 2), (30.0, 4)]
    assert parsed.warnings == []


def test_a_repeated_header_inside_the_table_is_refused_as_a_bad_lot(tmp_path: Path) -> None:
    err = refusal(write(tmp_path, [HEADER, row("10"), HEADER, row("30")]))
    assert err.line == 3
    assert err.reason == (
        "the quantity 'Quantity' of the lot of SYMBOL is not a number: a lot holds a number of "
        "shares above zero; the lots file is damaged"
    )


def test_a_short_row_reads_its_missing_cells_as_empty(tmp_path: Path) -> None:
    parsed = parse(write(tmp_path, [HEADER, "ROTH IRA,AQST,AQUESTIVE,Jun-03-2024,Short,,,,150"]))
    assert lots_of(parsed) == [("ROTH IRA", "AQST", date(2024, 6, 3), 150.0, None, 2)]
    assert parsed.warnings == []


def test_symbols_are_written_one_way(tmp_path: Path) -> None:
    lines = [HEADER, row(symbol="brk/b"), row(symbol="BRK-B"), row(symbol="SPAXX**")]
    assert [x.symbol for x in parse(write(tmp_path, lines)).lots] == ["BRK.B", "BRK.B", "SPAXX"]


# -- which account a lot names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "lot", "account"),
    [
        (
            "Account Number,Account Name,Symbol,Acquired,Term,Quantity,Cost Basis Total",
            "X12345678,Joint WROS - TOD,AAPL,Mar-15-2019,Long,80,$6000.00",
            "X12345678",
        ),
        (
            "Account Name,Account Number,Symbol,Acquired,Term,Quantity,Cost Basis Total",
            "Joint WROS - TOD,X12345678,AAPL,Mar-15-2019,Long,80,$6000.00",
            "X12345678",
        ),
        (
            "Account Name,Account Name/Number,Symbol,Acquired,Term,Quantity,Cost Basis Total",
            "Joint WROS - TOD,Joint WROS - TOD X12345678,AAPL,Mar-15-2019,Long,80,$6000.00",
            "Joint WROS - TOD X12345678",
        ),
        (
            "Account Name,Symbol,Acquired,Term,Quantity,Cost Basis Total",
            "  Joint WROS - TOD  ,AAPL,Mar-15-2019,Long,80,$6000.00",
            "Joint WROS - TOD",
        ),
        ("Symbol,Acquired,Term,Quantity,Cost Basis Total", "AAPL,Mar-15-2019,Long,80,$6000.00", ""),
    ],
    ids=["number-first", "number-second", "name-number", "name-only", "none"],
)
def test_the_account_number_is_preferred_then_name_number_then_name(
    tmp_path: Path, header: str, lot: str, account: str
) -> None:
    parsed = parse(write(tmp_path, [header, lot]))
    assert lots_of(parsed) == [(account, "AAPL", date(2019, 3, 15), 80.0, 6000.0, 2)]


# -- header spellings and detection -----------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "lot", "cost"),
    [
        (
            "Symbol,Acquired,Term,Quantity,CostBasisTotal",
            "AAPL,Mar-15-2019,Long,80,$6000.00",
            6000.0,
        ),
        (
            "Symbol,Acquired,Term,Quantity,AverageCostBasis",
            "AAPL,Mar-15-2019,Long,80,$75.00",
            6000.0,
        ),
        (
            "Symbol,Date Acquired,Term,Quantity,Cost Basis Per Share",
            "AAPL,Mar-15-2019,Long,80,$75.00",
            6000.0,
        ),
        (
            "Symbol,Acquired,Term,Quantity,Average Cost Basis,Cost Basis Total",
            "AAPL,Mar-15-2019,Long,80,$75.00,$5999.99",
            5999.99,
        ),
    ],
    ids=["no-spaces-total", "no-spaces-average", "date-acquired-per-share", "total-wins"],
)
def test_each_header_spelling_finds_its_column(
    tmp_path: Path, header: str, lot: str, cost: float
) -> None:
    parsed = parse(write(tmp_path, [header, lot]))
    assert lots_of(parsed) == [("", "AAPL", date(2019, 3, 15), 80.0, cost, 2)]


@pytest.mark.parametrize(
    "header",
    [
        "Account Name,Symbol,Acquired,Quantity,Cost Basis Total",  # no Term
        "Account Name,Symbol,Acquired,Term,Quantity,Current Value",  # no cost at all
        "Account Name,Acquired,Term,Quantity,Cost Basis Total",  # no Symbol
        "Account Name,Symbol,Term,Quantity,Cost Basis Total",  # no Acquired
        "Account Name,Symbol,Acquired,Term,Shares,Cost Basis Total",  # no Quantity
    ],
)
def test_a_header_missing_a_lots_column_is_not_detected(tmp_path: Path, header: str) -> None:
    src = Source.from_path(write(tmp_path, [header, "ROTH IRA,AQST,Jun-03-2024,Short,150,$900"]))
    assert fidelity_lots.detect(src) is None


def test_detection_looks_at_the_first_30_lines_only(tmp_path: Path) -> None:
    at_30 = write(tmp_path, [*(['"note"'] * 29), *FIXTURE], "at30.csv")
    assert fidelity_lots.detect(Source.from_path(at_30)) == 30
    at_31 = write(tmp_path, [*(['"note"'] * 30), *FIXTURE], "at31.csv")
    assert fidelity_lots.detect(Source.from_path(at_31)) is None


# -- numbers and dates of a lot --------------------------------------------------------------


@pytest.mark.parametrize(
    ("acquired", "expected"),
    [
        ("Mar-15-2019", date(2019, 3, 15)),
        ("03/15/2019", date(2019, 3, 15)),
        ("3/5/2019", date(2019, 3, 5)),
        ("2019-03-15", date(2019, 3, 15)),
        ("03/15/2019 00:00:00", date(2019, 3, 15)),
        ("--", None),
        ("", None),
        ("N/A", None),
        ("Various", None),
        ("MULTIPLE", None),
    ],
)
def test_each_date_form_gives_the_acquisition_date_and_a_placeholder_none_quietly(
    tmp_path: Path, acquired: str, expected: date | None
) -> None:
    parsed = parse(write(tmp_path, [HEADER, row(acquired=acquired)]))
    assert [(x.acquired, x.source_line) for x in parsed.lots] == [(expected, 2)]
    assert parsed.warnings == []


def test_a_date_that_is_not_a_date_warns_and_keeps_the_lot_undated(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER, row(), row(acquired="Mar-32-2019")])
    parsed = parse(path)
    assert lots_of(parsed)[1] == ("Joint WROS - TOD", "AAPL", None, 10.0, 100.0, 3)
    assert parsed.warnings == [
        ImportWarning(
            str(path),
            3,
            "Joint WROS - TOD",
            "the acquisition date 'Mar-32-2019' of the lot of AAPL is not a date; the term of a "
            "gain on it (short or long) is unknown",
        )
    ]


@pytest.mark.parametrize(
    ("quantity", "cost", "shares", "dollars"),
    [
        ("0.5", "$1.25", 0.5, 1.25),
        ('"1,234.5"', '"$12,345.67"', 1234.5, 12345.67),
        ("+3", "+$30.00", 3.0, 30.0),
        (".001", "$0.00", 0.001, 0.0),
    ],
)
def test_decimal_grouped_and_signed_numbers_are_read_exactly(
    tmp_path: Path, quantity: str, cost: str, shares: float, dollars: float
) -> None:
    parsed = parse(write(tmp_path, [HEADER, row(quantity, cost)]))
    assert [(x.quantity, x.cost) for x in parsed.lots] == [(shares, dollars)]
    assert parsed.warnings == []


@pytest.mark.parametrize(
    ("per_share", "cost", "dollars"),
    [
        ("$75.00", "", 6000.0),  # 80 x $75.00
        ("$0.125", "", 10.0),  # 80 x $0.125
        ("", "", None),
        ("--", "", None),
        ("$75.00", "--", None),  # a placeholder total is unknown, not per share x shares
    ],
)
def test_a_missing_cost_total_is_average_cost_times_the_shares_or_unknown(
    tmp_path: Path, per_share: str, cost: str, dollars: float | None
) -> None:
    parsed = parse(write(tmp_path, [HEADER, row("80", cost, per_share=per_share)]))
    assert [(x.quantity, x.cost) for x in parsed.lots] == [(80.0, dollars)]
    assert parsed.warnings == []


def test_a_cost_that_is_not_a_number_warns_and_the_cost_is_unknown(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER, row("10", "n.a.", account="ROTH IRA")])
    parsed = parse(path)
    assert lots_of(parsed) == [("ROTH IRA", "AAPL", date(2019, 3, 15), 10.0, None, 2)]
    assert parsed.warnings == [
        ImportWarning(
            str(path),
            2,
            "ROTH IRA",
            "the cost 'n.a.' of the lot of AAPL is not a number; the lot's cost is unknown",
        )
    ]


def test_a_warning_of_a_file_without_account_column_names_no_account(tmp_path: Path) -> None:
    lines = ["Symbol,Acquired,Term,Quantity,Cost Basis Total", "AAPL,someday,Long,5,$50"]
    (w,) = parse(write(tmp_path, lines)).warnings
    assert (w.line, w.account_id) == (2, None) and "'someday'" in w.message


@pytest.mark.parametrize(
    ("quantity", "why"),
    [
        ("", "'' of the lot of AAPL is missing"),
        ("0", "'0' of the lot of AAPL is zero"),
        ("-150", "'-150' of the lot of AAPL is negative"),
        ("(150)", "'(150)' of the lot of AAPL is negative"),
        ("many", "'many' of the lot of AAPL is not a number"),
        ("--", "'--' of the lot of AAPL is not a number"),
    ],
)
def test_a_lot_without_shares_above_zero_is_refused_naming_its_line(
    tmp_path: Path, quantity: str, why: str
) -> None:
    err = refusal(write(tmp_path, [HEADER, row("10"), row(quantity), row("30")]))
    assert err.line == 3
    assert err.reason == (
        f"the quantity {why}: a lot holds a number of shares above zero; the lots file is damaged"
    )


@pytest.mark.parametrize("cost", ["-$900.00", "($900.00)"])
def test_a_negative_cost_is_refused_naming_its_line(tmp_path: Path, cost: str) -> None:
    err = refusal(write(tmp_path, [HEADER, row("10"), row("150", cost)]))
    assert err.line == 3
    assert err.reason == (
        "the cost -$900.00 of the lot of AAPL is negative: a lot costs zero dollars or more"
    )


@pytest.mark.parametrize(
    ("quantity", "cost", "said"),
    [
        ("1e999", "$100.00", "the quantity '1e999'"),
        ("-inf", "$100.00", "the quantity '-inf'"),
        ("10", "1e14", "the cost '1e14'"),
        ("10", "NaN", "the cost 'NaN'"),
    ],
)
def test_an_infinite_or_absurd_lot_number_is_refused_naming_its_line(
    tmp_path: Path, quantity: str, cost: str, said: str
) -> None:
    err = refusal(write(tmp_path, [HEADER, row(quantity, cost)]))
    assert err.line == 2
    assert err.reason == (
        f"{said} of the lot of AAPL is not a finite number within ten trillion: the file is damaged"
    )


def test_a_bad_lot_after_a_blank_line_names_its_own_line(tmp_path: Path) -> None:
    err = refusal(write(tmp_path, [HEADER, row("10"), "", row("20"), row("-1")]))
    assert err.line == 5 and "'-1' of the lot of AAPL is negative" in err.reason


# -- bugs these tests found, fixed ---------------------------------------------------------


def test_a_download_line_right_under_the_lots_still_dates_the_file(tmp_path: Path) -> None:
    # was undated: the line was skipped as a footer inside the table, and the date looked for
    # only after the table
    parsed = parse(write(tmp_path, [*FIXTURE, DOWNLOADED]))
    assert [x.source_line for x in parsed.lots] == [2, 3, 4, 5]
    assert parsed.as_of == date(2024, 12, 2)


# -- survivors of the mutation run ------------------------------------------------------------


def test_a_download_line_quoted_twice_over_right_under_the_lots_still_dates_the_file(
    tmp_path: Path,
) -> None:
    # a spreadsheet that took the quoted line as text writes it back with its quotes doubled:
    # the cell then reads "Date downloaded ..." with the quotes, and is still the footer
    twice = '"' + DOWNLOADED.replace('"', '""') + '"'
    parsed = parse(write(tmp_path, [*FIXTURE, twice]))
    assert [x.source_line for x in parsed.lots] == [2, 3, 4, 5] and parsed.warnings == []
    assert parsed.as_of == date(2024, 12, 2)
