"""What makes the desk fast (issue 17) must not make it wrong: a household opens with its first
plan at once and its final plan after; a tab behind another is painted when it is shown, with
the plan of the moment; a re-plan keeps the chart's bars and the columns' widths; the summary
card does not move what is under it when the plan goes out of date."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QRectF

from planner.core.policy import BUCKETS
from planner.gui.charts import GroupedBars
from planner.gui.main_window import MainWindow
from planner.gui.tabs.exposure import ExposureTab
from planner.gui.tabs.plan import PlanTab
from planner.gui.tabs.regime import RegimeTab
from planner.views.exposure import bucket_series, summary_text
from planner.views.holdings import holdings_frame
from planner.views.regime import headline
from planner.workflow import PlanRun, import_household, plan_household
from tests.conftest import DATA


def _open_demo(qtbot: Any, w: MainWindow) -> list[tuple[str, bool, str]]:
    """Open the demo; for each plan that reaches the screen: its method, whether the final
    plan is still pending, and why Export is refused."""
    seen: list[tuple[str, bool, str]] = []

    def note() -> None:
        run = w.state.run
        if run is not None:
            seen.append((run.plan.method, w.state.plan_pending, w.state.export_refused()))

    w.state.run_changed.connect(note)
    w.open_demo()
    qtbot.waitUntil(lambda: len(seen) >= 2 and w.runner.idle(), timeout=120_000)
    w.state.run_changed.disconnect(note)
    return seen


def _demo_on_screen(qtbot: Any, w: MainWindow, tab: str) -> PlanRun:
    """The window on screen with the demo household planned, on ``tab``; the plan."""
    w.show()
    qtbot.waitExposed(w)
    _open_demo(qtbot, w)
    w.current_tab(tab)
    assert w.state.run is not None
    return w.state.run


def test_a_household_opens_with_its_first_plan_then_its_final_plan(
    qtbot: Any,
    window: MainWindow,
) -> None:
    seen = _open_demo(qtbot, window)
    (first_method, first_pending, first_why), *rest = seen
    assert first_method == "fast" and first_pending
    assert "final plan is being made" in first_why  # the first plan is never exported
    final_pending, final_why = rest[-1][1:]
    assert not final_pending and final_why == ""
    run = window.state.run
    assert run is not None and run.plan.scenarios  # the final plan has its scenarios
    assert window.state.plan_id is not None  # and it is the client's draft in the book


def test_a_tab_behind_another_is_painted_with_the_plan_of_the_moment_when_shown(
    qtbot: Any, window: MainWindow
) -> None:
    run = _demo_on_screen(qtbot, window, "Plan")
    before = window.holdings.model.frame.copy()
    other = import_household([str(DATA / "schwab_positions_2026_individual.csv")])
    new = plan_household(other, run.policy, reference=run.reference, regime=run.regime)
    window.state.show_plan(new, pending=False)
    assert window.holdings.model.frame.equals(before)  # behind the Plan tab: not painted yet
    window.current_tab("Holdings")
    expected = holdings_frame(new).reset_index(drop=True)
    assert window.holdings.model.frame.equals(expected)  # painted as it was shown
    symbols = window.holdings.view.model()
    shown = {symbols.data(symbols.index(r, 0)) for r in range(symbols.rowCount())}
    assert shown == {str(s) for s in expected[expected.columns[0]]}


def test_a_replan_keeps_the_bars_and_the_widths_a_new_household_fits_them(
    qtbot: Any, window: MainWindow
) -> None:
    run = _demo_on_screen(qtbot, window, "Plan")
    chart, view = window.plan.chart, window.plan.trades_view
    bars = chart.bars()
    view.setColumnWidth(0, 333)  # the advisor widened the first column
    moved = _shift(run.policy, 0.05)
    again = plan_household(
        run.household, moved, reference=run.reference, regime=run.regime, scenarios=False
    )
    window.state.show_plan(again, pending=False)
    assert chart.bars() == bars  # the same bars, with the new plan's heights
    series = bucket_series(again.plan)
    for item, values in zip(bars, series.values(), strict=True):
        assert list(item.opts["height"]) == pytest.approx([100 * v for v in values])
    assert len(chart.legend.items) == len(series) + 1  # + the band: no legend entry twice
    assert view.columnWidth(0) == 333
    other = import_household([str(DATA / "schwab_positions_2026_individual.csv")])
    window.state.show_plan(plan_household(other, run.policy, reference=run.reference), False)
    assert view.columnWidth(0) != 333  # another household: its columns fitted again


def _shift(policy: Any, points: float) -> Any:
    """``policy`` with ``points`` of target moved from mega-caps to bonds."""
    targets = dict(policy.targets)
    targets["mega"] -= points
    targets["bonds"] = targets.get("bonds", 0.0) + points
    return replace(policy, targets=targets)


def test_the_card_going_out_of_date_moves_nothing_under_it(qtbot: Any, window: MainWindow) -> None:
    _demo_on_screen(qtbot, window, "Plan")
    qtbot.wait(50)
    trades = window.plan.trades_view
    where = QRectF(trades.mapTo(window, trades.rect().topLeft()), trades.size().toSizeF())
    window.state.set_plan_current(False)
    qtbot.wait(50)
    assert "OUT OF DATE" in window.plan.card.text()
    assert QRectF(trades.mapTo(window, trades.rect().topLeft()), trades.size().toSizeF()) == where
    window.state.set_plan_current(True)


def test_grouped_bars_update_in_place_and_rebuild_for_other_buckets(qtbot: Any) -> None:
    chart = GroupedBars("Buckets")
    qtbot.addWidget(chart)
    first = {"Current": [0.5, 0.3, 0.2], "Target": [0.4, 0.4, 0.2]}
    chart.show_series(BUCKETS[:3], first, bands=[(0.3, 0.5), (0.3, 0.5), (0.1, 0.3)])
    bars = chart.bars()
    second = {"Current": [0.1, 0.6, 0.3], "Target": [0.2, 0.2, 0.6]}
    chart.show_series(BUCKETS[:3], second, bands=[(0.1, 0.3), (0.1, 0.3), (0.5, 0.7)])
    assert chart.bars() == bars
    for item, values in zip(bars, second.values(), strict=True):
        assert list(item.opts["height"]) == pytest.approx([100 * v for v in values])
    chart.show_series(BUCKETS[:4], {"Current": [0.25] * 4})  # other buckets: drawn anew
    assert len(chart.bars()) == 1 and chart.bars()[0] not in bars
    assert list(chart.bars()[0].opts["height"]) == pytest.approx([25.0] * 4)


def test_the_chart_tabs_are_built_when_first_shown_with_the_plan_of_the_moment(
    qtbot: Any, window: MainWindow
) -> None:
    window.show()
    qtbot.waitExposed(window)
    for lazy in (ExposureTab, RegimeTab, PlanTab):
        assert not window.findChildren(lazy)
    _open_demo(qtbot, window)
    assert not window.findChildren(ExposureTab)  # nobody has looked at it yet
    window.current_tab("Exposure")
    (tab,) = window.findChildren(ExposureTab)
    assert tab.isVisible() and tab is window.exposure
    assert tab.summary.text() == summary_text(window.state.run)
    window.current_tab("Regime")
    (regime,) = window.findChildren(RegimeTab)
    assert regime.label.text() == headline(window.state.regime or window.state.run.regime)
