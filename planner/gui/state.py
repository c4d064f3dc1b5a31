"""The window's state as a model with events: the tabs subscribe to its signals and never
poll it; whoever changes it (the controller) goes through its setters, which emit.

What it holds is the advisor's session: the book and whether this window may write it, the
client open (its files, its own policy, its latest plan run and that plan's id in the book),
the market data folder, the regime, the import problems, and whether the plan on screen still
matches the policy (an invalid or newer policy makes it out of date)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from planner.book import Book, book_path
from planner.core.policy import Policy
from planner.core.regime import Regime
from planner.core.walkforward import Evidence
from planner.workflow import PlanRun


@dataclass(frozen=True)
class OpenClient:
    id: int
    name: str


class AppState(QObject):
    run_changed = Signal()  # a new household, exposure and plan (the household may be new)
    regime_changed = Signal()
    policy_changed = Signal()
    problems_changed = Signal()
    # the plan on screen became current or out of date, or why it cannot be exported changed
    # (no argument: read plan_current and export_refused())
    plan_current_changed = Signal()
    archive_changed = Signal()
    exported = Signal(object)  # list[Path] just written
    history_changed = Signal()  # the regime's walk-forward over the data folder
    client_changed = Signal()  # another client is open (or none)
    book_changed = Signal()  # the book's list is out of date: clients added, planned, renamed
    book_access_changed = Signal()  # read-only <-> writable

    def __init__(
        self, policy: Policy, book: Book | None = None, read_only_reason: str = ""
    ) -> None:
        """``book``: the window's book (default: the one in the user data folder, unopened -
        enough for a tab on its own in a test)."""
        super().__init__()
        self.book = book if book is not None else Book(book_path())
        self.read_only_reason = read_only_reason  # why this window only reads the book
        self.client: OpenClient | None = None
        self.plan_id: str | None = None  # the plan on screen, as the book keeps it
        self.files: list[str] = []
        self.policy = policy
        self.data_dir: str | None = None
        self.regime: Regime | None = None
        self.run: PlanRun | None = None
        self.problems: list[str] = []
        self.plan_current = True
        self.plan_pending = False  # the fast plan is on screen; the final plan is being made
        self.policy_error = ""  # why the policy being edited makes no policy
        self.last_export: Path | None = None
        self.history: Evidence | None = None

    def show_plan(self, run: PlanRun, pending: bool, files: list[str] | None = None) -> None:
        """A new plan on screen, current for its policy; ``pending``: the first plan, its final
        plan being made. Every field is set before any signal fires, so no listener sees the
        new plan with the old plan's state (an export enabled for a first plan)."""
        if files is not None:
            self.files = files
        changed = not self.plan_current or self.plan_pending != pending
        self.run, self.plan_current, self.plan_pending = run, True, pending
        self.run_changed.emit()
        if changed:
            self.plan_current_changed.emit()

    def set_client(self, client: OpenClient | None, policy: Policy) -> None:
        """Another client: its own policy, and no household until its plan arrives."""
        self.client = client
        self.files, self.plan_id, self.problems = [], None, []
        self.run = None
        self.plan_pending = False
        self.policy = policy
        self.client_changed.emit()
        self.policy_changed.emit()
        self.run_changed.emit()
        self.problems_changed.emit()

    def set_book(self, book: Book, read_only_reason: str = "") -> None:
        self.book = book
        self.read_only_reason = read_only_reason
        self.book_access_changed.emit()
        self.book_changed.emit()

    @property
    def read_only(self) -> bool:
        return self.book.read_only

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
            self.plan_current_changed.emit()

    def set_plan_pending(self, pending: bool) -> None:
        if pending != self.plan_pending:
            self.plan_pending = pending
            self.plan_current_changed.emit()

    def export_refused(self) -> str:
        """Why the plan on screen may not be exported now ("" when it may): a workbook or a
        blotter is only ever the final plan for the policy and files on screen."""
        if self.run is None:
            return "Open a client with holdings first."
        if self.policy_error:
            return f"The policy as edited is not valid ({self.policy_error}); fix it to plan."
        if not self.plan_current:
            return (
                "The plan on screen is out of date: the policy or the files changed since "
                "it was made. Export once the new plan is on screen."
            )
        if self.plan_pending:
            return "The final plan is being made (the first plan is on screen); a moment."
        return ""

    def set_history(self, history: Evidence | None) -> None:
        self.history = history
        self.history_changed.emit()

    def set_exported(self, written: list[Path]) -> None:
        self.last_export = written[0] if written else None
        self.exported.emit(written)
        self.archive_changed.emit()
        self.book_changed.emit()
