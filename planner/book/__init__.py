"""The advisor's book: clients (households) kept in one local SQLite database, an adapter
beside :mod:`planner.storage` (the core never touches it).

- :mod:`planner.book.db` - the file, its connections and transactions, backups;
- :mod:`planner.book.schema` - the versioned schema and its migrations;
- :mod:`planner.book.clients` - clients, their files, accounts and holdings snapshot;
- :mod:`planner.book.plans` - plans draft → approved → exported, and the book's list;
- :mod:`planner.book.archive` - the archive of exported plans (old folders copied in);
- :mod:`planner.book.lock` - the lock an app window holds on the book.
"""

from __future__ import annotations

from pathlib import Path

from planner.book import archive
from planner.book.db import Book, book_path, window_lock
from planner.storage import data_dir

__all__ = ["Book", "archive_folder", "book_path", "open_book", "window_lock"]


def archive_folder() -> Path:
    """Where versions before the book kept exported plans, one folder each."""
    return data_dir() / "archive"


def open_book(path: Path | None = None, read_only: bool = False) -> tuple[Book, list[str]]:
    """The book, created or migrated as needed, with the old archive folders copied in; and one
    sentence per archive folder too damaged to copy."""
    book = Book.open(path, read_only)
    problems: list[str] = []
    if not read_only and archive_folder().is_dir():
        with book.write() as conn:
            _, problems = archive.migrate_folders(conn, archive_folder())
    return book, problems
