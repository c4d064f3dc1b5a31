"""Where a table ends (``planner/brokers/complete.py``), read directly: the edges the tests in
``test_base_direct.py`` leave open - a table whose one row is the file's last line, a gap that
is the file's last line, a gap of several blank lines followed by rows and then by a footer.

Every file is a few lines written here; which lines are rows is said in the test, and the
expected last line of the table is counted off the lines.
"""

from __future__ import annotations

from tests.brokers.direct import table_ends as ends

PATH = "export.csv"


def test_a_table_of_one_row_on_the_last_line() -> None:
    """A header and one position, nothing after: the position is the table."""
    assert ends(["Symbol,Value", "AAPL,100"], 2, set()) == (2, [])
    assert ends(["Symbol,Value", "AAPL,100"], 2, set(), end="") == (2, [])
    assert ends(["Symbol,Value", ""], 2, set()) == (1, [])  # a blank last line: no rows


def test_a_gap_on_the_last_line_is_not_part_of_the_table() -> None:
    for gap in ("", '"",""', ";;"):
        assert ends(["Symbol,Value", "AAPL,100", gap], 2, set()) == (2, [])
    assert ends(["Symbol,Value", "AAPL,100", "MSFT,50", ""], 2, set()) == (3, [])


def test_after_a_gap_of_several_blank_lines_the_next_gap_still_ends_the_table() -> None:
    """Rows, two blank lines, a row, a blank line, a disclaimer: the table is lines 2 to 5;
    the disclaimer is not a row."""
    lines = ["Symbol,Value", "AAPL,100", "", "", "MSFT,50", "", "Brokerage services by ..."]
    assert ends(lines, 2, {5}) == (5, [5, 7])
    padded = ["Symbol,Value", "AAPL,100", '"",""', ";;", " ", "MSFT,50", "", "Disclaimer"]
    assert ends(padded, 2, {6}) == (6, [6, 8])
