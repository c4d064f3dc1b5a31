"""The Holdings tab: every position, filterable; set a symbol's bucket by hand."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.plan import BUCKET_NAMES
from planner.core.policy import BUCKETS
from planner.gui.models import DataFrameModel
from planner.gui.state import AppState
from planner.gui.widgets import WhenShown, selected_source_row, table
from planner.views.holdings import holdings_frame


class HoldingsTab(QWidget):
    bucket_set = Signal(str, str)  # symbol, bucket ("" removes the override)

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.model = DataFrameModel(
            kinds={
                "Quantity": "shares",
                "Price": "money",
                "Value": "money",
                "Cost": "money",
                "Unrealised gain": "money",
                "Weight": "pct",
            },
            highlight="_unknown",
            tooltips="_note",
        )
        self.view = table(self.model, "Holdings")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: symbol, account, bucket, source…")
        self.filter.setAccessibleName("Filter holdings")
        proxy = self.view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        self.filter.textChanged.connect(proxy.setFilterFixedString)
        self.bucket_box = QComboBox()
        self.bucket_box.addItem("(classify as before)", "")
        for k in BUCKETS:
            self.bucket_box.addItem(BUCKET_NAMES[k], k)
        self.bucket_box.setAccessibleName("Bucket for the selected symbol")
        set_bucket = QPushButton("Set the bucket of the selected symbol")
        set_bucket.setToolTip("Saved as your override; every household uses it from now on")
        set_bucket.clicked.connect(self.set_bucket)
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
        state.run_changed.connect(WhenShown(self, self._show))
        self._show()

    def _show(self) -> None:
        self.model.set_frame(holdings_frame(self.state.run))

    def set_bucket(self) -> None:
        """Set the bucket chosen in the box on the selected row's symbol."""
        row = selected_source_row(self.view)
        if row is None:
            return
        symbol = str(self.model.frame.iloc[row]["Symbol"])
        self.bucket_set.emit(symbol, str(self.bucket_box.currentData()))
