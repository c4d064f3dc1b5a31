"""Numbers as brokers write them (``planner/brokers/numbers.py``), read directly, one branch at
a time.

Every cell is written here as a broker writes it and every expected figure is read off that
text: the value of each notation (thousands separators, parentheses, currency and plus signs,
percent, Excel's ``="..."`` guard, decimal comma), which spellings are placeholders (None /
NaN), which cells are not numbers (``ValueError``; in a column, the exact list of their
indices), which are absurd (infinity, NaN, beyond :data:`MAX_MAGNITUDE`, ten trillion), and
that a column reads the same whichever of its paths (pandas' C parser, ``float`` per cell,
``pd.to_numeric``, the per-cell path for a cell holding a newline) it takes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest

from planner.brokers import numbers
from planner.brokers.numbers import (
    MAX_MAGNITUDE,
    PLACEHOLDERS,
    is_absurd,
    parse_column,
    parse_number,
)
from planner.brokers.table import TextColumn

TEN_TRILLION = 10**13


def as_list(values: np.ndarray) -> list[float | None]:
    """``values`` with NaN as None, so that a whole column compares exactly with ``==``."""
    return [None if math.isnan(v) else v for v in values.tolist()]


def column(
    cells: Sequence[str], decimal_comma: bool = False
) -> tuple[list[float | None], list[int]]:
    values, bad = parse_column(cells, decimal_comma)
    assert values.dtype == np.float64
    assert len(values) == len(cells)
    return as_list(values), bad


# -- one cell: parse_number ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("0", 0.0),
        ("7", 7.0),
        ("  7  ", 7.0),
        ("1234.56", 1234.56),
        ("1,234.56", 1234.56),
        ("1,234,567.5", 1234567.5),
        ("$1,234.56", 1234.56),
        ("+$3.00", 3.0),
        ("+100", 100.0),
        ("-$126.75", -126.75),
        ("$-5", -5.0),
        ("(1,234.56)", -1234.56),
        ("($1,234.56)", -1234.56),
        ("-(5)", -5.0),  # a minus and parentheses: still one negation
        ("(-5)", -5.0),
        ("-($2.50)", -2.5),
        (".0050", 0.005),
        ("-.0000", 0.0),
        ("5.", 5.0),
        ("12.5%", 12.5),  # percent is kept as written, not divided by 100
        ("-0.25%", -0.25),
        ('="123"', 123.0),
        ('="-1,000.50"', -1000.5),
        ('"42"', 42.0),
        ("1 234 567", 1234567.0),  # spaces between groups of digits
        ("1\u00a0234", 1234.0),  # a no-break space
        ("1e3", 1000.0),
        ("2.5E-2", 0.025),
        ("9999999999999", 9999999999999.0),
    ],
)
def test_a_number_in_any_notation_reads_as_its_value(cell: str, expected: float) -> None:
    assert parse_number(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1.234,56", 1234.56),
        ("1'234,56", 1234.56),  # the Swiss thousands mark
        ("-1.234,5", -1234.5),
        ("(1.000,00)", -1000.0),
        ("12,5%", 12.5),
        ("0,05", 0.05),
        ("1.000", 1000.0),  # a dot is a thousands mark, not a decimal point
    ],
)
def test_a_decimal_comma_number_reads_as_its_value(cell: str, expected: float) -> None:
    assert parse_number(cell, decimal_comma=True) == expected


def test_without_decimal_comma_a_comma_is_a_thousands_mark() -> None:
    assert parse_number("1,234") == 1234.0
    assert parse_number("1,234", decimal_comma=True) == 1.234
    assert parse_number("1.5") == 1.5
    assert parse_number("1.5", decimal_comma=True) == 15.0
    with pytest.raises(ValueError):
        parse_number("€ 12,5", decimal_comma=True)  # only the dollar sign is taken off


def test_the_placeholder_spellings() -> None:
    assert frozenset({"", "--", "-", "---", "n/a", "na", "~", "none", "null", "."}) == PLACEHOLDERS


@pytest.mark.parametrize(
    "cell",
    [
        "",
        "   ",
        "--",
        " -- ",
        "-",
        "---",
        "N/A",
        "n/a",
        "NA",
        "na",
        "Na",
        "~",
        "None",
        "NONE",
        "null",
        "Null",
        ".",
        "\t-\t",
    ],
)
def test_a_placeholder_is_none(cell: str) -> None:
    assert parse_number(cell) is None
    assert parse_number(cell, decimal_comma=True) is None


@pytest.mark.parametrize(
    "cell",
    [
        "abc",
        "1.2.3",
        "1'000",
        "5e",
        "e5",
        "0x10",
        "1d5",
        "---5",
        "5-",
        "yes",
        "True",
        "false",
        "1_000",
        "1__0",
        "_5",
        "--1_0",
    ],
)
def test_text_that_is_not_a_number_is_a_value_error(cell: str) -> None:
    with pytest.raises(ValueError):
        parse_number(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "inf",
        "-inf",
        "+inf",
        "Infinity",
        "-infinity",
        "nan",
        "NaN",
        "-nan",
        "$inf",
        "(inf)",
        "nan%",
        "1e309",
        "-1e309",
        "(1e400)",
    ],
)
def test_infinity_and_nan_are_not_finite_numbers(cell: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_number(cell)
    assert str(info.value) == f"not a finite number: {cell!r}"


def test_an_underscore_is_not_a_digit_separator() -> None:
    """``float("1_000")`` is 1000; a broker never writes that, so it is not a number."""
    with pytest.raises(ValueError) as info:
        parse_number("1_000")
    assert "'1_000'" in str(info.value)
    with pytest.raises(ValueError):
        parse_number("1_000,5", decimal_comma=True)


# -- absurd cells: is_absurd --------------------------------------------------------------


def test_the_largest_magnitude_is_ten_trillion() -> None:
    assert MAX_MAGNITUDE == TEN_TRILLION


@pytest.mark.parametrize(
    ("cell", "absurd"),
    [
        ("10,000,000,000,000", False),  # exactly ten trillion is a number a file can hold
        ("-10,000,000,000,000", False),
        ("$10,000,000,000,000.00", False),
        ("(10,000,000,000,000)", False),
        ("1e13", False),
        ("10,000,000,000,000.01", True),
        ("-10,000,000,000,001", True),
        ("(10,000,000,000,001)", True),
        ("1.0000001e13", True),
        ("1e300", True),
        ("-1e300", True),
        ("1e309", True),
        ("(1e300)", True),
        ("-(1e300)", True),  # read as -1e300 by parse_number: absurd too
        ("(-1e300)", True),
        ("-(99,999,999,999,999)", True),
        ("inf", True),
        ("-inf", True),
        ("+inf", True),
        ("INF", True),
        ("Infinity", True),
        ("-infinity", True),
        ("nan", True),
        ("NaN", True),
        ("-nan", True),
        ("$inf", True),
        ("(inf)", True),
        ("-(nan)", True),
        ("---inf", True),  # however many signs
        ("(--nan)", True),
        ("inf%", True),
        ("  nan  ", True),
        ("0", False),
        ("1,234.56", False),
        ("--", False),
        ("", False),
        ("N/A", False),
        ("abc", False),
        ("infinite", False),  # a word, not infinity
        ("nano", False),
        ("1_0e300", False),  # not a number at all (see the underscore test)
    ],
)
def test_a_cell_is_absurd_when_infinite_nan_or_beyond_ten_trillion(cell: str, absurd: bool) -> None:
    assert is_absurd(cell) is absurd


def test_every_number_parse_number_reads_beyond_ten_trillion_is_absurd() -> None:
    for cell in ["-(1e300)", "(-1e300)", "--1e300", "-($20,000,000,000,000)", "99999999999999"]:
        value = parse_number(cell)
        assert value is not None and abs(value) > TEN_TRILLION, cell
        assert is_absurd(cell), cell


def test_absurd_with_a_decimal_comma() -> None:
    assert is_absurd("10.000.000.000.000,01", decimal_comma=True) is True
    assert is_absurd("10.000.000.000.000,00", decimal_comma=True) is False
    assert is_absurd("(20.000.000.000.000)", decimal_comma=True) is True
    # without a decimal comma the same text is not a number, so not absurd either
    assert is_absurd("10.000.000.000.000,01") is False
    assert is_absurd("nan", decimal_comma=True) is True


# -- a column: parse_column ----------------------------------------------------------------


def test_an_empty_column() -> None:
    values, bad = parse_column([])
    assert values.shape == (0,)
    assert bad == []
    values, bad = parse_column(TextColumn("", 0))
    assert values.shape == (0,)
    assert bad == []


def test_a_column_of_numbers_and_placeholders() -> None:
    cells = ["$1,234.56", "--", "(2.50)", "N/A", "+100", "12.5%", "", ".0050", "n/a", "~", "-"]
    assert column(cells) == (
        [1234.56, None, -2.5, None, 100.0, 12.5, None, 0.005, None, None, None],
        [],
    )


def test_the_indices_of_the_cells_that_are_not_numbers() -> None:
    cells = ["1", "abc", "--", "2.5", "1.2.3", "(3)", "$", "4"]  # "$" alone: nothing, a blank
    assert column(cells) == ([1.0, None, None, 2.5, None, -3.0, None, 4.0], [1, 4])


def test_infinity_nan_and_overflow_in_a_column_are_not_numbers() -> None:
    cells = ["1", "inf", "2", "NaN", "1e309", "-Infinity", "(inf)", "3"]
    assert column(cells) == ([1.0, None, 2.0, None, None, None, None, 3.0], [1, 3, 4, 5, 6])


def test_true_and_false_are_not_numbers_in_a_column() -> None:
    """pandas' float parser would read a column of only ``True``/``False`` as 1 and 0."""
    assert column(["True", "False"]) == ([None, None], [0, 1])
    assert column(["TRUE"]) == ([None], [0])
    assert column(["true", "1"]) == ([None, 1.0], [0])
    assert column(["5", "false"]) == ([5.0, None], [1])


