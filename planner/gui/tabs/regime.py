"""The Regime tab: the label and composite on a gauge, the stale banner, every signal with its
rule, the editable house view, and the loaded series on a date axis."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.gui.charts import Gauge, HistoryChart, SeriesChart
from planner.gui.models import DataFrameModel
from planner.gui.state import AppState
from planner.gui.widgets import WhenShown, table
from planner.views.regime import headline, signals_frame, stale_banner

HOUSE_FIELDS = (
    ("breadth_pct_advancing", "Small-cap stocks advancing (%)"),
    ("small_cap_pe_discount_pct", "Small-cap P/E discount to large (%)"),
    ("small_cap_eps_growth_pct", "Small-cap EPS growth expected (%)"),
    ("large_cap_eps_growth_pct", "Large-cap EPS growth expected (%)"),
    ("gdp_growth_pct", "Real GDP growth (%)"),
)
SERIES_TITLES = {
    "IWM/QQQ": "Small/large price ratio (IWM/QQQ)",
    "T10Y2Y": "10y - 2y (pp)",
    "BAMLH0A0HYM2": "High-yield spread (pp)",
    "BAA10Y": "Baa - 10y spread (pp)",
    "DFEDTARU": "Fed funds target, upper bound (%)",
}


class HouseViewEditor(QGroupBox):
    """What has no free feed, typed in with its date; saved to house-view.toml."""

    saved = Signal(object, str, object)  # as_of (date), source, values

    def __init__(self) -> None:
        super().__init__("House view (what has no free feed)")
        form = QFormLayout(self)
        self.as_of = QDateEdit()
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setDate(QDate.currentDate())
        self.as_of.setAccessibleName("House view as of")
        form.addRow("As of", self.as_of)
        self.source = QLineEdit()
        self.source.setPlaceholderText("e.g. Investment committee, November")
        form.addRow("Source", self.source)
        self.values: dict[str, tuple[QCheckBox, QDoubleSpinBox]] = {}
        for key, label in HOUSE_FIELDS:
            use = QCheckBox()
            use.setToolTip("Include this figure")
            box = QDoubleSpinBox()
            box.setRange(-100, 100)
            box.setDecimals(1)
            box.setAccessibleName(label)
            row = QHBoxLayout()
            row.addWidget(use)
            row.addWidget(box, 1)
            form.addRow(label, row)
            self.values[key] = (use, box)
        self.save_button = QPushButton("Save house view and re-read the regime")
        self.save_button.clicked.connect(self.save)
        form.addRow(self.save_button)

    def save(self) -> None:
        values = {k: box.value() for k, (use, box) in self.values.items() if use.isChecked()}
        day = self.as_of.date()
        source = self.source.text().strip() or "house view"
        self.saved.emit(date(day.year(), day.month(), day.day()), source, values)


class RegimeTab(QWidget):
    refresh_requested = Signal()
    folder_requested = Signal()

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.label = QLabel()
        self.label.setStyleSheet("font-size: 16pt; font-weight: bold")
        self.banner = QLabel()
        self.banner.setStyleSheet("background: #fde2e1; color: #8a1c1c; padding: 6px")
        self.banner.setWordWrap(True)
        self.gauge = Gauge()
        self.model = DataFrameModel(
            kinds={
                "Value": "number",
                "Change": "number",
                "Score": "score",
                "Weight": "number",
                "Contribution": "score",
            },
            tooltips="_rule",
        )
        self.view = table(self.model, "Regime signals")
        refresh = QPushButton("Refresh from FRED and Stooq")
        refresh.setToolTip("Uses the network, only now")
        refresh.clicked.connect(self.refresh_requested)
        folder = QPushButton("Load data folder…")
        folder.clicked.connect(self.folder_requested)
        row = QHBoxLayout()
        row.addWidget(self.label, 1)
        row.addWidget(folder)
        row.addWidget(refresh)
        self.house = HouseViewEditor()
        self.series_box = QComboBox()
        self.series_box.setAccessibleName("Series to chart")
        self.series_box.currentTextChanged.connect(self._chart)
        self.chart = SeriesChart()
        self._series: dict[str, Any] = {}
        series = QWidget()
        series_col = QVBoxLayout(series)
        series_col.addWidget(QLabel("Loaded series (from a data folder or a refresh):"))
        series_col.addWidget(self.series_box)
        series_col.addWidget(self.chart, 1)
        self.history = HistoryChart()
        charts = QTabWidget()
        charts.addTab(series, "Loaded series")
        charts.addTab(self.history, "Composite history")
        self.charts = charts
        lower = QSplitter()
        lower.addWidget(self.house)
        lower.addWidget(charts)
        lower.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.banner)
        layout.addWidget(self.gauge)
        layout.addWidget(split, 1)
        shown = WhenShown(self, self._show)
        state.regime_changed.connect(shown)
        state.run_changed.connect(shown)
        state.history_changed.connect(self._show_history)
        self._show()
        self._show_history()  # built after the history was loaded, it shows it too

    def _show_history(self) -> None:
        ev = self.state.history
        if ev is None or not ev.rows:
            self.history.show_history([], [], [], "")
            return
        rows = ev.rows
        first, last = rows[0].date, rows[-1].date
        title = (
            f"The composite at each month-end, {first:%Y-%m} to {last:%Y-%m}, using only data "
            f"published by then; {ev.small}/{ev.large} price ratio on the right"
        )
        self.history.show_history(
            [r.date for r in rows], [r.composite for r in rows], [r.ratio for r in rows], title
        )

    def _chart(self, name: str) -> None:
        self.chart.show_series(SERIES_TITLES.get(name, name), self._series.get(name))

    def _show(self) -> None:
        regime = self.state.regime
        if regime is None and self.state.run is not None:
            regime = self.state.run.regime
        self.label.setText(headline(regime))
        banner = stale_banner(regime)
        self.banner.setText(banner or "")
        self.banner.setVisible(banner is not None)
        if regime is None:
            return
        self.gauge.show_value(regime.composite)
        self._series = dict(regime.series)
        self.series_box.blockSignals(True)
        self.series_box.clear()
        self.series_box.addItems(list(self._series) or ["(none: the regime is the snapshot)"])
        self.series_box.blockSignals(False)
        self._chart(self.series_box.currentText())
        self.model.set_frame(signals_frame(regime))
