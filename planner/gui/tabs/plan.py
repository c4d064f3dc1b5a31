"""The Plan tab: the policy editor beside the summary card, the trades in the order to place
them (hover for each trade's reason in a sentence), what the plan may not touch, the scenarios,
the before/after chart and the warnings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.core.plan import Plan
from planner.core.policy import BUCKETS
from planner.gui.charts import GroupedBars
from planner.gui.models import DataFrameModel
from planner.gui.state import AppState
from planner.gui.tabs.policy_editor import PolicyEditor
from planner.gui.widgets import WhenShown, table
from planner.views.exposure import band_ranges, bucket_series
from planner.views.plan import frozen_frame, scenarios_frame, summary, trades_frame

CARD = "background: palette(alternate-base); border: 1px solid palette(mid); padding: 8px;"
#: the card's lines at most: out of date (wrapped in two), old holdings, the plan, the buckets,
#: the tilt
CARD_LINES = 6
STALE = "background: #fde2e1; color: #8a1c1c; border: 1px solid #d9a3a3; padding: 8px;"


class PlanTab(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.editor = PolicyEditor(state.policy)
        self.card = QLabel()
        self.card.setWordWrap(True)
        self.card.setAccessibleName("Plan summary")
        # room for the out-of-date line from the start: a card that grew and shrank with each
        # edit would move, and repaint, everything under it
        self.card.setMinimumHeight(self.card.fontMetrics().lineSpacing() * CARD_LINES + 20)
        self.card.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.trades = DataFrameModel(
            kinds={
                "Step": "int",
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
            kinds={"Trades": "int", "Turnover": "money", "Tax": "money", "Drift left": "pct"}
        )
        self.scenarios_view = table(self.scenarios, "Scenarios")
        self.frozen = DataFrameModel(kinds={"Value": "money"})
        self.frozen_view = table(self.frozen, "Positions the plan may not touch")
        self.warnings = QListWidget()
        self.warnings.setAccessibleName("Plan warnings")
        self.warnings.setWordWrap(True)
        self.chart = GroupedBars("Before and after, % of the household")
        lower = QTabWidget()
        lower.addTab(self.chart, "Before and after")
        lower.addTab(self.scenarios_view, "Scenarios")
        lower.addTab(self.frozen_view, "Not traded")
        lower.addTab(self.warnings, "Warnings")
        self.details = lower
        right = QWidget()
        col = QVBoxLayout(right)
        col.addWidget(self.card)
        col.addWidget(QLabel("Trades, in the order to place them (hover a trade for why):"))
        col.addWidget(self.trades_view, 3)
        col.addWidget(lower, 2)
        scroll = QScrollArea()
        scroll.setWidget(self.editor)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(self.editor.sizeHint().width() + 24)
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._household: object = None
        self._show_chart = WhenShown(self.chart, self._chart_now)
        self._show_scenarios = WhenShown(self.scenarios_view, self._scenarios_now)
        self._show_frozen = WhenShown(self.frozen_view, self._frozen_now)
        self._show_warnings = WhenShown(self.warnings, self._warnings_now)
        state.run_changed.connect(self._show)
        state.plan_current_changed.connect(self._show_card)
        state.policy_changed.connect(lambda: self.editor.set_policy(state.policy))
        self._show()

    def _show_card(self) -> None:
        run = self.state.run
        plan = run.plan if run is not None else None
        current = self.state.plan_current
        self.card.setText(summary(plan, current))
        style = CARD if current else STALE
        if self.card.styleSheet() != style:  # a new style sheet re-polishes the widget
            self.card.setStyleSheet(style)

    def _plan(self) -> Plan | None:
        run = self.state.run
        return run.plan if run is not None else None

    def _show(self) -> None:
        """The card and the trades at once; what sits behind the lower tabs when it is shown
        (a re-plan after each policy edit paints only what is in view)."""
        plan = self._plan()
        household = self.state.run.household if self.state.run is not None else None
        same = household is not None and household is self._household
        self._household = household
        self._show_card()
        self.trades.set_frame(trades_frame(plan), keep_widths=same)
        self._show_chart()
        self._show_scenarios()
        self._show_frozen()
        self._show_warnings()
        if plan is not None:
            self.details.setTabText(3, f"Warnings ({len(plan.warnings)})")
            self.details.setTabText(2, f"Not traded ({len(plan.frozen)})")

    def _chart_now(self) -> None:
        plan = self._plan()
        if plan is not None:
            self.chart.show_series(BUCKETS, bucket_series(plan), bands=band_ranges(plan))

    def _scenarios_now(self) -> None:
        self.scenarios.set_frame(scenarios_frame(self._plan()))

    def _frozen_now(self) -> None:
        self.frozen.set_frame(frozen_frame(self._plan()))

    def _warnings_now(self) -> None:
        plan = self._plan()
        self.warnings.clear()
        if plan is not None:
            self.warnings.addItems(plan.warnings)
