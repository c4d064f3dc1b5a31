"""The main window: the chrome (menus, status bar, drag and drop, recent files, geometry)
around the tabs, the Book first. The tabs show the :class:`AppState`; the :class:`Controller`
and the :class:`BookActions` do the work. The window holds the book's lock while it is open: a
second window on the same book only reads it, and says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QByteArray, QFileSystemWatcher, QSettings, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTabWidget,
)

from planner.book import Book, open_book, window_lock
from planner.book.lock import FileLock
from planner.gui import dialogs
from planner.gui.book_actions import BookActions
from planner.gui.controller import Controller, saved_policy
from planner.gui.market_actions import MarketActions
from planner.gui.state import AppState
from planner.gui.tabs.book import BookTab
from planner.gui.tabs.export import ExportTab
from planner.gui.tabs.exposure import ExposureTab
from planner.gui.tabs.holdings import HoldingsTab
from planner.gui.tabs.household import HouseholdTab
from planner.gui.tabs.plan import PlanTab
from planner.gui.tabs.regime import RegimeTab
from planner.gui.tasks import TaskRunner
from planner.gui.widgets import LazyTab
from planner.views.plan import holdings_age

TABS = ("Book", "Household", "Holdings", "Exposure", "Regime", "Plan", "Export")


class MainWindow(QMainWindow):
    def __init__(
        self,
        runner: TaskRunner,
        settings: QSettings,
        book: Book,
        lock: FileLock | None,
        read_only_reason: str = "",
    ) -> None:
        super().__init__()
        self.runner = runner
        self.settings = settings
        self.lock = lock
        self.state = AppState(saved_policy(), book, read_only_reason)
        self.controller = Controller(self.state, runner, self)
        self.book_actions = BookActions(self.state, runner, self.controller, self)
        self.market = MarketActions(self.state, runner, self.controller, self)
        self.setAcceptDrops(True)
        self.tabs = QTabWidget()
        self.book = BookTab(self.state, self.book_actions.rows)
        self.household = HouseholdTab(self.state)
        self.holdings = HoldingsTab(self.state)
        self._exposure = LazyTab(lambda: ExposureTab(self.state))
        self._regime = LazyTab(self._regime_tab)
        self._plan = LazyTab(self._plan_tab)
        self.export = ExportTab(self.state)
        panels = (
            self.book,
            self.household,
            self.holdings,
            self._exposure,
            self._regime,
            self._plan,
            self.export,
        )
        for name, panel in zip(TABS, panels, strict=True):
            self.tabs.addTab(panel, name)
        self.setCentralWidget(self.tabs)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        self.cancel = QPushButton("Cancel")
        self.cancel.setAccessibleName("Cancel the running task")
        self.cancel.clicked.connect(self.runner.cancel_all)
        self.cancel.hide()
        self.dates = QLabel()
        self.statusBar().addPermanentWidget(self.dates)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel)
        self._menus()
        c = self.controller
        self.household.open_requested.connect(self.open_dialog)
        self.household.type_changed.connect(c.set_account_type)
        self.holdings.bucket_set.connect(c.set_bucket)
        self.export.export_xlsx.connect(self.export_xlsx_dialog)
        self.export.export_blotter.connect(self.export_blotter_dialog)
        self.export.open_folder.connect(self._open_export_folder)
        self._connect_book()
        c.opened.connect(self._opened)
        self.state.run_changed.connect(self._dates)
        self.state.regime_changed.connect(self._dates)
        self.state.client_changed.connect(self._title)
        self.state.book_access_changed.connect(self._title)
        self._title()
        self.runner.busy.connect(self._busy)
        self.runner.progress.connect(self._progress)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(lambda _path: c.reload())
        geometry = settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        self.market.load_regime()

    @property
    def exposure(self) -> ExposureTab:
        return cast(ExposureTab, self._exposure.tab())

    @property
    def regime(self) -> RegimeTab:
        return cast(RegimeTab, self._regime.tab())

    @property
    def plan(self) -> PlanTab:
        return cast(PlanTab, self._plan.tab())

    def _plan_tab(self) -> PlanTab:
        tab, c = PlanTab(self.state), self.controller
        tab.editor.changed.connect(c.edit_policy)
        tab.editor.invalid.connect(c.policy_invalid)
        return tab

    def _regime_tab(self) -> RegimeTab:
        tab, m = RegimeTab(self.state), self.market
        tab.refresh_requested.connect(lambda: m.load_regime(refresh=True))
        tab.folder_requested.connect(self.data_folder_dialog)
        tab.house.saved.connect(m.save_house_view)
        return tab

    # --- the book -----------------------------------------------------------------------
    def _connect_book(self) -> None:
        tab, acts = self.book, self.book_actions
        tab.new_requested.connect(self.new_client_dialog)
        tab.open_requested.connect(self.open_client)
        tab.rename_requested.connect(self.rename_dialog)
        tab.archive_requested.connect(self.archive_dialog)
        tab.approve_requested.connect(acts.approve_latest)
        tab.replan_requested.connect(lambda: acts.replan_book())
        tab.retry_requested.connect(self.retry_book)
        acts.replanning.connect(tab.follow)

    def _title(self) -> None:
        client = self.state.client
        name = f" — {client.name}" if client is not None else ""
        self.setWindowTitle(
            f"Rotation Planner{name}" + (" (read-only)" if self.state.read_only else "")
        )

    def new_client_dialog(self) -> None:
        name = dialogs.ask_text(self, "New client", "The client's name (a household):")
        if name:
            self.book_actions.new_client(name)
            self.current_tab("Household")

    def open_client(self, client_id: int) -> None:
        self.book_actions.open_client(client_id)
        self.current_tab("Household")

    def rename_dialog(self, client_id: int) -> None:
        current = next((r.name for r in self.book_actions.rows(True) if r.id == client_id), "")
        name = dialogs.ask_text(self, "Rename client", "The client's new name:", current)
        if name:
            self.book_actions.rename_client(client_id, name)

    def archive_dialog(self, client_id: int) -> None:
        name = next((r.name for r in self.book_actions.rows(True) if r.id == client_id), "")
        if dialogs.confirm(
            self,
            "Archive client",
            f"Archive {name}? The client leaves the "
            "list; its files, plans and archive stay in the book.",
        ):
            self.book_actions.archive_client(client_id)

    def retry_book(self) -> None:
        """The other window may have closed: take the book for writing if it is free now."""
        lock = self.lock or window_lock(self.state.book.path)
        if not lock.try_acquire():
            dialogs.input_problem(
                self,
                "The book",
                f"Still read-only: the book is open in another window ({lock.holder()}).",
            )
            return
        self.lock = lock
        book, problems = open_book(self.state.book.path)
        self.state.set_book(book)
        if problems:
            self.statusBar().showMessage("; ".join(problems))

    # --- menus and chrome ---------------------------------------------------------------
    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&New client…", self.new_client_dialog, QKeySequence("Ctrl+N"))
        self._action(
            file_menu, "&Book of clients", lambda: self.current_tab("Book"), QKeySequence("Ctrl+B")
        )
        self._action(
            file_menu,
            "&Open exports into the client…",
            self.open_dialog,
            QKeySequence.StandardKey.Open,
        )
        self._action(file_menu, "Open &demo household", self.open_demo)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self._fill_recent()
        reload = QKeySequence.StandardKey.Refresh
        self._action(file_menu, "&Reload", lambda: self.controller.reload(), reload)
        file_menu.addSeparator()
        xlsx = QKeySequence("Ctrl+E")
        self.export_actions = (
            self._action(file_menu, "&Export Excel workbook…", self.export_xlsx_dialog, xlsx),
            self._action(file_menu, "Export trade &blotter…", self.export_blotter_dialog),
        )
        self.state.run_changed.connect(self._export_ready)
        self.state.plan_current_changed.connect(self._export_ready)
        self._export_ready()
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Rotation Planner", lambda: dialogs.about(self))

    def _export_ready(self) -> None:
        why = self.state.export_refused()
        for action in self.export_actions:
            action.setEnabled(not why)
            action.setStatusTip(why)

    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.value("recent", []) or []
        for files in recent if isinstance(recent, list) else []:
            names = files.split("\n")
            label = ", ".join(Path(n).name for n in names)[:80]
            self._action(self.recent_menu, label, lambda _=False, n=names: self.open_files(n))
        self.recent_menu.setEnabled(bool(recent))

    def _opened(self, files: list[str]) -> None:
        """Remember the household's files and reload when one of them changes on disk."""
        recent = self.settings.value("recent", []) or []
        recent = [r for r in (recent if isinstance(recent, list) else []) if r != "\n".join(files)]
        self.settings.setValue("recent", ["\n".join(files), *recent][:8])
        self._fill_recent()
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self.watcher.addPaths(files)

    def _busy(self, running: int) -> None:
        self.progress.setVisible(running > 0)
        self.cancel.setVisible(running > 0)
        if running == 0:
            self.statusBar().clearMessage()

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(100 * fraction))
        self.statusBar().showMessage(message)

    def _dates(self) -> None:
        run, regime = self.state.run, self.state.regime
        parts = []
        if run is not None and run.plan.holdings_as_of:
            age = holdings_age(run.plan)
            old = f" ({age:,} days old)" if age is not None else ""
            parts.append(f"holdings as of {run.plan.holdings_as_of.isoformat()}{old}")
        if regime is not None and regime.as_of:
            stale = " (stale)" if regime.stale else ""
            parts.append(f"regime as of {regime.as_of.isoformat()}{stale}")
        self.dates.setText("; ".join(parts))

    def closeEvent(self, event: Any) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        if self.lock is not None:  # another window may take the book now
            self.lock.release()
        super().closeEvent(event)

    # --- drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_files(files)

    # --- what the user asks for -----------------------------------------------------------
    def open_files(self, files: list[str]) -> None:
        self.controller.open_files(files)

    def open_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Open brokerage exports", "", "Positions exports (*.csv);;All files (*)"
        )
        if files:
            self.open_files(files)

    def open_demo(self) -> None:
        """The demo household, a client of its own in the book."""
        self.book_actions.open_demo()

    def data_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Market data folder")
        if folder:
            self.market.set_data_dir(folder)

    def export_xlsx_dialog(self) -> None:
        self._export("xlsx", "Export the plan workbook", "Excel workbook (*.xlsx)")

    def export_blotter_dialog(self) -> None:
        self._export("blotter", "Export the trade blotter", "CSV (*.csv)")

    def _export(self, kind: str, caption: str, pattern: str) -> None:
        if self.state.run is None:
            dialogs.input_problem(self, "Export", "Load a household first.")
            return
        path, _ = QFileDialog.getSaveFileName(self, caption, "", pattern)
        if path:
            self.controller.export(kind, path)

    def _open_export_folder(self) -> None:
        if self.state.last_export is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.state.last_export.parent)))

    def current_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(name))