def test_an_underscore_in_a_column_is_not_a_digit_separator() -> None:
    assert column(["1_000", "2"]) == ([None, 2.0], [0])
    assert column(["1_000", "--", "$3.50", "x"]) == ([None, None, 3.5, None], [0, 3])
    assert column(["1_000"]) == ([None], [0])


def test_a_huge_number_in_a_column_is_read_for_the_caller_to_refuse() -> None:
    """parse_column reads ``1e300`` as a number; the readers refuse it (positions.py compares
    with MAX_MAGNITUDE) - here only that it is read as written, not lost."""
    assert column(["1e300", "-(2e20)", "1"]) == ([1e300, -2e20, 1.0], [])


def test_a_cell_holding_a_newline_goes_cell_by_cell() -> None:
    cells = ["1\n2", "3", "--", "x", "(4)"]
    assert column(cells) == ([None, 3.0, None, None, -4.0], [0, 3])
    assert column(["5", "6\n"]) == ([5.0, 6.0], [])  # float() ignores the trailing newline


def test_a_decimal_comma_column() -> None:
    cells = ["1.234,56", "--", "(0,5)", "12,5%", "1,2,3", "-"]
    assert column(cells, decimal_comma=True) == ([1234.56, None, -0.5, 12.5, None, None], [4])
    # the same cells without the decimal comma
    assert column(cells) == ([1.23456, None, -5.0, 125.0, 123.0, None], [])


