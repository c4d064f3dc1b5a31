"""planner.brokers.schwab_lots, branch by branch, on small Lot Details files written here.

Each file is built line by line in ``tmp_path`` in the layout of ``tests/data/lots/
schwab_lot_details_2025.csv`` (title, blank line, header, lot rows, ``Total`` row), so every
expected value - account, symbol, date, shares, dollars, line number - is read off the text
the test wrote. Bad input must be an :class:`InputError` naming the file and the line; the
lots must add up to their ``Total`` row or the import warns naming that row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from planner.brokers import detect, read_file, schwab_lots
from planner.brokers.base import ParsedFile
from planner.brokers.schwab_lots import split_title
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import ImportWarning, LotRecord
from tests.brokers.direct import parsed_by, refused_by, write_lines

# The header exactly as Schwab writes it (tests/data/lots/schwab_lot_details_2025.csv).
HEADER = (
    '"Open Date","Quantity","Price","Cost/Share","Market Value","Cost Basis","Gain/Loss $",'
    '"Gain/Loss %","Holding Period",'
)
# The first section of that fixture, verbatim: 40 + 50 + 30 = 120 shares,
# $750.00 + $1,325.00 + $3,325.00 = $5,400.00.
NVDA = [
    '"NVDA Lot Details for XXXX-8046 as of 10:12 AM ET, 09/30/2025"',
    "",
    HEADER,
    '"06/14/2021 00:00:00","40","$186.58","$18.75","$7,463.20","$750.00","$6,713.20",'
    '"+895.09%","Long Term",',
    '"11/02/2022 00:00:00","50","$186.58","$26.50","$9,329.00","$1,325.00","$8,004.00",'
    '"+604.08%","Long Term",',
    '"08/01/2025 00:00:00","30","$186.58","$110.83","$5,597.40","$3,325.00","$2,272.40",'
    '"+68.34%","Short Term",',
    '"Total","120","--","--","$22,389.60","$5,400.00","$16,989.60","+314.62%","--",',
]


def title(symbol: str = "NVDA", account: str = "XXXX-8046", day: str = "09/30/2025") -> str:
    return f'"{symbol} Lot Details for {account} as of 10:12 AM ET, {day}"'


def lot(opened: str, quantity: str, cost: str, per_share: str = "$10.00") -> str:
    """A lot row: Open Date, Quantity, Cost/Share and Cost Basis as given, the rest filler."""
    return (
        f'"{opened}","{quantity}","$100.00","{per_share}","$0.00","{cost}","$0.00","+0.00%",'
        '"Long Term",'
    )


def total(quantity: str, cost: str) -> str:
    return f'"Total","{quantity}","--","--","$0.00","{cost}","$0.00","+0.00%","--",'


LOT_40 = lot("06/14/2021", "40", "$750.00")
TOTAL_40 = total("40", "$750.00")


def section(head: str, rows: Sequence[str], closing: str) -> list[str]:
    """Title, blank line, header, rows, Total row: ``3 + len(rows) + 2`` lines."""
    return [head, "", HEADER, *rows, closing]


def forty(head: str) -> list[str]:
    """A section of one lot under ``head``: 40 shares for $750.00 on line 4, Total on line 5."""
    return section(head, [LOT_40], TOTAL_40)


# A one-lot AMZN section: title, blank line, header, lot of 20 shares for $1,875.00, Total.
AMZN = section(title("AMZN"), [lot("01/15/2020", "20", "$1,875.00")], total("20", "$1,875.00"))


def write(tmp_path: Path, lines: Sequence[str], name: str = "lot_details.csv") -> Path:
    return write_lines(tmp_path, lines, name)


def parse(path: Path) -> ParsedFile:
    return parsed_by(schwab_lots, path)


def refusal(path: Path) -> InputError:
    return refused_by(schwab_lots, path)


def one_lot_file(tmp_path: Path, row: str, closing: str | None = None) -> Path:
    """NVDA title on line 1, the lot ``row`` on line 4, the Total row on line 5."""
    return write(tmp_path, section(title(), [row], closing or total("10", "$100.00")))


# -- reading: what each lot row becomes ------------------------------------------------------


def test_each_lot_row_becomes_a_lot_with_account_symbol_date_shares_cost_and_line(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, NVDA)
    parsed = parse(path)
    f = str(path)
    assert parsed.lots == [
        LotRecord("XXXX-8046", "NVDA", date(2021, 6, 14), 40.0, 750.0, f, 4),
        LotRecord("XXXX-8046", "NVDA", date(2022, 11, 2), 50.0, 1325.0, f, 5),
        LotRecord("XXXX-8046", "NVDA", date(2025, 8, 1), 30.0, 3325.0, f, 6),
    ]
    assert parsed.warnings == []
    assert parsed.format == "schwab-lot-details"
    assert parsed.as_of == date(2025, 9, 30)
    assert parsed.accounts == [] and parsed.positions.empty


def test_the_layout_is_detected_at_its_header_line(tmp_path: Path) -> None:
    src = Source.from_path(write(tmp_path, NVDA))
    assert schwab_lots.detect(src) == 3
    assert detect(src) is schwab_lots.READER


def test_read_file_gives_a_household_of_lots_only_dated_by_the_title(tmp_path: Path) -> None:
    path = write(tmp_path, NVDA)
    h = read_file(path)
    assert [(f.format, f.as_of) for f in h.files] == [("schwab-lot-details", date(2025, 9, 30))]
    assert h.accounts == () and h.warnings == ()
    assert [(x.symbol, x.quantity, x.cost, x.source_line) for x in h.lots] == [
        ("NVDA", 40.0, 750.0, 4),
        ("NVDA", 50.0, 1325.0, 5),
        ("NVDA", 30.0, 3325.0, 6),
    ]


def test_several_sections_keep_their_own_symbol_and_account_in_file_order(
    tmp_path: Path,
) -> None:
    lines = [
        *forty(title("NVDA", "XXXX-8046")),
        "",
        *section(
            title("AMZN", "...046"),
            [lot("01/15/2020", "20", "$1,875.00"), lot("03/03/2025", "10", "$2,025.00")],
            total("30", "$3,900.00"),
        ),
        "",
        *section(
            title("VB", "Individual ...920"),
            [lot("04/22/2024", "35", "$7,700.00")],
            total("35", "$7,700.00"),
        ),
    ]
    # lines: NVDA title 1, lot 4, Total 5, blank 6; AMZN title 7, lots 10-11, Total 12,
    # blank 13; VB title 14, lot 17, Total 18
    path = write(tmp_path, lines)
    parsed = parse(path)
    assert [
        (x.account_id, x.symbol, x.acquired, x.quantity, x.cost, x.source_line) for x in parsed.lots
    ] == [
        ("XXXX-8046", "NVDA", date(2021, 6, 14), 40.0, 750.0, 4),
        ("...046", "AMZN", date(2020, 1, 15), 20.0, 1875.0, 10),
        ("...046", "AMZN", date(2025, 3, 3), 10.0, 2025.0, 11),
        ("Individual ...920", "VB", date(2024, 4, 22), 35.0, 7700.0, 17),
    ]
    assert parsed.warnings == []


def test_the_file_is_as_of_the_date_in_its_first_title(tmp_path: Path) -> None:
    lines = [
        *forty(title("NVDA", day="09/30/2025")),
        *section(
            title("AMZN", day="10/01/2025"),
            [lot("01/15/2020", "20", "$1,875.00")],
            total("20", "$1,875.00"),
        ),
    ]
    assert parse(write(tmp_path, lines)).as_of == date(2025, 9, 30)


def test_a_title_without_a_date_leaves_the_file_undated(tmp_path: Path) -> None:
    lines = forty('"NVDA Lot Details for XXXX-8046"')
    assert parse(write(tmp_path, lines)).as_of is None


def test_an_empty_section_between_two_others_adds_no_lot_and_no_warning(tmp_path: Path) -> None:
    lines = [
        *forty(title("NVDA")),
        *section(title("AMZN"), [], total("0", "$0.00")),
        *section(title("VB"), [lot("04/22/2024", "35", "$7,700.00")], total("35", "$7,700.00")),
    ]
    # NVDA lot on line 4; AMZN title 6, header 8, Total 9; VB title 10, lot 13
    parsed = parse(write(tmp_path, lines))
    assert [(x.symbol, x.source_line) for x in parsed.lots] == [("NVDA", 4), ("VB", 13)]
    assert parsed.warnings == []


def test_an_empty_section_whose_total_row_says_it_holds_shares_warns(tmp_path: Path) -> None:
    lines = [
        *forty(title("NVDA")),
        *section(title("AMZN"), [], total("30", "$0.00")),
    ]
    path = write(tmp_path, lines)
    parsed = parse(path)
    assert parsed.warnings == [
        ImportWarning(
            str(path),
            9,
            "XXXX-8046",
            "the AMZN lots add up to 0.0000 shares where the Total row says 30.0000: a lot row "
            "is missing, repeated or damaged",
        )
    ]


def test_a_file_of_empty_sections_only_is_refused_as_holding_no_lots(tmp_path: Path) -> None:
    path = write(tmp_path, [*section(title(), [], total("0", "$0.00")), "", ""])
    assert parse(path).lots == []
    with pytest.raises(InputError) as info:
        read_file(path)
    assert (info.value.file, info.value.line) == (str(path), 4)  # the last line with text
    assert "schwab-lot-details: the file holds no positions" in info.value.reason


def test_a_file_with_no_section_is_not_lot_details_and_is_an_unknown_layout(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, [title(), "", '"nothing else was downloaded"'])
    src = Source.from_path(path)
    assert schwab_lots.detect(src) is None
    with pytest.raises(InputError) as info:
        read_file(path)
    assert (info.value.file, info.value.line) == (str(path), 1)
    assert "unknown layout" in info.value.reason


def test_a_blank_line_between_lot_rows_is_read_through(tmp_path: Path) -> None:
    rows = [LOT_40, "", lot("11/02/2022", "50", "$1,325.00")]
    parsed = parse(write(tmp_path, section(title(), rows, total("90", "$2,075.00"))))
    assert [(x.quantity, x.source_line) for x in parsed.lots] == [(40.0, 4), (50.0, 6)]
    assert parsed.warnings == []


def test_blank_lines_and_one_cell_notes_after_a_total_row_are_allowed(tmp_path: Path) -> None:
    lines = [*NVDA, "", '"Lot details are provided for information only."', "", ",,,", ""]
    parsed = parse(write(tmp_path, lines))
    assert len(parsed.lots) == 3 and parsed.warnings == []


def test_a_short_lot_row_reads_its_missing_cells_as_empty(tmp_path: Path) -> None:
    parsed = parse(one_lot_file(tmp_path, '"06/14/2021","10"', total("10", "--")))
    (only,) = parsed.lots
    assert (only.acquired, only.quantity, only.cost, only.source_line) == (
        date(2021, 6, 14),
        10.0,
        None,
        4,
    )
    assert parsed.warnings == []


# -- titles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "symbol", "account", "as_of"),
    [
        (title(), "NVDA", "XXXX-8046", date(2025, 9, 30)),
        ('"NVDA Lot Details for XXXX-8046"', "NVDA", "XXXX-8046", None),
        ('"NVDA Lot Details as of 10:12 AM ET, 09/30/2025"', "NVDA", "", date(2025, 9, 30)),
        ('"NVDA Lot Details"', "NVDA", "", None),
        (
            '"nvda LOT DETAILS FOR Brokerage XXXX-8046 AS OF 10:12 AM ET, 2025/09/30"',
            "NVDA",
            "Brokerage XXXX-8046",
            date(2025, 9, 30),
        ),
        (
            '"BRK/B Lot Details for Individual ...046 as of 09/30/2025"',
            "BRK.B",
            "Individual ...046",
            date(2025, 9, 30),
        ),
        ('"NVDA Lot Details for  as of 09/30/2025"', "NVDA", "", date(2025, 9, 30)),
        ("NVDA Lot Details for XXXX-8046", "NVDA", "XXXX-8046", None),  # unquoted
        (f"{title()},", "NVDA", "XXXX-8046", date(2025, 9, 30)),  # a trailing empty cell
        ('"NVDA Lot Detailsfor XXXX-8046"', "NVDA", "", None),  # no " for ": no account
    ],
    ids=[
        "full",
        "no-as-of",
        "no-account",
        "bare",
        "other-case",
        "share-class-and-name",
        "empty-account",
        "unquoted",
        "trailing-comma",
        "glued-for",
    ],
)
def test_each_title_form_names_the_symbol_the_account_and_the_date(
    tmp_path: Path, head: str, symbol: str, account: str, as_of: date | None
) -> None:
    path = write(tmp_path, forty(head))
    parsed = parse(path)
    assert parsed.lots == [LotRecord(account, symbol, date(2021, 6, 14), 40.0, 750.0, str(path), 4)]
    assert parsed.as_of == as_of


def test_a_title_on_the_first_line_right_above_the_header_is_read(tmp_path: Path) -> None:
    lines = [title(), HEADER, LOT_40, TOTAL_40]
    path = write(tmp_path, lines)
    src = Source.from_path(path)
    assert schwab_lots.detect(src) == 2
    parsed = schwab_lots.read(src)
    assert parsed.lots == [
        LotRecord("XXXX-8046", "NVDA", date(2021, 6, 14), 40.0, 750.0, str(path), 3)
    ]
    assert parsed.as_of == date(2025, 9, 30)


def test_several_blank_lines_between_title_and_header_are_skipped(tmp_path: Path) -> None:
    lines = [
        title(),
        "",
        ",,,",
        "",
        HEADER,
        LOT_40,
        TOTAL_40,
    ]
    parsed = parse(write(tmp_path, lines))
    assert [(x.account_id, x.source_line) for x in parsed.lots] == [("XXXX-8046", 6)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NVDA Lot Details for XXXX-8046 as of 10:12 AM ET, 09/30/2025", ("NVDA", "XXXX-8046")),
        ("NVDA Lot Details for XXXX-8046", ("NVDA", "XXXX-8046")),
        ("NVDA Lot Details for  XXXX-8046  as of 09/30/2025", ("NVDA", "XXXX-8046")),
        ("NVDA Lot Details as of 09/30/2025", ("NVDA", "")),
        ("  NVDA  Lot Details", ("NVDA", "")),
        ("NVDA LOT DETAILS FOR Joint ...046 AS OF 09/30/2025", ("NVDA", "Joint ...046")),
        # the date comes last: a nickname that says "as of" is kept whole
        (
            "NVDA Lot Details for Trust as of 2019 ...046 as of 09/30/2025",
            ("NVDA", "Trust as of 2019 ...046"),
        ),
        ("Lot Details for XXXX-8046", None),  # no symbol before it
        (" Lot Details for XXXX-8046", None),  # the words start the text: no symbol
        ("NVDA Positions for XXXX-8046", None),
        ("NVDA LotDetails for XXXX-8046", None),
        ("", None),
    ],
)
def test_split_title_takes_symbol_and_account_or_says_none(
    text: str, expected: tuple[str, str] | None
) -> None:
    assert split_title(text) == expected


def test_split_title_reads_400_characters_and_refuses_401() -> None:
    head = "NVDA Lot Details for XXXX-8046 as of "
    text = head + "x" * (400 - len(head))
    assert len(text) == 400 and split_title(text) == ("NVDA", "XXXX-8046")
    assert split_title(text + "x") is None


def test_a_title_of_400_characters_is_read_and_one_of_401_is_refused(tmp_path: Path) -> None:
    head = "NVDA Lot Details for XXXX-8046 as of 09/30/2025 "
    rows = [LOT_40]
    ok = head + "." * (400 - len(head))
    parsed = parse(write(tmp_path, section(f'"{ok}"', rows, TOTAL_40), "ok.csv"))
    assert [x.account_id for x in parsed.lots] == ["XXXX-8046"]
    path = write(tmp_path, section(f'"{ok}."', rows, TOTAL_40), "long.csv")
    err = refusal(path)
    assert err.line == 3 and "without its title line above it" in err.reason


def test_a_header_with_no_title_above_it_is_refused_at_the_header(tmp_path: Path) -> None:
    lines = [
        '"Lot details"',
        "",
        HEADER,
        LOT_40,
        TOTAL_40,
    ]
    err = refusal(write(tmp_path, lines))
    assert err.line == 3
    assert "a Lot Details table without its title line above it" in err.reason
    assert "the file is damaged" in err.reason


def test_a_header_on_the_first_line_has_no_title_and_is_refused_at_line_1(
    tmp_path: Path,
) -> None:
    lines = [HEADER, LOT_40, TOTAL_40]
    err = refusal(write(tmp_path, lines))
    assert err.line == 1 and "without its title line above it" in err.reason


def test_a_title_line_with_a_second_cell_is_not_a_title(tmp_path: Path) -> None:
    lines = forty(f'{title()},"extra"')
    err = refusal(write(tmp_path, lines))
    assert err.line == 3 and "without its title line above it" in err.reason


def test_an_unquoted_title_with_a_comma_splits_into_two_cells_and_is_refused(
    tmp_path: Path,
) -> None:
    head = "NVDA Lot Details for XXXX-8046 as of 10:12 AM ET, 09/30/2025"
    lines = forty(head)
    err = refusal(write(tmp_path, lines))
    assert err.line == 3 and "without its title line above it" in err.reason


def test_a_note_between_title_and_header_hides_the_title(tmp_path: Path) -> None:
    lines = [
        title(),
        '"(prices delayed)"',
        HEADER,
        LOT_40,
        TOTAL_40,
    ]
    err = refusal(write(tmp_path, lines))
    assert err.line == 3 and "without its title line above it" in err.reason


def test_a_repeated_header_under_lot_rows_is_a_table_without_a_title(tmp_path: Path) -> None:
    rows = [LOT_40, HEADER, lot("11/02/2022", "50", "$1,325.00")]
    err = refusal(write(tmp_path, section(title(), rows, total("90", "$2,075.00"))))
    assert err.line == 5 and "without its title line above it" in err.reason


def test_a_header_whose_quantity_lies_past_512_cells_is_refused_at_the_header(
    tmp_path: Path,
) -> None:
    cells = ['"Open Date"', '"Cost Basis"', '"Holding Period"']
    cells += [f'"Note {i}"' for i in range(520)] + ['"Quantity"']
    lines = [title(), "", ",".join(cells), '"06/14/2021","$750.00","Long Term"', '"Total"']
    err = refusal(write(tmp_path, lines))
    assert err.line == 3
    assert err.reason == "a Lot Details header without Open Date or Quantity"


# -- numbers and dates of a lot --------------------------------------------------------------


@pytest.mark.parametrize(
    ("opened", "acquired"),
    [
        ("06/14/2021 00:00:00", date(2021, 6, 14)),
        ("06/14/2021", date(2021, 6, 14)),
        ("6/4/2021", date(2021, 6, 4)),
        ("06/14/21", date(2021, 6, 14)),
        ("2021-06-14", date(2021, 6, 14)),
        ("2021/06/14", date(2021, 6, 14)),
        ("Jun-14-2021", date(2021, 6, 14)),
        ("--", None),
        ("", None),
        ("Various", None),
        ("unknown", None),
    ],
)
def test_each_date_form_gives_the_acquisition_date_and_a_placeholder_none_quietly(
    tmp_path: Path, opened: str, acquired: date | None
) -> None:
    parsed = parse(one_lot_file(tmp_path, lot(opened, "10", "$100.00")))
    assert [(x.acquired, x.quantity, x.source_line) for x in parsed.lots] == [(acquired, 10.0, 4)]
    assert parsed.warnings == []


def test_a_date_that_is_not_a_date_warns_and_keeps_the_lot_undated(tmp_path: Path) -> None:
    path = one_lot_file(tmp_path, lot("13/45/2024", "10", "$100.00"))
    parsed = parse(path)
    assert parsed.lots == [LotRecord("XXXX-8046", "NVDA", None, 10.0, 100.0, str(path), 4)]
    assert parsed.warnings == [
        ImportWarning(
            str(path),
            4,
            "XXXX-8046",
            "the acquisition date '13/45/2024' of the lot of NVDA is not a date; the term of a "
            "gain on it (short or long) is unknown",
        )
    ]


@pytest.mark.parametrize(
    ("quantity", "cost", "shares", "dollars"),
    [
        ("12.5", "$1,234.56", 12.5, 1234.56),
        ("1,000", "$10,000.00", 1000.0, 10000.0),
        ("+3", "+$30.00", 3.0, 30.0),
        ("0.001", "$0.00", 0.001, 0.0),
        (".5", "$.25", 0.5, 0.25),
    ],
)
def test_decimal_grouped_and_signed_numbers_are_read_exactly(
    tmp_path: Path, quantity: str, cost: str, shares: float, dollars: float
) -> None:
    rows = [lot("06/14/2021", quantity, cost)]
    parsed = parse(write(tmp_path, section(title(), rows, total(quantity, cost))))
    assert [(x.quantity, x.cost) for x in parsed.lots] == [(shares, dollars)]
    assert parsed.warnings == []


def test_a_missing_cost_basis_is_cost_per_share_times_the_shares(tmp_path: Path) -> None:
    parsed = parse(one_lot_file(tmp_path, lot("06/14/2021", "40", "", "$18.75"), TOTAL_40))
    assert [x.cost for x in parsed.lots] == [750.0]  # 40 x $18.75
    assert parsed.warnings == []


def test_the_cost_per_share_header_spelled_out_is_the_same_column(tmp_path: Path) -> None:
    header = '"Open Date","Quantity","Cost per share","Cost Basis","Holding Period"'
    lines = [
        title(),
        "",
        header,
        '"06/14/2021","40","$18.75","","Long Term"',
        '"Total","40","--","$750.00","--"',
    ]
    parsed = parse(write(tmp_path, lines))
    assert [(x.quantity, x.cost) for x in parsed.lots] == [(40.0, 750.0)]
    assert parsed.warnings == []


def test_the_stated_cost_basis_wins_over_cost_per_share(tmp_path: Path) -> None:
    parsed = parse(one_lot_file(tmp_path, lot("06/14/2021", "10", "$100.00", "$99.00")))
    assert [x.cost for x in parsed.lots] == [100.0]


def test_a_placeholder_cost_is_unknown_and_skips_only_the_cost_check(tmp_path: Path) -> None:
    rows = [lot("06/14/2021", "40", "--", "--"), lot("11/02/2022", "50", "$1,325.00")]
    path = write(tmp_path, section(title(), rows, total("95", "$9,999.00")))
    parsed = parse(path)
    assert [(x.quantity, x.cost) for x in parsed.lots] == [(40.0, None), (50.0, 1325.0)]
    # line 6 is the Total row; the cost is not compared (one lot's cost is unknown)
    assert parsed.warnings == [
        ImportWarning(
            str(path),
            6,
            "XXXX-8046",
            "the NVDA lots add up to 90.0000 shares where the Total row says 95.0000: a lot row "
            "is missing, repeated or damaged",
        )
    ]


def test_a_cost_that_is_not_a_number_warns_once_and_the_cost_is_unknown(tmp_path: Path) -> None:
    path = one_lot_file(tmp_path, lot("06/14/2021", "10", "n.a."))
    parsed = parse(path)
    assert parsed.lots == [
        LotRecord("XXXX-8046", "NVDA", date(2021, 6, 14), 10.0, None, str(path), 4)
    ]
    assert parsed.warnings == [
        ImportWarning(
            str(path),
            4,
            "XXXX-8046",
            "the cost 'n.a.' of the lot of NVDA is not a number; the lot's cost is unknown",
        )
    ]


@pytest.mark.parametrize(
    ("quantity", "why"),
    [
        ("", "'' of the lot of NVDA is missing"),
        ("0", "'0' of the lot of NVDA is zero"),
        ("0.0000", "'0.0000' of the lot of NVDA is zero"),
        ("-5", "'-5' of the lot of NVDA is negative"),
        ("(5)", "'(5)' of the lot of NVDA is negative"),
        ("five", "'five' of the lot of NVDA is not a number"),
        ("--", "'--' of the lot of NVDA is not a number"),
    ],
)
def test_a_lot_without_shares_above_zero_is_refused_naming_its_line(
    tmp_path: Path, quantity: str, why: str
) -> None:
    rows = [LOT_40, lot("11/02/2022", quantity, "$1,325.00")]
    err = refusal(write(tmp_path, section(title(), rows, TOTAL_40)))
    assert err.line == 5
    assert err.reason == (
        f"the quantity {why}: a lot holds a number of shares above zero; the lots file is damaged"
    )


@pytest.mark.parametrize("cost", ["-$750.00", "($750.00)"])
def test_a_negative_cost_is_refused_naming_its_line(tmp_path: Path, cost: str) -> None:
    err = refusal(one_lot_file(tmp_path, lot("06/14/2021", "10", cost)))
    assert err.line == 4
    assert err.reason == (
        "the cost -$750.00 of the lot of NVDA is negative: a lot costs zero dollars or more"
    )


@pytest.mark.parametrize(
    ("quantity", "cost", "said"),
    [
        ("1e999", "$100.00", "the quantity '1e999'"),
        ("inf", "$100.00", "the quantity 'inf'"),
        ("10", "$20,000,000,000,000", "the cost '$20,000,000,000,000'"),
        ("10", "nan", "the cost 'nan'"),
    ],
)
def test_an_infinite_or_absurd_lot_number_is_refused_naming_its_line(
    tmp_path: Path, quantity: str, cost: str, said: str
) -> None:
    err = refusal(one_lot_file(tmp_path, lot("06/14/2021", quantity, cost)))
    assert err.line == 4
    assert err.reason == (
        f"{said} of the lot of NVDA is not a finite number within ten trillion: the file is damaged"
    )


def test_a_bad_lot_in_the_second_section_names_its_own_line(tmp_path: Path) -> None:
    lines = [
        *NVDA,
        "",
        *section(
            title("AMZN"),
            [lot("01/15/2020", "20", "$1,875.00"), lot("03/03/2025", "-10", "$2,025.00")],
            total("30", "$3,900.00"),
        ),
    ]
    # AMZN title on line 9, header 11, lots 12 and 13
    err = refusal(write(tmp_path, lines))
    assert err.line == 13 and "'-10' of the lot of AMZN is negative" in err.reason


# -- the Total row ---------------------------------------------------------------------------


def test_lots_that_add_up_to_the_total_row_raise_no_warning(tmp_path: Path) -> None:
    rows = [LOT_40, lot("11/02/2022", "50.5", "$1,325.25")]
    parsed = parse(write(tmp_path, section(title(), rows, total("90.5", "$2,075.25"))))
    assert parsed.warnings == [] and len(parsed.lots) == 2


def test_shares_that_disagree_with_the_total_row_warn_naming_the_total_row(
    tmp_path: Path,
) -> None:
    lines = [*NVDA[:-1], total("125", "$5,400.00")]
    path = write(tmp_path, lines)
    parsed = parse(path)
    assert parsed.warnings == [
        ImportWarning(
            str(path),
            7,
            "XXXX-8046",
            "the NVDA lots add up to 120.0000 shares where the Total row says 125.0000: a lot "
            "row is missing, repeated or damaged",
        )
    ]
    assert len(parsed.lots) == 3  # the lots are still read, as written


def test_a_cost_that_disagrees_with_the_total_row_warns(tmp_path: Path) -> None:
    path = write(tmp_path, [*NVDA[:-1], total("120", "$5,500.00")])
    assert parse(path).warnings == [
        ImportWarning(
            str(path),
            7,
            "XXXX-8046",
            "the NVDA lots add up to a cost of $5,400.00 where the Total row says $5,500.00: a "
            "lot row is missing, repeated or damaged",
        )
    ]


def test_shares_and_cost_that_both_disagree_make_one_warning(tmp_path: Path) -> None:
    path = write(tmp_path, [*NVDA[:-1], total("1,120", "$15,400.00")])
    assert [w.message for w in parse(path).warnings] == [
        "the NVDA lots add up to 120.0000 shares where the Total row says 1,120.0000 and a cost "
        "of $5,400.00 where the Total row says $15,400.00: a lot row is missing, repeated or "
        "damaged"
    ]


def test_a_disagreement_under_a_title_without_account_names_no_account(tmp_path: Path) -> None:
    lines = section(
        '"NVDA Lot Details"', [lot("06/14/2021", "10", "$100.00")], total("11", "$100.00")
    )
    (w,) = parse(write(tmp_path, lines)).warnings
    assert (w.line, w.account_id) == (5, None)
    assert "11.0000" in w.message


@pytest.mark.parametrize(
    ("said_shares", "said_cost", "warned"),
    [
        ("10.0008", "$100.00", False),  # within half a thousandth per lot (2 x 0.0005)
        ("10.0012", "$100.00", True),
        ("9.9988", "$100.00", True),
        ("10", "$100.009", False),  # within half a cent per lot (2 x 0.005)
        ("10", "$100.011", True),
        ("10", "$99.989", True),
    ],
)
def test_a_total_row_is_matched_to_the_brokers_rounding_and_no_further(
    tmp_path: Path, said_shares: str, said_cost: str, warned: bool
) -> None:
    path = one_lot_file(tmp_path, lot("06/14/2021", "10", "$100.00"), total(said_shares, said_cost))
    warnings = parse(path).warnings
    assert [w.line for w in warnings] == ([5] if warned else [])


def test_the_rounding_allowance_grows_with_the_number_of_lots(tmp_path: Path) -> None:
    # three lots: 4 x 0.0005 = 0.002 shares and 4 x 0.005 = 0.02 dollars are allowed
    rows = [lot("06/14/2021", "1", "$1.00")] * 3
    ok = write(tmp_path, section(title(), rows, total("3.0018", "$3.018")), "ok.csv")
    assert parse(ok).warnings == []
    off = write(tmp_path, section(title(), rows, total("3.0022", "$3.00")), "off.csv")
    assert [w.line for w in parse(off).warnings] == [7]


def test_a_total_that_is_not_a_number_warns_and_is_not_compared(tmp_path: Path) -> None:
    path = one_lot_file(tmp_path, lot("06/14/2021", "10", "$100.00"), total("ten", "lots"))
    assert parse(path).warnings == [
        ImportWarning(str(path), 5, None, "the Total quantity 'ten' is not a number"),
        ImportWarning(str(path), 5, None, "the Total cost basis 'lots' is not a number"),
    ]


def test_a_placeholder_total_says_nothing_and_is_not_compared(tmp_path: Path) -> None:
    path = one_lot_file(tmp_path, lot("06/14/2021", "10", "$100.00"), total("--", "--"))
    parsed = parse(path)
    assert parsed.warnings == [] and [x.quantity for x in parsed.lots] == [10.0]


def test_a_short_total_row_compares_the_shares_it_states(tmp_path: Path) -> None:
    agree = one_lot_file(tmp_path, lot("06/14/2021", "10", "$100.00"), '"Total","10"')
    assert parse(agree).warnings == []
    (w,) = parse(
        one_lot_file(tmp_path, lot("06/14/2021", "10", "$100.00"), '"Total","12"')
    ).warnings
    assert w.line == 5 and "10.0000 shares where the Total row says 12.0000" in w.message


@pytest.mark.parametrize(
    ("said_shares", "said_cost", "said"),
    [
        ("1e999", "$100.00", "the Total quantity '1e999'"),
        ("10", "inf", "the Total cost basis 'inf'"),
        ("10", "$99,000,000,000,000", "the Total cost basis '$99,000,000,000,000'"),
    ],
)
def test_an_infinite_or_absurd_total_is_refused_at_the_total_row(
    tmp_path: Path, said_shares: str, said_cost: str, said: str
) -> None:
    err = refusal(
        one_lot_file(tmp_path, lot("06/14/2021", "10", "$100.00"), total(said_shares, said_cost))
    )
    assert err.line == 5
    assert (
        err.reason
        == f"{said} is not a finite amount within ten trillion dollars: the file is damaged"
    )


def test_a_total_row_in_capitals_closes_the_section(tmp_path: Path) -> None:
    closing = '"TOTAL","10","--","--","$0.00","$100.00","$0.00","+0.00%","--",'
    parsed = parse(one_lot_file(tmp_path, lot("06/14/2021", "10", "$100.00"), closing))
    assert [x.source_line for x in parsed.lots] == [4] and parsed.warnings == []


def test_only_a_row_whose_first_cell_is_total_closes_a_section(tmp_path: Path) -> None:
    closing = '"Totals","10","--","--","$0.00","$100.00","$0.00","+0.00%","--",'
    err = refusal(one_lot_file(tmp_path, lot("06/14/2021", "10", "$100.00"), closing))
    assert err.line == 5
    assert "the file ends before the Total row of the NVDA lots" in err.reason


def test_a_section_without_total_before_the_next_title_is_refused_at_that_title(
    tmp_path: Path,
) -> None:
    lines = [
        *NVDA[:-1],
        "",
        *AMZN,
    ]
    # NVDA lots end on line 6, blank 7, the AMZN title on line 8
    err = refusal(write(tmp_path, lines))
    assert err.line == 8
    assert err.reason == (
        "the Total row of the NVDA lots is missing before the next security's lots: "
        "the file is damaged"
    )


def test_a_file_cut_before_the_last_total_row_is_refused_at_its_last_text_line(
    tmp_path: Path,
) -> None:
    lines = [*NVDA, "", *AMZN[:-1], "", ""]
    # NVDA 1-7, blank 8, AMZN title 9, header 11, lot 12, then blank lines
    err = refusal(write(tmp_path, lines))
    assert err.line == 12
    assert err.reason == (
        "the file ends before the Total row of the AMZN lots: it looks cut off; download it again"
    )


def test_a_file_cut_right_under_the_header_is_refused(tmp_path: Path) -> None:
    err = refusal(write(tmp_path, NVDA[:3]))
    assert err.line == 3 and "the file ends before the Total row of the NVDA lots" in err.reason


@pytest.mark.parametrize("gap", [0, 1, 2])
def test_a_row_after_the_last_total_row_is_refused_naming_it(tmp_path: Path, gap: int) -> None:
    lines = [*NVDA, *([""] * gap), lot("09/09/2024", "5", "$50.00")]
    err = refusal(write(tmp_path, lines))
    assert err.line == 8 + gap
    assert err.reason == (
        "a row after the Total row of a Lot Details table, outside any table: the file is damaged"
    )


def test_a_row_between_a_total_row_and_the_next_title_is_refused_naming_it(
    tmp_path: Path,
) -> None:
    lines = [
        *NVDA,
        "",
        lot("09/09/2024", "5", "$50.00"),
        "",
        *AMZN,
    ]
    err = refusal(write(tmp_path, lines))
    assert err.line == 9 and "a row after the Total row" in err.reason


def test_a_repeated_total_row_is_refused_at_the_second_one(tmp_path: Path) -> None:
    err = refusal(write(tmp_path, [*NVDA, NVDA[-1]]))
    assert err.line == 8 and "a row after the Total row" in err.reason


def test_total_warnings_come_before_the_lot_warnings_and_none_is_repeated(
    tmp_path: Path,
) -> None:
    rows = [lot("13/45/2024", "10", "$100.00"), lot("06/14/2021", "5", "n.a.")]
    path = write(tmp_path, section(title(), rows, total("16", "$150.00")))
    assert [(w.line, w.message.split(" is ")[0]) for w in parse(path).warnings] == [
        (6, "the NVDA lots add up to 15.0000 shares where the Total row says 16.0000: a lot row"),
        (4, "the acquisition date '13/45/2024' of the lot of NVDA"),
        (5, "the cost 'n.a.' of the lot of NVDA"),
    ]


# -- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        HEADER,
        "Open Date,Quantity,Cost Basis,Holding Period",
        '"Open Date","Quantity","Cost per share","Cost Basis"',
        '"Open Date","Qty (Quantity)","Cost/Share","Cost Basis"',
        '"Open Date","Quantity","Cost Basis","Holding Period"',
    ],
)
def test_a_header_with_open_date_quantity_cost_basis_and_a_cost_or_term_is_detected(
    tmp_path: Path, header: str
) -> None:
    src = Source.from_path(write(tmp_path, [title(), "", header, '"06/14/2021","1"']))
    assert schwab_lots.detect(src) == 3


@pytest.mark.parametrize(
    "header",
    [
        '"Open Date","Quantity","Cost/Share","Holding Period"',  # no Cost Basis
        '"Open Date","Quantity","Cost Basis","Market Value"',  # no cost per share nor term
        '"Open Date","Qty","Cost Basis","Cost/Share"',  # no Quantity
        '"Quantity","Open Date","Cost Basis","Cost/Share"',  # Open Date not first
        '"open date","Quantity","Cost Basis","Cost/Share"',  # not as Schwab writes it
        ' "Open Date","Quantity","Cost Basis","Cost/Share"',  # not at the start of the line
    ],
)
def test_a_line_that_is_not_a_lot_details_header_is_not_detected(
    tmp_path: Path, header: str
) -> None:
    src = Source.from_path(write(tmp_path, [title(), "", header, '"06/14/2021","1"']))
    assert schwab_lots.detect(src) is None


def test_detection_looks_at_the_first_30_lines_only(tmp_path: Path) -> None:
    at_30 = write(tmp_path, [*([""] * 27), *NVDA], "at30.csv")  # header on line 30
    assert schwab_lots.detect(Source.from_path(at_30)) == 30
    at_31 = write(tmp_path, [*([""] * 28), *NVDA], "at31.csv")
    assert schwab_lots.detect(Source.from_path(at_31)) is None


def test_a_section_past_the_detection_window_is_still_read(tmp_path: Path) -> None:
    lines = [*NVDA, *([""] * 40), *AMZN]
    # NVDA 1-7, 40 blank lines 8-47, AMZN title 48, lot 51
    parsed = parse(write(tmp_path, lines))
    assert [(x.symbol, x.source_line) for x in parsed.lots][-1] == ("AMZN", 51)


# -- bugs these tests found, fixed ---------------------------------------------------------


def test_a_short_total_row_under_a_reordered_header_is_no_traceback(tmp_path: Path) -> None:
    header = (
        '"Open Date","Price","Market Value","Gain/Loss $","Gain/Loss %","Holding Period",'
        '"Cost/Share","Cost Basis","Quantity"'
    )
    row = '"06/14/2021","$1.00","$1.00","$0.00","0%","Long Term","$18.75","$750.00","40"'
    path = write(tmp_path, [title(), "", header, row, '"Total"'])
    h = read_file(path)  # was an IndexError: the Total row padded to 7 cells, not the header's
    # the same as the standard column order with a Total row stating nothing
    assert [(x.quantity, x.cost, x.source_line) for x in h.lots] == [(40.0, 750.0, 4)]
    assert h.warnings == ()


def test_a_file_cut_right_after_a_section_title_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, [*NVDA, "", title("AMZN")])
    with pytest.raises(InputError) as info:
        read_file(path)  # was read as the 3 NVDA lots, the AMZN section lost without a word
    assert (info.value.file, info.value.line) == (str(path), 9)
    assert "AMZN lots without their table" in info.value.reason


# -- survivors of the mutation run ------------------------------------------------------------


def test_a_one_letter_symbol_is_a_symbol() -> None:
    # Ford is F: the words " Lot Details" start at the second character
    assert split_title("F Lot Details for XXXX-8046 as of 09/30/2025") == ("F", "XXXX-8046")


def test_a_header_without_cost_per_share_reads_the_cost_basis(tmp_path: Path) -> None:
    header = '"Open Date","Quantity","Price","Market Value","Cost Basis","Holding Period",'
    rows = [
        '"06/14/2021","40","$186.58","$7,463.20","$750.00","Long Term",',
        '"Total","40","--","$7,463.20","$750.00","--",',
    ]
    parsed = parse(write(tmp_path, [title(), "", header, *rows]))
    assert [(x.quantity, x.cost, x.source_line) for x in parsed.lots] == [(40.0, 750.0, 4)]
    assert parsed.warnings == []


def test_an_unquoted_header_is_found(tmp_path: Path) -> None:
    header = HEADER.replace('"', "")
    parsed = parse(write(tmp_path, [title(), "", header, LOT_40, TOTAL_40]))
    assert [(x.symbol, x.quantity, x.cost) for x in parsed.lots] == [("NVDA", 40.0, 750.0)]


def test_a_row_of_two_cells_after_a_total_row_is_refused(tmp_path: Path) -> None:
    err = refusal(write(tmp_path, [*forty(title()), '"06/14/2021","40"']))
    assert err.line == 6
    assert err.reason == (
        "a row after the Total row of a Lot Details table, outside any table: the file is damaged"
    )


def test_a_title_without_its_table_is_refused_in_full_words(tmp_path: Path) -> None:
    err = refusal(write(tmp_path, [*forty(title()), "", title("AMZN")]))
    assert (err.line, err.reason) == (
        7,
        "the title of the AMZN lots without their table after it: the file is cut short or damaged",
    )


def test_a_table_without_a_title_is_refused_in_full_words(tmp_path: Path) -> None:
    err = refusal(write(tmp_path, [HEADER, LOT_40, TOTAL_40]))
    assert (err.line, err.reason) == (
        1,
        'a Lot Details table without its title line above it ("<symbol> Lot Details for '
        '<account> as of ..."): the title names the security; the file is damaged',
    )


def test_the_symbol_is_the_text_before_the_first_lot_details_words() -> None:
    # an account's nickname may hold any words, these too; the symbol never holds a space
    text = "NVDA Lot Details for Kids Lot Details XXXX-8046 as of 09/30/2025"
    assert split_title(text) == ("NVDA", "Kids Lot Details XXXX-8046")


def test_a_lot_without_cost_basis_under_a_header_without_cost_per_share_has_no_cost_quietly(
    tmp_path: Path,
) -> None:
    header = '"Open Date","Quantity","Price","Market Value","Cost Basis","Holding Period",'
    rows = [
        '"06/14/2021","40","$186.58","$7,463.20","","Long Term",',
        '"Total","40","--","$7,463.20","--","--",',
    ]
    parsed = parse(write(tmp_path, [title(), "", header, *rows]))
    assert [(x.quantity, x.cost, x.source_line) for x in parsed.lots] == [(40.0, None, 4)]
    assert parsed.warnings == []


@pytest.mark.parametrize(
    ("said_shares", "said_cost"),
    [("0.007", "$0.02"), ("0.008", "$0.01")],
    ids=["shares-off-by-the-allowance", "cost-off-by-the-allowance"],
)
def test_a_total_row_off_by_exactly_the_rounding_allowance_is_within_it(
    tmp_path: Path, said_shares: str, said_cost: str
) -> None:
    # one lot of 0.008 shares for $0.02: 2 x 0.0005 = 0.001 shares and 2 x 0.005 = 0.01
    # dollars are allowed, and these Total rows are off by exactly that
    path = one_lot_file(
        tmp_path, lot("06/14/2021", "0.008", "$0.02"), total(said_shares, said_cost)
    )
    parsed = parse(path)
    assert [(x.quantity, x.cost) for x in parsed.lots] == [(0.008, 0.02)]
    assert parsed.warnings == []
