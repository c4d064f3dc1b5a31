"""The demo workbook printed by LibreOffice to PDF, read back as words with their boxes
(``pdftotext -bbox``): no text overprints other text, each trade's explanation lies whole
inside its own row, headers are never cut inside a word, money and thresholds print as money,
and every page carries the client, the preparer, the date and its number."""

from __future__ import annotations

import re
from itertools import pairwise

from openpyxl import load_workbook

from planner.core.buckets import SIZE_BUCKETS, bucket_bounds
from planner.reports.workbook import SHEETS
from planner.reports.workbook.layout import HEADER_FILL
from tests.reports.conftest import AUTHOR, CLIENT, Export, Page, Word, money


def _overlap(a: Word, b: Word) -> bool:
    """Boxes that share more than a sliver: lines of one cell touch at their edges (a box is a
    little taller than the line pitch), overprinted text shares much more."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w > 0.5 and h > 0.4 * min(a.y1 - a.y0, b.y1 - b.y0)


def _collisions(page: Page) -> list[tuple[str, str]]:
    words = sorted(page.words, key=lambda w: w.y0)
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if b.y0 >= a.y1:
                break
            if _overlap(a, b):
                found.append((a.text, b.text))
    return found


def _first_column_right(p: Page) -> float:
    """Where the Step column ends: the left edge of the Account header beside it."""
    step = next(w for w in p.words if w.text == "Step")
    return min(w.x0 for w in p.words if w.text == "Account" and abs(w.y0 - step.y0) < 1)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_pdf_has_every_sheet_landscape_with_header_and_footer(demo_pdf: list[Page]) -> None:
    assert {p.sheet for p in demo_pdf} == set(SHEETS)
    total = len(demo_pdf)
    for p in demo_pdf:
        assert p.width > p.height  # landscape
        text = p.text()
        assert f"Rotation plan for {CLIENT}" in text
        assert f"Prepared by {AUTHOR}, 2026-11-24" in text
        assert f"{p.sheet} - page {p.number} of {total}" in text
        assert "Plan 20261124-093000-" in text


def test_no_text_overprints_other_text(demo_pdf: list[Page]) -> None:
    for p in demo_pdf:
        assert _collisions(p) == [], (p.sheet, p.number)


def test_each_explanation_lies_whole_inside_its_row(demo: Export, demo_pdf: list[Page]) -> None:
    """The needed height against the set height, as printed: every word of a trade's
    explanation lies between the top of its row and the top of the next row (or the page's
    footer), in order - nothing spills into the next row and nothing is cut."""
    wb = load_workbook(demo.xlsx)
    ws = wb["Trades"]
    head = [c.value for c in ws[1]]
    n = len(demo.run.plan.trades)
    explanation = {
        int(ws.cell(row=r, column=1).value): ws.cell(
            row=r, column=head.index("Explanation") + 1
        ).value
        for r in range(2, n + 2)
    }
    seen: dict[int, str] = {}
    for p in (p for p in demo_pdf if p.sheet == "Trades"):
        header = [w for w in p.words if w.text == "Explanation"]
        assert len(header) == 1  # the header row repeats on every page
        left = header[0].x0 - 1
        step_right = _first_column_right(p)
        footer = min(w.y0 for w in p.words if w.text == "Plan")
        tops = sorted(
            (w.y0, int(w.text))
            for w in p.words
            if w.x1 <= step_right and w.text.isdigit() and w.y0 > header[0].y1
        )
        bounds = [*(t for t, _ in tops[1:]), footer]
        totals = [w.y0 for w in p.words if w.text == "Total" and w.x0 < step_right]
        for (top, step), bottom in zip(tops, bounds, strict=True):
            if totals and totals[0] > top:
                bottom = min(bottom, totals[0])
            inside = [
                w for w in p.words if w.x0 >= left and top - 1 <= w.y0 and w.y1 <= bottom + 0.5
            ]
            inside.sort(key=lambda w: (round(w.y0), w.x0))
            seen[step] = " ".join(w.text for w in inside)
    assert set(seen) == set(explanation)
    for step, text in explanation.items():
        assert _squash(seen[step]) == _squash(text), step


def test_row_heights_were_set_for_wrapped_text(demo: Export) -> None:
    """Each row holding wrapped text has a height set, taller than one line when its text is
    longer than its column is wide (the PDF tests above check the heights are enough)."""
    wb = load_workbook(demo.xlsx)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.alignment.wrap_text:
                    height = ws.row_dimensions[c.row].height
                    assert height is not None and height >= 12.75, (ws.title, c.coordinate)


def test_headers_are_never_cut_inside_a_word(demo: Export, demo_pdf: list[Page]) -> None:
    wb = load_workbook(demo.xlsx)
    for ws in wb.worksheets:
        heads = {
            str(c.value)
            for row in ws.iter_rows()
            for c in row
            if c.value and c.fill.fgColor.rgb == HEADER_FILL.fgColor.rgb
        }
        printed = {w.text for p in demo_pdf if p.sheet == ws.title for w in p.words}
        for head in heads:
            for word in head.split():
                assert word in printed, (ws.title, head, word)


def test_money_and_thresholds_print_as_money(demo: Export, demo_pdf: list[Page]) -> None:
    words = {
        sheet: {w.text for p in demo_pdf if p.sheet == sheet for w in p.words} for sheet in SHEETS
    }
    plan = demo.run.plan
    for t in plan.trades:
        assert money(t.value) in words["Trades"]
        assert money(t.price) in words["Trades"]
    assert money(plan.household_total) in words["Summary"]
    assert f"{plan.buckets['mega'].current:.1%}" in words["Summary"]
    scheme = demo.run.reference.size_scheme
    for k in SIZE_BUCKETS:
        lo, _ = bucket_bounds(scheme, k)
        if lo is None:
            continue
        b = lo / 1e9
        digits = 0 if b >= 100 else 1 if b >= 10 else 2
        assert f"${b:,.{digits}f}B" in words["Assumptions"], k
    bare = re.compile(r"^-?\d{7,}(\.\d+)?$")  # a big number without separators
    for p in demo_pdf:
        assert not [w.text for w in p.words if bare.match(w.text)], p.sheet


def test_pages_are_readable_size(demo_pdf: list[Page]) -> None:
    """Fitting the widest sheet to the page keeps body text at 5.5 points or more (a 10-point
    line's box is about 11.5 points tall before the fit)."""
    for p in demo_pdf:
        heights = sorted(w.y1 - w.y0 for w in p.words)
        assert heights[len(heights) // 2] >= 5.5 * 1.15, (p.sheet, p.number)


def test_the_trades_pages_follow_execution_order(demo: Export, demo_pdf: list[Page]) -> None:
    steps = []
    for p in (p for p in demo_pdf if p.sheet == "Trades"):
        step_right = _first_column_right(p)
        head = next(w for w in p.words if w.text == "Step")
        steps += [
            int(w.text)
            for w in sorted(p.words, key=lambda w: w.y0)
            if w.x1 <= step_right and w.text.isdigit() and w.y0 > head.y1
        ]
    assert steps == sorted(t.step for t in demo.run.plan.trades)
    assert all(a < b for a, b in pairwise(steps))
