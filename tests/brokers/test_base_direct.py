"""What every reader shares, read directly, one branch at a time.

``planner/brokers/base.py``: the detection window, header cells to keys (the long name of a
dual name), columns found by alias, dates in every form brokers write and the last date in a
title, cells stripped, a figure a file states about itself (a number, a warning, a refusal),
account numbers masked, a file's content id.

``planner/brokers/complete.py``: where a table ends (through blank lines, before a trailing
section), the last line holding text, the refusal of a file cut off and the warning of a layout
that cannot prove it is whole.

Every input is a few lines or cells written here; every expected line, key, date, figure and
message is worked out in the test from them.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from planner.brokers import read_source
from planner.brokers.base import (
    MAX_HEADER_CELLS,
    MAX_TITLE_CHARS,
    WINDOW,
    ParsedFile,
    content_id,
    find_columns,
    find_date,
    header_key,
    mask_number,
    parse_date,
    reported_number,
    strip_text,
    window,
)
from planner.brokers.complete import (
    UNCHECKED,
    ends_before,
    filled,
    last_text_line,
    next_text_line,
    unchecked,
)
from planner.brokers.mapping import parse_mapping
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import ImportWarning, empty_positions
from tests.brokers.direct import table_ends as ends

PATH = "export.csv"


def text_of(*lines: str) -> Source:
    """A file of ``lines``, each ended by a line end."""
    return Source.from_text("".join(f"{line}\n" for line in lines), PATH)


# -- base: the detection window ------------------------------------------------------------


@pytest.mark.parametrize(("lines", "last"), [(1, 1), (5, 5), (WINDOW, 30), (WINDOW + 1, 30)])
def test_detection_looks_at_the_first_thirty_lines_at_most(lines: int, last: int) -> None:
    assert window(text_of(*(f"line {i}" for i in range(lines)))) == range(1, last + 1)


# -- base: header keys and columns ---------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("Symbol", "symbol"),
        ("  Market   Value ", "market value"),
        ("\ufeffSymbol", "symbol"),  # a byte order mark left in the first cell
        ("Qty (Quantity)", "quantity"),  # Schwab 2025: the long name in parentheses
        ("Mkt Val (Market Value)", "market value"),
        ("Gain % (Gain/Loss %)", "gain/loss %"),
        ("Price ($)", "price ($)"),  # a unit, not a name
        ("Change (%)", "change (%)"),
        ("Ref (#)", "ref (#)"),
        ("(Quantity)", "(quantity)"),  # no short name before it
        ("Qty ()", "qty ()"),  # nothing inside
        ("Qty (Quantity) now", "qty (quantity) now"),  # not at the end
        ("a (b (c))", "b (c)"),
    ],
)
def test_a_header_cell_becomes_its_key(cell: str, key: str) -> None:
    assert header_key(cell) == key


def test_a_header_cell_longer_than_a_title_is_kept_as_it_is() -> None:
    longest = "Q" * (400 - len(" (Quantity)")) + " (Quantity)"  # 400 characters: the limit
    assert len(longest) == MAX_TITLE_CHARS
    assert header_key(longest) == "quantity"
    assert header_key("Q" + longest) == "Q" + longest


ALIASES = {
    "symbol": ["symbol", "ticker"],
    "quantity": ["quantity", "shares"],
    "value": ["market value", "value"],
    "cost": ["cost basis"],
}


def test_find_columns_takes_the_first_alias_found_and_its_first_cell() -> None:
    header = ["Ticker", "Value", "Qty (Quantity)", "Symbol", "Market Value", "Symbol"]
    # symbol: "symbol" is found (cell 3) before "ticker" is tried; quantity by its long name;
    # value: "market value" (cell 4) before "value" (cell 1); no cost column
    assert find_columns(header, ALIASES) == {"symbol": 3, "quantity": 2, "value": 4}


def test_find_columns_reads_no_further_than_the_header_limit() -> None:
    assert MAX_HEADER_CELLS == 512
    header = [f"c{i}" for i in range(520)]
    header[511] = "Symbol"  # the 512th cell: read
    header[512] = "Quantity"  # the 513th: not
    assert find_columns(header, ALIASES) == {"symbol": 511}
    assert find_columns([], ALIASES) == {}


# -- base: dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026/07/16", date(2026, 7, 16)),
        ("07/16/2026", date(2026, 7, 16)),
        ("7/6/2026", date(2026, 7, 6)),
        ("11/21/25", date(2025, 11, 21)),
        ("2024-01-12", date(2024, 1, 12)),
        ("Mar-15-2020", date(2020, 3, 15)),
        ("Mar 15 2020", date(2020, 3, 15)),
        ("20240112", date(2024, 1, 12)),
        ("  2024-01-12  ", date(2024, 1, 12)),
        ("02/30/2024", None),
        ("2024-13-01", None),
        ("16.07.2026", None),
        ("today", None),
        ("", None),
    ],
)
def test_parse_date_reads_every_form_brokers_write(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_parse_date_reads_no_text_longer_than_forty_characters() -> None:
    # a blank in a format matches any run of blanks: the date is readable at any length
    forty = "Mar" + " " * 30 + "15 2020"
    assert len(forty) == 40
    assert parse_date(forty) == date(2020, 3, 15)
    assert parse_date("Mar" + " " * 31 + "15 2020") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Positions for account Individual ...920 as of 07:49 PM ET, 2026/07/16",
            date(2026, 7, 16),
        ),
        ("from 01/02/2024 to 03/04/2024", date(2024, 3, 4)),  # the last one
        ("from 1/2/24 to 13/45/2024", date(2024, 1, 2)),  # the last that is a date
        ("Date downloaded Mar-15-2020 10:30 AM", date(2020, 3, 15)),
        ("as of Mar 15 2020", date(2020, 3, 15)),
        ("as of 2024-01-12", date(2024, 1, 12)),
        ("no date here", None),
        ("", None),
    ],
)
def test_find_date_gives_the_last_date_written(text: str, expected: date | None) -> None:
    assert find_date(text) == expected


def test_find_date_searches_the_last_4096_characters_only() -> None:
    inside = "2024-01-12" + "x" * (4096 - 10)
    assert find_date(inside) == date(2024, 1, 12)
    assert find_date(inside + "x") is None  # the date's first digit is cut off


@pytest.mark.parametrize("unit", ["USD", "\u20ac"])
def test_a_mapping_tells_apart_columns_with_the_same_unit_in_parentheses(unit: str) -> None:
    """A custodian writing its unit after each name: the mapping names each column in full, and
    each field is read from the column it names."""
    text = (
        f"Account,Ticker,Units,Price ({unit}),Market Value ({unit}),Cost Basis ({unit})\n"
        "TRUST-1,SAP,10,200.00,2000.00,1500.00\n"
    )
    columns = {
        "account": "Account",
        "symbol": "Ticker",
        "quantity": "Units",
        "price": f"Price ({unit})",
        "value": f"Market Value ({unit})",
        "cost_basis": f"Cost Basis ({unit})",
    }
    mapping = parse_mapping(json.dumps({"name": "trust", "columns": columns}), "trust.json")
    h = read_source(Source.from_text(text, PATH, "0" * 64), mapping)
    row = h.positions.iloc[0]
    assert (row["symbol"], row["quantity"], row["price"]) == ("SAP", 10.0, 200.0)
    assert (row["market_value"], row["cost_basis"]) == (2000.0, 1500.0)


# -- base: stripped cells ------------------------------------------------------------------


@pytest.mark.parametrize(
    "cells",
    [
        [" a", "b"],  # the first cell
        ["a", "b "],  # the last cell
        ["a ", "b"],  # a cell's end before the next
        ["a", " b"],  # a cell's start after the one before
        ["a\t", "b"],
        ["", " b"],
        ["a", "b\u00a0", "c"],  # a no-break space (Excel) inside a column
        ["a", "\u3000b", "c"],  # an ideographic space
    ],
)
def test_strip_text_strips_every_cell_with_blanks_around_it(cells: list[str]) -> None:
    assert strip_text(cells) == [c.strip() for c in cells]


def test_strip_text_gives_clean_cells_as_they_are() -> None:
    cells = ["AAPL", "BRK B", "", "café"]
    assert strip_text(cells) == cells
    assert strip_text([]) == []


def test_a_no_break_space_does_not_split_an_account_of_a_large_file() -> None:
    # above 2,000 rows the cells come from pandas' tokenizer unstripped: strip_text is what
    # makes "5XY-01234<no-break space>" the account "5XY-01234"
    header = (
        '"COB Date","Symbol","Security Description","Account Registration","Account #",'
        '"Quantity","Price ($)","Value ($)"'
    )
    rows = [
        f'"11/21/2025","S{i}","THING {i}","IRA-Edge","5XY-01234{pad}","1","1.00","1.00"'
        for i, pad in enumerate([""] * 1000 + ["\u00a0"] + [""] * 1100)
    ]
    h = read_source(Source.from_text("\n".join([header, *rows]) + "\n", PATH, "0" * 64))
    assert [a.id for a in h.accounts] == ["5XY-01234"]
    assert set(h.positions["account_id"]) == {"5XY-01234"}
    assert len(h.positions) == len(rows)


# -- base: figures a file states about itself ----------------------------------------------


@pytest.mark.parametrize(
    ("cell", "number"),
    [("$1,234.56", 1234.56), ("(12.50)", -12.5), ("-0", 0.0), ("10,000,000,000,000", 1e13)],
)
def test_a_reported_number(cell: str, number: float) -> None:
    src = text_of("x")
    assert reported_number(src, 4, cell, "the total", "A1") == (number, [])


@pytest.mark.parametrize("cell", ["--", "", "N/A", " ~ "])
def test_a_reported_placeholder_is_nothing_said(cell: str) -> None:
    assert reported_number(text_of("x"), 4, cell, "the total", "A1") == (None, [])


@pytest.mark.parametrize(
    ("cell", "said", "account"),
    [("abc", "abc", "A1"), ("  see note ", "see note", None), ("n" * 50, "n" * 40, "A2")],
)
def test_a_reported_figure_that_is_not_a_number_is_a_warning(
    cell: str, said: str, account: str | None
) -> None:
    got = reported_number(text_of("x"), 9, cell, "Net Liquidating Value", account)
    message = f"Net Liquidating Value {said!r} is not a number"
    assert got == (None, [ImportWarning(PATH, 9, account, message)])


def test_a_reported_figure_names_no_account_unless_told() -> None:
    _, warnings = reported_number(text_of("x"), 2, "?", "the total")
    assert warnings == [ImportWarning(PATH, 2, None, "the total '?' is not a number")]


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("inf", "inf"),
        (" -Infinity ", "-Infinity"),
        ("NaN", "NaN"),
        ("$10,000,000,000,000.01", "$10,000,000,000,000.01"),
        ("1" * 50, "1" * 40),
    ],
)
def test_an_absurd_reported_figure_is_refused(cell: str, said: str) -> None:
    with pytest.raises(InputError) as info:
        reported_number(text_of("x"), 11, cell, "the total", "A1")
    err = info.value
    assert (err.file, err.line) == (PATH, 11)
    assert err.reason == (
        f"the total {said!r} is not a finite amount within ten trillion dollars: the file is "
        "damaged"
    )


# -- base: masking and content ids ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Trust 123456789", "Trust ...6789"),
        ("12345", "...2345"),
        ("IRA 1234", "IRA 1234"),  # four digits may be shown
        ("A 1234567 and B 98765", "A ...4567 and B ...8765"),
        ("Z12345678", "Z...5678"),
        ("Individual", "Individual"),
    ],
)
def test_mask_number_cuts_long_digit_runs_to_their_last_four(text: str, masked: str) -> None:
    assert mask_number(text) == masked


def test_content_id_hashes_the_text_from_a_line_on() -> None:
    body = "Symbol,Value\nAAPL,100\n"
    src = Source.from_text("a note put above\r\n" + body.replace("\n", "\r\n"), PATH)
    assert content_id(src, 2) == hashlib.sha256(body.encode("utf-8")).hexdigest()[:8]
    assert content_id(src, 3) == hashlib.sha256(b"AAPL,100\n").hexdigest()[:8]
    whole = "a note put above\n" + body
    assert content_id(src, 1) == hashlib.sha256(whole.encode("utf-8")).hexdigest()[:8]
    # the same export under other notes has the same id
    other = Source.from_text("another\nnote\n" + body, PATH)
    assert content_id(other, 3) == content_id(src, 2)


def test_a_parsed_file_has_no_warnings_or_lots_unless_given() -> None:
    first = ParsedFile("x", None, [], empty_positions())
    second = ParsedFile("x", None, [], empty_positions())
    assert first.warnings == [] and first.lots == []
    first.warnings.append(ImportWarning(PATH, 1, None, "m"))
    assert second.warnings == []


# -- complete: lines -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("a\nb\n", 2),
        ("a\nb", 2),
        ("a\nb\n\n \n\t\n", 2),
        ('a\n"",""\n;;\n', 1),  # padding cells are blank
        ("a\n\nb\n\n", 3),
        ("", 1),
        ("\n\n\n", 1),
    ],
)
def test_last_text_line(text: str, last: int) -> None:
    assert last_text_line(Source.from_text(text, PATH)) == last


def test_next_text_line() -> None:
    src = text_of("a", "", " ", "b")
    assert [next_text_line(src, n) for n in (1, 2, 3, 4, 5)] == [1, 4, 4, 4, None]


@pytest.mark.parametrize(
    ("line", "count"),
    [("a,,b,c", 3), ('a,"",  ,"b"', 2), ("", 0), (",,,", 0), ("x", 1)],
)
def test_filled_counts_the_cells_holding_something(line: str, count: int) -> None:
    assert filled(text_of("head", line), 2) == count


def test_a_file_cut_off_is_refused_at_its_last_line_of_text() -> None:
    src = text_of("Symbol,Value", "AAPL,100", "", '"",""')
    err = ends_before(src, "its TOTAL row")
    assert (err.file, err.line) == (PATH, 2)
    assert err.reason == "the file ends before its TOTAL row: it looks cut off; download it again"
    assert str(err) == f"{PATH}:2: {err.reason}"


def test_a_layout_that_proves_nothing_warns_without_a_line() -> None:
    assert UNCHECKED == "completeness could not be checked"
    src = text_of("x")
    why = "the layout states no totals"
    assert unchecked(src, why) == ImportWarning(PATH, None, None, f"{UNCHECKED}: {why}")
    assert unchecked(src, why, "A1") == ImportWarning(PATH, None, "A1", f"{UNCHECKED}: {why}")


# -- complete: where a table ends ----------------------------------------------------------


def test_a_table_without_blank_lines_runs_to_the_end_of_the_file() -> None:
    assert ends(["H", "r", "r"], 2, set()) == (3, [])
    assert ends(["H", "r", "r"], 2, set(), end="") == (3, [])


def test_a_table_goes_on_after_a_blank_line_followed_by_a_row() -> None:
    assert ends(["H", "r", "", "r", "r"], 2, {4}) == (5, [4])


def test_a_table_ends_before_a_blank_line_followed_by_anything_else() -> None:
    assert ends(["H", "r", "", "Footer", "r"], 2, {5}) == (2, [4])


@pytest.mark.parametrize("gap", ["", "   ", " \t", '"",""', '""', ";;", ",,,"])
def test_a_line_of_padding_is_a_gap(gap: str) -> None:
    assert ends(["H", "r", gap, "Footer"], 2, set()) == (2, [4])
    assert ends(["H", "r", gap, "r"], 2, {4}) == (4, [4])


def test_blank_lines_in_a_row_are_one_gap() -> None:
    lines = ["H", "r", "", '"",""', ";;", " \t", "r", "r"]
    assert ends(lines, 2, {7}) == (8, [7])


def test_every_gap_is_looked_at_and_the_first_that_is_not_followed_by_a_row_ends_it() -> None:
    lines = ["H", "r", "", "r", "", "r", "", "Disclaimer", "", "r"]
    assert ends(lines, 2, {4, 6, 10}) == (6, [4, 6, 8])


def test_blank_lines_at_the_end_are_not_part_of_the_table() -> None:
    assert ends(["H", "r", "r", "", "", ""], 2, set()) == (3, [])


def test_a_line_of_punctuation_holding_a_cell_is_not_blank() -> None:
    # '";"' is a cell holding a semicolon: a row, not padding
    assert ends(["H", "r", '";"', "r"], 2, set()) == (4, [])


def test_a_table_starting_on_a_blank_line() -> None:
    assert ends(["H", "", "r", "r"], 2, {3}) == (4, [3])
    assert ends(["H", "", "Footer"], 2, set()) == (1, [3])
    assert ends(["H", "", ""], 2, set()) == (1, [])


def test_a_table_starting_on_a_blank_first_line() -> None:
    assert ends(["", "Footer"], 1, set()) == (0, [2])
    assert ends(["", "r", "r"], 1, {2}) == (3, [2])


def test_a_table_starting_after_the_last_line_is_empty() -> None:
    assert ends(["H", "r"], 3, set()) == (2, [])
    assert ends(["H", "r"], 7, set()) == (6, [])
