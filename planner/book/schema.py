"""The book's schema, one numbered migration per version (``PRAGMA user_version``).

A migration runs in one transaction together with the version bump: a failure (or a crash)
leaves the database at the version before, untouched. A database that already holds a schema
is copied to ``backups/`` beside it first, whole, with SQLite's online backup. Never edit a
migration that has shipped: add the next one.

Money is dollars, weights fractions of the household, times ISO 8601 local time
(``2026-11-30T14:05:09``), dates ISO 8601.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from planner.core.errors import InputError

#: ``PRAGMA application_id``: marks the file as a Rotation Planner book ("RPbk").
APPLICATION_ID = 0x5250626B

V1 = (
    """CREATE TABLE clients (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        notes TEXT NOT NULL DEFAULT '',
        policy TEXT,                       -- TOML; NULL: the documented defaults
        created TEXT NOT NULL,
        policy_updated TEXT,
        holdings_updated TEXT,             -- when the snapshot last changed
        holdings_as_of TEXT,               -- the newest imported file's date
        total REAL NOT NULL DEFAULT 0,     -- dollars, the snapshot's market value
        cash REAL NOT NULL DEFAULT 0,      -- dollars in cash and money-market positions
        last_plan_id TEXT REFERENCES plans(id),
        plan_error TEXT,                   -- why the last re-plan made no plan
        archived TEXT                      -- soft delete: when
    )""",
    "CREATE UNIQUE INDEX clients_active_name ON clients(name COLLATE NOCASE) "
    "WHERE archived IS NULL",
    """CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        name TEXT NOT NULL,                -- the path it was imported from
        sha256 TEXT NOT NULL,
        format TEXT NOT NULL,
        as_of TEXT,
        imported TEXT NOT NULL,
        current INTEGER NOT NULL DEFAULT 1,  -- 0: every account came again in a newer file
        content BLOB NOT NULL,             -- the file's bytes, zlib-compressed
        UNIQUE (client_id, sha256)
    )""",
    """CREATE TABLE accounts (
        client_id INTEGER NOT NULL REFERENCES clients(id),
        account_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,                -- as read from the file
        source TEXT NOT NULL,
        reported_total REAL,
        reported_total_line INTEGER,
        PRIMARY KEY (client_id, account_id)
    )""",
    """CREATE TABLE account_types (        -- the advisor's corrections, kept across imports
        client_id INTEGER NOT NULL REFERENCES clients(id),
        account_id TEXT NOT NULL,
        type TEXT NOT NULL,
        set_at TEXT NOT NULL,
        PRIMARY KEY (client_id, account_id)
    )""",
    """CREATE TABLE positions (
        client_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        account_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        description TEXT NOT NULL,
        asset_type TEXT NOT NULL,
        quantity REAL,
        price REAL,
        market_value REAL NOT NULL,
        cost_basis REAL,
        multiplier REAL NOT NULL,
        source_file TEXT NOT NULL,
        source_line INTEGER NOT NULL,
        PRIMARY KEY (client_id, seq),
        FOREIGN KEY (client_id, account_id) REFERENCES accounts(client_id, account_id)
    )""",
    """CREATE TABLE lots (                 -- tax lots, attached to their positions
        client_id INTEGER NOT NULL REFERENCES clients(id),
        seq INTEGER NOT NULL,
        account_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        acquired TEXT,                     -- NULL: the file does not say
        quantity REAL NOT NULL CHECK (quantity > 0),
        cost REAL,                         -- dollars for the whole lot; NULL: unknown
        source_file TEXT NOT NULL,
        source_line INTEGER NOT NULL,
        PRIMARY KEY (client_id, seq)
    )""",
    """CREATE TABLE import_warnings (
        client_id INTEGER NOT NULL REFERENCES clients(id),
        seq INTEGER NOT NULL,
        file TEXT NOT NULL,
        line INTEGER,
        account_id TEXT,
        message TEXT NOT NULL,
        PRIMARY KEY (client_id, seq)
    )""",
    """CREATE TABLE plans (
        id TEXT PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        created TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'exported')),
        approved_by TEXT,
        approved_at TEXT,
        exported_by TEXT,
        exported_at TEXT,
        household_total REAL NOT NULL,
        trades INTEGER NOT NULL,
        turnover REAL NOT NULL,
        tax_total REAL NOT NULL,
        mega REAL,                         -- fraction of the household before the plan
        small REAL,
        drift REAL,                        -- largest |current - target| - band (fraction)
        drift_bucket TEXT,
        document TEXT NOT NULL,            -- the plan as plan --json prints it
        policy TEXT NOT NULL               -- the policy it was made under (TOML)
    )""",
    "CREATE INDEX plans_client ON plans(client_id, created)",
    """CREATE TABLE archive (
        plan_id TEXT PRIMARY KEY,
        client_id INTEGER REFERENCES clients(id),
        created TEXT NOT NULL,
        household_total REAL NOT NULL,
        trades INTEGER NOT NULL,
        files TEXT NOT NULL,               -- JSON list of the input files' names
        inputs TEXT NOT NULL,              -- JSON: files with SHA-256 and dates, exports
        plan TEXT NOT NULL,                -- JSON: the plan
        policy TEXT NOT NULL,              -- TOML
        origin TEXT NOT NULL               -- 'export', or 'folder' (migrated from archive/)
    )""",
)


@dataclass(frozen=True)
class Migration:
    """Version ``version`` of the schema: SQL statements, or a function on the connection
    (run inside the migration's transaction)."""

    version: int
    what: str
    steps: Sequence[str] | Callable[[sqlite3.Connection], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "clients, files, accounts, positions, lots, plans, archive", V1),
)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _has_tables(conn: sqlite3.Connection) -> bool:
    return int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]) > 0


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """A whole, consistent copy of the database in ``target`` (0600), taken with SQLite's
    online backup: safe while other connections read or write."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _private_file(target)
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def _private_file(path: Path) -> None:
    """Create ``path`` readable by its owner only (it will hold full account numbers)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)


def migrate(
    conn: sqlite3.Connection,
    path: Path,
    migrations: Sequence[Migration] = MIGRATIONS,
    backups: Path | None = None,
) -> list[Path]:
    """Bring the database up to the newest version; the backups taken, oldest first."""
    latest = migrations[-1].version if migrations else 0
    version = schema_version(conn)
    if version > latest:
        raise InputError(
            str(path),
            None,
            f"this book has schema version {version}, newer than this version of Rotation "
            f"Planner reads ({latest}); update the app",
        )
    taken: list[Path] = []
    for m in migrations:
        if m.version <= version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)  # another process may have migrated meanwhile
            if m.version <= version:
                conn.execute("ROLLBACK")
                continue
            if _has_tables(conn):
                # another connection reads the last committed state: this one holds the lock
                # that keeps every other writer out until the migration is done
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
                folder = backups or path.parent / "backups"
                source = sqlite3.connect(path)
                try:
                    name = f"{path.stem}-v{version}-{stamp}.sqlite3"
                    taken.append(backup_to(source, folder / name))
                finally:
                    source.close()
            if callable(m.steps):
                m.steps(conn)
            else:
                for sql in m.steps:
                    conn.execute(sql)
            conn.execute(f"PRAGMA user_version = {int(m.version)}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = m.version
    return taken
