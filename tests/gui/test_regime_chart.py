"""The Regime tab's series chart: with nothing loaded it says so instead of drawing empty
date axes (which read 00.100 ... 00.900); with a series it draws it on a date axis."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from planner.core.policy import Policy
from planner.gui.state import AppState
from planner.gui.tabs.regime import RegimeTab
from planner.market.regime_inputs import load_regime


def test_no_series_says_so_then_a_series_is_drawn(qtbot: Any) -> None:
    state = AppState(Policy())
    panel = RegimeTab(state)
    qtbot.addWidget(panel)
    panel.show()
    state.set_regime(load_regime(today=date(2026, 11, 30)))  # the snapshot: no series
    chart = panel.chart
    assert not chart.getAxis("bottom").isVisible() and not chart.getAxis("left").isVisible()
    assert "No series loaded" in chart.getPlotItem().titleLabel.text
    assert not chart.listDataItems()
    closes = pd.Series([1.0, 2.0, 1.5], index=pd.bdate_range("2026-11-02", periods=3))
    chart.show_series("IWM/SPY", closes)
    assert chart.getAxis("bottom").isVisible() and chart.getAxis("left").isVisible()
    assert chart.getPlotItem().titleLabel.text == "IWM/SPY" and chart.listDataItems()
