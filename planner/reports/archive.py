"""The plan archive: every exported plan kept with its inputs' fingerprints and its policy, so
an advisor can show later what was recommended and why. It lives in the book's database
(:mod:`planner.book.archive`); the folders older versions wrote (``archive/<plan id>/`` in
the user data folder) are copied in when the book opens and left where they are."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from planner.book import Book, archive_folder, open_book
from planner.book.archive import ArchiveEntry, add_entry, check_plan_id, entries, entry
from planner.book.people import advisor
from planner.book.plans import get_plan, mark_exported, record_plan
from planner.core.errors import InputError
from planner.core.holdings import Household
from planner.core.plan import Plan
from planner.core.policy_file import policy_to_toml
from planner.reports.plan_json import plan_json

__all__ = [
    "ArchiveEntry",
    "archive_dir",
    "archive_plan",
    "is_archived",
    "list_archive",
    "previous_label",
    "read_archive",
    "show_archive",
]


def archive_dir() -> Path:
    """Where versions before the book kept the archive (one folder per plan)."""
    return archive_folder()


def archive_plan(
    plan: Plan,
    household: Household,
    plan_id: str,
    created: str,
    exported: list[str],
    client_id: int | None = None,
    book: Book | None = None,
) -> None:
    """One archive entry, in one transaction with the client's plan marked exported."""
    inputs = {
        "plan_id": plan_id,
        "created": created,
        "exported": exported,
        "files": [
            {
                "name": Path(f.path).name,
                "format": f.format,
                "sha256": f.sha256,
                "as_of": f.as_of.isoformat() if f.as_of else None,
            }
            for f in household.files
        ],
    }
    doc, policy = plan_json(plan), policy_to_toml(plan.policy)
    book = book or open_book()[0]
    try:
        with book.write() as conn:
            add_entry(conn, plan_id, created, inputs, doc, policy, client_id)
            if client_id is not None:
                try:
                    get_plan(conn, plan_id)
                    mark_exported(conn, plan_id, advisor())
                except InputError:  # not among the client's plans yet
                    record_plan(
                        conn, client_id, plan_id, created, doc, policy, "exported", advisor()
                    )
    except sqlite3.Error as err:
        raise InputError(
            str(book.path), None, f"cannot keep the plan in the archive ({err})"
        ) from None


def previous_label(household: Household, client_id: int | None = None) -> str | None:
    """The label the household's last exported plan acted on (:func:`planner.book.archive.
    last_label`); None when the book does not exist yet or holds no such plan."""
    from planner.book.archive import last_label
    from planner.book.db import book_path

    if not book_path().is_file():
        return None  # nothing exported on this machine yet; planning creates no book
    try:
        book = Book.open(book_path(), read_only=True)
        with book.read() as conn:
            return last_label(conn, client_id, [a.id for a in household.accounts])
    except (InputError, sqlite3.Error):
        return None  # a book another version must upgrade first: no history to start from


def is_archived(plan_id: str, book: Book | None = None) -> bool:
    book = book or open_book()[0]
    with book.read() as conn:
        found = conn.execute("SELECT 1 FROM archive WHERE plan_id = ?", (plan_id,)).fetchone()
    return found is not None


def read_archive(book: Book | None = None) -> tuple[list[ArchiveEntry], list[str]]:
    """Every entry, oldest first, and one sentence per damaged entry skipped."""
    problems: list[str] = []
    if book is None:
        book, problems = open_book()
    with book.read() as conn:
        found, damaged = entries(conn)
    return found, problems + damaged


def list_archive(book: Book | None = None) -> list[ArchiveEntry]:
    return read_archive(book)[0]


def show_archive(plan_id: str, book: Book | None = None) -> dict[str, Any]:
    check_plan_id(plan_id)
    book = book or open_book()[0]
    with book.read() as conn:
        return entry(conn, plan_id)
