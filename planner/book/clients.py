"""Clients of the book: name, notes, policy, imported files, accounts and the latest holdings
snapshot. Every function takes a connection, so a caller puts several in one transaction
(``with book.write() as conn``). A client's rows carry its id: two clients never share an
account, a file, a policy or a plan, even when the same export is imported into both."""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from planner.core.errors import InputError
from planner.core.holdings import (
    ACCOUNT_TYPES,
    CASH_LIKE,
    POSITION_COLUMNS,
    Account,
    AccountType,
    Household,
    ImportWarning,
    LotRecord,
    SourceFile,
    normalize_positions,
)

MAX_NAME = 120


def now() -> str:
    return datetime.now().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Client:
    id: int
    name: str
    notes: str
    policy: str | None  # TOML; None: the documented defaults
    created: str
    archived: str | None


@dataclass(frozen=True)
class StoredFile:
    """An imported file as the book keeps it: its fingerprint, and its bytes."""

    name: str
    sha256: str
    format: str
    as_of: date | None
    imported: str
    current: bool
    content: bytes


def check_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise InputError(repr(name), None, "a client needs a name")
    if len(clean) > MAX_NAME or any(ord(c) < 32 for c in name if c not in "\t"):
        raise InputError(
            clean[:40], None, f"a client's name is one line of at most {MAX_NAME} characters"
        )
    return clean


def _row(r: tuple[Any, ...]) -> Client:
    return Client(
        int(r[0]),
        str(r[1]),
        str(r[2]),
        None if r[3] is None else str(r[3]),
        str(r[4]),
        None if r[5] is None else str(r[5]),
    )


_CLIENT = "SELECT id, name, notes, policy, created, archived FROM clients"


def create_client(
    conn: sqlite3.Connection, name: str, policy: str | None = None, notes: str = ""
) -> int:
    """A new client; its name is unique among the clients not archived."""
    name = check_name(name)
    if find_client(conn, name) is not None:
        raise InputError(name, None, "a client of this name is already in the book")
    when = now()
    cur = conn.execute(
        "INSERT INTO clients (name, notes, policy, created, policy_updated) VALUES (?,?,?,?,?)",
        (name, notes, policy, when, when if policy is not None else None),
    )
    return int(cur.lastrowid or 0)


def find_client(conn: sqlite3.Connection, name: str) -> Client | None:
    """The client of this name not archived (case does not matter), or None."""
    r = conn.execute(
        _CLIENT + " WHERE name = ? COLLATE NOCASE AND archived IS NULL", (" ".join(name.split()),)
    ).fetchone()
    return _row(r) if r else None


def get_client(conn: sqlite3.Connection, client_id: int) -> Client:
    r = conn.execute(_CLIENT + " WHERE id = ?", (client_id,)).fetchone()
    if r is None:
        raise InputError(str(client_id), None, "no such client in the book")
    return _row(r)


def client_named(conn: sqlite3.Connection, name: str) -> Client:
    found = find_client(conn, name)
    if found is None:
        raise InputError(name, None, "no client of this name in the book (see: book list)")
    return found


def rename_client(conn: sqlite3.Connection, client_id: int, name: str) -> None:
    name = check_name(name)
    other = find_client(conn, name)
    if other is not None and other.id != client_id:
        raise InputError(name, None, "a client of this name is already in the book")
    conn.execute("UPDATE clients SET name = ? WHERE id = ?", (name, client_id))


def archive_client(conn: sqlite3.Connection, client_id: int) -> None:
    """Soft delete: the client leaves the list; its rows, plans and archive stay."""
    conn.execute(
        "UPDATE clients SET archived = ? WHERE id = ? AND archived IS NULL", (now(), client_id)
    )


def set_policy(conn: sqlite3.Connection, client_id: int, policy: str) -> None:
    conn.execute(
        "UPDATE clients SET policy = ?, policy_updated = ? WHERE id = ?", (policy, now(), client_id)
    )


def set_notes(conn: sqlite3.Connection, client_id: int, notes: str) -> None:
    conn.execute("UPDATE clients SET notes = ? WHERE id = ?", (notes, client_id))


def set_account_type(conn: sqlite3.Connection, client_id: int, account_id: str, kind: str) -> None:
    """The advisor's type for one of the client's accounts; kept across imports."""
    if kind not in ACCOUNT_TYPES:
        raise InputError(
            account_id, None, f"unknown account type {kind!r}; one of {', '.join(ACCOUNT_TYPES)}"
        )
    conn.execute(
        "INSERT INTO account_types VALUES (?,?,?,?) ON CONFLICT (client_id, "
        "account_id) DO UPDATE SET type = excluded.type, set_at = excluded.set_at",
        (client_id, account_id, kind, now()),
    )


def account_types(conn: sqlite3.Connection, client_id: int) -> dict[str, AccountType]:
    rows = conn.execute(
        "SELECT account_id, type FROM account_types WHERE client_id = ?", (client_id,)
    ).fetchall()
    return {str(a): t for a, t in rows}


# --- files and the snapshot ---------------------------------------------------------------
def stored_files(
    conn: sqlite3.Connection, client_id: int, current_only: bool = True
) -> list[StoredFile]:
    """The client's files, newest import first."""
    sql = (
        "SELECT name, sha256, format, as_of, imported, current, content FROM files "
        "WHERE client_id = ?"
        + (" AND current = 1" if current_only else "")
        + " ORDER BY imported DESC, id DESC"
    )
    return [
        StoredFile(n, s, f, date.fromisoformat(a) if a else None, i, bool(c), zlib.decompress(b))
        for n, s, f, a, i, c, b in conn.execute(sql, (client_id,))
    ]


