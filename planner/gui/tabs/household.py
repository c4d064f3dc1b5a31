"""The Household tab: the accounts, their types (editable), and the import problems."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.holdings import ACCOUNT_TYPES
from planner.gui.models import DataFrameModel
from planner.gui.state import AppState
from planner.gui.widgets import WhenShown, selected_source_row, table
from planner.views.household import accounts_frame, warnings_frame


class HouseholdTab(QWidget):
    open_requested = Signal()
    type_changed = Signal(str, str)  # account id, new type

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.model = DataFrameModel(kinds={"Value": "money", "Cash": "money"}, tooltips="_path")
        self.view = table(self.model, "Accounts")
        self._ids: list[str] = []
        self.client = QLabel()
        self.client.setAccessibleName("Client")
        self.hint = QLabel(
            "Drop brokerage exports (CSV) anywhere on the window, or use File ▸ Open (Ctrl+O): "
            "they go into the client named above (the window asks which when none is open). "
            "A fresh export of an account replaces the one the client had. File ▸ Open demo "
            "household shows an example."
        )
        self.hint.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setAccessibleName("Import problems")
        self.type_box = QComboBox()
        self.type_box.addItems(list(ACCOUNT_TYPES))
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
        layout.addWidget(self.client)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.view, 3)
        self.warnings = DataFrameModel(tooltips="_path")
        self.warnings_view = table(self.warnings, "Import warnings")
        layout.addWidget(QLabel("Import warnings (each with its file and line):"))
        layout.addWidget(self.warnings_view, 1)
        layout.addWidget(QLabel("Files that were not imported (the rest was):"))
        layout.addWidget(self.problems, 1)
        state.run_changed.connect(WhenShown(self, self._show_accounts))
        state.problems_changed.connect(self._show_problems)
        state.client_changed.connect(self._show_client)
        self._show_accounts()
        self._show_client()

    def _show_client(self) -> None:
        client = self.state.client
        self.client.setText(
            f"<b>Client: {escape(client.name)}</b>"
            if client is not None
            else "<b>No client open</b> — open one in the Book tab."
        )

    def _show_accounts(self) -> None:
        frame, self._ids = accounts_frame(self.state.run)
        self.model.set_frame(frame)
        self.warnings.set_frame(warnings_frame(self.state.run))

    def _show_problems(self) -> None:
        self.problems.clear()
        self.problems.addItems(self.state.problems)

    def _set_type(self) -> None:
        row = selected_source_row(self.view)
        if row is not None:
            self.type_changed.emit(self._ids[row], self.type_box.currentText())
