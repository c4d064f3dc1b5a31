"""Charts (pyqtgraph): grouped bars by bucket, the regime gauge, per-account stacked bars."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg

from planner.core.plan import BUCKET_NAMES

SERIES_COLOURS = ("#5b8cc0", "#9a9a9a", "#f2b84b")
SHORT = {
    "mega": "Mega",
    "large": "Large",
    "mid": "Mid",
    "small": "Small",
    "micro": "Micro",
    "intl_equity": "Intl",
    "bonds": "Bonds",
    "cash": "Cash",
    "other": "Other",
}


class GroupedBars(pg.PlotWidget):  # type: ignore[misc]
    """Current / target / after per bucket, as percentages of the household."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setBackground(None)
        self.setTitle(title)
        self.showGrid(y=True, alpha=0.3)
        self.setLabel("left", "% of household")
        self.setMouseEnabled(x=False, y=False)
        self.legend = self.addLegend(offset=(-10, 10))

    def show_series(self, buckets: Sequence[str], series: Mapping[str, Sequence[float]]) -> None:
        self.clear()
        self.legend.clear()
        x = np.arange(len(buckets), dtype=float)
        width = 0.8 / max(1, len(series))
        for i, (name, values) in enumerate(series.items()):
            bars = pg.BarGraphItem(
                x=x - 0.4 + width * (i + 0.5),
                height=[100 * v for v in values],
                width=width,
                brush=SERIES_COLOURS[i % len(SERIES_COLOURS)],
                name=name,
            )
            self.addItem(bars)  # named items join the legend
        axis = self.getAxis("bottom")
        axis.setTicks(
            [[(float(i), SHORT.get(b, BUCKET_NAMES.get(b, b))) for i, b in enumerate(buckets)]]
        )


class StackedAccounts(pg.PlotWidget):  # type: ignore[misc]
    """Per account: its value split by bucket, stacked (horizontal bars, dollars)."""

    def __init__(self) -> None:
        super().__init__()
        self.setBackground(None)
        self.setTitle("Accounts by bucket ($)")
        self.setMouseEnabled(x=False, y=False)
        self.legend = self.addLegend(offset=(-10, 10))

    def show_accounts(
        self, names: Sequence[str], values: Sequence[Mapping[str, float]], buckets: Sequence[str]
    ) -> None:
        self.clear()
        self.legend.clear()
        y = np.arange(len(names), dtype=float)
        left = np.zeros(len(names))
        colours = pg.colormap.get("viridis").getLookupTable(nPts=len(buckets))
        for j, b in enumerate(buckets):
            widths = np.array([v.get(b, 0.0) for v in values])
            if not widths.any():
                continue
            bars = pg.BarGraphItem(
                x0=left, y=y, height=0.6, width=widths, brush=pg.mkBrush(*colours[j]), name=SHORT[b]
            )
            self.addItem(bars)
            left = left + widths
        self.getAxis("left").setTicks([[(float(i), n[:24]) for i, n in enumerate(names)]])


class Gauge(pg.PlotWidget):  # type: ignore[misc]
    """The composite on a -1 (mega-caps) ... +1 (small-caps) scale."""

    def __init__(self) -> None:
        super().__init__()
        self.setBackground(None)
        self.setFixedHeight(90)
        self.setXRange(-1, 1, padding=0.02)
        self.setYRange(0, 1, padding=0)
        self.hideAxis("left")
        self.setMouseEnabled(x=False, y=False)
        self.getAxis("bottom").setTicks(
            [[(-1.0, "mega-cap leadership"), (0.0, "neutral"), (1.0, "small-cap leadership")]]
        )

    def show_value(self, composite: float) -> None:
        self.clear()
        for x0, x1, colour in (
            (-1, -0.25, "#c9d7e8"),
            (-0.25, 0.25, "#e6e6e6"),
            (0.25, 1, "#f5dfb0"),
        ):
            self.addItem(
                pg.BarGraphItem(
                    x0=[x0], width=[x1 - x0], y0=[0.25], height=[0.5], brush=colour, pen=None
                )
            )
        self.addItem(
            pg.BarGraphItem(x=[composite], width=[0.03], y0=[0.1], height=[0.8], brush="#1f3b57")
        )


class SeriesChart(pg.PlotWidget):  # type: ignore[misc]
    """One loaded series against time (a real date axis: x in unix seconds)."""

    def __init__(self) -> None:
        super().__init__(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.setBackground(None)
        self.showGrid(x=True, y=True, alpha=0.3)
        self.setMouseEnabled(y=False)

    EMPTY = "No series loaded: load a data folder or refresh to chart one"

    def show_series(self, title: str, series: Any) -> None:
        self.clear()
        empty = series is None or len(series) == 0
        for side in ("bottom", "left"):  # no axes (and no 0-1 s date ticks) over nothing
            self.getPlotItem().showAxis(side, not empty)
        self.setTitle(self.EMPTY if empty else title)
        if empty:
            return
        x = series.index.to_numpy(dtype="datetime64[s]").astype("int64").astype(float)
        self.plot(x, series.to_numpy(dtype=float), pen=pg.mkPen("#1f3b57", width=2))