def test_a_text_column_reads_like_a_list_of_its_cells() -> None:
    cells = ["$1.00", "--", "abc", "(2)", "", "3%"]
    expected = ([1.0, None, None, -2.0, None, 3.0], [2])
    assert column(cells) == expected
    assert column(TextColumn.of(cells)) == expected
    # a slice is parsed from its own part of the string
    assert column(TextColumn.of(["9", *cells, "8"])[1:7]) == expected


def test_placeholders_in_any_case_and_with_spaces_on_the_slow_path() -> None:
    """A column that pandas cannot take whole: every cell is looked at alone, a placeholder in
    any spelling is missing, not bad."""
    cells = ["NONE", "Null", "N/a", " -- ", "nA", "x", "-(5)", "--5"]
    assert column(cells) == ([None, None, None, None, None, None, -5.0, -5.0], [5])


# Cells whose reading must not depend on the path a column takes: read in a column of only
# numbers and placeholders (pandas' parser), with a word (float() cell by cell), with an
# underscore (pd.to_numeric), with a newline in a cell (parse_number cell by cell).
SAME_ON_EVERY_PATH = [
    "$1,234.56",
    "+$3.00",
    "-$126.75",
    "(1,234.56)",
    ".0050",
    "-.0000",
    "+100",
    "12.5%",
    '="123"',
    "--",
    "-",
    "---",
    "N/A",
    "n/a",
    "NA",
    "na",
    "~",
    ".",
    "None",
    "null",
    "",
    " 7 ",
    "1e3",
    "0.1",
    "123456789.123456789",
    "1,784.87",
    "1e300",
]


@pytest.mark.parametrize(
    "extra",
    [None, "word", "1_0", "two\nlines"],
    ids=["numbers-only", "with-a-word", "with-an-underscore", "with-a-newline"],
)
def test_every_path_reads_a_cell_as_parse_number_does(extra: str | None) -> None:
    cells = [*SAME_ON_EVERY_PATH] if extra is None else [*SAME_ON_EVERY_PATH, extra]
    values, bad = column(cells)
    expected = [parse_number(c) for c in SAME_ON_EVERY_PATH]
    assert values[: len(SAME_ON_EVERY_PATH)] == expected
    assert bad == ([] if extra is None else [len(SAME_ON_EVERY_PATH)])


