"""Cells that print: one font, column widths that fit their text, row heights that fit wrapped
text, money and percent formats, and every text masked (the page setup is :mod:`.page`).

How text is measured, and why: :mod:`.textfit`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

from planner.core.privacy import mask_in_text
from planner.reports.workbook.textfit import (
    FONT_NAME,
    FONT_SIZE,
    MAX_WIDTH,
    row_height,
    units_for,
    wrapped_lines,
)

if TYPE_CHECKING:
    from planner.reports.workbook.page import PageInfo


MONEY = '"$"#,##0.00;[Red]-"$"#,##0.00'
DOLLARS = '"$"#,##0;[Red]-"$"#,##0'
PRICE = '"$"#,##0.00'
PCT = "0.0%"
PCT2 = "0.00%"
SIGNED_PCT = "+0.0%;-0.0%;0.0%"
WHOLE = "#,##0"
SHARES = "#,##0.0###"
DATE = "yyyy-mm-dd"

HEADER_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3B57")
PLAIN = Font(name=FONT_NAME, size=FONT_SIZE)
BOLD = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
TITLE = Font(name=FONT_NAME, size=14.0, bold=True)
SECTION = Font(name=FONT_NAME, size=11.0, bold=True, color="1F3B57")
WARN = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="C00000")
TOP = Alignment(vertical="top")
LEFT_TOP = Alignment(vertical="top", horizontal="left")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
HEAD_ALIGN = Alignment(vertical="top", wrap_text=True)


def use_default_font(wb: Workbook) -> None:
    """Make Arial 10 the workbook's Normal font: the column unit and every unstyled cell then
    measure as the text above is measured."""
    font = Font(name=FONT_NAME, sz=FONT_SIZE, family=2)
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = font


def shown(value: Any, fmt: str) -> str:
    """About what a number looks like under ``fmt`` (for fitting its column)."""
    if isinstance(value, (date, datetime)):
        return "0000-00-00"
    if not isinstance(value, (int, float)):
        return str(value)
    v = float(value)
    if "%" in fmt:
        return f"+{abs(v) * 100:,.2f}%"
    if '"B"' in fmt:
        return f"${abs(v) / 1e9:,.2f}B"
    if "$" in fmt:
        return f"-${abs(v):,.2f}" if ".00" in fmt else f"-${abs(v):,.0f}"
    return f"-{abs(v):,.4f}".rstrip("0")


@dataclass(frozen=True)
class Col:
    """A column: its starting width (Excel units) and the widest it grows to fit unwrapped
    text (None: :data:`MAX_WIDTH`); text wider than that wraps at that width."""

    width: float
    limit: float | None = None

    @property
    def widest(self) -> float:
        return max(self.width, self.limit if self.limit is not None else MAX_WIDTH)


class Masker:
    """Masks every account number of a household in any text, when masking is on (the
    workbook's default); memoised, because a book repeats the same names and sentences."""

    def __init__(self, account_ids: Iterable[str], enabled: bool) -> None:
        self.ids = tuple(sorted({a for a in account_ids if a}))
        self.enabled = enabled
        self._cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if not self.enabled or not self.ids:
            return text
        out = self._cache.get(text)
        if out is None:
            out = mask_in_text(text, self.ids)
            if len(self._cache) < 100_000:
                self._cache[text] = out
        return out


class Sheet:
    """Writes one worksheet: every text through the masker and stored as text (never a
    formula), numbers with a format, each column's width grown to fit, and at :meth:`finish`
    each row's height set for its wrapped text and the page set up."""

    def __init__(self, ws: Worksheet, mask: Callable[[str], str], cols: Sequence[Col]) -> None:
        self.ws = ws
        self.mask = mask
        self.cols = list(cols)
        self.widths = [c.width for c in cols]
        self.heights: dict[int, float] = {}
        self.head_rows: list[tuple[int, int, list[str]]] = []
        self._styles: dict[tuple[int, int, str, int], tuple[Any, ...]] = {}

    # -- cells -------------------------------------------------------------------------------
    def _cell(self, row: int, col: int) -> Cell:
        """The cell at (row, col), made when first asked for (what ``Worksheet.cell`` does,
        without its checks of coordinates this class makes itself: a big book asks 600,000
        times)."""
        c = self.ws._cells.get((row, col))
        if c is None:
            c = Cell(self.ws, row=row, column=col)
            self.ws._add_cell(c)
        return c

    def _col(self, col: int) -> Col:
        while len(self.cols) < col:
            self.cols.append(Col(10.0))
            self.widths.append(10.0)
        return self.cols[col - 1]

    def _style(
        self,
        c: Cell,
        font: Font,
        align: Alignment,
        fmt: str = "General",
        fill: PatternFill | None = None,
    ) -> None:
        """Font, alignment, number format and fill: the first cell of each combination is
        styled the ordinary way, the rest copy its style record (openpyxl hashes every style
        object on assignment, most of the time a big book takes)."""
        key = (id(font), id(align), fmt, id(fill))
        known = self._styles.get(key)
        if known is not None:
            c._style = StyleArray(known[0])
            return
        c.font, c.alignment, c.number_format = font, align, fmt
        if fill is not None:
            c.fill = fill
        self._styles[key] = (StyleArray(c._style), font, align, fill)  # objects kept alive

    def _need(self, row: int, height: float) -> None:
        if height > self.heights.get(row, 0.0):
            self.heights[row] = height

    def _fit(self, col: int, units: float) -> None:
        if units > self.widths[col - 1]:
            self.widths[col - 1] = units

    def text(
        self,
        row: int,
        col: int,
        value: str | None,
        *,
        font: Font = PLAIN,
        wrap: bool = False,
        span: int = 1,
    ) -> Cell:
        """A text cell (masked, kept as text). It grows its column to fit, up to the column's
        limit, and wraps beyond it (or always, with ``wrap``: then at the width it grows to);
        ``span`` > 1 merges it over that many columns and wraps it over their width."""
        spec = self._col(col)
        c = self._cell(row, col)
        if value is None or value == "":
            return c
        value = self.mask(str(value))
        c._value = c.check_string(value)  # kept as text, never read as a formula
        c.data_type = "s"
        bold = bool(font.b)
        size = float(font.sz or FONT_SIZE)
        if span > 1:
            for k in range(col, col + span):
                self._col(k)
            self.ws.merge_cells(
                start_row=row, start_column=col, end_row=row, end_column=col + span - 1
            )
            width = sum(self.cols[k - 1].width for k in range(col, col + span))
            self._style(c, font, TOP_WRAP)
            self._need(row, row_height(wrapped_lines(value, width, bold, size), size))
            return c
        lines = value.split("\n") if "\n" in value else (value,)
        longest = max(units_for(p, bold, size) for p in lines)
        if not wrap and longest <= spec.widest and len(lines) == 1:
            self._fit(col, longest)
            self._style(c, font, TOP)
            self._need(row, row_height(1, size))
            return c
        self._fit(col, min(longest, spec.widest))  # wraps at the widest the column may grow to
        width = self.widths[col - 1]
        self._style(c, font, TOP_WRAP)
        self._need(row, row_height(wrapped_lines(value, width, bold, size), size))
        return c

    def number(
        self,
        row: int,
        col: int,
        value: float | int | date | None,
        fmt: str,
        font: Font = PLAIN,
        span: int = 1,
    ) -> Cell:
        """A number (or date) with its format; its column grows to show it whole (``span`` >
        1: merged over that many columns instead, left-aligned)."""
        self._col(col)
        c = self._cell(row, col)
        if value is None:
            return c
        if type(value) in (int, float):  # what Cell.value would infer, without its lookups
            c._value, c.data_type = value, "n"
        else:  # a date: the cell's setter also gives it a date format
            c.value = value
        self._need(row, row_height(1))
        if span > 1:
            self.ws.merge_cells(
                start_row=row, start_column=col, end_row=row, end_column=col + span - 1
            )
            self._style(c, font, LEFT_TOP, fmt)
            return c
        self._style(c, font, TOP, fmt)
        self._fit(col, units_for(shown(value, fmt), bool(font.b)))
        return c

    def formula(
        self, row: int, col: int, formula: str, fmt: str, expect: Any = None, font: Font = PLAIN
    ) -> Cell:
        """A live formula; ``expect`` is about what it computes (to fit its column)."""
        self._col(col)
        c = self._cell(row, col)
        c.value = formula
        self._style(c, font, TOP, fmt)
        if expect is not None:
            self._fit(col, units_for(shown(expect, fmt), bool(font.b)))
        return c

    def header(self, row: int, names: Sequence[str], first: int = 1) -> None:
        """A header row: bold on the dark fill; each column at least as wide as the header's
        longest word, so a header wraps between words and never inside one."""
        for k, name in enumerate(names):
            col = first + k
            self._col(col)
            c = self._cell(row, col)
            c.value = name
            self._style(c, HEADER_FONT, HEAD_ALIGN, fill=HEADER_FILL)
            c.data_type = "s"
            self._fit(col, max((units_for(w, bold=True) for w in name.split()), default=0.0))
        self.head_rows.append((row, first, list(names)))

    def title(self, row: int, col: int, value: str, font: Font = TITLE) -> Cell:
        """A title or section heading: one line, its row as tall as its font."""
        c = self._cell(row, col)
        c.value = self.mask(value)
        c.data_type = "s"
        self._style(c, font, TOP)
        self._need(row, row_height(1, float(font.sz or FONT_SIZE)) + 2)
        return c

    # -- the sheet ---------------------------------------------------------------------------
    def finish(self, header_row: int | None, page: PageInfo) -> None:
        """Column widths, header rows' heights (after the widths are final), every measured
        row's height, and the page setup."""
        for k, w in enumerate(self.widths, 1):
            self.ws.column_dimensions[get_column_letter(k)].width = round(w + 0.5, 1)
        for row, first, names in self.head_rows:
            lines = max(
                wrapped_lines(n, self.widths[first - 1 + k], True) for k, n in enumerate(names)
            )
            self._need(row, row_height(lines))
        for row, h in self.heights.items():
            self.ws.row_dimensions[row].height = round(h, 2)
        page.apply(self.ws, header_row)
