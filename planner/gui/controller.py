"""The work behind the window: import, plan, re-plan, regime, overrides, export. Each runs on
the task runner and, on the GUI thread, updates the :class:`AppState` - whose signals redraw
the tabs. Errors become dialogs naming the file and line; a bad file never stops the rest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from planner.core.errors import InputError
from planner.core.policy import Policy
from planner.core.policy_file import parse_policy, policy_to_toml
from planner.core.regime import Regime
from planner.core.walkforward import Evidence
from planner.gui import dialogs
from planner.gui.state import AppState
from planner.gui.tasks import Progress, TaskRunner
from planner.market.overrides import set_account_type, set_security_override
from planner.market.regime_inputs import load_regime, save_house_view
from planner.storage import config_dir, write_text_atomic
from planner.workflow import PlanRun, export_plan, import_files, plan_household


def saved_policy() -> Policy:
    """The policy the advisor last edited, or the defaults."""
    path = config_dir() / "policy.toml"
    try:
        return parse_policy(path.read_text(encoding="utf-8"), str(path))
    except (OSError, InputError):
        return Policy()


class Controller(QObject):
    """``opened`` fires with the files of each household that imported (the window remembers
    them and watches them for changes)."""

    opened = Signal(object)  # list[str]

    def __init__(self, state: AppState, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self.window = parent

    # --- households -----------------------------------------------------------------------
    def open_files(self, files: list[str], policy: Policy | None = None) -> None:
        """Import ``files`` (each read once) and plan; files that fail are listed, the rest
        imported. ``policy`` replaces the current one (a household's own)."""
        files = list(dict.fromkeys(files))  # the same file twice is one file
        if policy is not None:
            self.state.set_policy(policy)
        policy = self.state.policy
        data_dir, regime = self.state.data_dir, self.state.regime

        def work(progress: Progress) -> tuple[list[str], list[str], PlanRun | None]:
            progress(0.0, "importing")
            household, good, problems = import_files(files)
            if household is None:
                return good, problems, None
            run = plan_household(household, policy, data_dir, progress, regime=regime)
            return good, problems, run

        def done(result: tuple[list[str], list[str], PlanRun | None]) -> None:
            good, problems, run = result
            if good:
                self.state.set_run(run, good)
                self.state.set_plan_current(True)
                self.opened.emit(good)
            self.state.set_problems(problems)
            if problems:
                dialogs.input_problem(
                    self.window, "Some files were not imported", "\n".join(problems)
                )

        self.runner.run(work, done, self.failed, key="household")

    def reload(self) -> None:
        if self.state.files:
            self.open_files(self.state.files)

    def replan(self) -> None:
        """The plan first (one solve, shown at once), then its scenarios. A newer edit cancels
        both and wins."""
        run = self.state.run
        if run is None:
            return
        policy, data_dir = self.state.policy, self.state.data_dir
        regime = self.state.regime or run.regime

        def work(scenarios: bool) -> Callable[[Progress], PlanRun]:
            # the first plan by the fast method (on screen at once), then the final plan -
            # proven as close to the best as the exact method proves - with its scenarios
            method = "auto" if scenarios else "fast"

            def fn(progress: Progress) -> PlanRun:
                return plan_household(
                    run.household,
                    policy,
                    data_dir,
                    progress,
                    run.reference,
                    regime,
                    scenarios,
                    method=method,
                )

            return fn

        def with_scenarios(new: PlanRun) -> None:
            self.state.set_run(new)

        def first(new: PlanRun) -> None:
            self.state.set_run(new)
            self.state.set_plan_current(True)
            self.runner.run(work(True), with_scenarios, self.failed, key="plan")

        self.runner.run(work(False), first, self.failed, key="plan")

    def edit_policy(self, policy: Policy) -> None:
        """A valid edit: saved, and re-planned."""
        self.state.set_plan_current(False)
        self.state.policy = policy  # the editor shows it already
        try:
            write_text_atomic(config_dir() / "policy.toml", policy_to_toml(policy))
        except OSError as err:
            self.window.statusBar().showMessage(f"could not save the policy: {err}")  # type: ignore[attr-defined]
        self.replan()

    def policy_invalid(self, reason: str) -> None:
        """An edit that makes no policy: the plan on screen is no longer this policy's."""
        self.state.set_plan_current(False)
        self.runner.cancel_key("plan")

    # --- the regime -------------------------------------------------------------------------
    def load_regime(self, refresh: bool = False) -> None:
        data_dir = self.state.data_dir

        def work(progress: Progress) -> Regime:
            progress(0.1, "reading the market regime" if not refresh else "refreshing")
            folder = Path(data_dir) if data_dir else None
            return load_regime(folder, refresh=refresh, progress=progress)

        def done(regime: Regime) -> None:
            self.state.set_regime(regime)
            if regime.warnings:
                dialogs.input_problem(self.window, "Refresh", "\n".join(regime.warnings))
            self.replan()

        self.runner.run(work, done, self.failed, key="regime")

    def set_data_dir(self, folder: str) -> None:
        self.state.data_dir = folder
        self.load_regime()
        self.load_history()

    def load_history(self) -> None:
        """The composite at every month-end of the data folder's history, in the background
        (nothing when the folder has no small-cap closes)."""
        folder = self.state.data_dir
        if folder is None:
            return

        def work(progress: Progress) -> Evidence | None:
            from planner.core.walkforward import NoHistory, walk_forward
            from planner.market.regime_inputs import load_history

            progress(0.1, "reading the history")
            try:
                market = load_history(Path(folder))
                return walk_forward(market, resamples=0, progress=progress)
            except (InputError, NoHistory):
                return None

        self.runner.run(work, self.state.set_history, self.failed, key="history")

    def save_house_view(self, as_of: date, source: str, values: dict[str, float]) -> None:
        try:
            save_house_view(as_of, source, values)
        except (OSError, InputError) as err:
            dialogs.input_problem(self.window, "House view", str(err))
            return
        self.load_regime()

    # --- the advisor's corrections ----------------------------------------------------------
    def set_account_type(self, account_id: str, kind: str) -> None:
        try:
            set_account_type(account_id, kind)  # type: ignore[arg-type]
        except (OSError, InputError) as err:
            dialogs.input_problem(self.window, "Account type", str(err))
            return
        self.reload()

    def set_bucket(self, symbol: str, bucket: str) -> None:
        mix = {bucket: 1.0} if bucket else None
        try:
            set_security_override(symbol, mix, note="set in the app", as_of=date.today())
        except (OSError, InputError) as err:
            dialogs.input_problem(self.window, "Bucket override", str(err))
            return
        self.reload()

    # --- export -----------------------------------------------------------------------------
    def export(self, kind: str, path: str) -> None:
        run = self.state.run
        if run is None:
            dialogs.input_problem(self.window, "Export", "Load a household first.")
            return

        def work(progress: Progress) -> list[Path]:
            progress(0.2, "writing")
            if kind == "xlsx":
                return export_plan(run, xlsx=path)
            return export_plan(run, blotter=path)

        self.runner.run(work, self.state.set_exported, self.failed)

    def failed(self, err: BaseException, details: str) -> None:
        if isinstance(err, InputError):
            dialogs.input_problem(self.window, "Cannot use this input", str(err))
            return
        from planner.gui.app import log_exception

        log = log_exception(details)
        dialogs.unexpected(self.window, f"{type(err).__name__}: {err}", details, log)
