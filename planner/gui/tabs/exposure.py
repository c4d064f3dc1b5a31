"""The Exposure tab: buckets now, target and after; the accounts by bucket; concentration."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from planner.core.policy import BUCKETS
from planner.gui.charts import GroupedBars, StackedAccounts
from planner.gui.state import AppState
from planner.gui.widgets import WhenShown
from planner.views.exposure import account_buckets, band_ranges, bucket_series, summary_text


class ExposureTab(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
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
        state.run_changed.connect(WhenShown(self, self._show))
        self._show()

    def _show(self) -> None:
        run = self.state.run
        self.summary.setText(summary_text(run))
        if run is None:
            return
        self.bars.show_series(BUCKETS, bucket_series(run.plan), bands=band_ranges(run.plan))
        names, values = account_buckets(run)
        self.accounts.show_accounts(names, values, BUCKETS)