def store_snapshot(
    conn: sqlite3.Connection,
    client_id: int,
    household: Household,
    contents: Mapping[str, bytes],
    current: Sequence[str],
) -> None:
    """Keep the client's new files (``contents`` by SHA-256), mark which are ``current`` (the
    files the snapshot is made of), and replace the snapshot with ``household``."""
    when = now()
    by_sha = {f.sha256: f for f in household.files}
    for sha, data in contents.items():
        f = by_sha[sha]
        conn.execute(
            "INSERT INTO files (client_id, name, sha256, format, as_of, imported, current, "
            "content) VALUES (?,?,?,?,?,?,1,?) ON CONFLICT (client_id, sha256) DO UPDATE SET "
            "imported = excluded.imported, name = excluded.name",
            (
                client_id,
                f.path,
                sha,
                f.format,
                f.as_of.isoformat() if f.as_of else None,
                when,
                zlib.compress(data, 6),
            ),
        )
    marks = ",".join("?" * len(current))
    conn.execute(
        f"UPDATE files SET current = (sha256 IN ({marks})) WHERE client_id = ?",
        (*current, client_id),
    )
    for table in ("positions", "lots", "accounts", "import_warnings"):
        conn.execute(f"DELETE FROM {table} WHERE client_id = ?", (client_id,))
    conn.executemany(
        "INSERT INTO accounts VALUES (?,?,?,?,?,?,?,?)",
        [
            (client_id, a.id, i, a.name, a.type, a.source, a.reported_total, a.reported_total_line)
            for i, a in enumerate(household.accounts)
        ],
    )
    pos = household.positions
    cols = [pos[c].tolist() for c in POSITION_COLUMNS]
    rows = [
        (client_id, i, *(None if isinstance(v, float) and v != v else v for v in row))
        for i, row in enumerate(zip(*cols, strict=True))
    ]
    conn.executemany(
        f"INSERT INTO positions (client_id, seq, {', '.join(POSITION_COLUMNS)}) "
        f"VALUES ({','.join('?' * (len(POSITION_COLUMNS) + 2))})",
        rows,
    )
    conn.executemany(
        "INSERT INTO lots VALUES (?,?,?,?,?,?,?,?,?)",
        [
            (
                client_id,
                i,
                lot.account_id,
                lot.symbol,
                lot.acquired.isoformat() if lot.acquired else None,
                lot.quantity,
                lot.cost,
                lot.source_file,
                lot.source_line,
            )
            for i, lot in enumerate(household.lots)
        ],
    )
    conn.executemany(
        "INSERT INTO import_warnings VALUES (?,?,?,?,?,?)",
        [
            (client_id, i, w.file, w.line, w.account_id, w.message)
            for i, w in enumerate(household.warnings)
        ],
    )
    values = pos["market_value"]
    total = float(values.sum())
    cash = float(values[pos["asset_type"].isin(CASH_LIKE)].sum())
    dates = [f.as_of for f in household.files if f.as_of is not None]
    conn.execute(
        "UPDATE clients SET total = ?, cash = ?, holdings_as_of = ?, holdings_updated = ? "
        "WHERE id = ?",
        (
            round(total, 2),
            round(cash, 2),
            max(dates).isoformat() if dates else None,
            when,
            client_id,
        ),
    )


def load_household(conn: sqlite3.Connection, client_id: int, overrides: bool = True) -> Household:
    """The client's latest snapshot as the readers made it; with ``overrides`` the advisor's
    account types applied."""
    files = tuple(
        SourceFile(f.name, f.format, f.as_of, f.sha256) for f in _file_rows(conn, client_id)
    )
    accounts = tuple(
        Account(str(i), str(n), t, str(s), rt, rl)
        for i, n, t, s, rt, rl in conn.execute(
            "SELECT account_id, name, type, source, reported_total, reported_total_line "
            "FROM accounts WHERE client_id = ? ORDER BY seq",
            (client_id,),
        )
    )
    rows = conn.execute(
        f"SELECT {', '.join(POSITION_COLUMNS)} FROM positions WHERE client_id = ? ORDER BY seq",
        (client_id,),
    ).fetchall()
    frame = pd.DataFrame.from_records(rows, columns=list(POSITION_COLUMNS))
    positions = normalize_positions(frame.fillna({"quantity": float("nan")}))
    warnings = tuple(
        ImportWarning(str(f), ln, a, str(m))
        for f, ln, a, m in conn.execute(
            "SELECT file, line, account_id, message FROM import_warnings WHERE client_id = ? "
            "ORDER BY seq",
            (client_id,),
        )
    )
    lots = tuple(
        LotRecord(
            str(a),
            str(s),
            date.fromisoformat(d) if d else None,
            float(q),
            None if c is None else float(c),
            str(f),
            int(ln),
        )
        for a, s, d, q, c, f, ln in conn.execute(
            "SELECT account_id, symbol, acquired, quantity, cost, source_file, source_line "
            "FROM lots WHERE client_id = ? ORDER BY seq",
            (client_id,),
        )
    )
    household = Household(files, accounts, positions, warnings, lots)
    if overrides:
        types = account_types(conn, client_id)
        if types:
            household = household.with_account_types(types)
    return household


def _file_rows(conn: sqlite3.Connection, client_id: int) -> list[StoredFile]:
    return [
        StoredFile(n, s, f, date.fromisoformat(a) if a else None, "", True, b"")
        for n, s, f, a in conn.execute(
            "SELECT name, sha256, format, as_of FROM files WHERE client_id = ? AND "
            "current = 1 ORDER BY imported, id",
            (client_id,),
        )
    ]
