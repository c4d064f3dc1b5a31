"""The book's actions behind the Book tab: new client, open, rename, archive (soft delete),
approve a plan, and re-plan the whole book in the background - on every core, in worker
processes started fresh (``spawn``: nothing of the window's threads is copied into them), with
progress and cancel, each household's plan kept and shown as it finishes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from planner.book import Book
from planner.book.clients import archive_client, create_client, find_client, get_client
from planner.book.clients import rename_client as rename
from planner.book.people import advisor
from planner.book.plans import ClientRow, approve, client_rows, latest_plan
from planner.book_replan import ClientResult, replan_book
from planner.bookflow import client_policy
from planner.core.errors import InputError
from planner.core.policy_file import parse_policy, policy_to_toml
from planner.gui import dialogs
from planner.gui.controller import Actions, Controller, saved_policy
from planner.gui.state import AppState, OpenClient
from planner.gui.tasks import Progress, Task, TaskRunner
from planner.resources import demo_files
from planner.workflow import demo_policy_path, read_policy

DEMO_CLIENT = "Demo household"


class BookActions(Actions):
    """``planned`` fires on the GUI thread with the clients a running re-plan just kept;
    ``replanning`` with the task of a re-plan that starts (its progress, its cancel)."""

    planned = Signal(object)  # list[ClientResult]
    replanning = Signal(object)  # Task
    _kept = Signal(object)  # from the re-plan's thread

    def __init__(
        self, state: AppState, runner: TaskRunner, controller: Controller, parent: QWidget
    ) -> None:
        super().__init__(state, runner, controller, parent)
        self._kept.connect(self._on_kept)

    @property
    def book(self) -> Book:
        return self.state.book

    def rows(self, archived: bool = False) -> list[ClientRow]:
        with self.book.read() as conn:
            return client_rows(conn, archived)

    def _write_refused(self, what: str) -> bool:
        return self.controller.refuse_read_only(what)

    def new_client(self, name: str) -> None:
        """A client named ``name``, starting from the policy new clients start from, opened."""
        if self._write_refused("New client"):
            return
        try:
            with self.book.write() as conn:
                client_id = create_client(conn, name, policy_to_toml(saved_policy()))
        except InputError as err:
            dialogs.input_problem(self.window, "New client", str(err))
            return
        self.state.book_changed.emit()
        self.open_client(client_id)

    def open_client(self, client_id: int) -> None:
        with self.book.read() as conn:
            client = get_client(conn, client_id)
        try:
            policy = client_policy(client)
        except InputError as err:  # a policy that no longer reads: say so, use the defaults
            dialogs.input_problem(self.window, "The client's policy", str(err))
            policy = saved_policy()
        self.controller.show_client(OpenClient(client.id, client.name), policy)

    def rename_client(self, client_id: int, name: str) -> None:
        if self._write_refused("Rename"):
            return
        try:
            with self.book.write() as conn:
                rename(conn, client_id, name)
        except InputError as err:
            dialogs.input_problem(self.window, "Rename", str(err))
            return
        if self.state.client is not None and self.state.client.id == client_id:
            self.state.client = OpenClient(client_id, " ".join(name.split()))
            self.state.client_changed.emit()
        self.state.book_changed.emit()

    def archive_client(self, client_id: int) -> None:
        """The client leaves the list (its rows, plans and archive stay in the book)."""
        if self._write_refused("Archive"):
            return
        with self.book.write() as conn:
            archive_client(conn, client_id)
        if self.state.client is not None and self.state.client.id == client_id:
            self.runner.cancel_key("household")
            self.runner.cancel_key("plan")
            self.state.set_client(None, saved_policy())
        self.state.book_changed.emit()

    def approve_latest(self, client_id: int) -> None:
        """The client's latest plan: draft → approved, by the settings' author."""
        if self._write_refused("Approve"):
            return
        try:
            with self.book.write() as conn:
                plan = latest_plan(conn, client_id)
                if plan is None:
                    raise InputError(get_client(conn, client_id).name, None, "no plan yet")
                approve(conn, plan.id, advisor())
        except InputError as err:
            dialogs.input_problem(self.window, "Approve", str(err))
            return
        self.state.book_changed.emit()

    def open_demo(self) -> None:
        """The demo household as a client of its own (created on first use)."""
        if self.book.read_only:
            with self.book.read() as conn:
                found = find_client(conn, DEMO_CLIENT)
            if found is not None:
                self.open_client(found.id)
            return
        with self.book.write() as conn:
            found = find_client(conn, DEMO_CLIENT)
            if found is None:
                text = policy_to_toml(read_policy(demo_policy_path()))
                found = get_client(conn, create_client(conn, DEMO_CLIENT, text))
        policy = parse_policy(found.policy, DEMO_CLIENT) if found.policy else saved_policy()
        self.state.set_client(OpenClient(found.id, found.name), policy)
        self.state.book_changed.emit()
        self.controller.open_files([str(p) for p in demo_files()])

    # --- the whole book -------------------------------------------------------------------
    def replan_book(self, workers: int | None = None) -> Task | None:
        """A draft plan for every client, in the background; the list updates as households
        finish; Cancel keeps what is done."""
        if self._write_refused("Re-plan the book"):
            return None
        book, data_dir = self.book, self.state.data_dir

        def work(progress: Progress) -> list[ClientResult]:
            return replan_book(book, None, data_dir, workers, progress, self._kept.emit)

        def done(results: list[ClientResult]) -> None:
            failed = sum(1 for r in results if r.error)
            also = f"; {failed} without a plan (see Status)" if failed else ""
            self.window.statusBar().showMessage(f"re-planned {len(results)} clients{also}")  # type: ignore[attr-defined]
            self.state.book_changed.emit()

        def failed(err: BaseException, details: str) -> None:
            self.state.book_changed.emit()  # what was kept before the error shows
            self.controller.failed(err, details)

        task = self.runner.run(work, done, failed, key="book")
        self.replanning.emit(task)
        return task

    def _on_kept(self, results: list[ClientResult]) -> None:
        self.planned.emit(results)
        self.state.book_changed.emit()
