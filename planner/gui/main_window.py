"""The main window: tabs for the household, holdings, exposure, regime, plan and export. It
holds the session (files, policy, regime) and sends every piece of work to the task runner."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtCore import QByteArray, QFileSystemWatcher, QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTabWidget,
)

from planner.core.errors import InputError
from planner.core.policy import Policy, parse_policy, policy_to_toml
from planner.core.regime import Regime
from planner.gui import dialogs
from planner.gui.panels import (
    ExportPanel,
    ExposurePanel,
    HoldingsPanel,
    HouseholdPanel,
    PlanPanel,
    RegimePanel,
)
from planner.gui.tasks import Progress, TaskRunner
from planner.market.overrides import set_account_type, set_security_override
from planner.market.regime_inputs import load_regime, save_house_view
from planner.reports.archive import list_archive
from planner.resources import demo_files
from planner.storage import config_dir, write_text_atomic
from planner.workflow import (
    PlanRun,
    demo_policy_path,
    export_plan,
    import_household,
    plan_household,
    read_policy,
)

TABS = ("Household", "Holdings", "Exposure", "Regime", "Plan", "Export")


@dataclass
class Session:
    """What the advisor is working on."""

    files: list[str] = field(default_factory=list)
    policy: Policy = field(default_factory=Policy)
    data_dir: str | None = None
    regime: Regime | None = None
    run: PlanRun | None = None
    problems: list[str] = field(default_factory=list)
    last_export: Path | None = None


def _import_checked(files: list[str]) -> tuple[list[str], list[str]]:
    """(files that import, problems with the others) - a bad file never stops the rest."""
    good, problems = [], []
    for f in files:
        try:
            import_household([f])
            good.append(f)
        except InputError as err:
            problems.append(str(err))
    return good, problems


class MainWindow(QMainWindow):
    def __init__(self, runner: TaskRunner, settings: QSettings) -> None:
        super().__init__()
        self.runner = runner
        self.settings = settings
        self.session = Session(policy=self._saved_policy())
        self.setWindowTitle("Rotation Planner")
        self.setAcceptDrops(True)
        self.tabs = QTabWidget()
        self.household = HouseholdPanel()
        self.holdings = HoldingsPanel()
        self.exposure = ExposurePanel()
        self.regime = RegimePanel()
        self.plan = PlanPanel(self.session.policy)
        self.export = ExportPanel()
        for name, panel in zip(
            TABS,
            (self.household, self.holdings, self.exposure, self.regime, self.plan, self.export),
            strict=True,
        ):
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
        self.household.open_requested.connect(self.open_dialog)
        self.household.type_changed.connect(self._set_account_type)
        self.holdings.bucket_set.connect(self._set_bucket)
        self.plan.editor.changed.connect(self._policy_changed)
        self.regime.refresh_requested.connect(lambda: self.load_regime(refresh=True))
        self.regime.folder_requested.connect(self._data_folder_dialog)
        self.regime.house.saved.connect(self._save_house_view)
        self.export.export_xlsx.connect(self.export_xlsx_dialog)
        self.export.export_blotter.connect(self.export_blotter_dialog)
        self.export.open_folder.connect(self._open_export_folder)
        self.runner.busy.connect(self._busy)
        self.runner.progress.connect(self._progress)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(lambda _path: self.reload())
        geometry = settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        self.plan_version = 0  # counts finished plans (tests wait on it)
        self._show()
        self._show_archive()
        self.load_regime()

    # --- menus and chrome ---------------------------------------------------------------
    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open exports…", self.open_dialog, QKeySequence.StandardKey.Open)
        self._action(file_menu, "Open &demo household", self.open_demo)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self._fill_recent()
        self._action(file_menu, "&Reload", self.reload, QKeySequence.StandardKey.Refresh)
        file_menu.addSeparator()
        self._action(
            file_menu, "&Export Excel workbook…", self.export_xlsx_dialog, QKeySequence("Ctrl+E")
        )
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

    def _remember(self, files: list[str]) -> None:
        recent = self.settings.value("recent", []) or []
        recent = [r for r in (recent if isinstance(recent, list) else []) if r != "\n".join(files)]
        self.settings.setValue("recent", ["\n".join(files), *recent][:8])
        self._fill_recent()

    def _busy(self, running: int) -> None:
        self.progress.setVisible(running > 0)
        self.cancel.setVisible(running > 0)
        if running == 0:
            self.statusBar().clearMessage()

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(100 * fraction))
        self.statusBar().showMessage(message)

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
            self.open_files(self.session.files + files)

    # --- the work -------------------------------------------------------------------------
    def open_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Open brokerage exports", "", "Positions exports (*.csv);;All files (*)"
        )
        if files:
            self.open_files(self.session.files + files)

    def open_demo(self) -> None:
        self.session.policy = read_policy(demo_policy_path())
        self._set_editor_policy()
        self.open_files([str(p) for p in demo_files()])

    def _set_editor_policy(self) -> None:
        self.plan.editor.set_policy(self.session.policy)

    def open_files(self, files: list[str]) -> None:
        files = list(dict.fromkeys(files))  # the same file twice is one file
        policy, data_dir, regime = self.session.policy, self.session.data_dir, self.session.regime

        def work(progress: Progress) -> tuple[list[str], list[str], PlanRun | None]:
            progress(0.0, "importing")
            good, problems = _import_checked(files)
            if not good:
                return good, problems, None
            household = import_household(good)
            return (
                good,
                problems,
                plan_household(household, policy, data_dir, progress, regime=regime),
            )

        def done(result: tuple[list[str], list[str], PlanRun | None]) -> None:
            good, problems, run = result
            if good:
                self.session.files = good
                self.session.run = run
                self._remember(good)
                if self.watcher.files():
                    self.watcher.removePaths(self.watcher.files())
                self.watcher.addPaths(good)
            self.session.problems = problems
            self.plan_version += 1
            self._show()
            if problems:
                dialogs.input_problem(self, "Some files were not imported", "\n".join(problems))

        self.runner.run(work, done, self._failed)

    def reload(self) -> None:
        if self.session.files:
            self.open_files(self.session.files)

    def replan(self) -> None:
        """The plan first (one solve, shown at once), then its scenarios (two more)."""
        run = self.session.run
        if run is None:
            return
        policy, regime, data_dir = self.session.policy, self.session.regime, self.session.data_dir
        self._replans = getattr(self, "_replans", 0) + 1
        ticket = self._replans

        def work(scenarios: bool) -> Any:
            def fn(progress: Progress) -> PlanRun:
                return plan_household(run.household, policy, data_dir, progress, run.reference,
                                      regime or run.regime, scenarios=scenarios)  # fmt: skip

            return fn

        def done(new: PlanRun) -> None:
            if ticket != self._replans:  # a newer edit is on its way
                return
            if not new.plan.scenarios and getattr(self, "_full_ticket", 0) == ticket:
                return  # the full plan of this edit arrived first
            if new.plan.scenarios:
                self._full_ticket = ticket
            self.session.run = new
            self.plan_version += 1
            self._show()

        self.runner.run(work(False), done, self._failed)
        self.runner.run(work(True), done, self._failed)

    def _policy_changed(self, policy: Policy) -> None:
        self.session.policy = policy
        try:
            write_text_atomic(config_dir() / "policy.toml", policy_to_toml(policy))
        except OSError as err:
            self.statusBar().showMessage(f"could not save the policy: {err}")
        self.replan()

    def _saved_policy(self) -> Policy:
        path = config_dir() / "policy.toml"
        try:
            return parse_policy(path.read_text(encoding="utf-8"), str(path))
        except (OSError, InputError):
            return Policy()

    def load_regime(self, refresh: bool = False) -> None:
        data_dir = self.session.data_dir

        def work(progress: Progress) -> Regime:
            progress(0.1, "reading the market regime" if not refresh else "refreshing")
            return load_regime(Path(data_dir) if data_dir else None, refresh=refresh,
                               progress=progress)  # fmt: skip

        def done(regime: Regime) -> None:
            self.session.regime = regime
            self.regime.show_regime(regime)
            self._dates()
            if regime.warnings:
                dialogs.input_problem(self, "Refresh", "\n".join(regime.warnings))
            self.replan()

        self.runner.run(work, done, self._failed)

    def _save_house_view(self, as_of: date, source: str, values: dict[str, float]) -> None:
        try:
            save_house_view(as_of, source, values)
        except (OSError, InputError) as err:
            dialogs.input_problem(self, "House view", str(err))
            return
        self.load_regime()

    def _data_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Market data folder")
        if folder:
            self.session.data_dir = folder
            self.load_regime()

    def _set_account_type(self, account_id: str, kind: str) -> None:
        try:
            set_account_type(account_id, kind)  # type: ignore[arg-type]
        except (OSError, InputError) as err:
            dialogs.input_problem(self, "Account type", str(err))
            return
        self.reload()

    def _set_bucket(self, symbol: str, bucket: str) -> None:
        try:
            set_security_override(symbol, {bucket: 1.0} if bucket else None,
                                  note="set in the app", as_of=date.today())  # fmt: skip
        except (OSError, InputError) as err:
            dialogs.input_problem(self, "Bucket override", str(err))
            return
        self.reload()

    def export_xlsx_dialog(self) -> None:
        self._export("xlsx")

    def export_blotter_dialog(self) -> None:
        self._export("blotter")

    def _export(self, kind: str) -> None:
        run = self.session.run
        if run is None:
            dialogs.input_problem(self, "Export", "Load a household first.")
            return
        caption, pattern = (
            ("Export the plan workbook", "Excel workbook (*.xlsx)")
            if kind == "xlsx"
            else ("Export the trade blotter", "CSV (*.csv)")
        )
        path, _ = QFileDialog.getSaveFileName(self, caption, "", pattern)
        if not path:
            return

        def work(progress: Progress) -> list[Path]:
            progress(0.2, "writing")
            if kind == "xlsx":
                return export_plan(run, xlsx=path)
            return export_plan(run, blotter=path)

        def done(written: list[Path]) -> None:
            self.session.last_export = written[0] if written else None
            self.export.last.setText(f"Wrote {', '.join(str(p) for p in written)}")
            self._show_archive()

        self.runner.run(work, done, self._failed)

    def _open_export_folder(self) -> None:
        if self.session.last_export is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.session.last_export.parent)))

    def _failed(self, err: BaseException, details: str) -> None:
        if isinstance(err, InputError):
            dialogs.input_problem(self, "Cannot use this input", str(err))
            return
        from planner.gui.app import log_exception

        log = log_exception(details)
        dialogs.unexpected(self, f"{type(err).__name__}: {err}", details, log)

    # --- showing ------------------------------------------------------------------------
    def _show(self) -> None:
        run = self.session.run
        self.household.show_run(run, self.session.problems)
        self.holdings.show_run(run)
        self.exposure.show_run(run)
        self.plan.show_plan(run.plan if run else None)
        if run is not None and run.regime is not None and self.session.regime is None:
            self.regime.show_regime(run.regime)
        self._dates()

    def _dates(self) -> None:
        run, regime = self.session.run, self.session.regime
        parts = []
        if run is not None and run.plan.holdings_as_of:
            parts.append(f"holdings as of {run.plan.holdings_as_of.isoformat()}")
        if regime is not None and regime.as_of:
            stale = " (stale)" if regime.stale else ""
            parts.append(f"regime as of {regime.as_of.isoformat()}{stale}")
        self.dates.setText("; ".join(parts))

    def _show_archive(self) -> None:
        rows = [
            {
                "Plan": e.plan_id,
                "Created": e.created,
                "Value": e.household_total,
                "Trades": e.trades,
                "Files": ", ".join(e.files),
            }
            for e in list_archive()
        ]
        self.export.archive.set_frame(pd.DataFrame(rows))

    def current_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(name))


__all__ = ["TABS", "MainWindow", "Qt"]
