"""The whole book re-planned on every core, with progress and cancel: a draft plan for each
client, from its snapshot and its own policy, in spawned worker processes that read the book
and never write it; the parent keeps each plan (or why there is none) a few per transaction.
Shared by the command line and the app; nothing here touches Qt."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, as_completed
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from planner.book import Book
from planner.book.plans import client_rows, record_error, record_plan
from planner.bookflow import client_inputs, client_policy
from planner.core.errors import InputError
from planner.core.policy_file import policy_to_toml
from planner.core.progress import Progress
from planner.reports.plan_json import plan_json
from planner.workflow import _book_inputs, plan_household, plan_id_of, worker_pool


@dataclass(frozen=True)
class ClientResult:
    """One client of a book re-plan: its plan (as ``plan --json``) or why there is none, and
    the seconds its plan took in its worker."""

    client_id: int
    name: str
    doc: dict[str, Any] | None
    policy: str
    error: str | None
    seconds: float
    plan_id: str | None = None


def _plan_job(args: tuple[str, int, str | None, bool]) -> ClientResult:
    """One client, in a worker process: reads the book, never writes it."""
    path, client_id, data_dir, scenarios = args
    start = time.perf_counter()
    book = Book(Path(path), read_only=True)
    client, household, types = client_inputs(book, client_id)
    try:
        if not household.accounts:
            raise InputError(client.name, None, "no holdings imported for this client yet")
        policy = client_policy(client)
        ref, regime = _book_inputs(data_dir)
        run = plan_household(
            household,
            policy,
            data_dir,
            None,
            ref,
            regime,
            scenarios,
            account_types=types,
            client_id=client_id,
        )
        return ClientResult(
            client_id,
            client.name,
            plan_json(run.plan),
            policy_to_toml(policy),
            None,
            time.perf_counter() - start,
        )
    except InputError as err:
        return ClientResult(
            client_id, client.name, None, client.policy or "", str(err), time.perf_counter() - start
        )


#: Seconds between the commits of a book re-plan: the list updates about this often, and 500
#: households do not mean 500 disk syncs.
COMMIT_EVERY_S = 0.25


def replan_book(
    book: Book,
    client_ids: Sequence[int] | None = None,
    data_dir: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    on_planned: Callable[[list[ClientResult]], None] | None = None,
    scenarios: bool = False,
) -> list[ClientResult]:
    """A draft plan for each client (default: every client not archived), in parallel on
    ``workers`` processes (default: every core). Each finished household is kept in the book
    (a few per transaction) and reported through ``on_planned`` and ``progress`` - which
    cancels by raising: the households not started are dropped, the ones done are kept.
    Workers are spawned, never forked (:func:`planner.workflow.worker_pool`)."""
    if client_ids is None:
        with book.read() as conn:
            client_ids = [r.id for r in client_rows(conn)]
    jobs = [(str(book.path), i, data_dir, scenarios) for i in client_ids]
    n = len(jobs)
    done: dict[int, ClientResult] = {}
    batch: list[ClientResult] = []
    last = time.monotonic()

    def flush() -> None:
        nonlocal batch, last
        if batch:
            kept = _keep(book, batch)
            if on_planned is not None:
                on_planned(kept)
            for r in kept:
                done[r.client_id] = r
        batch, last = [], time.monotonic()

    def finish(result: ClientResult) -> None:
        batch.append(result)
        if time.monotonic() - last >= COMMIT_EVERY_S:
            flush()
        if progress is not None:
            progress(
                (len(done) + len(batch)) / n,
                f"planned {result.name} ({len(done) + len(batch)} of {n})",
            )

    if progress is not None:
        progress(0.0, f"planning {n} households")
    workers = min(workers or os.cpu_count() or 1, max(n, 1))
    try:
        if workers <= 1 or n < 2:
            for job in jobs:
                finish(_plan_job(job))
        else:
            pool = worker_pool(workers)
            try:
                futures: list[Future[ClientResult]] = [pool.submit(_plan_job, j) for j in jobs]
                for fut in as_completed(futures):
                    finish(fut.result())
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown()
    finally:
        flush()
    return [done[i] for i in client_ids if i in done]


def _keep(book: Book, results: Sequence[ClientResult]) -> list[ClientResult]:
    out = []
    created = datetime.now()
    when = created.isoformat(timespec="seconds")
    with book.write() as conn:
        for r in results:
            if r.doc is None:
                record_error(conn, r.client_id, r.error or "no plan")
                out.append(r)
                continue
            plan_id = plan_id_of(r.doc, created)
            record_plan(conn, r.client_id, plan_id, when, r.doc, r.policy)
            out.append(ClientResult(r.client_id, r.name, r.doc, r.policy, None, r.seconds, plan_id))
    return out
