"""The tabs of the main window. Each view gets its data from the window (a PlanRun, a Regime)
and shows it; none computes anything the core does not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.core.buckets import describe_bucket
from planner.core.plan import BUCKET_NAMES, Plan
from planner.core.policy import BUCKETS, MODES, Bands, Policy, Restrictions, Tilt
from planner.core.regime import Regime
from planner.gui.charts import Gauge, GroupedBars, SeriesChart, StackedAccounts
from planner.gui.models import DataFrameModel
from planner.workflow import PlanRun


def table(model: DataFrameModel, name: str) -> QTableView:
    """A sortable table over ``model``: sorting on the raw numbers, never on display text."""
    view = QTableView()
    proxy = QSortFilterProxyModel(view)
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view.setModel(proxy)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # file order
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setAccessibleName(name)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    model.modelReset.connect(view.resizeColumnsToContents)
    return view


def _mask(account_id: str) -> str:
    return f"…{account_id[-4:]}" if len(account_id) > 4 else account_id


class HouseholdPanel(QWidget):
    open_requested = Signal()
    type_changed = Signal(str, str)  # account id, new type

    def __init__(self) -> None:
        super().__init__()
        self.model = DataFrameModel(kinds={"Value": "money", "Cash": "money"})
        self.view = table(self.model, "Accounts")
        self.hint = QLabel(
            "Drop brokerage exports (CSV) anywhere on the window, or use "
            "File ▸ Open (Ctrl+O). File ▸ Open demo household shows an example."
        )
        self.hint.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setAccessibleName("Import problems")
        self.type_box = QComboBox()
        self.type_box.addItems(["taxable", "tax_deferred", "tax_free", "unknown"])
        self.type_box.setAccessibleName("Account type")
        set_type = QPushButton("Set type of the selected account")
        set_type.clicked.connect(self._set_type)
        open_button = QPushButton("Open exports…")
        open_button.clicked.connect(self.open_requested)
        row = QHBoxLayout()
        row.addWidget(open_button)
        row.addStretch(1)
        row.addWidget(QLabel("Account type:"))
        row.addWidget(self.type_box)
        row.addWidget(set_type)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.view, 3)
        layout.addWidget(QLabel("Import problems (the rest of the files was imported):"))
        layout.addWidget(self.problems, 1)

    def show_run(self, run: PlanRun | None, problems: list[str]) -> None:
        rows = []
        if run is not None:
            totals = run.household.account_totals()
            for a in run.household.accounts:
                cash, total = totals[a.id]
                rows.append(
                    {
                        "Account": a.name,
                        "Number": _mask(a.id),
                        "Type": a.type,
                        "Value": total,
                        "Cash": cash,
                        "Source": a.source,
                        "_id": a.id,
                    }
                )
        frame = pd.DataFrame(
            rows, columns=["Account", "Number", "Type", "Value", "Cash", "Source", "_id"]
        )
        self.model.set_frame(frame.drop(columns="_id"))
        self._ids = list(frame["_id"])
        self.problems.clear()
        self.problems.addItems(problems)

    def _set_type(self) -> None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if not rows:
            return
        source = self.view.model().mapToSource(rows[0])  # type: ignore[attr-defined]
        self.type_changed.emit(self._ids[source.row()], self.type_box.currentText())


class HoldingsPanel(QWidget):
    bucket_set = Signal(str, str)  # symbol, bucket ("" removes the override)

    def __init__(self) -> None:
        super().__init__()
        self.model = DataFrameModel(
            kinds={"Value": "money", "Weight": "pct"}, highlight="_unknown", tooltips="_note"
        )
        self.view = table(self.model, "Holdings")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: symbol, account, bucket, source…")
        self.filter.setAccessibleName("Filter holdings")
        self.filter.textChanged.connect(self.view.model().setFilterFixedString)  # type: ignore[attr-defined]
        self.bucket_box = QComboBox()
        self.bucket_box.addItem("(classify as before)", "")
        for k in BUCKETS:
            self.bucket_box.addItem(BUCKET_NAMES[k], k)
        self.bucket_box.setAccessibleName("Bucket for the selected symbol")
        set_bucket = QPushButton("Set the bucket of the selected symbol")
        set_bucket.setToolTip("Saved as your override; every household uses it from now on")
        set_bucket.clicked.connect(self._set_bucket)
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.bucket_box)
        row.addWidget(set_bucket)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view)
        layout.addWidget(
            QLabel(
                "Highlighted rows could not be classified; their value counts "
                "as 'other'. Hover a row for its quality flags."
            )
        )

    def _set_bucket(self) -> None:
        selection = self.view.selectionModel()
        rows = selection.selectedRows() if selection else []
        if not rows:
            indexes = selection.selectedIndexes() if selection else []
            rows = indexes[:1]
        if not rows:
            return
        source = self.view.model().mapToSource(rows[0])  # type: ignore[attr-defined]
        symbol = str(self.model.frame.iloc[source.row()]["Symbol"])
        self.bucket_set.emit(symbol, str(self.bucket_box.currentData()))

    def show_run(self, run: PlanRun | None) -> None:
        rows = []
        if run is not None:
            total = run.exposure.total or 1.0
            for p in run.exposure.positions:
                c = p.classification
                mix = ", ".join(f"{BUCKET_NAMES[k]} {v:.0%}" for k, v in c.mix.items() if v)
                rows.append(
                    {
                        "Symbol": p.symbol,
                        "Description": p.description,
                        "Account": _mask(p.account_id),
                        "Value": p.market_value,
                        "Weight": p.market_value / total,
                        "Buckets": mix,
                        "Source": c.source,
                        "As of": c.as_of.isoformat() if c.as_of else "unknown",
                        "Quality": "low" if c.low_quality else "",
                        "_unknown": c.source == "unknown",
                        "_note": c.quality_note,
                    }
                )
        self.model.set_frame(
            pd.DataFrame(
                rows,
                columns=[
                    "Symbol",
                    "Description",
                    "Account",
                    "Value",
                    "Weight",
                    "Buckets",
                    "Source",
                    "As of",
                    "Quality",
                    "_unknown",
                    "_note",
                ],
            )
        )


class ExposurePanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.bars = GroupedBars("Buckets: current, target, after the plan")
        self.accounts = StackedAccounts()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.bars)
        split.addWidget(self.accounts)
        layout.addWidget(split)

    def show_run(self, run: PlanRun | None) -> None:
        if run is None:
            self.summary.setText("No household loaded.")
            return
        plan, ex = run.plan, run.exposure
        rows = plan.buckets
        self.bars.show_series(
            BUCKETS,
            {
                "Current": [rows[k].current for k in BUCKETS],
                "Target": [rows[k].target for k in BUCKETS],
                "After": [rows[k].post for k in BUCKETS],
            },
        )
        self.accounts.show_accounts(
            [a.name or a.id for a in ex.accounts],
            [{k: v.value for k, v in a.buckets.items()} for a in ex.accounts],
            BUCKETS,
        )
        conc = ex.concentration
        largest = f"{conc.largest_symbol} {conc.largest_weight:.1%}" if conc.largest_symbol else "-"
        scheme = (
            f"\nSize scheme {ex.scheme.label}, funds by {ex.fund_view}: "
            f"{describe_bucket(ex.scheme, 'mega')}; {describe_bucket(ex.scheme, 'small')}."
            if ex.scheme is not None
            else ""
        )
        self.summary.setText(
            f"Household ${ex.total:,.0f}. Mega-caps {rows['mega'].current:.1%}, small-caps "
            f"{rows['small'].current:.1%} (target {rows['small'].target:.1%}). Top 10 names "
            f"{conc.top10_weight:.1%}, Magnificent Seven {conc.mag7_weight:.1%}, largest "
            f"{largest}. Unclassified: ${ex.unknown_value:,.0f}.{scheme}"
        )


HOUSE_FIELDS = (
    ("breadth_pct_advancing", "Small-cap stocks advancing (%)"),
    ("small_cap_pe_discount_pct", "Small-cap P/E discount to large (%)"),
    ("small_cap_eps_growth_pct", "Small-cap EPS growth expected (%)"),
    ("large_cap_eps_growth_pct", "Large-cap EPS growth expected (%)"),
    ("gdp_growth_pct", "Real GDP growth (%)"),
)
SERIES_TITLES = {"IWM/QQQ": "Small/large price ratio (IWM/QQQ)", "T10Y2Y": "10y - 2y (pp)",
                 "BAMLH0A0HYM2": "High-yield spread (pp)", "BAA10Y": "Baa - 10y spread (pp)",
                 "DFEDTARU": "Fed funds target, upper bound (%)"}  # fmt: skip


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
        save = QPushButton("Save house view and re-read the regime")
        save.clicked.connect(self._save)
        form.addRow(save)

    def _save(self) -> None:
        values = {k: box.value() for k, (use, box) in self.values.items() if use.isChecked()}
        day = self.as_of.date()
        self.saved.emit(date(day.year(), day.month(), day.day()),
                        self.source.text().strip() or "house view", values)  # fmt: skip


class RegimePanel(QWidget):
    refresh_requested = Signal()
    folder_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
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
        self._series: dict[str, object] = {}
        charts = QWidget()
        charts_col = QVBoxLayout(charts)
        charts_col.addWidget(QLabel("Loaded series (from a data folder or a refresh):"))
        charts_col.addWidget(self.series_box)
        charts_col.addWidget(self.chart, 1)
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

    def _chart(self, name: str) -> None:
        title = next((t for k, t in SERIES_TITLES.items() if k == name), name)
        self.chart.show_series(title, self._series.get(name))

    def show_regime(self, regime: Regime | None) -> None:
        if regime is None:
            self.label.setText("No regime")
            self.banner.hide()
            return
        self.label.setText(
            f"{regime.label}  (composite {regime.composite:+.2f}, "
            f"tilt {100 * regime.tilt:+.1f} pts)"
        )
        dated = regime.as_of.isoformat() if regime.as_of else "undated"
        if regime.stale:
            self.banner.setText(
                f"Stale: the regime is as of {dated}, {regime.age_days} days "
                f"old. Refresh it or load a data folder before trading on the "
                f"tilt. Source: {regime.source}"
            )
            self.banner.show()
        else:
            self.banner.hide()
        self.gauge.show_value(regime.composite)
        self._series = dict(regime.series)
        self.series_box.blockSignals(True)
        self.series_box.clear()
        self.series_box.addItems(list(self._series) or ["(none: the regime is the snapshot)"])
        self.series_box.blockSignals(False)
        self._chart(self.series_box.currentText())
        rows = [
            {
                "Signal": s.name,
                "Value": s.value,
                "Unit": s.unit,
                "Change": s.change,
                "As of": s.as_of.isoformat() if s.as_of else "",
                "Score": s.score,
                "Weight": s.weight,
                "Contribution": s.contribution,
                "Source": s.source if s.available else "not available (nothing guessed)",
                "_rule": f"{s.rule}\n{s.note}".strip(),
            }
            for s in regime.signals
        ]
        self.model.set_frame(pd.DataFrame(rows))


class PolicyEditor(QGroupBox):
    """The policy's settings; ``changed`` fires with the new Policy after each edit."""

    changed = Signal(object)

    def __init__(self, policy: Policy) -> None:
        super().__init__("Policy")
        self._policy = policy
        form = QFormLayout(self)
        self.targets: dict[str, QDoubleSpinBox] = {}
        for k in BUCKETS:
            box = self._spin(100 * policy.targets.get(k, 0.0), 0, 100, "%")
            box.setAccessibleName(f"Target {BUCKET_NAMES[k]}")
            self.targets[k] = box
            form.addRow(f"Target {BUCKET_NAMES[k]}", box)
        self.total = QLabel()
        form.addRow("Targets add up to", self.total)
        self.band_abs = self._spin(100 * policy.bands.absolute, 0, 50, "%")
        self.band_rel = self._spin(100 * policy.bands.relative, 0, 100, "%")
        form.addRow("Band, absolute", self.band_abs)
        form.addRow("Band, relative", self.band_rel)
        self.tilt_on = QCheckBox("Tilt toward the regime")
        self.tilt_on.setChecked(policy.tilt.enabled)
        self.tilt_on.toggled.connect(self._emit_later)
        form.addRow(self.tilt_on)
        self.tilt_max = self._spin(100 * policy.tilt.max, 0, 20, "%")
        form.addRow("Tilt at full strength", self.tilt_max)
        self.mode = QComboBox()
        self.mode.addItems(list(MODES))
        self.mode.setCurrentText(policy.trading.mode)
        self.mode.currentTextChanged.connect(self._emit_later)
        form.addRow("Mode", self.mode)
        self.new_cash = self._spin(policy.trading.new_cash, 0, 1e9, "$")
        self.raise_cash = self._spin(policy.trading.raise_cash, 0, 1e9, "$")
        self.reserve = self._spin(policy.trading.cash_reserve, 0, 1e9, "$")
        self.min_trade = self._spin(policy.trading.min_trade, 0, 1e7, "$")
        form.addRow("New cash (cash flow)", self.new_cash)
        form.addRow("Cash to raise", self.raise_cash)
        form.addRow("Cash reserve per account", self.reserve)
        form.addRow("Minimum trade", self.min_trade)
        self.fractional = QCheckBox("Fractional shares")
        self.fractional.setChecked(policy.trading.fractional)
        self.fractional.toggled.connect(self._emit_later)
        form.addRow(self.fractional)
        self.no_sell = QLineEdit(", ".join(policy.restrictions.do_not_sell))
        self.no_buy = QLineEdit(", ".join(policy.restrictions.do_not_buy))
        for edit, name in ((self.no_sell, "Do not sell"), (self.no_buy, "Do not buy")):
            edit.setAccessibleName(name)
            edit.setPlaceholderText("symbols, comma separated")
            edit.editingFinished.connect(self._emit_later)
            form.addRow(name, edit)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)  # edits within 120 ms make one re-plan
        self._timer.timeout.connect(self._emit)
        self._update_total()

    def set_policy(self, policy: Policy) -> None:
        """Show ``policy`` (a household's own) without re-planning for each field."""
        self._policy = policy
        widgets = [
            *self.targets.values(),
            self.band_abs,
            self.band_rel,
            self.tilt_on,
            self.tilt_max,
            self.mode,
            self.new_cash,
            self.raise_cash,
            self.reserve,
            self.min_trade,
            self.fractional,
            self.no_sell,
            self.no_buy,
        ]
        for w in widgets:
            w.blockSignals(True)
        for k, box in self.targets.items():
            box.setValue(100 * policy.targets.get(k, 0.0))
        self.band_abs.setValue(100 * policy.bands.absolute)
        self.band_rel.setValue(100 * policy.bands.relative)
        self.tilt_on.setChecked(policy.tilt.enabled)
        self.tilt_max.setValue(100 * policy.tilt.max)
        self.mode.setCurrentText(policy.trading.mode)
        self.new_cash.setValue(policy.trading.new_cash)
        self.raise_cash.setValue(policy.trading.raise_cash)
        self.reserve.setValue(policy.trading.cash_reserve)
        self.min_trade.setValue(policy.trading.min_trade)
        self.fractional.setChecked(policy.trading.fractional)
        self.no_sell.setText(", ".join(policy.restrictions.do_not_sell))
        self.no_buy.setText(", ".join(policy.restrictions.do_not_buy))
        for w in widgets:
            w.blockSignals(False)
        self._update_total()

    def _spin(self, value: float, lo: float, hi: float, unit: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(lo, hi)
        box.setDecimals(1 if unit == "%" else 0)
        box.setSingleStep(1.0 if unit == "%" else 100.0)
        if unit == "%":
            box.setSuffix(" %")
        else:
            box.setPrefix("$ ")
            box.setGroupSeparatorShown(True)
        box.setValue(value)
        box.valueChanged.connect(self._emit_later)
        return box

    def _update_total(self) -> float:
        total = sum(b.value() for b in self.targets.values())
        ok = abs(total - 100) < 0.05
        self.total.setText(f"{total:.1f}%" + ("" if ok else " - must be 100% to plan"))
        self.total.setStyleSheet("" if ok else "color: #b00020")
        return total

    def _emit_later(self, *_: object) -> None:
        self._timer.start()

    def policy(self) -> Policy | None:
        """The edited policy, or None while the targets do not add up to 100%."""
        total = self._update_total()
        if abs(total - 100) >= 0.05:
            return None
        p = self._policy
        targets = {k: b.value() / total for k, b in self.targets.items()}

        def symbols(edit: QLineEdit) -> tuple[str, ...]:
            return tuple(s.strip().upper() for s in edit.text().split(",") if s.strip())

        trading = replace(
            p.trading,
            mode=self.mode.currentText(),  # type: ignore[arg-type]
            new_cash=self.new_cash.value(),
            raise_cash=self.raise_cash.value(),
            cash_reserve=self.reserve.value(),
            min_trade=self.min_trade.value(),
            fractional=self.fractional.isChecked(),
        )
        return replace(
            p,
            targets=targets,
            bands=Bands(self.band_abs.value() / 100, self.band_rel.value() / 100),
            tilt=Tilt(self.tilt_on.isChecked(), self.tilt_max.value() / 100),
            trading=trading,
            restrictions=Restrictions(symbols(self.no_sell), symbols(self.no_buy)),
        )

    def _emit(self) -> None:
        policy = self.policy()
        if policy is not None:
            self._policy = policy
            self.changed.emit(policy)


class PlanPanel(QWidget):
    def __init__(self, policy: Policy) -> None:
        super().__init__()
        self.editor = PolicyEditor(policy)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.trades = DataFrameModel(
            kinds={
                "Shares": "shares",
                "Price": "money",
                "Value": "money",
                "Gain": "money",
                "Tax": "money",
            },
            tooltips="_why",
        )
        self.trades_view = table(self.trades, "Trades")
        self.scenarios = DataFrameModel(
            kinds={"Trades": "number", "Turnover": "money", "Tax": "money", "Residual drift": "pct"}
        )
        self.scenarios_view = table(self.scenarios, "Scenarios")
        self.scenarios_view.setMaximumHeight(120)
        self.warnings = QListWidget()
        self.warnings.setAccessibleName("Plan warnings")
        self.warnings.setMaximumHeight(110)
        self.chart = GroupedBars("Before and after")
        right = QWidget()
        col = QVBoxLayout(right)
        col.addWidget(self.headline)
        col.addWidget(self.trades_view, 3)
        col.addWidget(QLabel("Scenarios"))
        col.addWidget(self.scenarios_view)
        col.addWidget(self.chart, 2)
        col.addWidget(QLabel("Warnings"))
        col.addWidget(self.warnings)
        split = QSplitter()
        split.addWidget(self.editor)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def show_plan(self, plan: Plan | None) -> None:
        if plan is None:
            self.headline.setText("No plan yet: load a household.")
            self.trades.set_frame(pd.DataFrame())
            return
        self.headline.setText(
            f"{len(plan.trades)} trades, turnover ${plan.turnover:,.0f}, estimated tax "
            f"${plan.tax_total:,.0f}; solver {plan.method}, within ${plan.gap or 0:,.2f} of the "
            f"best plan's cost. Hover a trade for its reason."
        )
        rows = [
            {
                "Account": _mask(t.account_id),
                "Side": t.side,
                "Symbol": t.symbol,
                "Shares": t.shares,
                "Price": t.price,
                "Value": t.value,
                "Gain": t.realized_gain,
                "Tax": t.tax,
                "Reasons": ", ".join(t.reasons),
                "_why": t.explanation,
            }
            for t in plan.trades
        ]
        self.trades.set_frame(
            pd.DataFrame(
                rows,
                columns=[
                    "Account",
                    "Side",
                    "Symbol",
                    "Shares",
                    "Price",
                    "Value",
                    "Gain",
                    "Tax",
                    "Reasons",
                    "_why",
                ],
            )
        )
        self.scenarios.set_frame(
            pd.DataFrame(
                [
                    {
                        "Scenario": s.title,
                        "Trades": s.trades,
                        "Turnover": s.turnover,
                        "Tax": s.tax_total,
                        "Residual drift": s.residual_deviation,
                    }
                    for s in plan.scenarios.values()
                ]
            )
        )
        rows_b = plan.buckets
        self.chart.show_series(
            BUCKETS,
            {
                "Current": [rows_b[k].current for k in BUCKETS],
                "Target": [rows_b[k].target for k in BUCKETS],
                "After": [rows_b[k].post for k in BUCKETS],
            },
        )
        self.warnings.clear()
        self.warnings.addItems(plan.warnings)


class ExportPanel(QWidget):
    export_xlsx = Signal()
    export_blotter = Signal()
    open_folder = Signal()

    def __init__(self) -> None:
        super().__init__()
        xlsx = QPushButton("Export Excel workbook… (Ctrl+E)")
        xlsx.clicked.connect(self.export_xlsx)
        blotter = QPushButton("Export trade blotter (CSV)…")
        blotter.clicked.connect(self.export_blotter)
        folder = QPushButton("Open the folder of the last export")
        folder.clicked.connect(self.open_folder)
        self.last = QLabel("Nothing exported yet.")
        self.archive = DataFrameModel(kinds={"Value": "money"})
        self.archive_view = table(self.archive, "Plan archive")
        row = QHBoxLayout()
        for b in (xlsx, blotter, folder):
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.last)
        layout.addWidget(QLabel("Plans exported earlier (the archive):"))
        layout.addWidget(self.archive_view)
