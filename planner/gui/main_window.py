"""The main window: the chrome (menus, status bar, drag and drop, recent files, geometry)
around the tabs. The tabs show the :class:`AppState`; the :class:`Controller` does the work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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

from planner.gui import dialogs
from planner.gui.controller import Controller, saved_policy
from planner.gui.state import AppState
from planner.gui.tabs.export import ExportTab
from planner.gui.tabs.exposure import ExposureTab
from planner.gui.tabs.holdings import HoldingsTab
from planner.gui.tabs.household import HouseholdTab
from planner.gui.tabs.plan import PlanTab
from planner.gui.tabs.regime import RegimeTab
from planner.gui.tasks import TaskRunner
from planner.resources import demo_files
from planner.workflow import demo_policy_path, read_policy

TABS = ("Household", "Holdings", "Exposure", "Regime", "Plan", "Export")


class MainWindow(QMainWindow):
    def __init__(self, runner: TaskRunner, settings: QSettings) -> None:
        super().__init__()
        self.runner = runner
        self.settings = settings
        self.state = AppState(saved_policy())
        self.controller = Controller(self.state, runner, self)
        self.setWindowTitle("Rotation Planner")
        self.setAcceptDrops(True)
        self.tabs = QTabWidget()
        self.household = HouseholdTab(self.state)
        self.holdings = HoldingsTab(self.state)
        self.exposure = ExposureTab(self.state)
        self.regime = RegimeTab(self.state)
        self.plan = PlanTab(self.state)
        self.export = ExportTab(self.state)
        panels = (self.household, self.holdings, self.exposure, self.regime, self.plan, self.export)
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
        self.plan.editor.changed.connect(c.edit_policy)
        self.plan.editor.invalid.connect(c.policy_invalid)
        self.regime.refresh_requested.connect(lambda: c.load_regime(refresh=True))
        self.regime.folder_requested.connect(self.data_folder_dialog)
        self.regime.house.saved.connect(c.save_house_view)
        self.export.export_xlsx.connect(self.export_xlsx_dialog)
        self.export.export_blotter.connect(self.export_blotter_dialog)
        self.export.open_folder.connect(self._open_export_folder)
        c.opened.connect(self._opened)
        self.state.run_changed.connect(self._dates)
        self.state.regime_changed.connect(self._dates)
        self.runner.busy.connect(self._busy)
        self.runner.progress.connect(self._progress)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(lambda _path: c.reload())
        geometry = settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        c.load_regime()

    # --- menus and chrome ---------------------------------------------------------------
    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open exports…", self.open_dialog, QKeySequence.StandardKey.Open)
        self._action(file_menu, "Open &demo household", self.open_demo)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self._fill_recent()
        reload = QKeySequence.StandardKey.Refresh
        self._action(file_menu, "&Reload", lambda: self.controller.reload(), reload)
        file_menu.addSeparator()
        xlsx = QKeySequence("Ctrl+E")
        self._action(file_menu, "&Export Excel workbook…", self.export_xlsx_dialog, xlsx)
        self._action(file_menu, "Export trade &blotter…", self.export_blotter_dialog)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Rotation Planner", lambda: dialogs.about(self))

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
            parts.append(f"holdings as of {run.plan.holdings_as_of.isoformat()}")
        if regime is not None and regime.as_of:
            stale = " (stale)" if regime.stale else ""
            parts.append(f"regime as of {regime.as_of.isoformat()}{stale}")
        self.dates.setText("; ".join(parts))

    def closeEvent(self, event: Any) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        super().closeEvent(event)

    # --- drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_files(self.state.files + files)

    # --- what the user asks for -----------------------------------------------------------
    def open_files(self, files: list[str]) -> None:
        self.controller.open_files(files)

    def open_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Open brokerage exports", "", "Positions exports (*.csv);;All files (*)"
        )
        if files:
            self.open_files(self.state.files + files)

    def open_demo(self) -> None:
        self.controller.open_files(
            [str(p) for p in demo_files()], policy=read_policy(demo_policy_path())
        )

    def data_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Market data folder")
        if folder:
            self.controller.set_data_dir(folder)

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
