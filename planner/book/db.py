"""The book's SQLite database: one file in the user data folder (``book.sqlite3``), in WAL
mode (readers never wait for the writer), every write in one ``BEGIN IMMEDIATE`` transaction
(a crash leaves the database as it was before the write or after it, never between), and
``synchronous = FULL`` (a committed write survives a power cut, not only a crash).

A :class:`Book` is a path and whether this process may write; each operation opens its own
short connection, so any thread may use it. Several processes may write at once: SQLite
serialises them and a writer waits up to ``BUSY_TIMEOUT_S`` for another to finish.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from planner.book.lock import FileLock
from planner.book.schema import MIGRATIONS, Migration, backup_to, migrate, schema_version
from planner.core.errors import InputError
from planner.storage import data_dir

DB_NAME = "book.sqlite3"
BUSY_TIMEOUT_S = 30.0


def book_path() -> Path:
    """Where the book lives: ``book.sqlite3`` in the user data folder."""
    return data_dir() / DB_NAME


class Book:
    """The advisor's book. ``read_only``: another window holds it, or the caller only reads."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        read_only: bool = False,
        migrations: tuple[Migration, ...] = MIGRATIONS,
    ) -> Book:
        """The book at ``path`` (default :func:`book_path`), created and migrated when this
        process may write. Opening it read-only needs it to exist at the current version."""
        path = path or book_path()
        book = cls(path, read_only)
        if read_only:
            if not path.exists():
                raise InputError(str(path), None, "no book here yet")
            with book.read() as conn:
                if schema_version(conn) < migrations[-1].version:
                    raise InputError(
                        str(path),
                        None,
                        "the book needs an upgrade that only a window that can write may "
                        "make; close the other window",
                    )
            return book
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():  # full account numbers inside: readable by its owner only
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        conn = book._connect()
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn, path, migrations)
        finally:
            conn.close()
        return book

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        else:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reading; several reads in one ``with`` see one consistent state
        when wrapped in ``BEGIN``...``COMMIT`` by the caller."""
        conn = self._connect()
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        if self.read_only:
            raise InputError(
                str(self.path),
                None,
                "the book is open read-only here (another window has it open); nothing was changed",
            )
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def backup(self, target: Path) -> Path:
        """A consistent copy of the whole book in ``target``, safe while the app is open."""
        if target.resolve() == self.path.resolve():
            raise InputError(str(target), None, "the backup cannot replace the book itself")
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            with self.read() as conn:
                backup_to(conn, tmp)
            os.replace(tmp, target)
        except OSError as err:
            tmp.unlink(missing_ok=True)
            raise InputError(
                str(target), None, f"cannot write the backup: {err.strerror or err}"
            ) from None
        return target

    def integrity(self) -> str:
        """``ok``, or what SQLite's integrity check found."""
        with self.read() as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(r[0]) for r in rows)


def window_lock(path: Path | None = None) -> FileLock:
    """The lock an app window holds on the book (``book.sqlite3.lock`` beside it)."""
    path = path or book_path()
    return FileLock(path.with_name(path.name + ".lock"))