def test_the_fast_path_takes_a_column_of_numbers_and_placeholders(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    real = numbers._fast_floats

    def spy(cleaned: str, n: int) -> np.ndarray | None:
        out = real(cleaned, n)
        seen.append(out is not None)
        return out

    monkeypatch.setattr(numbers, "_fast_floats", spy)
    assert column(["1", "--", "2"]) == ([1.0, None, 2.0], [])
    assert column(["1", "x"]) == ([1.0, None], [1])
    assert column(["1_0", "2"]) == ([None, 2.0], [0])  # an underscore: pandas is not asked
    assert column(["1\n2", "3"]) == ([None, 3.0], [0])  # a newline: neither
    assert seen == [True, False]


# -- the C parser's part: _fast_floats ----------------------------------------------------


@pytest.mark.parametrize(
    "placeholder", ["--", "-", "---", "N/A", "n/a", "NA", "na", "~", ".", "None", "null"]
)
def test_the_fast_parser_takes_each_common_placeholder(placeholder: str) -> None:
    out = numbers._fast_floats(f"1\n{placeholder}\n2", 3)
    assert out is not None
    assert as_list(out) == [1.0, None, 2.0]


def test_the_fast_parser_takes_placeholders_in_a_row_and_at_either_end() -> None:
    out = numbers._fast_floats("--\n--\n1.5\n--\n~\n~", 6)
    assert out is not None
    assert as_list(out) == [None, None, 1.5, None, None, None]


@pytest.mark.parametrize(
    ("cleaned", "n"),
    [
        ("1\nnan", 2),
        ("1\nNaN", 2),
        ("inf\n1", 2),
        ("-Infinity", 1),
        ("True", 1),
        ("1\nfalse", 2),
        ("1\n\x01", 2),  # the character that stands for a placeholder
        ("1\nabc", 2),
        ("1\n2", 3),  # fewer rows than cells
        ("1\n", 2),  # an empty last cell: one row
        ("1\n\n2", 3),  # an empty cell
        ("1e999", 1),  # overflows to infinity
        ("-1e999\n1", 2),
        ("NONE\n1", 2),  # a placeholder in a case the C parser is not given
        ("", 1),
    ],
)
def test_the_fast_parser_declines_what_it_cannot_tell_apart(cleaned: str, n: int) -> None:
    assert numbers._fast_floats(cleaned, n) is None


def test_the_fast_parser_reads_exactly_what_float_reads() -> None:
    cells = ["0.1", "0.3", "123456789.123456789", "9007199254740993", "1e-400", "2.5E+3", "-7"]
    out = numbers._fast_floats("\n".join(cells), len(cells))
    assert out is not None
    assert out.tolist() == [float(c) for c in cells]


def test_the_slow_column_path_reads_cell_by_cell() -> None:
    values, bad = numbers._parse_slow(["1", "--", "x", "(2)", "inf", "a\nb"], False)
    assert as_list(values) == [1.0, None, None, -2.0, None, None]
    assert bad == [2, 4, 5]
    values, bad = numbers._parse_slow(["1,5", "1.000"], True)
    assert as_list(values) == [1.5, 1000.0]
    assert bad == []


def test_a_column_is_read_with_a_decimal_point_unless_told() -> None:
    values, bad = parse_column(["1,234.5", "12.5%"])
    assert (as_list(values), bad) == ([1234.5, 12.5], [])


def test_a_decimal_comma_column_with_a_cell_holding_a_newline() -> None:
    """Cell by cell, the decimal comma still holds: ``1,5`` is one and a half."""
    assert column(["1,5", "a\nb", "2.000,25"], decimal_comma=True) == ([1.5, None, 2000.25], [1])


def test_true_and_false_beside_a_placeholder_are_not_numbers() -> None:
    """With a placeholder in the column pandas would read ``false`` as 0 and ``true`` as 1:
    the fast parser declines, and each is a cell that is not a number."""
    assert numbers._fast_floats("false\n--", 2) is None
    assert numbers._fast_floats("--\nTrue\n1", 3) is None
    assert column(["--", "false", "1", "TRUE"]) == ([None, None, 1.0, None], [1, 3])


@pytest.mark.parametrize("cell", ["$--", "--%", "(-)", "+-", "$ -", "$", "%", "()"])
def test_a_dash_with_a_currency_sign_reads_the_same_on_every_path(cell: str) -> None:
    """A column of numbers and a column that also holds a word read the cell alike: a dash (or
    nothing) with a currency or percent sign is missing, with no warning."""
    alone = column([cell, "1"])
    with_word = column([cell, "1", "word"])
    assert (alone[0][0], 0 in alone[1]) == (with_word[0][0], 0 in with_word[1]) == (None, False)
    assert parse_number(cell) is None
