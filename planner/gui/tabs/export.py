"""The Export tab: the workbook, the blotter, the folder of the last export, and the archive
of plans exported earlier."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import InputError
from planner.gui import dialogs
from planner.gui.models import DataFrameModel
from planner.gui.state import AppState
from planner.gui.widgets import table
from planner.reports.archive import list_archive, show_archive
from planner.views.archive import ENTRY_KINDS, archive_frame, entry_summary, entry_trades


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
        self.archive_view.doubleClicked.connect(self._open_entry)
        self.archive_view.setToolTip("Double-click a plan to see what was recommended and why")
        self.entry_dialog: ArchiveEntryDialog | None = None
        row = QHBoxLayout()
        for b in (xlsx, blotter, folder):
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.why)
        layout.addWidget(self.last)
        layout.addWidget(QLabel("Plans exported earlier (the archive; double-click to open one):"))
        layout.addWidget(self.archive_view)
        state.archive_changed.connect(self._show_archive)
        state.exported.connect(self._show_written)
        state.run_changed.connect(self._show_ready)
        state.plan_current_changed.connect(self._show_ready)
        self._show_archive()
        self._show_ready()

    def _show_ready(self) -> None:
        """Export only the final plan for what is on screen; otherwise say why not."""
        why = self.state.export_refused()
        for b in self.buttons:
            b.setEnabled(not why)
        self.why.setText(why)
        self.why.setVisible(bool(why))

    def _show_written(self, written: list[Path]) -> None:
        self.last.setText(f"Wrote {', '.join(Path(p).name for p in written)} (hover for where)")
        self.last.setToolTip("\n".join(str(p) for p in written))

    def _show_archive(self) -> None:
        self.archive.set_frame(archive_frame(list_archive(self.state.book)))

    def _open_entry(self, index: QModelIndex) -> None:
        """The archived plan as it went out: its trades and reasons, inputs and policy."""
        proxy = self.archive_view.model()
        row = proxy.mapToSource(index).row() if isinstance(proxy, QSortFilterProxyModel) else -1
        frame = self.archive.frame
        if not 0 <= row < len(frame):
            return
        plan_id = str(frame.iloc[row]["Plan"])
        try:
            doc = show_archive(plan_id, self.state.book)
        except InputError as err:
            dialogs.input_problem(self, "Plan archive", str(err))
            return
        self.entry_dialog = ArchiveEntryDialog(self, plan_id, doc)
        self.entry_dialog.show()


class ArchiveEntryDialog(QDialog):
    """One archive entry, read-only: what was recommended, from what, under which policy."""

    def __init__(self, parent: QWidget, plan_id: str, doc: dict[str, object]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Archived plan {plan_id}")
        self.resize(1000, 600)
        self.summary = QLabel(entry_summary(plan_id, doc))
        self.summary.setWordWrap(True)
        self.trades = DataFrameModel(kinds=ENTRY_KINDS)
        self.trades.set_frame(entry_trades(doc))
        self.policy = QPlainTextEdit(str(doc.get("policy", "")))
        self.policy.setReadOnly(True)
        self.policy.setMaximumHeight(140)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(table(self.trades, "Archived trades"))
        layout.addWidget(QLabel("The policy it was made under:"))
        layout.addWidget(self.policy)
        layout.addWidget(close)
