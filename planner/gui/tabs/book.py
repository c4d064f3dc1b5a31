"""The Book tab, the first screen: every client with value, mega- and small-cap shares, the
bucket furthest outside its band, cash, stale data, the last plan and its status - sortable
on the numbers, filtered as you type; New client, Open, Rename, Archive, Approve, and
Re-plan the book with its progress. Rows outside a band or with stale data are tinted; hover
for why. A window that only reads the book says so at the top."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSortFilterProxyModel, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.book.plans import ClientRow
from planner.gui.models import DataFrameModel
from planner.gui.state import AppState
from planner.gui.tasks import Task
from planner.gui.widgets import selected_source_row, table
from planner.views.book import BOOK_KINDS, book_frame
from planner.views.labels import count, money

#: Rows the column widths are measured on.
SIZE_FROM_ROWS = 100
#: The list reloads at most this often while a re-plan keeps households (milliseconds).
RELOAD_MS = 200


class BookTab(QWidget):
    new_requested = Signal()
    open_requested = Signal(int)  # client id
    rename_requested = Signal(int)
    archive_requested = Signal(int)
    approve_requested = Signal(int)
    replan_requested = Signal()
    retry_requested = Signal()  # try again to get the book for writing

    def __init__(self, state: AppState, rows: Callable[[bool], list[ClientRow]]) -> None:
        """``rows(archived)`` reads the book's list (the window's :class:`BookActions`)."""
        super().__init__()
        self.state = state
        self._rows = rows
        self.model = DataFrameModel(kinds=BOOK_KINDS, highlight="_flag", tooltips="_tip")
        self.view = table(self.model, "Clients of the book")
        # column widths from the first rows, not all of a book of hundreds
        self.view.horizontalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)
        self.view.doubleClicked.connect(lambda _index: self._emit(self.open_requested))
        self._ids: list[int] = []
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff0c0; padding: 6px;")
        self.retry = QPushButton("Try again to open the book for changes")
        self.retry.clicked.connect(self.retry_requested)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter clients (name, status, bucket…)")
        self.filter.setAccessibleName("Filter clients")
        self.filter.setClearButtonEnabled(True)
        proxy = self.view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        self.filter.textChanged.connect(proxy.setFilterFixedString)
        self.attention = QCheckBox("Only outside a band or stale")
        self.attention.toggled.connect(lambda _on: self.reload())
        self.archived = QCheckBox("Show archived")
        self.archived.toggled.connect(lambda _on: self.reload())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, slot in (
            ("new", "New client…", self.new_requested.emit),
            ("open", "Open", lambda: self._emit(self.open_requested)),
            ("rename", "Rename…", lambda: self._emit(self.rename_requested)),
            ("archive", "Archive", lambda: self._emit(self.archive_requested)),
            ("approve", "Approve plan", lambda: self._emit(self.approve_requested)),
            ("replan", "Re-plan the book", self.replan_requested.emit),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.attention)
        filters.addWidget(self.archived)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Book re-plan progress")
        self.progress_text = QLabel()
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_text, 2)
        self.progress.hide()
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.retry)
        layout.addLayout(row)
        layout.addLayout(filters)
        layout.addLayout(progress_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_MS)
        self._timer.timeout.connect(self._cooled)
        self._pending = False
        state.book_changed.connect(self._changed)
        state.book_access_changed.connect(self._access)
        self._access()
        self.reload()

    def _changed(self) -> None:
        """At once, then at most every ``RELOAD_MS`` while changes keep coming (a re-plan)."""
        if self._timer.isActive():
            self._pending = True
            return
        self.reload()
        self._timer.start()

    def _cooled(self) -> None:
        if self._pending:
            self._pending = False
            self.reload()
            self._timer.start()

    def _emit(self, signal: SignalInstance) -> None:
        client_id = self.selected_client()
        if client_id is not None:
            signal.emit(client_id)

    def selected_client(self) -> int | None:
        row = selected_source_row(self.view)
        return self._ids[row] if row is not None and row < len(self._ids) else None

    def _access(self) -> None:
        read_only = self.state.read_only
        self.banner.setVisible(read_only)
        self.retry.setVisible(read_only)
        self.banner.setText(f"Read-only: {self.state.read_only_reason}" if read_only else "")
        for key in ("new", "rename", "archive", "approve", "replan"):
            self.buttons[key].setEnabled(not read_only)

    def reload(self) -> None:
        """The list from the book (one query; hundreds of clients in milliseconds)."""
        rows = self._rows(self.archived.isChecked())
        frame, ids = book_frame(rows, date.today())
        if self.attention.isChecked():
            keep = frame["_flag"].to_numpy(dtype=bool)
            frame, ids = frame[keep], [i for i, k in zip(ids, keep, strict=True) if k]
        selected = self.selected_client()
        self._ids = ids
        self.model.set_frame(frame)
        if selected in ids:
            self.view.selectRow(self._view_row(ids.index(selected)))
        total = float(frame["Value"].sum()) if len(frame) else 0.0
        outside = int((frame["Beyond band"] > 0).sum()) if len(frame) else 0
        # the file's name on screen (screenshots travel); where it is, in the tooltip
        self.summary.setText(
            f"{count(len(frame), 'client')}, {money(total, cents=True)} in all; {outside} with a "
            f"bucket outside its band. The book: {self.state.book.path.name} in the user data "
            "folder (hover for where)"
        )
        self.summary.setToolTip(str(self.state.book.path))

    def _view_row(self, source_row: int) -> int:
        proxy = self.view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        return int(proxy.mapFromSource(self.model.index(source_row, 0)).row())

    def follow(self, task: Task) -> None:
        """Show a running re-plan's progress here until it ends."""
        self.progress.setValue(0)
        self.progress.show()
        self.progress_text.setText("starting the workers…")
        self.buttons["replan"].setEnabled(False)

        def progress(fraction: float, message: str) -> None:
            self.progress.setValue(int(100 * fraction))
            self.progress_text.setText(message)

        def finished(*_args: object) -> None:
            self.progress.hide()
            self.progress_text.setText("")
            self.buttons["replan"].setEnabled(not self.state.read_only)

        task.signals.progress.connect(progress)
        task.signals.done.connect(finished)
        task.signals.failed.connect(finished)
