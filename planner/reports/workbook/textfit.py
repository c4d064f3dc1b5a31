"""The width and wrapped height of a cell's text in the workbook's one font.

Why measure text at all: a spreadsheet stores a row's height, and neither openpyxl nor
LibreOffice's import grows a row to fit wrapped text reliably; a row left at the default height
prints its second line over the next row. So each text is measured in the workbook's one font,
**Arial 10** (Liberation Sans on Linux has the same advance widths, so Excel and LibreOffice
wrap alike), word-wrapped greedily at its column's width, and the row is given the height of
its tallest cell. Breaking only at spaces never needs fewer lines than a renderer that also
breaks at hyphens, and the widths are padded by a few percent, so the estimate errs tall.

Units: column widths in Excel's units (the width of the Normal font's digit, 5.56 pt);
heights and text widths in points.
"""

from __future__ import annotations

from functools import lru_cache

FONT_NAME = "Arial"
FONT_SIZE = 10.0


def _widths(table: str) -> tuple[int, ...]:
    return tuple(int(w) for w in table.split())


#: Advance widths (1/1000 em) of ASCII 32-126 in Arial = Liberation Sans, regular and bold.
_REGULAR = _widths(
    """
278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556
556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833
722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556
556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334
260 334 584
"""
)
_BOLD = _widths(
    """
278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556
556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833
722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 611 556 611
556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 556 556 500 389
280 389 584
"""
)
#: Common characters beyond ASCII; anything else counts as the widest glyphs (…, —), 1000.
_WIDTHS = {
    "\u2026": 1000,
    "\u2013": 556,
    "\u2014": 1000,
    "\u2019": 222,
    "\u2018": 222,
    "\u201c": 333,
    "\u201d": 333,
    "\u00e9": 556,
    "\u20ac": 556,
    "\u00a0": 278,
}
_OTHER = 1000
#: Widths are padded by this factor (hinting and rounding make rendered text a little wider).
SAFETY = 1.04
#: One Excel column unit in points: the width of the Normal font's digit (Arial 10: 0.556 em).
#: LibreOffice gives a unit 5.59 pt; Excel a whole number of pixels per digit, with the text's
#: glyphs hinted to the same grid - text measured in digits fits alike.
POINTS_PER_UNIT = 5.56
#: Points of a column not available to text (cell margins).
CELL_MARGIN = 4.0
#: Height of one line of 10-point Arial, and what a row adds around its text, in points.
LINE = 12.75
ROW_PAD = 2.5
#: Widest a column grows to fit unwrapped text before the text wraps instead.
MAX_WIDTH = 60.0


_REGULAR_OF = {chr(32 + i): w for i, w in enumerate(_REGULAR)} | _WIDTHS
_BOLD_OF = {chr(32 + i): w for i, w in enumerate(_BOLD)} | _WIDTHS


@lru_cache(maxsize=65536)
def text_points(text: str, bold: bool = False, size: float = FONT_SIZE) -> float:
    """Width of one line of ``text`` in points."""
    table = _BOLD_OF if bold else _REGULAR_OF
    units = sum(table.get(ch, _OTHER) for ch in text)
    return units * size / 1000 * SAFETY


def units_for(text: str, bold: bool = False, size: float = FONT_SIZE) -> float:
    """The column width (Excel units) that shows ``text`` on one line."""
    return (text_points(text, bold, size) + CELL_MARGIN) / POINTS_PER_UNIT


def _room(width_units: float) -> float:
    return max(width_units * POINTS_PER_UNIT - CELL_MARGIN, 1.0)


@lru_cache(maxsize=65536)
def wrapped_lines(
    text: str, width_units: float, bold: bool = False, size: float = FONT_SIZE
) -> int:
    """Lines ``text`` takes wrapped in a column ``width_units`` wide: greedy, breaking at
    spaces (and inside a word only when the word alone is wider than the column)."""
    room = _room(width_units)
    space = text_points(" ", bold, size)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for w in paragraph.split(" "):
            width = text_points(w, bold, size)
            if used and used + space + width <= room:
                used += space + width
                continue
            if used:
                lines += 1
            if width <= room:
                used = width
                continue
            # a word wider than the column is cut wherever it fills a line
            used = 0.0
            for ch in w:
                cw = text_points(ch, bold, size)
                if used + cw > room and used:
                    lines += 1
                    used = 0.0
                used += cw
    return lines


def row_height(lines: int, size: float = FONT_SIZE) -> float:
    """Points for ``lines`` lines of text of ``size`` points."""
    return lines * LINE * size / FONT_SIZE + ROW_PAD
