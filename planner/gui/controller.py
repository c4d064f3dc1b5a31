"""The work behind the window: import into the open client, plan, re-plan, the advisor's
overrides, export. Each runs on the task runner and, on the GUI thread, updates the
:class:`AppState` - whose signals redraw the tabs. Errors become dialogs naming the file and
line; a bad file never stops the rest. Files always go into the client open (the window asks
which when none is); the client's policy and account types are its own, kept in the book. The
book's own actions (new client, open, rename, archive, approve, re-plan the book) are in
:mod:`planner.gui.book_actions`; the regime, its history and the house view in
:mod:`planner.gui.market_actions`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from planner.book import Book
from planner.book.clients import create_client, find_client
from planner.book.clients import set_account_type as client_type
from planner.book.clients import set_policy as client_policy
from planner.book.plans import latest_plan, plan_document
from planner.bookflow import import_into_client, plan_client, record_run
from planner.core.errors import InputError
from planner.core.policy import Policy
from planner.core.policy_file import parse_policy, policy_to_toml
from planner.gui import dialogs
from planner.gui.state import AppState, OpenClient
from planner.gui.tasks import Progress, TaskRunner
from planner.market.overrides import set_account_type, set_security_override
from planner.reports.plan_json import plan_json
from planner.storage import config_dir, write_text_atomic
from planner.workflow import PlanRun, export_plan, plan_household


def saved_policy() -> Policy:
    """The policy for new clients: the one the advisor last edited with no client open, or
    the defaults."""
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

    # --- the client's households ----------------------------------------------------------
    def ensure_client(self, suggestion: str = "") -> OpenClient | None:
        """The client open, or the one the user names (created when new); None: cancelled."""
        if self.state.client is not None:
            return self.state.client
        if self.refuse_read_only("Open exports"):
            return None
        from planner.book.plans import client_rows

        with self.state.book.read() as conn:
            names = [r.name for r in client_rows(conn)]
        suggestion = suggestion or _new_name(names)
        name = dialogs.choose_client(self.window, names, suggestion)
        if name is None:
            return None
        try:
            with self.state.book.write() as conn:
                found = find_client(conn, name)
                if found is not None:
                    client, policy = OpenClient(found.id, found.name), found.policy
                else:
                    policy = policy_to_toml(self.state.policy)
                    client = OpenClient(create_client(conn, name, policy), name)
        except InputError as err:
            dialogs.input_problem(self.window, "Client", str(err))
            return None
        self.state.set_client(client, parse_policy(policy, name) if policy else Policy())
        self.state.book_changed.emit()
        return client

    def open_files(self, files: list[str], policy: Policy | None = None) -> None:
        """Import ``files`` (each read once) into the client open - or the one the user picks -
        and plan it; files that fail are listed, the rest imported. A fresh export of an
        account replaces the one the client had. ``policy``: the client's policy from now on."""
        client = self.ensure_client()
        if client is None:
            return
        files = list(dict.fromkeys(files))  # the same file twice is one file
        book = self.state.book
        if policy is not None:
            self.state.set_policy(policy)
            self._save_policy(policy)
        policy = self.state.policy
        data_dir, regime = self.state.data_dir, self.state.regime

        def work(progress: Progress) -> tuple[list[str], list[str], PlanRun | None]:
            progress(0.0, "importing")
            imported = import_into_client(book, client.id, files)
            good = imported.added + imported.already
            if imported.household is None:
                return good, imported.problems, None
            run = plan_client(
                book,
                client.id,
                data_dir,
                progress,
                regime=regime,
                policy=policy,
                method="fast",
                scenarios=False,
            )
            return good, imported.problems, run

        def done(result: tuple[list[str], list[str], PlanRun | None]) -> None:
            good, problems, run = result
            if self.state.client != client:
                return  # another client was opened meanwhile
            if run is not None:
                self._show_first(run, self._files(good))
                self.opened.emit(self.state.files)
            self.state.set_problems(problems)
            self.state.book_changed.emit()
            if problems:
                dialogs.input_problem(
                    self.window, "Some files were not imported", "\n".join(problems)
                )

        if book.read_only:
            self.refuse_read_only("Open exports")
            return
        self.runner.run(work, done, self.failed, key="household")

    def _files(self, good: list[str]) -> list[str]:
        """The client's files on this machine: those it had, and those just imported."""
        return list(dict.fromkeys([*self.state.files, *good]))

    def show_client(self, client: OpenClient, policy: Policy) -> None:
        """Open a client of the book: its plan from its snapshot and its own policy."""
        self.runner.cancel_key("plan")
        self.state.set_client(client, policy)
        book, data_dir, regime = self.state.book, self.state.data_dir, self.state.regime

        def work(progress: Progress) -> PlanRun:
            return plan_client(
                book, client.id, data_dir, progress, regime=regime, method="fast", scenarios=False
            )

        def done(run: PlanRun) -> None:
            if self.state.client == client:
                self._show_first(run)

        def failed(err: BaseException, details: str) -> None:
            if isinstance(err, InputError) and "no holdings imported" in str(err):
                return  # a new client: nothing to plan until files come in
            self.failed(err, details)

        self.runner.run(work, done, failed, key="household")

    def reload(self) -> None:
        """The client's files again from disk (a file changed): what changed replaces what the
        client had."""
        existing = [f for f in self.state.files if Path(f).is_file()]
        if existing and self.state.client is not None and not self.state.read_only:
            self.open_files(existing)

    def replan(self) -> None:
        """The household on screen under the policy now: the first plan at once, then the
        final plan with its scenarios. A newer edit cancels both and wins."""
        run, client = self.state.run, self.state.client
        if run is None:
            return

        def first(new: PlanRun) -> None:
            if self.state.client == client:
                self._show_first(new)

        self.runner.run(
            self._planner(run, self.state.policy, method="fast", scenarios=False),
            first,
            self.failed,
            key="plan",
        )

    def _planner(
        self, run: PlanRun, policy: Policy, method: str, scenarios: bool
    ) -> Callable[[Progress], PlanRun]:
        """Work that plans ``run``'s household (its account types already applied) again."""
        data_dir, regime = self.state.data_dir, self.state.regime or run.regime
        client_id = self.state.client.id if self.state.client is not None else None

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
                client_id=client_id,
            )

        return fn

    def _show_first(self, first: PlanRun, files: list[str] | None = None) -> None:
        """The first plan (the fast method: tens of milliseconds) on screen, painted at once -
        and the final plan, proven as close to the best as the exact method proves, with its
        scenarios, made behind it; Export waits for the final plan. Opening a household and
        every policy edit go this way."""
        client, book = self.state.client, self.state.book
        self.state.show_plan(first, pending=True, files=files)
        # painted (what changed) before the final plan starts: its thread would hold the
        # interpreter for most of the paint's calls into the tables' models
        QCoreApplication.sendPostedEvents(self.window, QEvent.Type.UpdateRequest)

        def final(new: PlanRun) -> None:
            if self.state.client != client:
                return
            if client is not None and not book.read_only:
                try:  # the client's draft in the book before Export is offered for it
                    self.state.plan_id = _keep(book, client.id, new)
                except InputError as err:
                    self.window.statusBar().showMessage(str(err))  # type: ignore[attr-defined]
            self.state.show_plan(new, pending=False)
            self.state.book_changed.emit()

        def final_failed(err: BaseException, details: str) -> None:
            self.state.set_plan_pending(False)
            self.state.set_plan_current(False)  # the first plan is not the plan to send
            self.failed(err, details)

        work = self._planner(first, first.policy, method="auto", scenarios=True)
        self.runner.run(work, final, final_failed, key="plan")

    def edit_policy(self, policy: Policy) -> None:
        """A valid edit: saved (the client's own policy; with no client open, the policy new
        clients start from), and re-planned."""
        was_invalid, self.state.policy_error = bool(self.state.policy_error), ""
        if was_invalid and not self.state.plan_current:
            self.state.plan_current_changed.emit()  # out of date now, no longer invalid
        self.state.set_plan_current(False)
        self.state.policy = policy  # the editor shows it already
        self._save_policy(policy)
        self.replan()

    def _save_policy(self, policy: Policy) -> None:
        client, book = self.state.client, self.state.book
        try:
            if client is None:
                write_text_atomic(config_dir() / "policy.toml", policy_to_toml(policy))
            elif book.read_only:
                self._say(
                    "read-only: this policy edit is not saved (the book is open in another window)"
                )
            else:
                with book.write() as conn:
                    client_policy(conn, client.id, policy_to_toml(policy))
                self.state.book_changed.emit()
        except (OSError, InputError) as err:
            self._say(f"could not save the policy: {err}")

    def _say(self, message: str) -> None:
        self.window.statusBar().showMessage(message)  # type: ignore[attr-defined]

    def refuse_read_only(self, what: str) -> bool:
        """True (and says why) when this window may not write the book."""
        if not self.state.read_only:
            return False
        dialogs.input_problem(
            self.window, what, f"This window only reads the book: {self.state.read_only_reason}"
        )
        return True

    def policy_invalid(self, reason: str) -> None:
        """An edit that makes no policy: the plan on screen is no longer this policy's."""
        self.state.policy_error = reason
        self.state.set_plan_pending(False)
        self.state.set_plan_current(False)
        self.state.plan_current_changed.emit()  # the reason changed, if nothing else
        self.runner.cancel_key("plan")

    # --- the advisor's corrections ----------------------------------------------------------
    def set_account_type(self, account_id: str, kind: str) -> None:
        """The client's own type for one of its accounts (with no client open: firm-wide)."""
        client = self.state.client
        if self.refuse_read_only("Account type"):
            return
        try:
            if client is None:
                set_account_type(account_id, kind)  # type: ignore[arg-type]
            else:
                with self.state.book.write() as conn:
                    client_type(conn, client.id, account_id, kind)
        except (OSError, InputError) as err:
            dialogs.input_problem(self.window, "Account type", str(err))
            return
        if client is not None:
            self.show_client(client, self.state.policy)
        else:
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
        if self.refuse_read_only("Export"):  # the export's archive entry goes into the book
            return
        why = self.state.export_refused()
        if why:
            dialogs.input_problem(self.window, "Export", why)
            return

        client = self.state.client
        client_id = client.id if client is not None and not self.state.read_only else None
        plan_id, book = self.state.plan_id, self.state.book

        name = client.name if client is not None else ""

        def work(progress: Progress) -> list[Path]:
            progress(0.2, "writing")
            if kind == "xlsx":
                return export_plan(
                    run, xlsx=path, client_id=client_id, plan_id=plan_id, book=book, client=name
                )
            return export_plan(
                run, blotter=path, client_id=client_id, plan_id=plan_id, book=book, client=name
            )

        self.runner.run(work, self.state.set_exported, self.failed)

    def failed(self, err: BaseException, details: str) -> None:
        if isinstance(err, InputError):
            dialogs.input_problem(self.window, "Cannot use this input", str(err))
            return
        from planner.gui.app import log_exception

        log = log_exception(details)
        dialogs.unexpected(self.window, f"{type(err).__name__}: {err}", details, log)


class Actions(QObject):
    """Work the window hands to a helper beside the :class:`Controller` (the book's actions,
    the market's): the same state, runner and window, and the controller to re-plan with."""

    def __init__(
        self, state: AppState, runner: TaskRunner, controller: Controller, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self.controller = controller
        self.window = parent


def _new_name(names: list[str]) -> str:
    taken = {n.casefold() for n in names}
    n = 1
    while f"new client {n}" in taken:
        n += 1
    return f"New client {n}"


def _keep(book: Book, client_id: int, run: PlanRun) -> str:
    """The plan as the client's draft in the book - unless the client's latest plan already
    recommends the same trades (opening a client to look at it makes no new plan). Its id."""
    with book.read() as conn:
        latest = latest_plan(conn, client_id)
        if (
            latest is not None
            and plan_document(conn, latest.id)["trades"] == plan_json(run.plan)["trades"]
        ):
            return latest.id
    return record_run(book, client_id, run)
