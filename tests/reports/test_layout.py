"""The text measure behind row heights and column widths: a wider column never needs more
lines, each paragraph starts a line, a word wider than the column is cut, and the widths are
Arial's (the PDF tests check the outcome in LibreOffice)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.reports.workbook.textfit import (
    POINTS_PER_UNIT,
    SAFETY,
    text_points,
    units_for,
    wrapped_lines,
)

WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzMW0123456789$,.()-…", min_size=1, max_size=30),
    min_size=1,
    max_size=40,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.floats(3, 80), st.floats(0, 40))
def test_a_wider_column_never_needs_more_lines(text: str, width: float, more: float) -> None:
    assert wrapped_lines(text, width + more) <= wrapped_lines(text, width)


@settings(max_examples=200, deadline=None)
@given(WORDS, st.floats(3, 80))
def test_at_least_the_text_width_over_the_column(text: str, width: float) -> None:
    """Lines times the room in a line is at least the text's width (no line holds more)."""
    room = width * POINTS_PER_UNIT - 4.0
    assert wrapped_lines(text, width) * room >= text_points(text) - text_points(" ") * text.count(
        " "
    )


def test_paragraphs_and_long_words() -> None:
    assert wrapped_lines("one\ntwo\nthree", 40) == 3
    assert wrapped_lines("x" * 200, 10) > 1
    assert wrapped_lines("short", 10) == 1


def test_arial_widths() -> None:
    # Arial's digits are 556/1000 em: a digit is one column unit, the unit of Excel's widths
    assert text_points("0000000000") == pytest.approx(10 * 5.56 * SAFETY)
    assert text_points("iiii") < text_points("WWWW")
    assert units_for("00000") < 7
