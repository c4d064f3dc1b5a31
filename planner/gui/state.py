"""The window's state as a model with events: the tabs subscribe to its signals and never
poll it; whoever changes it (the controller) goes through its setters, which emit.

What it holds is the advisor's session: the files of the household, its policy, the market
data folder, the regime, the latest plan run, the import problems, and whether the plan on
screen still matches the policy (an invalid or newer policy makes it out of date)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from planner.core.policy import Policy
from planner.core.regime import Regime
from planner.core.walkforward import Evidence
from planner.workflow import PlanRun


class AppState(QObject):
    run_changed = Signal()  # a new household, exposure and plan (the household may be new)
    regime_changed = Signal()
    policy_changed = Signal()
    problems_changed = Signal()
    plan_current_changed = Signal(bool)  # False: the plan on screen is out of date
    archive_changed = Signal()
    exported = Signal(object)  # list[Path] just written
    history_changed = Signal()  # the regime's walk-forward over the data folder

    def __init__(self, policy: Policy) -> None:
        super().__init__()
        self.files: list[str] = []
        self.policy = policy
        self.data_dir: str | None = None
        self.regime: Regime | None = None
        self.run: PlanRun | None = None
        self.problems: list[str] = []
        self.plan_current = True
        self.last_export: Path | None = None
        self.history: Evidence | None = None

    def set_run(self, run: PlanRun | None, files: list[str] | None = None) -> None:
        if files is not None:
            self.files = files
        self.run = run
        self.run_changed.emit()

    def set_regime(self, regime: Regime | None) -> None:
        self.regime = regime
        self.regime_changed.emit()

    def set_policy(self, policy: Policy) -> None:
        self.policy = policy
        self.policy_changed.emit()

    def set_problems(self, problems: list[str]) -> None:
        self.problems = problems
        self.problems_changed.emit()

    def set_plan_current(self, current: bool) -> None:
        if current != self.plan_current:
            self.plan_current = current
            self.plan_current_changed.emit(current)

    def set_history(self, history: Evidence | None) -> None:
        self.history = history
        self.history_changed.emit()

    def set_exported(self, written: list[Path]) -> None:
        self.last_export = written[0] if written else None
        self.exported.emit(written)
        self.archive_changed.emit()
