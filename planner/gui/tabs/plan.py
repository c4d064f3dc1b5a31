"""The Plan tab: the policy editor beside the trades with their reasons, the scenarios, the
before/after chart and the warnings."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QSplitter, QVBoxLayout, QWidget

from planner.core.policy import BUCKETS
from planner.gui.charts import GroupedBars
from planner.gui.models import DataFrameModel
from planner.gui.state import AppState
from planner.gui.tabs.policy_editor import PolicyEditor
from planner.gui.widgets import table
from planner.views.exposure import bucket_series
from planner.views.plan import headline, scenarios_frame, trades_frame


class PlanTab(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.editor = PolicyEditor(state.policy)
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
        state.run_changed.connect(self._show)
        state.policy_changed.connect(lambda: self.editor.set_policy(state.policy))
        self._show()

    def _show(self) -> None:
        run = self.state.run
        plan = run.plan if run is not None else None
        self.headline.setText(headline(plan))
        self.trades.set_frame(trades_frame(plan))
        self.scenarios.set_frame(scenarios_frame(plan))
        self.warnings.clear()
        if plan is not None:
            self.chart.show_series(BUCKETS, bucket_series(plan))
            self.warnings.addItems(plan.warnings)
