"""The Export tab: the workbook, the blotter, the folder of the last export, and the archive
of plans exported earlier."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from planner.gui.models import DataFrameModel
from planner.gui.state import AppState
from planner.gui.widgets import table
from planner.reports.archive import list_archive
from planner.views.archive import archive_frame


class ExportTab(QWidget):
    export_xlsx = Signal()
    export_blotter = Signal()
    open_folder = Signal()

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        xlsx = QPushButton("Export Excel workbook… (Ctrl+E)")
        xlsx.clicked.connect(self.export_xlsx)
        blotter = QPushButton("Export trade blotter (CSV)…")
        blotter.clicked.connect(self.export_blotter)
        folder = QPushButton("Open the folder of the last export")
        folder.clicked.connect(self.open_folder)
        self.buttons = (xlsx, blotter)
        self.why = QLabel()  # why exporting is not possible now
        self.why.setWordWrap(True)
        self.last = QLabel("Nothing exported yet.")
        self.archive = DataFrameModel(kinds={"Value": "money"})
        self.archive_view = table(self.archive, "Plan archive")
        row = QHBoxLayout()
        for b in (xlsx, blotter, folder):
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.why)
        layout.addWidget(self.last)
        layout.addWidget(QLabel("Plans exported earlier (the archive):"))
        layout.addWidget(self.archive_view)
        state.archive_changed.connect(self._show_archive)
        state.exported.connect(self._show_written)
        state.run_changed.connect(self._show_ready)
        state.plan_current_changed.connect(self._show_ready)
        self._show_archive()
        self._show_ready()

    def _show_ready(self, *_: object) -> None:
        """Export only the final plan for what is on screen; otherwise say why not."""
        why = self.state.export_refused()
        for b in self.buttons:
            b.setEnabled(not why)
        self.why.setText(why)
        self.why.setVisible(bool(why))

    def _show_written(self, written: list[Path]) -> None:
        self.last.setText(f"Wrote {', '.join(str(p) for p in written)}")

    def _show_archive(self) -> None:
        self.archive.set_frame(archive_frame(list_archive(self.state.book)))
