"""The advisor's desk reads plainly (issue 17): import warnings listed with file and line, no
code words in any cell, legends never over the bars, an empty chart says so in words."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt

from planner.core.plan_warnings import HOLDINGS_STALE_DAYS
from planner.gui.charts import GroupedBars, StackedAccounts
from planner.gui.main_window import MainWindow
from planner.views.plan import summary
from tests.conftest import DATA

CODE_WORDS = (
    "tax_deferred",
    "tax_free",
    "regime_tilt",
    "quality_exit",
    "cash_flow",
    "cash_invest",
    "raise_cash",
    "out_of_band",
    "intl_equity",
    "tax_loss",
)


def _cells(view: Any) -> list[str]:
    model = view.model()
    return [
        str(model.data(model.index(r, c)) or "")
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ] + [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]


def test_import_warnings_are_listed_with_file_and_line(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    # the same export twice: the second copy is skipped, with a warning naming it
    first = tmp_path / "joint.csv"
    second = tmp_path / "joint-again.csv"
    shutil.copy(DATA / "schwab_positions_2026_individual.csv", first)
    shutil.copy(first, second)
    window.open_files([str(first), str(second)])
    qtbot.waitUntil(lambda: window.state.run is not None and window.runner.idle(), timeout=60_000)
    run = window.state.run
    assert run is not None and run.household.warnings
    view = window.household.warnings_view
    model = view.model()
    shown = [
        [str(model.data(model.index(r, c))) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert len(shown) == len(run.household.warnings)
    for w, row in zip(run.household.warnings, shown, strict=True):
        assert row[0] == Path(w.file).name  # the file's name, not the machine's folders
        assert row[1] == (str(w.line) if w.line is not None else "")
    assert any("joint-again.csv" in r[0] for r in shown)
    assert not any(str(tmp_path) in cell for r in shown for cell in r)


def test_no_code_words_on_screen(qtbot: Any, window: MainWindow) -> None:
    window.open_demo()
    qtbot.waitUntil(lambda: window.state.run is not None and window.runner.idle(), timeout=60_000)
    views = [
        window.household.view,
        window.holdings.view,
        window.plan.trades_view,
        window.plan.scenarios_view,
        window.plan.frozen_view,
    ]
    text = " ".join(c for v in views for c in _cells(v)) + window.plan.card.text()
    assert window.plan.trades_view.model().rowCount() > 0
    for word in CODE_WORDS:
        assert word not in text, word


def _rects(chart: GroupedBars | StackedAccounts) -> list[QRectF]:
    """Each bar's rectangle in the widget's scene coordinates."""
    out = []
    for item in chart.bars():
        for rect in item._rectarray.instances():  # pyqtgraph's own list of the drawn bars
            out.append(item.mapRectToScene(QRectF(rect)))
    return out


def test_legends_are_never_drawn_over_a_bar(qtbot: Any, window: MainWindow) -> None:
    window.open_demo()
    qtbot.waitUntil(lambda: window.state.run is not None and window.runner.idle(), timeout=60_000)
    window.resize(1280, 800)
    window.show()
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(50)
    for chart in (window.exposure.bars, window.exposure.accounts, window.plan.chart):
        legend = chart.legend.sceneBoundingRect()
        rects = _rects(chart)
        assert rects, "the chart draws bars"
        assert not any(legend.intersects(r) for r in rects)


def test_an_empty_chart_says_so(qtbot: Any) -> None:
    bars = GroupedBars("Buckets")
    accounts = StackedAccounts()
    for chart in (bars, accounts):
        qtbot.addWidget(chart)
        assert chart.empty.toPlainText().startswith("No household yet")
        assert not chart.plot.getAxis("left").isVisible()
        assert not chart.bars()


def test_stale_holdings_are_the_first_line_of_the_plan_card_and_in_the_status_bar(
    qtbot: Any, window: MainWindow
) -> None:
    window.open_demo()
    qtbot.waitUntil(lambda: window.state.run is not None and window.runner.idle(), timeout=60_000)
    plan = window.state.run.plan if window.state.run else None
    assert plan is not None and plan.as_of and plan.holdings_as_of
    days = (plan.as_of - plan.holdings_as_of).days
    assert days > HOLDINGS_STALE_DAYS  # the demo's files are of 2026-01-08
    first = window.plan.card.text().splitlines()[0]
    assert first.startswith(f"HOLDINGS {days:,} DAYS OLD (as of {plan.holdings_as_of})")
    assert f"holdings as of {plan.holdings_as_of} ({days:,} days old)" in window.dates.text()
    # the card of the same plan made within the stale age says nothing of it
    for late, said in ((HOLDINGS_STALE_DAYS, False), (HOLDINGS_STALE_DAYS + 1, True)):
        card = summary(replace(plan, as_of=plan.holdings_as_of + timedelta(days=late)))
        assert card.startswith("HOLDINGS") == said
