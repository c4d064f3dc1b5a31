"""Charts (pyqtgraph): grouped bars by bucket, the regime gauge, per-account stacked bars."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg

from planner.core.plan import BUCKET_NAMES
from planner.views.labels import short_money

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


class MoneyAxis(pg.AxisItem):  # type: ignore[misc]
    """Dollar ticks as an advisor reads them: $850k, $1.2M - never 1e+06."""

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [short_money(v * scale) for v in values]


class PercentAxis(pg.AxisItem):  # type: ignore[misc]
    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [f"{v * scale:.0f}%" for v in values]


class _LegendAbove(pg.GraphicsLayoutWidget):  # type: ignore[misc]
    """A plot with its legend in a row of its own above the data (never drawn over a bar),
    and a sentence in place of empty axes when there is nothing to show."""

    def __init__(self, title: str, axes: dict[str, pg.AxisItem]) -> None:
        super().__init__()
        self.setBackground(None)
        self.title = self.addLabel(title, row=0, col=0)
        self.legend = pg.LegendItem(colCount=4)
        self.addItem(self.legend, row=1, col=0)
        # fixed charts: no zoom, and no right-click menu of plot options (nothing in it applies
        # to bars an advisor reads; building it cost the window's start 10 ms a chart)
        self.plot = self.addPlot(row=2, col=0, axisItems=axes, enableMenu=False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.empty = pg.TextItem("", anchor=(0.5, 0.5), color="#666")
        self.plot.addItem(self.empty)

    def _clear(self, message: str = "") -> None:
        self.plot.clear()
        self.legend.clear()
        self.plot.addItem(self.empty)
        self.empty.setText(message)
        self.empty.setPos(0.5, 0.5)
        for side in ("bottom", "left"):
            self.plot.showAxis(side, not message)
        if message:
            self.plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)

    def bars(self) -> list[pg.BarGraphItem]:
        return [i for i in self.plot.items if isinstance(i, pg.BarGraphItem)]


class GroupedBars(_LegendAbove):
    """Current / target / after per bucket, as percentages of the household; the policy band
    drawn around each target."""

    EMPTY = "No household yet: open one to see its buckets"

    def __init__(self, title: str) -> None:
        super().__init__(title, {"left": PercentAxis(orientation="left")})
        self.plot.showGrid(y=True, alpha=0.3)
        self._clear(self.EMPTY)
        self._shape: tuple[object, ...] | None = None
        self._items: list[Any] = []

    def _clear(self, message: str = "") -> None:
        super()._clear(message)
        self._shape = None

    def show_series(
        self,
        buckets: Sequence[str],
        series: Mapping[str, Sequence[float]],
        bands: Sequence[tuple[float, float]] | None = None,
    ) -> None:
        shape = (tuple(buckets), tuple(series), bands is not None)
        if shape == self._shape:
            self._update(series, bands)  # a re-plan: same bars, new heights
            return
        self._clear()
        self._shape = shape
        x = np.arange(len(buckets), dtype=float)
        width = 0.8 / max(1, len(series))
        for i, (name, values) in enumerate(series.items()):
            bars = pg.BarGraphItem(
                x=x - 0.4 + width * (i + 0.5),
                height=[100 * v for v in values],
                width=width,
                brush=SERIES_COLOURS[i % len(SERIES_COLOURS)],
            )
            self.plot.addItem(bars)
            self.legend.addItem(bars, name)
        self._items = self.bars()
        if bands is not None:
            lo = np.array([100 * a for a, _ in bands])
            hi = np.array([100 * b for _, b in bands])
            band = pg.ErrorBarItem(
                x=x, y=(lo + hi) / 2, height=hi - lo, beam=0.35, pen=pg.mkPen("#b03a2e", width=1.5)
            )
            self.plot.addItem(band)
            self._items.append(band)
            self.legend.addItem(pg.PlotDataItem(pen=pg.mkPen("#b03a2e", width=1.5)), "Band")
        axis = self.plot.getAxis("bottom")
        axis.setTicks(
            [[(float(i), SHORT.get(b, BUCKET_NAMES.get(b, b))) for i, b in enumerate(buckets)]]
        )
        self.plot.setXRange(-0.6, len(buckets) - 0.4, padding=0)
        self.plot.enableAutoRange(axis="y")

    def _update(
        self,
        series: Mapping[str, Sequence[float]],
        bands: Sequence[tuple[float, float]] | None,
    ) -> None:
        for bars, values in zip(self._items, series.values(), strict=False):
            bars.setOpts(height=[100 * v for v in values])
        if bands is not None:
            lo = np.array([100 * a for a, _ in bands])
            hi = np.array([100 * b for _, b in bands])
            self._items[-1].setData(y=(lo + hi) / 2, height=hi - lo)


class StackedAccounts(_LegendAbove):
    """Per account (name and masked number): its value split by bucket, stacked, in dollars."""

    EMPTY = "No household yet: open one to see its accounts"

    def __init__(self) -> None:
        super().__init__("Accounts by bucket", {"bottom": MoneyAxis(orientation="bottom")})
        self._clear(self.EMPTY)

    def show_accounts(
        self, names: Sequence[str], values: Sequence[Mapping[str, float]], buckets: Sequence[str]
    ) -> None:
        if not names:
            self._clear(self.EMPTY)
            return
        self._clear()
        y = np.arange(len(names), dtype=float)
        left = np.zeros(len(names))
        colours = pg.colormap.get("viridis").getLookupTable(nPts=len(buckets))
        for j, b in enumerate(buckets):
            widths = np.array([max(0.0, v.get(b, 0.0)) for v in values])
            if not widths.any():
                continue
            bars = pg.BarGraphItem(
                x0=left, y=y, height=0.6, width=widths, brush=pg.mkBrush(*colours[j])
            )
            self.plot.addItem(bars)
            self.legend.addItem(bars, SHORT[b])
            left = left + widths
        self.plot.getAxis("left").setTicks([[(float(i), n[:28]) for i, n in enumerate(names)]])
        self.plot.setYRange(-0.6, len(names) - 0.4, padding=0)
        self.plot.setXRange(0, float(left.max()) * 1.05 if left.max() > 0 else 1.0, padding=0)


class Gauge(pg.PlotWidget):  # type: ignore[misc]
    """The composite on a -1 (mega-caps) ... +1 (small-caps) scale."""

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
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


class HistoryChart(pg.GraphicsLayoutWidget):  # type: ignore[misc]
    """The regime's composite at each month-end (left axis, -1..+1) against the small/large
    price ratio (right axis), on a date axis: how the rules read the past."""

    EMPTY = "No history: load a data folder with IWM and SPY closes to see the composite's past"

    def __init__(self) -> None:
        super().__init__()
        self.setBackground(None)
        self.title = self.addLabel(self.EMPTY, row=0, col=0)
        self.plot = self.addPlot(row=1, col=0, axisItems={"bottom": pg.DateAxisItem("bottom")})
        self.plot.setMouseEnabled(y=False)
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.plot.setLabel("left", "composite")
        self.plot.showAxis("right")
        self.plot.setLabel("right", "small / large price ratio")
        self.ratio_box = pg.ViewBox()
        self.plot.scene().addItem(self.ratio_box)
        self.plot.getAxis("right").linkToView(self.ratio_box)
        self.ratio_box.setXLink(self.plot)
        self.plot.vb.sigResized.connect(self._sync)
        self._shown(False)

    def _sync(self) -> None:
        self.ratio_box.setGeometry(self.plot.vb.sceneBoundingRect())

    def _shown(self, visible: bool) -> None:
        for side in ("bottom", "left", "right"):
            self.plot.showAxis(side, visible)

    def show_history(
        self, dates: Sequence[Any], composite: Sequence[float], ratio: Sequence[float], title: str
    ) -> None:
        self.plot.clear()
        self.ratio_box.clear()
        if not dates:
            self.title.setText(self.EMPTY)
            self._shown(False)
            return
        self._shown(True)
        self.title.setText(title)
        x = np.array([float(d.toordinal() - 719163) * 86400.0 for d in dates])
        self.plot.plot(x, list(composite), pen=pg.mkPen("#1f3b57", width=2))
        self.plot.addItem(pg.InfiniteLine(0.25, angle=0, pen=pg.mkPen("#b03a2e", style=2)))
        self.plot.addItem(pg.InfiniteLine(-0.25, angle=0, pen=pg.mkPen("#b03a2e", style=2)))
        self.plot.setYRange(-1, 1, padding=0.05)
        self.ratio_box.addItem(pg.PlotDataItem(x, list(ratio), pen=pg.mkPen("#f2b84b", width=1.5)))
        self.ratio_box.enableAutoRange(axis="y")
        self._sync()
